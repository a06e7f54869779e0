/* msvcrt.dll <ctype.h> and <wctype.h> in the "C" locale.
 *
 * Classification reads msvcrt's flag tables: _pctype for bytes and _pwctype for WCHARs
 * below 0x100, both with an extra slot in front so index -1 (EOF) is valid.  WCHARs from
 * 0x100 up are classified the way GetStringTypeW's CT_CTYPE1 does for the scripts listed
 * below; anything else has no class.  Case mapping in the "C" locale is ASCII-only for
 * both widths, as msvcrt's is, even though iswupper(L'\xC9') is true. */
#include "winlet/windef.h"

#define CT_UPPER    0x0001
#define CT_LOWER    0x0002
#define CT_DIGIT    0x0004
#define CT_SPACE    0x0008
#define CT_PUNCT    0x0010
#define CT_CONTROL  0x0020
#define CT_BLANK    0x0040
#define CT_HEX      0x0080
#define CT_LETTER   0x0100              /* C1_ALPHA: set for letters in the wide table only */
#define CT_ALPHA    (CT_LETTER | CT_UPPER | CT_LOWER)   /* msvcrt's _ALPHA mask */
#define CT_LEADBYTE 0x8000

#define UPPER_LETTER (CT_LETTER | CT_UPPER)
#define LOWER_LETTER (CT_LETTER | CT_LOWER)

/* Slot 0 is EOF; byte b lives at b + 1.  Bytes 0x80..0xFF have no class in the "C"
   locale, and narrow letters carry no CT_LETTER bit, exactly as msvcrt's table. */
static const unsigned short narrow_table[257] = {
    [1 + 0x00 ... 1 + 0x08] = CT_CONTROL,
    [1 + 0x09 ... 1 + 0x0D] = CT_CONTROL | CT_SPACE,
    [1 + 0x0E ... 1 + 0x1F] = CT_CONTROL,
    [1 + ' '] = CT_SPACE | CT_BLANK,
    [1 + '!' ... 1 + '/'] = CT_PUNCT,
    [1 + '0' ... 1 + '9'] = CT_DIGIT | CT_HEX,
    [1 + ':' ... 1 + '@'] = CT_PUNCT,
    [1 + 'A' ... 1 + 'F'] = CT_UPPER | CT_HEX,
    [1 + 'G' ... 1 + 'Z'] = CT_UPPER,
    [1 + '[' ... 1 + '`'] = CT_PUNCT,
    [1 + 'a' ... 1 + 'f'] = CT_LOWER | CT_HEX,
    [1 + 'g' ... 1 + 'z'] = CT_LOWER,
    [1 + '{' ... 1 + '~'] = CT_PUNCT,
    [1 + 0x7F] = CT_CONTROL,
};

/* msvcrt.dll's _pwctype: Latin-1 as Windows classifies it.  Tab is blank here (not in the
   narrow table), U+00A0 is a blank space, the superscript digits are punctuation and
   digits, and ª µ º are plain punctuation in msvcrt.dll (later CRTs call them lower). */
static const unsigned short wide_table[257] = {
    [1 + 0x00 ... 1 + 0x08] = CT_CONTROL,
    [1 + 0x09] = CT_CONTROL | CT_SPACE | CT_BLANK,
    [1 + 0x0A ... 1 + 0x0D] = CT_CONTROL | CT_SPACE,
    [1 + 0x0E ... 1 + 0x1F] = CT_CONTROL,
    [1 + ' '] = CT_SPACE | CT_BLANK,
    [1 + '!' ... 1 + '/'] = CT_PUNCT,
    [1 + '0' ... 1 + '9'] = CT_DIGIT | CT_HEX,
    [1 + ':' ... 1 + '@'] = CT_PUNCT,
    [1 + 'A' ... 1 + 'F'] = UPPER_LETTER | CT_HEX,
    [1 + 'G' ... 1 + 'Z'] = UPPER_LETTER,
    [1 + '[' ... 1 + '`'] = CT_PUNCT,
    [1 + 'a' ... 1 + 'f'] = LOWER_LETTER | CT_HEX,
    [1 + 'g' ... 1 + 'z'] = LOWER_LETTER,
    [1 + '{' ... 1 + '~'] = CT_PUNCT,
    [1 + 0x7F ... 1 + 0x9F] = CT_CONTROL,
    [1 + 0xA0] = CT_SPACE | CT_BLANK,
    [1 + 0xA1 ... 1 + 0xB1] = CT_PUNCT,
    [1 + 0xB2 ... 1 + 0xB3] = CT_PUNCT | CT_DIGIT,
    [1 + 0xB4 ... 1 + 0xB8] = CT_PUNCT,
    [1 + 0xB9] = CT_PUNCT | CT_DIGIT,
    [1 + 0xBA ... 1 + 0xBF] = CT_PUNCT,
    [1 + 0xC0 ... 1 + 0xD6] = UPPER_LETTER,
    [1 + 0xD7] = CT_PUNCT,
    [1 + 0xD8 ... 1 + 0xDE] = UPPER_LETTER,
    [1 + 0xDF ... 1 + 0xF6] = LOWER_LETTER,
    [1 + 0xF7] = CT_PUNCT,
    [1 + 0xF8 ... 1 + 0xFF] = LOWER_LETTER,
};

