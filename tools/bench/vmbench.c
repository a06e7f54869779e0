/* The micro-VM's costs (make bench-vm): creating a VM up to the driver's DriverEntry,
   and the round trip of an empty DeviceIoControl to the echo test driver, for each
   backend that works on this machine. Medians over repeated runs; no assertions.
     tools/bench/vmbench ECHO.SYS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../vm-backend/driver.h"
#include "../../vm-backend/machine.h"
#include "../../tests/drivers/ioctl.h"

/* No program runs here, so Syscall User Dispatch is never on: nothing to switch off. */
int shim_host_begin(void) { return 0; }
void shim_host_end(int saved) { (void)saved; }

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) { qsort(v, n, sizeof *v, by_value); return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; }

static void bench(const char *backend, const char *sys)
{
    enum { CREATES = 15, BATCHES = 15, CALLS = 500 };
    double create[CREATES], load[CREATES], call[BATCHES];
    char err[200], name[32];
    setenv("WINLET_VM", backend, 1);
    struct vm_machine *m = vm_machine_create(err, sizeof err);
    if (!m) { printf("| %s | unavailable: %s | | |\n", backend, err); return; }
    vm_machine_destroy(m);
    for (int i = 0; i < CREATES; i++) {
        double t0 = now_us();
        m = vm_machine_create(err, sizeof err);
        create[i] = now_us() - t0;
        vm_machine_destroy(m);
    }
    /* a fresh driver each time: VM creation, image load and DriverEntry */
    for (int i = 0; i < CREATES; i++) {
        snprintf(name, sizeof name, "echo%d", i);
        double t0 = now_us();
        if (vm_driver_load(name, sys)) { printf("| %s | the echo driver does not load | | |\n", backend); return; }
        load[i] = now_us() - t0;
        vm_drivers_unload();
    }
    vm_driver_load("echo", sys);
    struct vm_file *f;
    if (vm_device_open("WinletEcho", &f)) { printf("| %s | cannot open the echo device | | |\n", backend); return; }
    for (int b = 0; b < BATCHES; b++) {
        ULONG_PTR info;
        double t0 = now_us();
        for (int i = 0; i < CALLS; i++) vm_device_ioctl(f, IOCTL_ECHO_BUFFERED, NULL, 0, NULL, 0, &info);
        call[b] = (now_us() - t0) / CALLS;
    }
    vm_device_close(f);
    vm_drivers_unload();
    printf("| %s | %.0f µs | %.0f µs | %.1f µs |\n", backend, median(create, CREATES), median(load, CREATES), median(call, BATCHES));
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: vmbench ECHO.SYS\n"); return 2; }
    printf("| backend | VM creation | VM creation to DriverEntry returning | empty IOCTL round trip (host side) |\n");
    printf("| --- | ---: | ---: | ---: |\n");
    bench("kvm", argv[1]);
    bench("soft", argv[1]);
    return 0;
}
