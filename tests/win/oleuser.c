/* user32's character helpers and oleaut32's BSTR and VARIANT lifetime functions, the
   parts of those DLLs that console programs such as 7-Zip import (oleaut32 by ordinal). */
#include <windows.h>
#include <oleauto.h>
#include <string.h>
#include "harness.h"

static LONG refs;
static ULONG WINAPI add_ref(IUnknown *u) { (void)u; return ++refs; }
static ULONG WINAPI release(IUnknown *u) { (void)u; return --refs; }
static HRESULT WINAPI query(IUnknown *u, REFIID iid, void **out) { (void)u; (void)iid; *out = NULL; return E_NOINTERFACE; }
static IUnknownVtbl unknown_vtbl = { query, add_ref, release };

static void test_char_case(void)
{
    WCHAR s[] = L"abc\x00e9\x00df\x0451Z1";
    ok(CharUpperW(s) == s, "CharUpperW returns its argument");
    ok(!wcscmp(s, L"ABC\x00c9\x00df\x0401Z1"), "CharUpperW maps Latin-1 and Cyrillic, leaves sharp s: %ls", s);
    ok(CharLowerW(s) == s && !wcscmp(s, L"abc\x00e9\x00df\x0451z1"), "CharLowerW");
    ok((ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)L'q') == L'Q', "a single character in the low word");
    ok((ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)0x3b1) == 0x391, "Greek alpha");
    ok((ULONG_PTR)CharLowerW((LPWSTR)(ULONG_PTR)L'Q') == L'q', "CharLowerW single character");
    WCHAR b[] = L"xyZ!";
    ok(CharUpperBuffW(b, 2) == 2 && !wcscmp(b, L"XYZ!"), "CharUpperBuffW converts only len characters: %ls", b);
    ok(CharLowerBuffW(b, 4) == 4 && !wcscmp(b, L"xyz!"), "CharLowerBuffW");
    ok(CharUpperBuffW(NULL, 3) == 0, "CharUpperBuffW(NULL) converts nothing");

    const char *a = "abc";
    ok(CharPrevExA(CP_ACP, a, a + 2, 0) == a + 1, "CharPrevExA steps back one byte");
    ok(CharPrevExA(CP_ACP, a, a, 0) == a, "CharPrevExA stops at the start");
    ok(CharNextA(a + 3) == a + 3 && CharNextA(a) == a + 1, "CharNextA stops at the NUL");
    const WCHAR *w = L"xy";
    ok(CharNextW(w) == w + 1 && CharNextW(w + 2) == w + 2, "CharNextW");
    ok(CharPrevW(w, w) == w && CharPrevW(w, w + 2) == w + 1, "CharPrevW");
}

static void test_bstr(void)
{
    BSTR b = SysAllocString(L"hello");
    ok(b && !wcscmp(b, L"hello"), "SysAllocString copies");
    ok(SysStringLen(b) == 5 && SysStringByteLen(b) == 10, "lengths 5 and 10: %u %u", SysStringLen(b), SysStringByteLen(b));
    ok(((DWORD *)b)[-1] == 10, "the byte length sits before the characters");
    ok(((ULONG_PTR)b & 7) == 0, "characters 8-byte aligned");
    ok(SysAllocString(NULL) == NULL, "SysAllocString(NULL) is NULL");
    ok(SysStringLen(NULL) == 0 && SysStringByteLen(NULL) == 0, "lengths of NULL are 0");

    BSTR e = SysAllocStringLen(L"abcdef", 3);
    ok(e && SysStringLen(e) == 3 && !wcscmp(e, L"abc"), "SysAllocStringLen copies len characters and terminates");
    BSTR z = SysAllocStringLen(NULL, 4);
    ok(z && SysStringLen(z) == 4 && z[4] == 0, "SysAllocStringLen(NULL) allocates, terminated");

    BSTR odd = SysAllocStringByteLen("xyz", 3);
    ok(odd && SysStringByteLen(odd) == 3 && SysStringLen(odd) == 1, "odd byte length: %u", SysStringByteLen(odd));
    ok(!memcmp(odd, "xyz\0\0", 5), "bytes copied and NUL-terminated");
    ok(SysAllocStringByteLen(NULL, 0x80000000u) == NULL, "a 2 GiB BSTR is refused");

    ok(SysReAllocString(&b, b + 1) && !wcscmp(b, L"ello"), "SysReAllocString from inside itself");
    ok(SysReAllocStringLen(&b, L"0123456789", 10) && SysStringLen(b) == 10, "SysReAllocStringLen grows");
    SysFreeString(b); SysFreeString(e); SysFreeString(z); SysFreeString(odd);
    SysFreeString(NULL);
    ok(1, "SysFreeString(NULL) is harmless");
}