/* Blocks above Latin-1 with a known class, sorted and disjoint.  Latin Extended-A is
   handled by latin_ext_a because its case alternates. */
struct wide_range { WCHAR first, last; unsigned short flags; };

static const struct wide_range wide_ranges[] = {
    { 0x0386, 0x0386, UPPER_LETTER },   /* Greek */
    { 0x0388, 0x038A, UPPER_LETTER },
    { 0x038C, 0x038C, UPPER_LETTER },
    { 0x038E, 0x038F, UPPER_LETTER },
    { 0x0390, 0x0390, LOWER_LETTER },
    { 0x0391, 0x03A1, UPPER_LETTER },
    { 0x03A3, 0x03AB, UPPER_LETTER },
    { 0x03AC, 0x03CE, LOWER_LETTER },
    { 0x0400, 0x042F, UPPER_LETTER },   /* Cyrillic */
    { 0x0430, 0x045F, LOWER_LETTER },
    { 0x0660, 0x0669, CT_DIGIT },       /* decimal digits of other scripts */
    { 0x06F0, 0x06F9, CT_DIGIT },
    { 0x0966, 0x096F, CT_DIGIT },
    { 0x09E6, 0x09EF, CT_DIGIT },
    { 0x0A66, 0x0A6F, CT_DIGIT },
    { 0x0AE6, 0x0AEF, CT_DIGIT },
    { 0x0B66, 0x0B6F, CT_DIGIT },
    { 0x0C66, 0x0C6F, CT_DIGIT },
    { 0x0CE6, 0x0CEF, CT_DIGIT },
    { 0x0D66, 0x0D6F, CT_DIGIT },
    { 0x0E50, 0x0E59, CT_DIGIT },
    { 0x0ED0, 0x0ED9, CT_DIGIT },
    { 0x0F20, 0x0F29, CT_DIGIT },
    { 0x1040, 0x1049, CT_DIGIT },
    { 0x1680, 0x1680, CT_SPACE | CT_BLANK },
    { 0x17E0, 0x17E9, CT_DIGIT },
    { 0x1810, 0x1819, CT_DIGIT },
    { 0x2000, 0x200A, CT_SPACE | CT_BLANK },
    { 0x2010, 0x2027, CT_PUNCT },
    { 0x2028, 0x2029, CT_SPACE },
    { 0x202F, 0x202F, CT_SPACE | CT_BLANK },
    { 0x2030, 0x205E, CT_PUNCT },
    { 0x205F, 0x205F, CT_SPACE | CT_BLANK },
    { 0x3000, 0x3000, CT_SPACE | CT_BLANK },
    { 0x3001, 0x3003, CT_PUNCT },
    { 0x3041, 0x3096, CT_LETTER },      /* Hiragana */
    { 0x30A1, 0x30FA, CT_LETTER },      /* Katakana */
    { 0x4E00, 0x9FFF, CT_LETTER },      /* CJK ideographs */
    { 0xAC00, 0xD7A3, CT_LETTER },      /* Hangul syllables */
    { 0xFF10, 0xFF19, CT_DIGIT },       /* fullwidth forms */
    { 0xFF21, 0xFF3A, UPPER_LETTER },
    { 0xFF41, 0xFF5A, LOWER_LETTER },
};

/* U+0100..U+017F: upper/lower pairs, upper first, except where a lone letter shifts the
   parity (İ ı, ĸ, ŉ, Ÿ, ſ). */
static unsigned short latin_ext_a(WCHAR c)
{
    if (c == 0x130 || c == 0x178) return UPPER_LETTER;
    if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F) return LOWER_LETTER;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return (c & 1) ? UPPER_LETTER : LOWER_LETTER;
    return (c & 1) ? LOWER_LETTER : UPPER_LETTER;
}

static unsigned short wide_class_high(WCHAR c)
{
    size_t lo = 0, hi = sizeof(wide_ranges) / sizeof(wide_ranges[0]);

    if (c <= 0x17F) return latin_ext_a(c);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (c < wide_ranges[mid].first) hi = mid;
        else if (c > wide_ranges[mid].last) lo = mid + 1;
        else return wide_ranges[mid].flags;
    }
    return 0;
}

static unsigned short wide_class(WCHAR c)
{
    return c < 0x100 ? wide_table[c + 1] : wide_class_high(c);
}

/* msvcrt indexes its table without checking; values outside -1..255 are undefined
   there, and have no class here rather than reading out of bounds. */
