/* msvcrt.dll <math.h> and <float.h>: the double functions over glibc's libm, with msvcrt's
 * errno rules, and the floating-point control and status words in msvcrt's encoding.
 *
 * errno follows msvcrt's _matherr classes, as its default handler turns them into errno:
 *   _DOMAIN    -> EDOM   (argument outside the domain: log(-1), sqrt(-1), asin(2), sin(inf))
 *   _SING      -> ERANGE (pole: log(0), pow(0, -1), _logb is the exception, see there)
 *   _OVERFLOW  -> ERANGE (finite arguments, infinite result: exp(1000), pow(10, 400))
 *   _UNDERFLOW -> errno untouched (the result is 0 or subnormal)
 * msvcrt.dll also reports a NaN argument as a domain error for atan, exp, cos/sin/tan,
 * cosh/sinh/tanh and fmod; the other functions pass a NaN through silently.  _matherr
 * itself is never called: __setusermatherr is accepted by startup code and ignored.
 * The values are libm's: the NaN a domain error returns is the x86 default NaN (sign bit
 * set), which is what msvcrt prints as -1.#IND. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "winlet/windef.h"
#include "crt_errno.h"

static double domain_error(double r)
{
    crt_set_errno(CRT_EDOM);
    return r;
}

static double range_error(double r)
{
    crt_set_errno(CRT_ERANGE);
    return r;
}

/* ---- trigonometric and hyperbolic ---- */

double WINAPI msvcrt_acos(double x)
{
    double r = acos(x);
    return fabs(x) > 1.0 ? domain_error(r) : r;
}

double WINAPI msvcrt_asin(double x)
{
    double r = asin(x);
    return fabs(x) > 1.0 ? domain_error(r) : r;
}

double WINAPI msvcrt_atan(double x)
{
    double r = atan(x);
    return isnan(x) ? domain_error(r) : r;
}

/* atan2(0, 0) is 0 (or +-pi by the signs), as in C99: no error */
double WINAPI msvcrt_atan2(double y, double x) { return atan2(y, x); }

double WINAPI msvcrt_cos(double x)
{
    double r = cos(x);
    return !isfinite(x) ? domain_error(r) : r;
}

double WINAPI msvcrt_sin(double x)
{
    double r = sin(x);
    return !isfinite(x) ? domain_error(r) : r;
}

double WINAPI msvcrt_tan(double x)
{
    double r = tan(x);
    return !isfinite(x) ? domain_error(r) : r;
}

double WINAPI msvcrt_cosh(double x)
{
    double r = cosh(x);
    if (isnan(x)) return domain_error(r);
    return isfinite(x) && !isfinite(r) ? range_error(r) : r;
}

double WINAPI msvcrt_sinh(double x)
{
    double r = sinh(x);
    if (isnan(x)) return domain_error(r);
    return isfinite(x) && !isfinite(r) ? range_error(r) : r;
}

double WINAPI msvcrt_tanh(double x)
{
    double r = tanh(x);
    return isnan(x) ? domain_error(r) : r;
}

/* ---- exponential and logarithmic ---- */

double WINAPI msvcrt_exp(double x)
{
    double r = exp(x);
    if (isnan(x)) return domain_error(r);
    return isfinite(x) && !isfinite(r) ? range_error(r) : r;
}

double WINAPI msvcrt_log(double x)
{
    double r = log(x);
    if (x < 0.0) return domain_error(r);
    return x == 0.0 ? range_error(r) : r;
}

double WINAPI msvcrt_log10(double x)
{
    double r = log10(x);
    if (x < 0.0) return domain_error(r);
    return x == 0.0 ? range_error(r) : r;
}

double WINAPI msvcrt_pow(double x, double y)
{
    double r = pow(x, y);
    if (x < 0.0 && y != floor(y)) return domain_error(r);       /* NaN y included */
    if (x == 0.0 && isfinite(y) && y < 0.0) return range_error(r);
    if (isfinite(x) && isfinite(y) && !isfinite(r)) return range_error(r);
    return r;
}

double WINAPI msvcrt_sqrt(double x)
{
    double r = sqrt(x);
    return x < 0.0 ? domain_error(r) : r;                        /* -0.0 is not < 0 */
}

/* ---- rounding, remainders and pieces ---- */

double WINAPI msvcrt_fabs(double x) { return fabs(x); }
double WINAPI msvcrt_floor(double x) { return floor(x); }
double WINAPI msvcrt_ceil(double x) { return ceil(x); }

/* fmod(x, 0) is a NaN without errno; an infinite or NaN argument is a domain error */
double WINAPI msvcrt_fmod(double x, double y)
{
    double r = fmod(x, y);
    return !isfinite(x) || !isfinite(y) ? domain_error(r) : r;
}

