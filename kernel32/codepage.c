/* Code page conversions with the semantics of MultiByteToWideChar / WideCharToMultiByte.
 *
 * The behaviour is that of current Windows (10/11) as documented by Microsoft and as observed
 * by conformance tests run on Windows; where the two disagree, observed behaviour wins and the
 * comment at that spot says so.
 */
#include "codepage.h"

#include "winlet/winerror.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define REPLACEMENT_CHAR 0xFFFD
#define INVALID_SEQUENCE UINT32_MAX

/* CPINFO.DefaultChar of every supported single-byte page. */
#define DEFAULT_BYTE '?'

#define MB_FLAGS_SBCS (MB_PRECOMPOSED | MB_COMPOSITE | MB_USEGLYPHCHARS | MB_ERR_INVALID_CHARS)
/* The documentation allows only MB_ERR_INVALID_CHARS with UTF-8, but Windows also accepts
   (and ignores) MB_PRECOMPOSED, the documented default, which many programs pass. */
#define MB_FLAGS_UTF8 (MB_PRECOMPOSED | MB_ERR_INVALID_CHARS)
/* WC_ERR_INVALID_CHARS is documented as UTF-8/GB18030 only; with a single-byte page Windows
   fails with ERROR_INVALID_FLAGS. */
#define WC_FLAGS_SBCS (WC_COMPOSITECHECK | WC_DISCARDNS | WC_SEPCHARS | WC_DEFAULTCHAR | \
                       WC_NO_BEST_FIT_CHARS)
/* Windows 10 still rejects every other WC_ flag with UTF-8, WC_NO_BEST_FIT_CHARS included. */
#define WC_FLAGS_UTF8 WC_ERR_INVALID_CHARS

struct best_fit {
    WCHAR wc;
    BYTE byte;
};

struct decomposition {
    WCHAR composite, base, mark;
};

/* Code page 437, bytes 0x80-0xFF (0x00-0x7F are ASCII). */
static const WCHAR cp437_high[128] = {
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};

/* Code page 1252, bytes 0x80-0x9F (the rest is ISO 8859-1).  Windows maps the five bytes the
   standard leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) to the C1 controls of the same value. */
static const WCHAR cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* MB_USEGLYPHCHARS for 437: the control bytes as the glyphs the IBM PC font shows for them. */
static const WCHAR cp437_glyphs[32] = {
    0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
};
#define CP437_GLYPH_7F 0x2302

/* The best-fit part of Microsoft's published WCTABLE for 1252 (bestfit1252.txt): characters
   1252 lacks, mapped to a look-alike byte.  Sorted by wc.  The table also maps the fullwidth
   block U+FF01-U+FF5E onto 0x21-0x7E; bestfit1252_lookup handles that range arithmetically. */