static void test_variant(void)
{
    VARIANT v, c;
    memset(&v, 0xcc, sizeof v);
    VariantInit(&v);
    ok(V_VT(&v) == VT_EMPTY, "VariantInit makes VT_EMPTY");
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = SysAllocString(L"text");
    VariantInit(&c);
    ok(VariantCopy(&c, &v) == S_OK, "VariantCopy of a BSTR");
    ok(V_VT(&c) == VT_BSTR && V_BSTR(&c) != V_BSTR(&v) && !wcscmp(V_BSTR(&c), L"text"), "deep copy of the string");
    ok(VariantClear(&v) == S_OK && V_VT(&v) == VT_EMPTY, "VariantClear frees and empties");
    ok(VariantClear(&c) == S_OK, "VariantClear of the copy");

    IUnknown unk = { &unknown_vtbl };
    V_VT(&v) = VT_UNKNOWN; V_UNKNOWN(&v) = &unk;
    VariantInit(&c);
    ok(VariantCopy(&c, &v) == S_OK && refs == 1, "VariantCopy adds a reference: %ld", refs);
    ok(VariantClear(&c) == S_OK && refs == 0, "VariantClear releases it: %ld", refs);

    V_VT(&v) = VT_UI8; V_UI8(&v) = 0x123456789abcdefULL;
    ok(VariantCopy(&c, &v) == S_OK && V_VT(&c) == VT_UI8 && V_UI8(&c) == 0x123456789abcdefULL, "scalar copy");

    V_VT(&v) = VT_BSTR | VT_BYREF; V_BYREF(&v) = NULL;
    ok(VariantClear(&v) == S_OK && V_VT(&v) == VT_EMPTY, "a by-reference value owns nothing");
    V_VT(&v) = 15;
    ok(VariantClear(&v) == DISP_E_BADVARTYPE && V_VT(&v) == 15, "type 15 is not a variant type");
    V_VT(&v) = VT_FILETIME;
    ok(VariantClear(&v) == DISP_E_BADVARTYPE, "VT_FILETIME belongs to PROPVARIANTs only");
    V_VT(&v) = VT_EMPTY | VT_BYREF;
    ok(VariantCopy(&c, &v) == DISP_E_BADVARTYPE, "VT_EMPTY has no by-reference form");
    V_VT(&v) = VT_I4 | VT_VECTOR;
    ok(VariantClear(&v) == DISP_E_BADVARTYPE, "vectors belong to PROPVARIANTs only");
}

/* 7-Zip and other MSVC programs import oleaut32 by ordinal: the numbers are Windows'. */
static void test_ordinals(void)
{
    HMODULE h = GetModuleHandleW(L"oleaut32.dll");
    ok(h != NULL, "oleaut32 is loaded");
    ok((void *)GetProcAddress(h, MAKEINTRESOURCEA(2)) == (void *)SysAllocString, "ordinal 2 is SysAllocString");
    ok((void *)GetProcAddress(h, MAKEINTRESOURCEA(6)) == (void *)SysFreeString, "ordinal 6 is SysFreeString");
    ok((void *)GetProcAddress(h, MAKEINTRESOURCEA(9)) == (void *)VariantClear, "ordinal 9 is VariantClear");
    ok((void *)GetProcAddress(h, MAKEINTRESOURCEA(150)) == (void *)SysAllocStringByteLen, "ordinal 150 is SysAllocStringByteLen");
}

int main(void)
{
    test_char_case();
    test_bstr();
    test_variant();
    test_ordinals();
    return harness_done();
}