double WINAPI msvcrt_frexp(double x, int *exp_out) { return frexp(x, exp_out); }
double WINAPI msvcrt_modf(double x, double *int_part) { return modf(x, int_part); }

/* The exponent is a Windows long: 32 bits. */
double WINAPI msvcrt_ldexp(double x, LONG e)
{
    double r = ldexp(x, e);
    if (isfinite(x) && !isfinite(r)) return range_error(r);
    return r == 0.0 ? 0.0 : r;                                   /* msvcrt returns +0 */
}

double WINAPI msvcrt__scalb(double x, LONG e)
{
    double r = scalbn(x, e);
    return isfinite(x) && !isfinite(r) ? range_error(r) : r;
}

double WINAPI msvcrt__hypot(double x, double y)
{
    double r = hypot(x, y);
    return isfinite(x) && isfinite(y) && !isfinite(r) ? range_error(r) : r;
}

/* ---- IEEE helpers ---- */

double WINAPI msvcrt__copysign(double x, double y) { return copysign(x, y); }

double WINAPI msvcrt__chgsign(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bits ^= UINT64_C(1) << 63;                                   /* NaNs too */
    memcpy(&x, &bits, sizeof bits);
    return x;
}

int WINAPI msvcrt__finite(double x) { return isfinite(x) ? 1 : 0; }
int WINAPI msvcrt__isnan(double x) { return isnan(x) ? 1 : 0; }

/* logb without errno, as msvcrt's: _logb(0) is -inf, _logb(inf) is inf */
double WINAPI msvcrt__logb(double x) { return logb(x); }

/* An infinite or NaN argument is a domain error; the step itself never sets errno. */
double WINAPI msvcrt__nextafter(double x, double y)
{
    double r = nextafter(x, y);
    return !isfinite(x) || !isfinite(y) ? domain_error(r) : r;
}

#define CRT_FPCLASS_SNAN 0x0001
#define CRT_FPCLASS_QNAN 0x0002
#define CRT_FPCLASS_NINF 0x0004
#define CRT_FPCLASS_NN   0x0008
#define CRT_FPCLASS_ND   0x0010
#define CRT_FPCLASS_NZ   0x0020
#define CRT_FPCLASS_PZ   0x0040
#define CRT_FPCLASS_PD   0x0080
#define CRT_FPCLASS_PN   0x0100
#define CRT_FPCLASS_PINF 0x0200

int WINAPI msvcrt__fpclass(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    bool neg = bits >> 63;
    switch (fpclassify(x)) {
    case FP_NAN: return (bits >> 51) & 1 ? CRT_FPCLASS_QNAN : CRT_FPCLASS_SNAN;
    case FP_INFINITE: return neg ? CRT_FPCLASS_NINF : CRT_FPCLASS_PINF;
    case FP_ZERO: return neg ? CRT_FPCLASS_NZ : CRT_FPCLASS_PZ;
    case FP_SUBNORMAL: return neg ? CRT_FPCLASS_ND : CRT_FPCLASS_PD;
    default: return neg ? CRT_FPCLASS_NN : CRT_FPCLASS_PN;
    }
}

/* ---- the control and status words ----
 *
 * msvcrt encodes the control word as <float.h> does:
 *   _MCW_EM 0x0008001F  _EM_INEXACT 0x1  _EM_UNDERFLOW 0x2  _EM_OVERFLOW 0x4
 *                       _EM_ZERODIVIDE 0x8  _EM_INVALID 0x10  _EM_DENORMAL 0x80000
 *   _MCW_RC 0x00000300  _RC_NEAR 0  _RC_DOWN 0x100  _RC_UP 0x200  _RC_CHOP 0x300
 *   _MCW_PC 0x00030000  _PC_64 0  _PC_53 0x10000  _PC_24 0x20000
 *   _MCW_IC 0x00040000  _IC_PROJECTIVE 0  _IC_AFFINE 0x40000
 *   _MCW_DN 0x03000000  _DN_SAVE 0  _DN_FLUSH 0x1000000
 *                       _DN_FLUSH_OPERANDS_SAVE_RESULTS 0x2000000
 *                       _DN_SAVE_OPERANDS_FLUSH_RESULTS 0x3000000
 * and maps it onto the hardware this way (a set _EM_ bit masks the exception):
 *   _EM_INVALID..._EM_INEXACT  <-> MXCSR IM DM ZM OM UM PM (bits 7..12)
 *   _MCW_RC                    <-> MXCSR RC (bits 13-14, 00 near 01 down 10 up 11 chop),
 *                                  and written to the x87 RC field (bits 10-11) as well
 *   _MCW_DN                    <-> MXCSR DAZ (bit 6) and FZ (bit 15): FLUSH = both,
 *                                  FLUSH_OPERANDS = DAZ only, FLUSH_RESULTS = FZ only
 *   _MCW_PC                    <-> x87 PC (bits 8-9: 00 24 bits, 10 53 bits, 11 64 bits)
 *   _MCW_IC                    <-> x87 IC (bit 12)
 * On x64, msvcrt works on MXCSR, the unit float and double arithmetic uses; precision and
 * infinity control exist only on the x87, which mingw's long double still uses, so those
 * two fields go there.  The x87 exception masks are left alone, as msvcrt leaves them.
 * _controlfp is _control87 that never changes the denormal exception mask. */

