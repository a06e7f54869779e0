/* What a fresh prefix's registry holds: the Windows 10 version RtlGetVersion reports,
   code pages, environment, shell folders pointing into the prefix, computer name and
   time zones. Runs once, inside the transaction that creates the database. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "store_internal.h"
#include "../path.h"

#define REG_SZ 1
#define REG_EXPAND_SZ 2

static void current_version(reg_id sw, const char *user)
{
    reg_id cv = reg_put_key(sw, "Microsoft\\Windows NT\\CurrentVersion");
    static const char *const sz[][2] = {
        { "CurrentVersion", "6.3" }, { "CurrentBuild", "19045" }, { "CurrentBuildNumber", "19045" },
        { "ProductName", "Windows 10 Pro" }, { "EditionID", "Professional" },
        { "ReleaseId", "2009" }, { "DisplayVersion", "22H2" }, { "InstallationType", "Client" },
        { "CurrentType", "Multiprocessor Free" }, { "SystemRoot", "C:\\windows" },
        { "PathName", "C:\\windows" }, { "BuildLab", "19041.vb_release.191206-1406" },
        { "BuildLabEx", "19041.1.amd64fre.vb_release.191206-1406" },
        { "ProductId", "00330-80000-00000-AA000" }, { "RegisteredOrganization", "" },
        { "SoftwareType", "System" },
    };
    for (size_t i = 0; i < sizeof sz / sizeof *sz; i++) reg_put_sz(cv, sz[i][0], REG_SZ, sz[i][1]);
    reg_put_sz(cv, "RegisteredOwner", REG_SZ, user);
    reg_put_dword(cv, "CurrentMajorVersionNumber", 10);
    reg_put_dword(cv, "CurrentMinorVersionNumber", 0);
    reg_put_dword(cv, "UBR", 2965);
    reg_put_dword(cv, "InstallDate", (DWORD)time(NULL));

    reg_id win = reg_put_key(sw, "Microsoft\\Windows\\CurrentVersion");
    reg_put_sz(win, "ProgramFilesDir", REG_SZ, "C:\\Program Files");
    reg_put_sz(win, "ProgramFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)");
    reg_put_sz(win, "ProgramW6432Dir", REG_SZ, "C:\\Program Files");
    reg_put_sz(win, "CommonFilesDir", REG_SZ, "C:\\Program Files\\Common Files");
    reg_put_sz(win, "CommonFilesDir (x86)", REG_SZ, "C:\\Program Files (x86)\\Common Files");
    reg_put_sz(win, "ProgramFilesPath", REG_EXPAND_SZ, "%ProgramFiles%");
    reg_put_sz(win, "DevicePath", REG_EXPAND_SZ, "%SystemRoot%\\inf");
}

static void machine_environment(reg_id system)
{
    reg_id env = reg_put_key(system, "CurrentControlSet\\Control\\Session Manager\\Environment");
    static const char *const vars[][3] = {
        { "ComSpec", "2", "%SystemRoot%\\system32\\cmd.exe" },
        { "OS", "1", "Windows_NT" },
        { "Path", "2", "%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\System32\\Wbem" },
        { "PATHEXT", "1", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC" },
        { "PROCESSOR_ARCHITECTURE", "1", "AMD64" },
        { "TEMP", "2", "%SystemRoot%\\TEMP" },
        { "TMP", "2", "%SystemRoot%\\TEMP" },
        { "windir", "2", "%SystemRoot%" },
        { "DriverData", "1", "C:\\Windows\\System32\\Drivers\\DriverData" },
    };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        reg_put_sz(env, vars[i][0], vars[i][1][0] - '0', vars[i][2]);
    char n[16];
    snprintf(n, sizeof n, "%ld", sysconf(_SC_NPROCESSORS_ONLN));
    reg_put_sz(env, "NUMBER_OF_PROCESSORS", REG_SZ, n);

    reg_id cp = reg_put_key(system, "CurrentControlSet\\Control\\Nls\\CodePage");
    reg_put_sz(cp, "ACP", REG_SZ, "1252");
    reg_put_sz(cp, "OEMCP", REG_SZ, "437");
    reg_put_sz(cp, "MACCP", REG_SZ, "10000");
    reg_id lang = reg_put_key(system, "CurrentControlSet\\Control\\Nls\\Language");
    reg_put_sz(lang, "Default", REG_SZ, "0409");
    reg_put_sz(lang, "InstallLanguage", REG_SZ, "0409");

    char host[64] = "WINLET";
    if (!gethostname(host, sizeof host - 1)) {
        host[15] = 0;                         /* NetBIOS names are at most 15 characters */
        for (char *p = host; *p; p++) {
            if (*p == '.') { *p = 0; break; }
            if (*p >= 'a' && *p <= 'z') *p -= 32;
        }
    }
    reg_put_sz(reg_put_key(system, "CurrentControlSet\\Control\\ComputerName\\ComputerName"),
               "ComputerName", REG_SZ, host);
    reg_put_sz(reg_put_key(system, "CurrentControlSet\\Control\\ComputerName\\ActiveComputerName"),
               "ComputerName", REG_SZ, host);
}