static const struct best_fit bestfit1252[] = {
    {0x0100,0x41}, {0x0101,0x61}, {0x0102,0x41}, {0x0103,0x61}, {0x0104,0x41}, {0x0105,0x61},
    {0x0106,0x43}, {0x0107,0x63}, {0x0108,0x43}, {0x0109,0x63}, {0x010A,0x43}, {0x010B,0x63},
    {0x010C,0x43}, {0x010D,0x63}, {0x010E,0x44}, {0x010F,0x64}, {0x0110,0xD0}, {0x0111,0x64},
    {0x0112,0x45}, {0x0113,0x65}, {0x0114,0x45}, {0x0115,0x65}, {0x0116,0x45}, {0x0117,0x65},
    {0x0118,0x45}, {0x0119,0x65}, {0x011A,0x45}, {0x011B,0x65}, {0x011C,0x47}, {0x011D,0x67},
    {0x011E,0x47}, {0x011F,0x67}, {0x0120,0x47}, {0x0121,0x67}, {0x0122,0x47}, {0x0123,0x67},
    {0x0124,0x48}, {0x0125,0x68}, {0x0126,0x48}, {0x0127,0x68}, {0x0128,0x49}, {0x0129,0x69},
    {0x012A,0x49}, {0x012B,0x69}, {0x012C,0x49}, {0x012D,0x69}, {0x012E,0x49}, {0x012F,0x69},
    {0x0130,0x49}, {0x0131,0x69}, {0x0134,0x4A}, {0x0135,0x6A}, {0x0136,0x4B}, {0x0137,0x6B},
    {0x0139,0x4C}, {0x013A,0x6C}, {0x013B,0x4C}, {0x013C,0x6C}, {0x013D,0x4C}, {0x013E,0x6C},
    {0x0141,0x4C}, {0x0142,0x6C}, {0x0143,0x4E}, {0x0144,0x6E}, {0x0145,0x4E}, {0x0146,0x6E},
    {0x0147,0x4E}, {0x0148,0x6E}, {0x014C,0x4F}, {0x014D,0x6F}, {0x014E,0x4F}, {0x014F,0x6F},
    {0x0150,0x4F}, {0x0151,0x6F}, {0x0154,0x52}, {0x0155,0x72}, {0x0156,0x52}, {0x0157,0x72},
    {0x0158,0x52}, {0x0159,0x72}, {0x015A,0x53}, {0x015B,0x73}, {0x015C,0x53}, {0x015D,0x73},
    {0x015E,0x53}, {0x015F,0x73}, {0x0162,0x54}, {0x0163,0x74}, {0x0164,0x54}, {0x0165,0x74},
    {0x0166,0x54}, {0x0167,0x74}, {0x0168,0x55}, {0x0169,0x75}, {0x016A,0x55}, {0x016B,0x75},
    {0x016C,0x55}, {0x016D,0x75}, {0x016E,0x55}, {0x016F,0x75}, {0x0170,0x55}, {0x0171,0x75},
    {0x0172,0x55}, {0x0173,0x75}, {0x0174,0x57}, {0x0175,0x77}, {0x0176,0x59}, {0x0177,0x79},
    {0x0179,0x5A}, {0x017A,0x7A}, {0x017B,0x5A}, {0x017C,0x7A}, {0x0180,0x62}, {0x0189,0xD0},
    {0x0191,0x83}, {0x0197,0x49}, {0x019A,0x6C}, {0x019F,0x4F}, {0x01A0,0x4F}, {0x01A1,0x6F},
    {0x01AB,0x74}, {0x01AE,0x54}, {0x01AF,0x55}, {0x01B0,0x75}, {0x01B6,0x7A}, {0x01C0,0x7C},
    {0x01C3,0x21}, {0x01CD,0x41}, {0x01CE,0x61}, {0x01CF,0x49}, {0x01D0,0x69}, {0x01D1,0x4F},
    {0x01D2,0x6F}, {0x01D3,0x55}, {0x01D4,0x75}, {0x01D5,0x55}, {0x01D6,0x75}, {0x01D7,0x55},
    {0x01D8,0x75}, {0x01D9,0x55}, {0x01DA,0x75}, {0x01DB,0x55}, {0x01DC,0x75}, {0x01DE,0x41},
    {0x01DF,0x61}, {0x01E4,0x47}, {0x01E5,0x67}, {0x01E6,0x47}, {0x01E7,0x67}, {0x01E8,0x4B},
    {0x01E9,0x6B}, {0x01EA,0x4F}, {0x01EB,0x6F}, {0x01EC,0x4F}, {0x01ED,0x6F}, {0x01F0,0x6A},
    {0x0261,0x67}, {0x02B9,0x27}, {0x02BA,0x22}, {0x02BC,0x27}, {0x02C4,0x5E}, {0x02C8,0x27},
    {0x02C9,0xAF}, {0x02CA,0xB4}, {0x02CB,0x60}, {0x02CD,0x5F}, {0x02DA,0xB0}, {0x0300,0x60},
    {0x0301,0xB4}, {0x0302,0x5E}, {0x0303,0x7E}, {0x0304,0xAF}, {0x0305,0xAF}, {0x0308,0xA8},
    {0x030A,0xB0}, {0x030E,0x22}, {0x0327,0xB8}, {0x0331,0x5F}, {0x0332,0x5F}, {0x037E,0x3B},
    {0x0393,0x47}, {0x0398,0x54}, {0x03A3,0x53}, {0x03A6,0x46}, {0x03A9,0x4F}, {0x03B1,0x61},
    {0x03B2,0xDF}, {0x03B4,0x64}, {0x03B5,0x65}, {0x03BC,0xB5}, {0x03C0,0x70}, {0x03C3,0x73},
    {0x03C4,0x74}, {0x03C6,0x66}, {0x04BB,0x68}, {0x0589,0x3A}, {0x066A,0x25}, {0x2000,0x20},
    {0x2001,0x20}, {0x2002,0x20}, {0x2003,0x20}, {0x2004,0x20}, {0x2005,0x20}, {0x2006,0x20},
    {0x2010,0x2D}, {0x2011,0x2D}, {0x2017,0x3D}, {0x2024,0xB7}, {0x2032,0x27}, {0x2035,0x60},
    {0x2044,0x2F}, {0x2070,0xB0}, {0x2074,0x34}, {0x2075,0x35}, {0x2076,0x36}, {0x2077,0x37},
    {0x2078,0x38}, {0x207F,0x6E}, {0x2080,0x30}, {0x2081,0x31}, {0x2082,0x32}, {0x2083,0x33},
    {0x2084,0x34}, {0x2085,0x35}, {0x2086,0x36}, {0x2087,0x37}, {0x2088,0x38}, {0x2089,0x39},
    {0x20A1,0xA2}, {0x20A4,0xA3}, {0x20A7,0x50}, {0x2102,0x43}, {0x2107,0x45}, {0x210A,0x67},
    {0x210B,0x48}, {0x210C,0x48}, {0x210D,0x48}, {0x210E,0x68}, {0x2110,0x49}, {0x2111,0x49},
    {0x2112,0x4C}, {0x2113,0x6C}, {0x2115,0x4E}, {0x2118,0x50}, {0x2119,0x50}, {0x211A,0x51},
    {0x211B,0x52}, {0x211C,0x52}, {0x211D,0x52}, {0x2124,0x5A}, {0x2128,0x5A}, {0x212A,0x4B},
    {0x212B,0xC5}, {0x212C,0x42}, {0x212D,0x43}, {0x212E,0x65}, {0x212F,0x65}, {0x2130,0x45},
    {0x2131,0x46}, {0x2133,0x4D}, {0x2134,0x6F}, {0x2205,0xD8}, {0x2212,0x2D}, {0x2213,0xB1},
    {0x2215,0x2F}, {0x2216,0x5C}, {0x2217,0x2A}, {0x2218,0xB0}, {0x2219,0xB7}, {0x221A,0x76},
    {0x221E,0x38}, {0x2223,0x7C}, {0x2229,0x6E}, {0x2236,0x3A}, {0x223C,0x7E}, {0x2248,0x98},
    {0x2261,0x3D}, {0x2264,0x3D}, {0x2265,0x3D}, {0x226A,0xAB}, {0x226B,0xBB}, {0x22C5,0xB7},
    {0x2302,0xA6}, {0x2303,0x5E}, {0x2310,0xAC}, {0x2320,0x28}, {0x2321,0x29}, {0x2329,0x3C},
    {0x232A,0x3E}, {0x2500,0x2D}, {0x2502,0xA6}, {0x250C,0x2B}, {0x2510,0x2B}, {0x2514,0x2B},
    {0x2518,0x2B}, {0x251C,0x2B}, {0x2524,0xA6}, {0x252C,0x2D}, {0x2534,0x2D}, {0x253C,0x2B},
    {0x2550,0x2D}, {0x2551,0xA6}, {0x2552,0x2B}, {0x2553,0x2B}, {0x2554,0x2B}, {0x2555,0x2B},
    {0x2556,0x2B}, {0x2557,0x2B}, {0x2558,0x2B}, {0x2559,0x2B}, {0x255A,0x2B}, {0x255B,0x2B},
    {0x255C,0x2B}, {0x255D,0x2B}, {0x255E,0xA6}, {0x255F,0xA6}, {0x2560,0xA6}, {0x2561,0xA6},
    {0x2562,0xA6}, {0x2563,0xA6}, {0x2564,0x2D}, {0x2565,0x2D}, {0x2566,0x2D}, {0x2567,0x2D},
    {0x2568,0x2D}, {0x2569,0x2D}, {0x256A,0x2B}, {0x256B,0x2B}, {0x256C,0x2B}, {0x2580,0xAF},
    {0x2584,0x5F}, {0x2588,0xA6}, {0x258C,0xA6}, {0x2590,0xA6}, {0x2591,0xA6}, {0x2592,0xA6},
    {0x2593,0xA6}, {0x25A0,0xA6}, {0x263C,0xA4}, {0x2758,0x7C}, {0x3000,0x20}, {0x3008,0x3C},
    {0x3009,0x3E}, {0x300A,0xAB}, {0x300B,0xBB}, {0x301A,0x5B}, {0x301B,0x5D}, {0x30FB,0xB7},
};