#define CRT_EM_INEXACT    0x00000001u
#define CRT_EM_UNDERFLOW  0x00000002u
#define CRT_EM_OVERFLOW   0x00000004u
#define CRT_EM_ZERODIVIDE 0x00000008u
#define CRT_EM_INVALID    0x00000010u
#define CRT_EM_DENORMAL   0x00080000u
#define CRT_MCW_EM        0x0008001Fu
#define CRT_MCW_RC        0x00000300u
#define CRT_RC_DOWN       0x00000100u
#define CRT_RC_UP         0x00000200u
#define CRT_MCW_PC        0x00030000u
#define CRT_PC_64         0x00000000u
#define CRT_PC_53         0x00010000u
#define CRT_PC_24         0x00020000u
#define CRT_MCW_IC        0x00040000u
#define CRT_IC_AFFINE     0x00040000u
#define CRT_MCW_DN        0x03000000u
#define CRT_DN_FLUSH      0x01000000u
#define CRT_DN_FLUSH_OPERANDS_SAVE_RESULTS 0x02000000u
#define CRT_DN_SAVE_OPERANDS_FLUSH_RESULTS 0x03000000u

/* The status word: _SW_ bits, the same for the x87 and SSE flags. */
#define CRT_SW_INEXACT    0x00000001u
#define CRT_SW_UNDERFLOW  0x00000002u
#define CRT_SW_OVERFLOW   0x00000004u
#define CRT_SW_ZERODIVIDE 0x00000008u
#define CRT_SW_INVALID    0x00000010u
#define CRT_SW_DENORMAL   0x00080000u

#define MXCSR_DAZ 0x0040u
#define MXCSR_FZ  0x8000u
#define MXCSR_RC_SHIFT 13
#define MXCSR_MASK_SHIFT 7
#define X87_RC_SHIFT 10
#define X87_PC_SHIFT 8
#define X87_IC 0x1000u

static unsigned read_mxcsr(void)
{
    unsigned v;
    __asm__ __volatile__("stmxcsr %0" : "=m"(v));
    return v;
}

static void write_mxcsr(unsigned v) { __asm__ __volatile__("ldmxcsr %0" : : "m"(v)); }

static unsigned short read_x87_cw(void)
{
    unsigned short v;
    __asm__ __volatile__("fnstcw %0" : "=m"(v));
    return v;
}

static void write_x87_cw(unsigned short v) { __asm__ __volatile__("fldcw %0" : : "m"(v)); }

/* Hardware exception-flag order (invalid, denormal, zero-divide, overflow, underflow,
   precision: bits 0..5 of both the x87 status word and MXCSR, and, shifted, of the
   mask fields) against msvcrt's bits for the same exceptions. */
static const UINT em_bits[6] = { CRT_EM_INVALID, CRT_EM_DENORMAL, CRT_EM_ZERODIVIDE,
                                 CRT_EM_OVERFLOW, CRT_EM_UNDERFLOW, CRT_EM_INEXACT };
static const UINT sw_bits[6] = { CRT_SW_INVALID, CRT_SW_DENORMAL, CRT_SW_ZERODIVIDE,
                                 CRT_SW_OVERFLOW, CRT_SW_UNDERFLOW, CRT_SW_INEXACT };

/* RC fields share one encoding (00 near, 01 down, 10 up, 11 chop) and so does msvcrt,
   shifted to bits 8-9. */
static UINT rc_from_hw(unsigned field) { return (field & 3) << 8; }
static unsigned rc_to_hw(UINT cw) { return (cw & CRT_MCW_RC) >> 8; }

