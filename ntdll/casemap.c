/* Unicode simple case mapping of UTF-16 code units, as CharUpperW, CharLowerW and
   LCMapString's case flags need. glibc's C.UTF-8 locale (always present, no locale
   files needed) carries the Unicode case tables; Windows' own tables are the same
   simple mappings for the BMP, except that Windows never maps a character outside the
   BMP from UTF-16 units, which holds here too since surrogates map to themselves. */
#include <locale.h>
#include <wctype.h>
#include "casemap.h"

static locale_t utf8_locale(void)
{
    static locale_t loc;
    locale_t l = __atomic_load_n(&loc, __ATOMIC_ACQUIRE);
    if (l) return l;
    l = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!l) l = LC_GLOBAL_LOCALE;   /* the "C" locale: ASCII only, still correct for ASCII */
    locale_t expected = 0;
    if (!__atomic_compare_exchange_n(&loc, &expected, l, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        if (l != LC_GLOBAL_LOCALE) freelocale(l);
        l = expected;
    }
    return l;
}

/* A mapping that would leave the BMP (none exists today) or land on a surrogate is
   refused: a UTF-16 unit maps to one UTF-16 unit. */
static WCHAR keep_bmp(WCHAR c, wint_t m) { return m < 0xd800 || (m >= 0xe000 && m <= 0xffff) ? (WCHAR)m : c; }

WCHAR nt_towupper(WCHAR c)
{
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 0x20 : c;
    if (c >= 0xd800 && c < 0xe000) return c;
    return keep_bmp(c, towupper_l(c, utf8_locale()));
}

WCHAR nt_towlower(WCHAR c)
{
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
    if (c >= 0xd800 && c < 0xe000) return c;
    return keep_bmp(c, towlower_l(c, utf8_locale()));
}
