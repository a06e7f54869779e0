/* DbgPrint and DbgPrintEx: formatted in the guest (the arguments are guest pointers),
   handed to the host as one line of text for winlet's log. The format language is the
   kernel's: %d %i %u %x %X %o %c %s %S %ls %ws %wZ %Z %p with flags, width, precision
   and the l, ll, h, I64, I32 and z size prefixes. */
#include "rt.h"

struct out { char *buf; size_t n, size; };

static void put(struct out *o, char c) { if (o->n + 1 < o->size) o->buf[o->n++] = c; }

static void pad(struct out *o, int count, char c) { while (count-- > 0) put(o, c); }

static void number(struct out *o, ULONGLONG v, int neg, unsigned base, int upper, int width, int prec, int zero, int left)
{
    char digits[24];
    int n = 0;
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do { digits[n++] = set[v % base]; v /= base; } while (v);
    if (prec >= 0 && prec == 0 && n == 1 && digits[0] == '0') n = 0;
    int zeros = prec > n ? prec - n : 0;
    int len = n + zeros + neg;
    if (!left && !(zero && prec < 0)) pad(o, width - len, ' ');
    if (neg) put(o, '-');
    if (!left && zero && prec < 0) pad(o, width - len, '0');
    pad(o, zeros, '0');
    while (n) put(o, digits[--n]);
    if (left) pad(o, width - len, ' ');
}

static void string(struct out *o, const char *s, const WCHAR *w, size_t len, int width, int prec, int left)
{
    if (!s && !w) { s = "(null)"; len = 6; }
    if (prec >= 0 && (size_t)prec < len) len = (size_t)prec;
    if (!left) pad(o, width - (int)len, ' ');
    for (size_t i = 0; i < len; i++) put(o, s ? s[i] : (w[i] < 0x80 ? (char)w[i] : '?'));
    if (left) pad(o, width - (int)len, ' ');
}

static size_t wlen(const WCHAR *w) { size_t n = 0; while (w[n]) n++; return n; }

static void format(struct out *o, const char *f, __builtin_ms_va_list ap)
{
    for (; *f; f++) {
        if (*f != '%') { put(o, *f); continue; }
        int left = 0, zero = 0, width = 0, prec = -1, size = 0, wide = 0;
        for (f++; *f == '-' || *f == '0' || *f == '+' || *f == ' ' || *f == '#'; f++)
            if (*f == '-') left = 1; else if (*f == '0') zero = 1;
        if (*f == '*') { width = __builtin_va_arg(ap, int); f++; }
        else while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
        if (*f == '.') {
            prec = 0;
            if (*++f == '*') { prec = __builtin_va_arg(ap, int); f++; }
            else while (*f >= '0' && *f <= '9') prec = prec * 10 + (*f++ - '0');
        }
        for (;;) {
            if (*f == 'l') { size = size ? 2 : 1; wide = 1; f++; }
            else if (*f == 'h') { f++; }
            else if (*f == 'w') { wide = 1; f++; }
            else if (*f == 'z' || *f == 'I') {
                f++;
                if (f[0] == '6' && f[1] == '4') f += 2, size = 2;
                else if (f[0] == '3' && f[1] == '2') f += 2, size = 0;
                else size = 2;
            } else break;
        }
        ULONGLONG v;
        switch (*f) {
        case 'd': case 'i': {
            LONGLONG s = size == 2 ? __builtin_va_arg(ap, LONGLONG) : __builtin_va_arg(ap, int);
            number(o, s < 0 ? -(ULONGLONG)s : (ULONGLONG)s, s < 0, 10, 0, width, prec, zero, left);
            break;
        }
        case 'u': case 'x': case 'X': case 'o':
            v = size == 2 ? __builtin_va_arg(ap, ULONGLONG) : __builtin_va_arg(ap, unsigned);
            number(o, v, 0, *f == 'u' ? 10 : *f == 'o' ? 8 : 16, *f == 'X', width, prec, zero, left);
            break;
        case 'p':
            number(o, (ULONGLONG)__builtin_va_arg(ap, void *), 0, 16, 1, 16, -1, 1, 0);
            break;
        case 'c': put(o, (char)__builtin_va_arg(ap, int)); break;
        case 'C': put(o, (char)__builtin_va_arg(ap, int)); break;
        case 's': case 'S': {
            void *p = __builtin_va_arg(ap, void *);
            int w = (*f == 'S') ^ wide;
            if (w) string(o, 0, p, p ? wlen(p) : 0, width, prec, left);
            else string(o, p, 0, p ? rt_strlen(p) : 0, width, prec, left);
            break;
        }
        case 'Z': {
            GUEST_UNICODE_STRING *u = __builtin_va_arg(ap, GUEST_UNICODE_STRING *);
            if (!u || !u->Buffer) string(o, 0, 0, 0, width, prec, left);
            else if (wide) string(o, 0, (const WCHAR *)u->Buffer, u->Length / 2, width, prec, left);
            else string(o, (const char *)u->Buffer, 0, u->Length, width, prec, left);
            break;
        }
        case '%': put(o, '%'); break;
        case 0: return;
        default: put(o, '%'); put(o, *f); break;
        }
    }
}

static ULONG print(const char *f, __builtin_ms_va_list ap)
{
    struct out o = { (char *)MAILBOX->text, 0, 512 };   /* DbgPrint's documented limit */
    format(&o, f, ap);
    o.buf[o.n] = 0;
    hypercall(HC_LOG);
    return 0;
}

KAPI ULONG DbgPrint(const char *f, ...)
{
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, f);
    ULONG r = print(f, ap);
    __builtin_ms_va_end(ap);
    return r;
}
EXPORT(DbgPrint);

/* Component filtering is a debugger setting; every message reaches the log. */
KAPI ULONG DbgPrintEx(ULONG component, ULONG level, const char *f, ...)
{
    (void)component; (void)level;
    __builtin_ms_va_list ap;
    __builtin_ms_va_start(ap, f);
    ULONG r = print(f, ap);
    __builtin_ms_va_end(ap);
    return r;
}
EXPORT(DbgPrintEx);

KAPI ULONG vDbgPrintEx(ULONG component, ULONG level, const char *f, __builtin_ms_va_list ap)
{
    (void)component; (void)level;
    return print(f, ap);
}
EXPORT(vDbgPrintEx);
