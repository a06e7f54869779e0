/* The host machine's facts in Windows terms (hostinfo.h). */
#include <cpuid.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pwd.h>
#include <unistd.h>
#include "hostinfo.h"
#include "systime.h"

int nt_host_cpus(int cpus[NT_MAX_CPUS])
{
    cpu_set_t set;
    int n = 0;
    if (sched_getaffinity(0, sizeof set, &set)) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        CPU_ZERO(&set);
        for (long i = 0; i < online && i < CPU_SETSIZE; i++) CPU_SET(i, &set);
    }
    for (int i = 0; i < CPU_SETSIZE && n < NT_MAX_CPUS; i++) if (CPU_ISSET(i, &set)) cpus[n++] = i;
    if (!n) cpus[n++] = 0;
    return n;
}

DWORD nt_host_cpu_count(ULONG_PTR *mask)
{
    int cpus[NT_MAX_CPUS];
    int n = nt_host_cpus(cpus);
    if (mask) *mask = n >= 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << n) - 1;
    return n;
}

void nt_host_cpu_signature(WORD *level, WORD *revision)
{
    unsigned eax = 0, ebx, ecx, edx;
    __get_cpuid(1, &eax, &ebx, &ecx, &edx);
    unsigned family = (eax >> 8) & 0xf, model = (eax >> 4) & 0xf;
    if (family == 0xf) family += (eax >> 20) & 0xff;
    if (family == 6 || family >= 0xf) model |= (eax >> 12) & 0xf0;
    *level = family;
    *revision = model << 8 | (eax & 0xf);
}

static ULONGLONG kib_field(const char *line, const char *name)
{
    size_t n = strlen(name);
    unsigned long long v = 0;
    if (strncmp(line, name, n) || line[n] != ':') return 0;
    sscanf(line + n + 1, "%llu", &v);
    return v * 1024;
}

bool nt_host_meminfo(struct nt_meminfo *mi)
{
    char line[256];
    FILE *f = fopen("/proc/meminfo", "re");
    memset(mi, 0, sizeof *mi);
    if (!f) return false;
    while (fgets(line, sizeof line, f)) {
        mi->total += kib_field(line, "MemTotal");
        mi->avail += kib_field(line, "MemAvailable");
        mi->swap_total += kib_field(line, "SwapTotal");
        mi->swap_free += kib_field(line, "SwapFree");
    }
    fclose(f);
    return mi->total != 0;
}

ULONGLONG nt_host_uptime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (ULONGLONG)ts.tv_sec * TICKS_PER_SECOND + ts.tv_nsec / 100;
}

LONGLONG nt_host_boot_time(void)
{
    return nt_time_now() - (LONGLONG)nt_host_uptime();
}

ULONGLONG nt_host_ticks_to_time(ULONGLONG ticks)
{
    long hz = sysconf(_SC_CLK_TCK);
    if (hz <= 0) hz = 100;
    return ticks * (TICKS_PER_SECOND / hz);
}

bool nt_host_cpu_times(const int *cpus, int n, struct nt_cpu_times *out)
{
    char line[512];
    FILE *f = fopen("/proc/stat", "re");
    memset(out, 0, n * sizeof *out);
    if (!f) return false;
    while (fgets(line, sizeof line, f)) {
        int cpu;
        unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
        if (strncmp(line, "cpu", 3) || line[3] < '0' || line[3] > '9') continue;   /* not the total */
        if (sscanf(line, "cpu%d %llu %llu %llu %llu %llu %llu %llu", &cpu, &user, &nice, &sys, &idle, &iowait,
                   &irq, &softirq) < 5)
            continue;
        for (int i = 0; i < n; i++) {
            if (cpus[i] != cpu) continue;
            /* time waiting for I/O is idle time to Windows */
            out[i].idle = nt_host_ticks_to_time(idle + iowait);
            out[i].user = nt_host_ticks_to_time(user + nice);
            out[i].dpc = nt_host_ticks_to_time(softirq);
            out[i].interrupt = nt_host_ticks_to_time(irq);
            out[i].kernel = nt_host_ticks_to_time(sys + irq + softirq) + out[i].idle;
        }
    }
    fclose(f);
    return true;
}

/* whether a /proc line is name's: name, then ':' or a space */
static bool is_field(const char *line, const char *name, size_t n)
{
    return !strncmp(line, name, n) && (line[n] == ':' || line[n] == ' ');
}

ULONGLONG nt_host_proc_number(const char *path, const char *name)
{
    char line[512];
    size_t n = strlen(name);
    unsigned long long v = 0;
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    while (fgets(line, sizeof line, f)) {
        if (!is_field(line, name, n)) continue;
        sscanf(line + n + 1, "%llu", &v);
        break;
    }
    fclose(f);
    return v;
}

ULONGLONG nt_host_text_number(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        if (is_field(l, name, n)) return strtoull(l + n + 1, NULL, 10);
    return 0;
}

bool nt_host_read_text(const char *path, char *text, size_t size)
{
    FILE *f = fopen(path, "re");
    if (!f) return false;
    size_t got = fread(text, 1, size - 1, f);
    fclose(f);
    text[got] = 0;
    return true;
}

void nt_host_user_name(char *buf, size_t size)
{
    const char *u = getenv("USER");
    struct passwd *pw = (!u || !*u) ? getpwuid(getuid()) : NULL;
    if (pw) u = pw->pw_name;
    if (!u || !*u) u = "user";
    size_t n = 0;
    for (; *u && n + 1 < size && n < 20; u++)
        buf[n++] = (strchr("\\/:*?\"<>| ", *u) || (unsigned char)*u < 32 || (unsigned char)*u >= 127) ? '_' : *u;
    buf[n] = 0;
}