static UINT current_control_word(void)
{
    unsigned mx = read_mxcsr();
    unsigned short x87 = read_x87_cw();
    UINT cw = 0;

    for (int i = 0; i < 6; i++)
        if (mx & (1u << (MXCSR_MASK_SHIFT + i))) cw |= em_bits[i];
    cw |= rc_from_hw(mx >> MXCSR_RC_SHIFT);
    switch (mx & (MXCSR_DAZ | MXCSR_FZ)) {
    case MXCSR_DAZ | MXCSR_FZ: cw |= CRT_DN_FLUSH; break;
    case MXCSR_DAZ: cw |= CRT_DN_FLUSH_OPERANDS_SAVE_RESULTS; break;
    case MXCSR_FZ: cw |= CRT_DN_SAVE_OPERANDS_FLUSH_RESULTS; break;
    }
    switch ((x87 >> X87_PC_SHIFT) & 3) {
    case 0: cw |= CRT_PC_24; break;
    case 2: cw |= CRT_PC_53; break;
    default: cw |= CRT_PC_64; break;                             /* 11, and reserved 01 */
    }
    if (x87 & X87_IC) cw |= CRT_IC_AFFINE;
    return cw;
}

UINT WINAPI msvcrt__control87(UINT new_cw, UINT mask)
{
    mask &= CRT_MCW_EM | CRT_MCW_RC | CRT_MCW_PC | CRT_MCW_IC | CRT_MCW_DN;
    if (!mask) return current_control_word();
    UINT cw = (current_control_word() & ~mask) | (new_cw & mask);

    if (mask & (CRT_MCW_EM | CRT_MCW_RC | CRT_MCW_DN)) {
        unsigned mx = read_mxcsr() & ~(0x3fu << MXCSR_MASK_SHIFT | 3u << MXCSR_RC_SHIFT | MXCSR_DAZ | MXCSR_FZ);
        for (int i = 0; i < 6; i++)
            if (cw & em_bits[i]) mx |= 1u << (MXCSR_MASK_SHIFT + i);
        mx |= rc_to_hw(cw) << MXCSR_RC_SHIFT;
        switch (cw & CRT_MCW_DN) {
        case CRT_DN_FLUSH: mx |= MXCSR_DAZ | MXCSR_FZ; break;
        case CRT_DN_FLUSH_OPERANDS_SAVE_RESULTS: mx |= MXCSR_DAZ; break;
        case CRT_DN_SAVE_OPERANDS_FLUSH_RESULTS: mx |= MXCSR_FZ; break;
        }
        write_mxcsr(mx);
    }
    if (mask & (CRT_MCW_RC | CRT_MCW_PC | CRT_MCW_IC)) {
        unsigned short x87 = read_x87_cw();
        if (mask & CRT_MCW_RC)
            x87 = (unsigned short)((x87 & ~(3u << X87_RC_SHIFT)) | rc_to_hw(cw) << X87_RC_SHIFT);
        if (mask & CRT_MCW_PC) {
            unsigned pc = (cw & CRT_MCW_PC) == CRT_PC_24 ? 0 : (cw & CRT_MCW_PC) == CRT_PC_53 ? 2
                        : (cw & CRT_MCW_PC) == CRT_PC_64 ? 3 : (x87 >> X87_PC_SHIFT) & 3;
            x87 = (unsigned short)((x87 & ~(3u << X87_PC_SHIFT)) | pc << X87_PC_SHIFT);
        }
        if (mask & CRT_MCW_IC)
            x87 = (unsigned short)((x87 & ~X87_IC) | ((cw & CRT_IC_AFFINE) ? X87_IC : 0));
        write_x87_cw(x87);
    }
    return current_control_word();
}

UINT WINAPI msvcrt__controlfp(UINT new_cw, UINT mask)
{
    return msvcrt__control87(new_cw, mask & ~CRT_EM_DENORMAL);
}

static UINT status_from_hw(unsigned flags)
{
    UINT sw = 0;
    for (int i = 0; i < 6; i++)
        if (flags & (1u << i)) sw |= sw_bits[i];
    return sw;
}

static unsigned short read_x87_sw(void)
{
    unsigned short v;
    __asm__ __volatile__("fnstsw %0" : "=m"(v));
    return v;
}

/* The sticky exception flags of both units, merged. */
UINT WINAPI msvcrt__statusfp(void)
{
    return status_from_hw(read_x87_sw()) | status_from_hw(read_mxcsr());
}

/* Returns the flags as _statusfp would, then clears them in both units. */
UINT WINAPI msvcrt__clearfp(void)
{
    UINT sw = msvcrt__statusfp();
    __asm__ __volatile__("fnclex");
    write_mxcsr(read_mxcsr() & ~0x3fu);
    return sw;
}

/* The state Windows gives an x64 thread: x87 0x27F (all masked, nearest, 53-bit
   precision) and MXCSR 0x1F80 (all masked, nearest, no flushing), flags clear. */
void WINAPI msvcrt__fpreset(void)
{
    __asm__ __volatile__("fninit");
    write_x87_cw(0x27f);
    write_mxcsr(0x1f80);
}