/* Shell folder name, path below the profile. */
static const char *const user_folders[][2] = {
    { "AppData", "AppData\\Roaming" }, { "Local AppData", "AppData\\Local" },
    { "Desktop", "Desktop" }, { "Personal", "Documents" }, { "My Music", "Music" },
    { "My Pictures", "Pictures" }, { "My Video", "Videos" }, { "Favorites", "Favorites" },
    { "Start Menu", "AppData\\Roaming\\Microsoft\\Windows\\Start Menu" },
    { "Programs", "AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs" },
    { "Startup", "AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup" },
    { "Templates", "AppData\\Roaming\\Microsoft\\Windows\\Templates" },
    { "Recent", "AppData\\Roaming\\Microsoft\\Windows\\Recent" },
    { "SendTo", "AppData\\Roaming\\Microsoft\\Windows\\SendTo" },
    { "Cache", "AppData\\Local\\Microsoft\\Windows\\INetCache" },
    { "Cookies", "AppData\\Local\\Microsoft\\Windows\\INetCookies" },
    { "History", "AppData\\Local\\Microsoft\\Windows\\History" },
};

/* The directories a shell folder names exist, as on Windows. */
static void make_dir(const char *dos)
{
    char path[4200];
    int n = snprintf(path, sizeof path, "%s/drive_c/", nt_prefix_dir());
    for (const char *p = dos + 3; *p && n < (int)sizeof path - 1; p++) {
        path[n++] = *p == '\\' ? '/' : *p;
        path[n] = 0;
        if (p[1] == '\\' || !p[1]) mkdir(path, 0755);
    }
}

static void shell_folders(reg_id user_key, const char *user)
{
    reg_id sf = reg_put_key(user_key, "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders");
    reg_id usf = reg_put_key(user_key, "Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders");
    char path[512];
    for (size_t i = 0; i < sizeof user_folders / sizeof *user_folders; i++) {
        snprintf(path, sizeof path, "C:\\users\\%s\\%s", user, user_folders[i][1]);
        reg_put_sz(sf, user_folders[i][0], REG_SZ, path);
        make_dir(path);
        snprintf(path, sizeof path, "%%USERPROFILE%%\\%s", user_folders[i][1]);
        reg_put_sz(usf, user_folders[i][0], REG_EXPAND_SZ, path);
    }
    reg_put_sz(sf, "Fonts", REG_SZ, "C:\\windows\\Fonts");
    make_dir("C:\\windows\\Fonts");
    snprintf(path, sizeof path, "C:\\users\\%s\\AppData\\Local\\Temp", user);
    make_dir(path);
    reg_id env = reg_put_key(user_key, "Environment");
    reg_put_sz(env, "TEMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp");
    reg_put_sz(env, "TMP", REG_EXPAND_SZ, "%USERPROFILE%\\AppData\\Local\\Temp");
    reg_put_key(user_key, "Software\\Classes");
    reg_id intl = reg_put_key(user_key, "Control Panel\\International");
    reg_put_sz(intl, "Locale", REG_SZ, "00000409");
    reg_put_sz(intl, "LocaleName", REG_SZ, "en-US");
}

static void common_folders(reg_id sw)
{
    reg_id sf = reg_put_key(sw, "Microsoft\\Windows\\CurrentVersion\\Explorer\\Shell Folders");
    static const char *const f[][2] = {
        { "Common AppData", "C:\\ProgramData" }, { "Common Desktop", "C:\\users\\Public\\Desktop" },
        { "Common Documents", "C:\\users\\Public\\Documents" },
        { "Common Programs", "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs" },
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        reg_put_sz(sf, f[i][0], REG_SZ, f[i][1]);
        make_dir(f[i][1]);
    }
    make_dir("C:\\Program Files\\Common Files");
    make_dir("C:\\Program Files (x86)\\Common Files");
}

void reg_defaults_fill(const char *user, const char *sid)
{
    reg_id machine = reg_put_key(REG_ROOT_ID, "MACHINE");
    reg_id users = reg_put_key(REG_ROOT_ID, "USER");
    reg_id sw = reg_put_key(machine, "SOFTWARE");
    reg_id system = reg_put_key(machine, "SYSTEM");
    reg_put_key(machine, "HARDWARE");
    reg_put_key(sw, "Classes");
    current_version(sw, user);
    machine_environment(system);
    common_folders(sw);
    reg_timezones_fill(sw, system);

    char path[256];
    snprintf(path, sizeof path, "Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\%s", sid);
    reg_id profile = reg_put_key(sw, path);
    snprintf(path, sizeof path, "C:\\users\\%s", user);
    reg_put_sz(profile, "ProfileImagePath", REG_EXPAND_SZ, path);

    shell_folders(reg_put_key(users, sid), user);
    reg_put_key(users, ".DEFAULT\\Software\\Classes");
}
