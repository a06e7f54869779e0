/* OLE Automation strings and variants, laid out as on Windows x64. */
#ifndef OLEAUT32_H
#define OLEAUT32_H

#include <stddef.h>
#include "winlet/windef.h"

typedef LONG HRESULT;
typedef WCHAR *BSTR;
typedef USHORT VARTYPE;

#define S_OK               ((HRESULT)0)
#define E_NOTIMPL          ((HRESULT)0x80004001)
#define E_OUTOFMEMORY      ((HRESULT)0x8007000E)
#define E_INVALIDARG       ((HRESULT)0x80070057)
#define DISP_E_BADVARTYPE  ((HRESULT)0x80020008)

enum {
    VT_EMPTY = 0, VT_NULL = 1, VT_I2 = 2, VT_I4 = 3, VT_R4 = 4, VT_R8 = 5, VT_CY = 6,
    VT_DATE = 7, VT_BSTR = 8, VT_DISPATCH = 9, VT_ERROR = 10, VT_BOOL = 11,
    VT_VARIANT = 12, VT_UNKNOWN = 13, VT_DECIMAL = 14, VT_I1 = 16, VT_UI1 = 17,
    VT_UI2 = 18, VT_UI4 = 19, VT_I8 = 20, VT_UI8 = 21, VT_INT = 22, VT_UINT = 23,
    VT_RECORD = 36, VT_ARRAY = 0x2000, VT_BYREF = 0x4000,
};

/* The COM interface every VT_UNKNOWN/VT_DISPATCH value points at: a vtable whose
   second and third slots are AddRef and Release. */
typedef struct IUnknown { const struct IUnknownVtbl *vtbl; } IUnknown;
struct IUnknownVtbl {
    HRESULT (WINAPI *QueryInterface)(IUnknown *, const GUID *, void **);
    ULONG (WINAPI *AddRef)(IUnknown *);
    ULONG (WINAPI *Release)(IUnknown *);
};

typedef struct {
    VARTYPE vt;
    WORD wReserved1, wReserved2, wReserved3;
    union {
        LONGLONG llVal;
        BSTR bstrVal;
        IUnknown *punkVal;
        void *byref;
        BYTE raw[16];   /* the largest member: a BRECORD's two pointers */
    };
} VARIANT;
_Static_assert(sizeof(VARIANT) == 24, "VARIANT is 24 bytes on x64");
_Static_assert(offsetof(VARIANT, bstrVal) == 8, "VARIANT's value is at offset 8");

BSTR WINAPI SysAllocStringByteLen(const char *s, UINT len);
UINT WINAPI SysStringByteLen(BSTR s);
void WINAPI SysFreeString(BSTR s);

#endif