/* Canonical decompositions (Unicode) into base + one combining mark, for the characters the
   supported pages can produce or best-fit.  Sorted by composite. */
static const struct decomposition decompositions[] = {
    {0x00C0,0x0041,0x0300}, {0x00C1,0x0041,0x0301}, {0x00C2,0x0041,0x0302}, {0x00C3,0x0041,0x0303},
    {0x00C4,0x0041,0x0308}, {0x00C5,0x0041,0x030A}, {0x00C7,0x0043,0x0327}, {0x00C8,0x0045,0x0300},
    {0x00C9,0x0045,0x0301}, {0x00CA,0x0045,0x0302}, {0x00CB,0x0045,0x0308}, {0x00CC,0x0049,0x0300},
    {0x00CD,0x0049,0x0301}, {0x00CE,0x0049,0x0302}, {0x00CF,0x0049,0x0308}, {0x00D1,0x004E,0x0303},
    {0x00D2,0x004F,0x0300}, {0x00D3,0x004F,0x0301}, {0x00D4,0x004F,0x0302}, {0x00D5,0x004F,0x0303},
    {0x00D6,0x004F,0x0308}, {0x00D9,0x0055,0x0300}, {0x00DA,0x0055,0x0301}, {0x00DB,0x0055,0x0302},
    {0x00DC,0x0055,0x0308}, {0x00DD,0x0059,0x0301}, {0x00E0,0x0061,0x0300}, {0x00E1,0x0061,0x0301},
    {0x00E2,0x0061,0x0302}, {0x00E3,0x0061,0x0303}, {0x00E4,0x0061,0x0308}, {0x00E5,0x0061,0x030A},
    {0x00E7,0x0063,0x0327}, {0x00E8,0x0065,0x0300}, {0x00E9,0x0065,0x0301}, {0x00EA,0x0065,0x0302},
    {0x00EB,0x0065,0x0308}, {0x00EC,0x0069,0x0300}, {0x00ED,0x0069,0x0301}, {0x00EE,0x0069,0x0302},
    {0x00EF,0x0069,0x0308}, {0x00F1,0x006E,0x0303}, {0x00F2,0x006F,0x0300}, {0x00F3,0x006F,0x0301},
    {0x00F4,0x006F,0x0302}, {0x00F5,0x006F,0x0303}, {0x00F6,0x006F,0x0308}, {0x00F9,0x0075,0x0300},
    {0x00FA,0x0075,0x0301}, {0x00FB,0x0075,0x0302}, {0x00FC,0x0075,0x0308}, {0x00FD,0x0079,0x0301},
    {0x00FF,0x0079,0x0308}, {0x0100,0x0041,0x0304}, {0x0101,0x0061,0x0304}, {0x0102,0x0041,0x0306},
    {0x0103,0x0061,0x0306}, {0x0104,0x0041,0x0328}, {0x0105,0x0061,0x0328}, {0x0106,0x0043,0x0301},
    {0x0107,0x0063,0x0301}, {0x0108,0x0043,0x0302}, {0x0109,0x0063,0x0302}, {0x010A,0x0043,0x0307},
    {0x010B,0x0063,0x0307}, {0x010C,0x0043,0x030C}, {0x010D,0x0063,0x030C}, {0x010E,0x0044,0x030C},
    {0x010F,0x0064,0x030C}, {0x0112,0x0045,0x0304}, {0x0113,0x0065,0x0304}, {0x0114,0x0045,0x0306},
    {0x0115,0x0065,0x0306}, {0x0116,0x0045,0x0307}, {0x0117,0x0065,0x0307}, {0x0118,0x0045,0x0328},
    {0x0119,0x0065,0x0328}, {0x011A,0x0045,0x030C}, {0x011B,0x0065,0x030C}, {0x011C,0x0047,0x0302},
    {0x011D,0x0067,0x0302}, {0x011E,0x0047,0x0306}, {0x011F,0x0067,0x0306}, {0x0120,0x0047,0x0307},
    {0x0121,0x0067,0x0307}, {0x0122,0x0047,0x0327}, {0x0123,0x0067,0x0327}, {0x0124,0x0048,0x0302},
    {0x0125,0x0068,0x0302}, {0x0128,0x0049,0x0303}, {0x0129,0x0069,0x0303}, {0x012A,0x0049,0x0304},
    {0x012B,0x0069,0x0304}, {0x012C,0x0049,0x0306}, {0x012D,0x0069,0x0306}, {0x012E,0x0049,0x0328},
    {0x012F,0x0069,0x0328}, {0x0130,0x0049,0x0307}, {0x0134,0x004A,0x0302}, {0x0135,0x006A,0x0302},
    {0x0136,0x004B,0x0327}, {0x0137,0x006B,0x0327}, {0x0139,0x004C,0x0301}, {0x013A,0x006C,0x0301},
    {0x013B,0x004C,0x0327}, {0x013C,0x006C,0x0327}, {0x013D,0x004C,0x030C}, {0x013E,0x006C,0x030C},
    {0x0143,0x004E,0x0301}, {0x0144,0x006E,0x0301}, {0x0145,0x004E,0x0327}, {0x0146,0x006E,0x0327},
    {0x0147,0x004E,0x030C}, {0x0148,0x006E,0x030C}, {0x014C,0x004F,0x0304}, {0x014D,0x006F,0x0304},
    {0x014E,0x004F,0x0306}, {0x014F,0x006F,0x0306}, {0x0150,0x004F,0x030B}, {0x0151,0x006F,0x030B},
    {0x0154,0x0052,0x0301}, {0x0155,0x0072,0x0301}, {0x0156,0x0052,0x0327}, {0x0157,0x0072,0x0327},
    {0x0158,0x0052,0x030C}, {0x0159,0x0072,0x030C}, {0x015A,0x0053,0x0301}, {0x015B,0x0073,0x0301},
    {0x015C,0x0053,0x0302}, {0x015D,0x0073,0x0302}, {0x015E,0x0053,0x0327}, {0x015F,0x0073,0x0327},
    {0x0160,0x0053,0x030C}, {0x0161,0x0073,0x030C}, {0x0162,0x0054,0x0327}, {0x0163,0x0074,0x0327},
    {0x0164,0x0054,0x030C}, {0x0165,0x0074,0x030C}, {0x0168,0x0055,0x0303}, {0x0169,0x0075,0x0303},
    {0x016A,0x0055,0x0304}, {0x016B,0x0075,0x0304}, {0x016C,0x0055,0x0306}, {0x016D,0x0075,0x0306},
    {0x016E,0x0055,0x030A}, {0x016F,0x0075,0x030A}, {0x0170,0x0055,0x030B}, {0x0171,0x0075,0x030B},
    {0x0172,0x0055,0x0328}, {0x0173,0x0075,0x0328}, {0x0174,0x0057,0x0302}, {0x0175,0x0077,0x0302},
    {0x0176,0x0059,0x0302}, {0x0177,0x0079,0x0302}, {0x0178,0x0059,0x0308}, {0x0179,0x005A,0x0301},
    {0x017A,0x007A,0x0301}, {0x017B,0x005A,0x0307}, {0x017C,0x007A,0x0307}, {0x017D,0x005A,0x030C},
    {0x017E,0x007A,0x030C}, {0x01A0,0x004F,0x031B}, {0x01A1,0x006F,0x031B}, {0x01AF,0x0055,0x031B},
    {0x01B0,0x0075,0x031B}, {0x01CD,0x0041,0x030C}, {0x01CE,0x0061,0x030C}, {0x01CF,0x0049,0x030C},
    {0x01D0,0x0069,0x030C}, {0x01D1,0x004F,0x030C}, {0x01D2,0x006F,0x030C}, {0x01D3,0x0055,0x030C},
    {0x01D4,0x0075,0x030C}, {0x01D5,0x00DC,0x0304}, {0x01D6,0x00FC,0x0304}, {0x01D7,0x00DC,0x0301},
    {0x01D8,0x00FC,0x0301}, {0x01D9,0x00DC,0x030C}, {0x01DA,0x00FC,0x030C}, {0x01DB,0x00DC,0x0300},
    {0x01DC,0x00FC,0x0300}, {0x01DE,0x00C4,0x0304}, {0x01DF,0x00E4,0x0304}, {0x01E6,0x0047,0x030C},
    {0x01E7,0x0067,0x030C}, {0x01E8,0x004B,0x030C}, {0x01E9,0x006B,0x030C}, {0x01EA,0x004F,0x0328},
    {0x01EB,0x006F,0x0328}, {0x01EC,0x01EA,0x0304}, {0x01ED,0x01EB,0x0304}, {0x01F0,0x006A,0x030C},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- WCHAR access ---------------------------------------------------------------------- */

/* Windows accepts WCHAR buffers at odd addresses and overlapping source and destination
   buffers (only identical pointers are rejected), so WCHARs are moved byte-wise. */
static WCHAR wload(const WCHAR *p, size_t i)
{
    WCHAR w;
    memcpy(&w, (const char *)p + i * sizeof(WCHAR), sizeof w);
    return w;
}

static void wstore(WCHAR *p, size_t i, WCHAR w)
{
    memcpy((char *)p + i * sizeof(WCHAR), &w, sizeof w);
}

/* ---- output sinks ---------------------------------------------------------------------- */

/* A capacity of 0 is the documented sizing call: nothing is written and the required size is
   returned.  Otherwise output is written until something does not fit; the sink is then full
   and the conversion stops, leaving what was written in place, as Windows does before failing
   with ERROR_INSUFFICIENT_BUFFER. */
struct wide_sink {
    WCHAR *buf;
    int cap;
    long long len;
    bool full;
};

struct byte_sink {
    BYTE *buf;
    int cap;
    long long len;
    bool full;
};

static void wide_put(struct wide_sink *s, WCHAR wc)
{
    if (s->cap && s->len >= s->cap) {
        s->full = true;
        return;
    }
    if (s->cap)
        wstore(s->buf, (size_t)s->len, wc);
    s->len++;
}

/* A character's bytes go out whole or not at all: Windows never writes part of one. */
static bool bytes_put(struct byte_sink *s, const BYTE *bytes, int n)
{
    if (s->cap && s->len + n > s->cap) {
        s->full = true;
        return false;
    }
    if (s->cap)
        memcpy(s->buf + s->len, bytes, (size_t)n);
    s->len += n;
    return true;
}

static int fail(DWORD *err, DWORD code)
{
    if (err)
        *err = code;
    return 0;
}

/* Overflow beats invalid input: Windows stops at the full buffer and reports that. */
static int finish(bool full, long long len, bool bad_input, DWORD *err)
{
    if (full)
        return fail(err, ERROR_INSUFFICIENT_BUFFER);
    if (bad_input)
        return fail(err, ERROR_NO_UNICODE_TRANSLATION);
    if (len > INT_MAX)  /* the size cannot be returned as an int */
        return fail(err, ERROR_INSUFFICIENT_BUFFER);
    return (int)len;
}

/* ---- argument checks ------------------------------------------------------------------- */

/* Shared by both directions and made before the code page is looked at: a NULL or empty
   source, a negative destination size, or a NULL destination with a non-zero size.  The
   documentation adds that source and destination must not be the same buffer. */
static bool args_valid(const void *src, int srclen, const void *dst, int dstlen)
{
    return src && srclen != 0 && dstlen >= 0 && (dst || dstlen == 0) && src != dst;
}

/* Windows treats every negative source length, not only -1, as "NUL-terminated", and the
   count then includes the terminator. */
static int terminated_len_a(const char *s)
{
    size_t n = strlen(s);
    return n < INT_MAX ? (int)n + 1 : -1;
}

static int terminated_len_w(const WCHAR *s)
{
    size_t n = 0;
    while (wload(s, n))
        n++;
    return n < INT_MAX ? (int)n + 1 : -1;
}

/* ---- code page table ------------------------------------------------------------------- */

struct sbcs_page {
    UINT id;
    WCHAR (*decode)(BYTE b);
    bool has_glyphs;
};

static WCHAR decode_1252(BYTE b)
{
    return (b >= 0x80 && b < 0xA0) ? cp1252_c1[b - 0x80] : b;
}

static WCHAR decode_437(BYTE b)
{
    return b < 0x80 ? b : cp437_high[b - 0x80];
}

static WCHAR decode_latin1(BYTE b)
{
    return b;
}

/* Windows' 20127 table folds the upper half onto ASCII by dropping the top bit. */
static WCHAR decode_ascii(BYTE b)
{
    return b & 0x7F;
}

static const struct sbcs_page page_1252 = { 1252, decode_1252, false };
static const struct sbcs_page page_437 = { 437, decode_437, true };
static const struct sbcs_page page_28591 = { 28591, decode_latin1, false };
static const struct sbcs_page page_20127 = { 20127, decode_ascii, false };

static const struct sbcs_page *const sbcs_pages[] = {
    &page_1252, &page_437, &page_28591, &page_20127,
};

UINT cp_acp(void)
{
    return 1252;
}

UINT cp_oemcp(void)
{
    return 437;
}

/* CP_THREAD_ACP follows the thread locale, which is always en-US here. */
static UINT resolve_cp(UINT cp)
{
    switch (cp) {
    case CP_ACP:
    case CP_THREAD_ACP:
        return cp_acp();
    case CP_OEMCP:
        return cp_oemcp();
    default:
        return cp;
    }
}

static const struct sbcs_page *find_sbcs(UINT cp)
{
    for (size_t i = 0; i < COUNT(sbcs_pages); i++)
        if (sbcs_pages[i]->id == cp)
            return sbcs_pages[i];
    return NULL;
}

BOOL cp_is_dbcs_lead_byte(UINT cp, BYTE b)
{
    (void)cp;
    (void)b;
    return FALSE;
}

int cp_max_char_size(UINT cp)
{
    cp = resolve_cp(cp);
    if (cp == CP_UTF8)
        return 4;
    return find_sbcs(cp) ? 1 : 0;
}

/* ---- composition ----------------------------------------------------------------------- */

static const struct decomposition *find_decomposition(WCHAR composite)
{
    size_t lo = 0, hi = COUNT(decompositions);

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (decompositions[mid].composite == composite)
            return &decompositions[mid];
        if (decompositions[mid].composite < composite)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool compose(WCHAR base, WCHAR mark, WCHAR *composite)
{
    if (mark < 0x0300 || mark > 0x036F)  /* not a combining diacritical mark */
        return false;
    for (size_t i = 0; i < COUNT(decompositions); i++) {
        if (decompositions[i].base == base && decompositions[i].mark == mark) {
            *composite = decompositions[i].composite;
            return true;
        }
    }
    return false;
}

static WCHAR strip_marks(WCHAR wc)
{
    const struct decomposition *d;

    while ((d = find_decomposition(wc)))
        wc = d->base;
    return wc;
}

/* ---- single-byte encoding -------------------------------------------------------------- */

static bool encode_exact(const struct sbcs_page *p, WCHAR wc, BYTE *out)
{
    if (wc <= 0xFF && p->decode((BYTE)wc) == wc) {
        *out = (BYTE)wc;
        return true;
    }
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        if (p->decode((BYTE)b) == wc) {
            *out = (BYTE)b;
            return true;
        }
    }
    return false;
}

static bool bestfit1252_lookup(WCHAR wc, BYTE *out)
{
    size_t lo = 0, hi = COUNT(bestfit1252);

    if (wc >= 0xFF01 && wc <= 0xFF5E) {
        *out = (BYTE)(wc - 0xFF01 + 0x21);
        return true;
    }
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (bestfit1252[mid].wc == wc) {
            *out = bestfit1252[mid].byte;
            return true;
        }
        if (bestfit1252[mid].wc < wc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Microsoft publishes best-fit data for the ANSI pages only.  1252 uses it as published.  For
   437, 28591 and 20127 a best fit is derived: the character 1252 would produce, if this page
   has it, else the character stripped of its diacritics.  This approximates Windows' own
   tables for those pages; it never maps a character Windows maps exactly. */
static bool encode_best_fit(const struct sbcs_page *p, WCHAR wc, BYTE *out)
{
    BYTE b;

    if (p == &page_1252)
        return bestfit1252_lookup(wc, out);
    if ((encode_exact(&page_1252, wc, &b) || bestfit1252_lookup(wc, &b)) &&
        encode_exact(p, decode_1252(b), out))
        return true;
    return encode_exact(p, strip_marks(wc), out);
}

static bool sbcs_encode(const struct sbcs_page *p, DWORD flags, WCHAR wc, BYTE *out)
{
    if (encode_exact(p, wc, out))
        return true;
    return !(flags & WC_NO_BEST_FIT_CHARS) && encode_best_fit(p, wc, out);
}

struct sbcs_encoder {
    const struct sbcs_page *page;
    DWORD flags;
    BYTE default_byte;
    bool used_default;
    struct byte_sink out;
};

static void put_default(struct sbcs_encoder *e)
{
    if (bytes_put(&e->out, &e->default_byte, 1))
        e->used_default = true;
}

static void put_char(struct sbcs_encoder *e, WCHAR wc)
{
    BYTE b;

    if (sbcs_encode(e->page, e->flags, wc, &b))
        bytes_put(&e->out, &b, 1);
    else
        put_default(e);
}

/* WC_COMPOSITECHECK: a base character followed by a combining mark that Unicode composes
   becomes the precomposed character when the page can represent it.  When it cannot,
   WC_DEFAULTCHAR turns the pair into the default character, WC_DISCARDNS drops the mark, and
   WC_SEPCHARS (the default) converts both separately.  Returns the characters consumed. */
static int put_composed(struct sbcs_encoder *e, WCHAR base, WCHAR mark)
{
    WCHAR composite;
    BYTE b;

    if (!compose(base, mark, &composite))
        return 0;
    if (sbcs_encode(e->page, e->flags, composite, &b)) {
        bytes_put(&e->out, &b, 1);
        return 2;
    }
    if (e->flags & WC_DEFAULTCHAR) {
        put_default(e);
        return 2;
    }
    if (e->flags & WC_DISCARDNS) {
        put_char(e, base);
        return 2;
    }
    return 0;
}

/* lpUsedDefaultChar reports only the part converted before the buffer filled up, and is
   written even when the call then fails for lack of room. */
static int wide_to_sbcs(const struct sbcs_page *p, DWORD flags, const WCHAR *src, int srclen,
                        char *dst, int dstlen, const char *defchar, BOOL *used_default,
                        DWORD *err)
{
    struct sbcs_encoder e = {
        .page = p,
        .flags = flags,
        .default_byte = defchar ? (BYTE)defchar[0] : DEFAULT_BYTE,
        .out = { (BYTE *)dst, dstlen, 0, false },
    };
    size_t i = 0, n = (size_t)srclen;

    if (flags & ~WC_FLAGS_SBCS)
        return fail(err, ERROR_INVALID_FLAGS);
    while (i < n && !e.out.full) {
        WCHAR wc = wload(src, i);
        int used = 0;

        if ((flags & WC_COMPOSITECHECK) && i + 1 < n)
            used = put_composed(&e, wc, wload(src, i + 1));
        if (!used) {
            put_char(&e, wc);
            used = 1;
        }
        i += (size_t)used;
    }
    if (used_default)
        *used_default = e.used_default;
    return finish(e.out.full, e.out.len, false, err);
}

/* ---- single-byte decoding -------------------------------------------------------------- */

static WCHAR sbcs_decode(const struct sbcs_page *p, DWORD flags, BYTE b)
{
    if ((flags & MB_USEGLYPHCHARS) && p->has_glyphs) {
        if (b < 0x20)
            return cp437_glyphs[b];
        if (b == 0x7F)
            return CP437_GLYPH_7F;
    }
    return p->decode(b);
}

/* An NLS table marks a byte undefined by mapping it to the default Unicode character; for
   MB_ERR_INVALID_CHARS that is any byte other than '?' itself that decodes to '?'. */
static bool sbcs_has_undefined(const struct sbcs_page *p, const BYTE *src, int srclen)
{
    for (int i = 0; i < srclen; i++)
        if (src[i] != DEFAULT_BYTE && p->decode(src[i]) == DEFAULT_BYTE)
            return true;
    return false;
}

/* MB_COMPOSITE wins when MB_PRECOMPOSED is also given: the documentation calls the two
   mutually exclusive but names no error, so the call is not failed. */
static void put_decoded(struct wide_sink *out, const struct sbcs_page *p, DWORD flags, BYTE b)
{
    WCHAR wc = sbcs_decode(p, flags, b);
    const struct decomposition *d;

    if ((flags & MB_COMPOSITE) && (d = find_decomposition(wc))) {
        wide_put(out, d->base);
        wide_put(out, d->mark);
    } else {
        wide_put(out, wc);
    }
}

static int sbcs_to_wide(const struct sbcs_page *p, DWORD flags, const BYTE *src, int srclen,
                        WCHAR *dst, int dstlen, DWORD *err)
{
    struct wide_sink out = { dst, dstlen, 0, false };

    if (flags & ~MB_FLAGS_SBCS)
        return fail(err, ERROR_INVALID_FLAGS);
    if ((flags & MB_ERR_INVALID_CHARS) && sbcs_has_undefined(p, src, srclen))
        return fail(err, ERROR_NO_UNICODE_TRANSLATION);
    for (int i = 0; i < srclen && !out.full; i++)
        put_decoded(&out, p, flags, src[i]);
    return finish(out.full, out.len, false, err);
}

/* ---- UTF-8 decoding -------------------------------------------------------------------- */

/* Continuation bytes a lead byte announces.  C0, C1 and F5-FF cannot start any valid
   sequence (they could only encode overlong forms or values past U+10FFFF). */
static int utf8_trail_count(BYTE lead)
{
    if (lead >= 0xC2 && lead <= 0xDF)
        return 1;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 2;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 3;
    return 0;
}

/* Once the first continuation byte is in, prefix (the value so far) must allow a valid result:
   three-byte forms must reach U+0800 and avoid the surrogates D800-DFFF, four-byte forms must
   lie in U+10000-U+10FFFF. */
static bool utf8_prefix_valid(int trail, uint32_t prefix)
{
    if (trail == 2)
        return prefix >= 0x20 && (prefix < 0x360 || prefix > 0x37F);
    if (trail == 3)
        return prefix >= 0x10 && prefix < 0x110;
    return true;
}

/* Decodes the sequence at s (n > 0 bytes available) and sets *used to the bytes consumed.
   An invalid sequence yields INVALID_SEQUENCE, which becomes one U+FFFD.  Windows consumes the
   lead byte and each following byte that could still continue it; the overlong, surrogate and
   range checks happen once the second byte is in, so "\xE0\x80\xAD" is two U+FFFD (E0 80, AD)
   and "\xED\xA0\x80" (an encoded surrogate) is two as well. */
static uint32_t utf8_decode(const BYTE *s, size_t n, size_t *used)
{
    int trail = utf8_trail_count(s[0]);
    uint32_t cp = s[0] & (0x3F >> trail);

    *used = 1;
    if (s[0] < 0x80)
        return s[0];
    if (!trail)
        return INVALID_SEQUENCE;
    for (int k = 1; k <= trail; k++) {
        if ((size_t)k >= n || (s[k] & 0xC0) != 0x80)
            return INVALID_SEQUENCE;
        cp = (cp << 6) | (s[k] & 0x3F);
        *used = (size_t)k + 1;
        if (k == 1 && !utf8_prefix_valid(trail, cp))
            return INVALID_SEQUENCE;
    }
    return cp;
}

/* A character outside the BMP becomes a surrogate pair; if only the first half fits, Windows
   writes it before failing. */
static void put_code_point(struct wide_sink *out, uint32_t cp)
{
    if (cp < 0x10000) {
        wide_put(out, (WCHAR)cp);
        return;
    }
    cp -= 0x10000;
    wide_put(out, (WCHAR)(0xD800 | (cp >> 10)));
    wide_put(out, (WCHAR)(0xDC00 | (cp & 0x3FF)));
}

/* With MB_ERR_INVALID_CHARS, Windows still converts (U+FFFD in place of each invalid sequence,
   in the caller's buffer) before failing with ERROR_NO_UNICODE_TRANSLATION. */
static int utf8_to_wide(DWORD flags, const BYTE *src, int srclen, WCHAR *dst, int dstlen,
                        DWORD *err)
{
    struct wide_sink out = { dst, dstlen, 0, false };
    bool invalid = false;
    size_t i = 0, n = (size_t)srclen, used;

    if (flags & ~MB_FLAGS_UTF8)
        return fail(err, ERROR_INVALID_FLAGS);
    while (i < n && !out.full) {
        uint32_t cp = utf8_decode(src + i, n - i, &used);

        if (cp == INVALID_SEQUENCE) {
            invalid = true;
            cp = REPLACEMENT_CHAR;
        }
        put_code_point(&out, cp);
        i += used;
    }
    return finish(out.full, out.len, invalid && (flags & MB_ERR_INVALID_CHARS), err);
}

/* ---- UTF-8 encoding -------------------------------------------------------------------- */

/* Reads one character; a surrogate without its partner becomes U+FFFD and sets *invalid. */
static uint32_t next_code_point(const WCHAR *s, size_t n, size_t *i, bool *invalid)
{
    WCHAR hi = wload(s, (*i)++);

    if (hi < 0xD800 || hi > 0xDFFF)
        return hi;
    if (hi <= 0xDBFF && *i < n) {
        WCHAR lo = wload(s, *i);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            (*i)++;
            return 0x10000 + (((uint32_t)hi - 0xD800) << 10) + (lo - 0xDC00);
        }
    }
    *invalid = true;
    return REPLACEMENT_CHAR;
}

static void put_utf8(struct byte_sink *out, uint32_t cp)
{
    BYTE b[4];
    int n;

    if (cp < 0x80) {
        b[0] = (BYTE)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (BYTE)(0xC0 | (cp >> 6));
        b[1] = (BYTE)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (BYTE)(0xE0 | (cp >> 12));
        b[1] = (BYTE)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (BYTE)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (BYTE)(0xF0 | (cp >> 18));
        b[1] = (BYTE)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (BYTE)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (BYTE)(0x80 | (cp & 0x3F));
        n = 4;
    }
    bytes_put(out, b, n);
}

/* The documentation says defchar and used_default must be NULL for UTF-8; Windows 10 1709 and
   later accept them instead: defchar is ignored (a lone surrogate always becomes U+FFFD, bytes
   EF BF BD) and *used_default tells whether that happened. */
static int wide_to_utf8(DWORD flags, const WCHAR *src, int srclen, char *dst, int dstlen,
                        BOOL *used_default, DWORD *err)
{
    struct byte_sink out = { (BYTE *)dst, dstlen, 0, false };
    bool invalid = false;
    size_t i = 0, n = (size_t)srclen;
    int ret;

    if (flags & ~WC_FLAGS_UTF8)
        return fail(err, ERROR_INVALID_FLAGS);
    if (used_default)
        *used_default = FALSE;
    while (i < n && !out.full)
        put_utf8(&out, next_code_point(src, n, &i, &invalid));
    ret = finish(out.full, out.len, invalid && (flags & WC_ERR_INVALID_CHARS), err);
    if (ret && invalid && used_default)
        *used_default = TRUE;
    return ret;
}

/* ---- entry points ---------------------------------------------------------------------- */

int cp_multibyte_to_wide(UINT cp, DWORD flags, const char *src, int srclen,
                         WCHAR *dst, int dstlen, DWORD *err)
{
    const struct sbcs_page *page;

    if (!args_valid(src, srclen, dst, dstlen))
        return fail(err, ERROR_INVALID_PARAMETER);
    if (srclen < 0 && (srclen = terminated_len_a(src)) < 0)
        return fail(err, ERROR_INVALID_PARAMETER);
    cp = resolve_cp(cp);
    if (cp == CP_UTF8)
        return utf8_to_wide(flags, (const BYTE *)src, srclen, dst, dstlen, err);
    if (!(page = find_sbcs(cp)))
        return fail(err, ERROR_INVALID_PARAMETER);
    return sbcs_to_wide(page, flags, (const BYTE *)src, srclen, dst, dstlen, err);
}

int cp_wide_to_multibyte(UINT cp, DWORD flags, const WCHAR *src, int srclen,
                         char *dst, int dstlen, const char *defchar, BOOL *used_default,
                         DWORD *err)
{
    const struct sbcs_page *page;

    if (!args_valid(src, srclen, dst, dstlen))
        return fail(err, ERROR_INVALID_PARAMETER);
    if (srclen < 0 && (srclen = terminated_len_w(src)) < 0)
        return fail(err, ERROR_INVALID_PARAMETER);
    cp = resolve_cp(cp);
    if (cp == CP_UTF8)
        return wide_to_utf8(flags, src, srclen, dst, dstlen, used_default, err);
    if (!(page = find_sbcs(cp)))
        return fail(err, ERROR_INVALID_PARAMETER);
    return wide_to_sbcs(page, flags, src, srclen, dst, dstlen, defchar, used_default, err);
}
