/* Workload: 2,000,000 x RegQueryValueExW of a DWORD on a key held open — what a program
   reading its settings does. Windows side: the registry API. Native twin: the query
   winlet's registry makes, done directly on a SQLite database of the same schema (WAL,
   one prepared statement, a connection kept open), so the ratio is winlet's own cost
   over SQLite's.
   Also appends the per-call median to regquery.ns in the current directory as "SIDE NS"
   (20 batches of N/20 calls, each timed; the median batch divided by its size), which
   tools/bench/run reports; stdout stays the same on every side, as the runner checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <sqlite3.h>
#include <unistd.h>
#endif

#define BATCHES 20

static double now_ns(void)
{
#ifdef _WIN32
    LARGE_INTEGER c, f;
    QueryPerformanceCounter(&c);
    QueryPerformanceFrequency(&f);
    return (double)c.QuadPart * 1e9 / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
#endif
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

#ifdef _WIN32
static HKEY key;

static void setup(void)
{
    DWORD v = 42;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\WinletBench", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL) ||
        RegSetValueExW(key, L"Setting", 0, REG_DWORD, (const BYTE *)&v, 4)) {
        fprintf(stderr, "cannot set up the key\n");
        exit(1);
    }
}

static DWORD query(void)
{
    DWORD v = 0, size = sizeof v, type;
    if (RegQueryValueExW(key, L"Setting", NULL, &type, (BYTE *)&v, &size)) return 0;
    return v;
}
#else
static sqlite3 *db;
static sqlite3_stmt *stmt;
static const unsigned char uname[] = { 0, 'S', 0, 'E', 0, 'T', 0, 'T', 0, 'I', 0, 'N', 0, 'G' };

static void setup(void)
{
    char path[] = "regquery.db";
    unlink(path);
    if (sqlite3_open(path, &db) ||
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                         "CREATE TABLE vals(key INTEGER NOT NULL, uname BLOB NOT NULL, name BLOB NOT NULL,"
                         " type INTEGER NOT NULL, data BLOB NOT NULL, seq INTEGER NOT NULL,"
                         " PRIMARY KEY(key, uname)) WITHOUT ROWID;"
                         "INSERT INTO vals VALUES(7, x'00530045005400540049004e0047', x'', 4, x'2a000000', 1);",
                     NULL, NULL, NULL) ||
        sqlite3_prepare_v3(db, "SELECT type, data, name FROM vals WHERE key=?1 AND uname=?2", -1,
                           SQLITE_PREPARE_PERSISTENT, &stmt, NULL)) {
        fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
        exit(1);
    }
}

static unsigned query(void)
{
    unsigned v = 0;
    sqlite3_bind_int64(stmt, 1, 7);
    sqlite3_bind_blob(stmt, 2, uname, sizeof uname, SQLITE_STATIC);
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_bytes(stmt, 1) == 4)
        memcpy(&v, sqlite3_column_blob(stmt, 1), 4);
    sqlite3_reset(stmt);
    return v;
}
#endif

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000, per = n / BATCHES;
    double batch[BATCHES];
    unsigned long sum = 0;
    setup();
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_ns();
        for (long i = 0; i < per; i++) sum += query();
        batch[b] = (now_ns() - t0) / per;
    }
    qsort(batch, BATCHES, sizeof *batch, compare);
    if (sum != (unsigned long)per * BATCHES * 42) {
        fprintf(stderr, "wrong values read: %lu\n", sum);
        return 1;
    }
#ifdef _WIN32
    const char *side = GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") ? "wine" : "winlet";
#else
    const char *side = "native";
#endif
    FILE *f = fopen("regquery.ns", "a");
    if (f) { fprintf(f, "%s %.0f\n", side, batch[BATCHES / 2]); fclose(f); }
    printf("%ld queries\n", per * BATCHES);
    return 0;
}
