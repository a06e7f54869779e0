/* What the test drivers and tests/win/drivers.c agree on: control codes and replies. */
#ifndef TEST_DRIVERS_IOCTL_H
#define TEST_DRIVERS_IOCTL_H

#define TEST_CTL(fn, method) ((0x8000u << 16) | (0u << 14) | ((fn) << 2) | (method))
/* echo.sys: the output is the input with its bytes reversed, for every transfer method */
#define IOCTL_ECHO_BUFFERED  TEST_CTL(0x800, 0)
#define IOCTL_ECHO_IN_DIRECT TEST_CTL(0x801, 1)
#define IOCTL_ECHO_OUT_DIRECT TEST_CTL(0x802, 2)
#define IOCTL_ECHO_NEITHER   TEST_CTL(0x803, 3)
#define IOCTL_ECHO_COUNTS    TEST_CTL(0x804, 0)   /* struct echo_counts */
#define IOCTL_ECHO_TOO_MUCH  TEST_CTL(0x805, 0)   /* claims more output than the buffer holds */
#define IOCTL_ECHO_OVERFLOW  TEST_CTL(0x806, 0)   /* STATUS_BUFFER_OVERFLOW with 4 bytes */
struct echo_counts { unsigned creates, cleanups, closes, reads, writes; };

/* rtc.sys: the CMOS clock through ports 0x70/0x71 */
#define IOCTL_RTC_TIME TEST_CTL(0x810, 0)
struct rtc_time { unsigned short year, month, day, hour, minute, second; unsigned status_b; };

/* msr.sys */
#define IOCTL_MSR_READ  TEST_CTL(0x820, 0)        /* struct msr_info */
#define IOCTL_MSR_FORBIDDEN TEST_CTL(0x821, 0)    /* reads an MSR off the allow-list */
struct msr_info { unsigned long long tsc1, tsc2, apic_base, pat; unsigned cpuid0[4], hv[4], irql_in_dispatch; };

/* pci.sys: every function on bus 0 */
#define IOCTL_PCI_SCAN TEST_CTL(0x830, 0)
struct pci_found { unsigned count; struct { unsigned char dev, fn; unsigned short vendor, device; unsigned class_rev, bar0_size; } f[8]; };

/* pool.sys */
#define IOCTL_POOL_LOOP TEST_CTL(0x840, 0)        /* in: iterations; out: struct pool_result */
struct pool_result { unsigned ok, failed, zeroed_ok, bad_pattern; };

/* spin.sys */
#define IOCTL_SPIN_ADD TEST_CTL(0x850, 0)         /* in: how many increments; out: counter, irql seen */
struct spin_result { unsigned long long counter; unsigned irql_inside, irql_after; };

/* null.sys, hang.sys, unimpl.sys: any control code misbehaves */
#define IOCTL_MISBEHAVE TEST_CTL(0x860, 0)

/* hostile.sys: writes outside its buffers on purpose */
#define IOCTL_HOSTILE_SCRIBBLE TEST_CTL(0x870, 0)  /* writes far past the system buffer */
#define IOCTL_HOSTILE_WILD TEST_CTL(0x871, 0)      /* writes to an address outside guest memory */
#define IOCTL_HOSTILE_CLAIM TEST_CTL(0x872, 3)     /* neither: writes past UserBuffer, claims 1 GiB done */

#endif