static unsigned short narrow_class(int c)
{
    return c >= -1 && c <= 255 ? narrow_table[c + 1] : 0;
}

int WINAPI msvcrt__isctype(int c, int mask) { return narrow_class(c) & mask; }

int WINAPI msvcrt_isalpha(int c) { return msvcrt__isctype(c, CT_ALPHA); }
int WINAPI msvcrt_isupper(int c) { return msvcrt__isctype(c, CT_UPPER); }
int WINAPI msvcrt_islower(int c) { return msvcrt__isctype(c, CT_LOWER); }
int WINAPI msvcrt_isdigit(int c) { return msvcrt__isctype(c, CT_DIGIT); }
int WINAPI msvcrt_isxdigit(int c) { return msvcrt__isctype(c, CT_HEX); }
int WINAPI msvcrt_isspace(int c) { return msvcrt__isctype(c, CT_SPACE); }
int WINAPI msvcrt_ispunct(int c) { return msvcrt__isctype(c, CT_PUNCT); }
int WINAPI msvcrt_iscntrl(int c) { return msvcrt__isctype(c, CT_CONTROL); }
int WINAPI msvcrt_isalnum(int c) { return msvcrt__isctype(c, CT_ALPHA | CT_DIGIT); }
int WINAPI msvcrt_isgraph(int c) { return msvcrt__isctype(c, CT_ALPHA | CT_DIGIT | CT_PUNCT); }

int WINAPI msvcrt_isprint(int c)
{
    return msvcrt__isctype(c, CT_ALPHA | CT_DIGIT | CT_PUNCT | CT_BLANK);
}

/* No multibyte code page in the "C" locale, so no lead bytes. */
int WINAPI msvcrt_isleadbyte(int c) { return msvcrt__isctype(c, CT_LEADBYTE); }

int WINAPI msvcrt___isascii(int c) { return (unsigned)c < 0x80; }
int WINAPI msvcrt___toascii(int c) { return c & 0x7f; }
int WINAPI msvcrt___iscsym(int c) { return c < 127 && (msvcrt_isalnum(c) || c == '_'); }
int WINAPI msvcrt___iscsymf(int c) { return c < 127 && (msvcrt_isalpha(c) || c == '_'); }

int WINAPI msvcrt_toupper(int c) { return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c; }
int WINAPI msvcrt_tolower(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* The underscore forms shift unconditionally; callers promise a letter of the other case. */
int WINAPI msvcrt__toupper(int c) { return c - 0x20; }
int WINAPI msvcrt__tolower(int c) { return c + 0x20; }

const unsigned short *WINAPI msvcrt___pctype_func(void) { return narrow_table + 1; }
const unsigned short *WINAPI msvcrt___pwctype_func(void) { return wide_table + 1; }

/* wint_t and wctype_t are 16 bits in msvcrt; WEOF (0xFFFF) has no class.  The old
   name is_wctype is the same function (an alias in string.spec). */
int WINAPI msvcrt_iswctype(WCHAR c, WCHAR mask) { return wide_class(c) & mask; }

int WINAPI msvcrt_iswalpha(WCHAR c) { return msvcrt_iswctype(c, CT_ALPHA); }
int WINAPI msvcrt_iswupper(WCHAR c) { return msvcrt_iswctype(c, CT_UPPER); }
int WINAPI msvcrt_iswlower(WCHAR c) { return msvcrt_iswctype(c, CT_LOWER); }
int WINAPI msvcrt_iswdigit(WCHAR c) { return msvcrt_iswctype(c, CT_DIGIT); }
int WINAPI msvcrt_iswxdigit(WCHAR c) { return msvcrt_iswctype(c, CT_HEX); }
int WINAPI msvcrt_iswspace(WCHAR c) { return msvcrt_iswctype(c, CT_SPACE); }
int WINAPI msvcrt_iswpunct(WCHAR c) { return msvcrt_iswctype(c, CT_PUNCT); }
int WINAPI msvcrt_iswcntrl(WCHAR c) { return msvcrt_iswctype(c, CT_CONTROL); }
int WINAPI msvcrt_iswalnum(WCHAR c) { return msvcrt_iswctype(c, CT_ALPHA | CT_DIGIT); }
int WINAPI msvcrt_iswgraph(WCHAR c) { return msvcrt_iswctype(c, CT_ALPHA | CT_DIGIT | CT_PUNCT); }

int WINAPI msvcrt_iswprint(WCHAR c)
{
    return msvcrt_iswctype(c, CT_ALPHA | CT_DIGIT | CT_PUNCT | CT_BLANK);
}

int WINAPI msvcrt_iswascii(WCHAR c) { return c < 0x80; }

WCHAR WINAPI msvcrt_towupper(WCHAR c) { return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c; }
WCHAR WINAPI msvcrt_towlower(WCHAR c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }
