/* VARIANT lifetime: VariantInit, VariantClear, VariantCopy. A VARIANT owns its BSTR and
   holds a reference on its interface pointer; by-reference values own nothing. Safe
   arrays and records are not implemented: a variant holding one is refused with
   E_NOTIMPL and left as it was, rather than leaked or half-freed. */
#include <string.h>
#include "oleaut32.h"

/* The types VariantClear and VariantCopy accept, as Windows validates them: the base
   types up to VT_UINT except 15, VT_RECORD and VT_CLSID, optionally by reference or as
   an array, except VT_EMPTY and VT_NULL, which have no by-reference or array form. */
#define VT_CLSID 72
static int valid_type(VARTYPE vt)
{
    VARTYPE base = vt & 0x0fff, extra = vt & 0xf000;
    if (extra & ~(VT_ARRAY | VT_BYREF)) return 0;         /* VT_VECTOR, VT_RESERVED */
    if (extra && base <= VT_NULL) return 0;
    return (base <= VT_UINT && base != 15) || base == VT_RECORD || base == VT_CLSID;
}

static int owns_something_unsupported(VARTYPE vt)
{
    return !(vt & VT_BYREF) && ((vt & VT_ARRAY) || vt == VT_RECORD);
}

void WINAPI VariantInit(VARIANT *v) { v->vt = VT_EMPTY; }

HRESULT WINAPI VariantClear(VARIANT *v)
{
    if (!v) return E_INVALIDARG;
    if (!valid_type(v->vt)) return DISP_E_BADVARTYPE;
    if (owns_something_unsupported(v->vt)) return E_NOTIMPL;
    if (v->vt == VT_BSTR) SysFreeString(v->bstrVal);
    else if ((v->vt == VT_UNKNOWN || v->vt == VT_DISPATCH) && v->punkVal)
        v->punkVal->vtbl->Release(v->punkVal);
    v->vt = VT_EMPTY;
    return S_OK;
}

HRESULT WINAPI VariantCopy(VARIANT *dst, const VARIANT *src)
{
    if (!dst || !src) return E_INVALIDARG;
    if (!valid_type(src->vt)) return DISP_E_BADVARTYPE;
    if (owns_something_unsupported(src->vt)) return E_NOTIMPL;
    if (dst == src) return S_OK;
    HRESULT hr = VariantClear(dst);
    if (hr) return hr;
    VARIANT copy;
    memcpy(&copy, src, sizeof copy);
    if (src->vt == VT_BSTR && src->bstrVal) {
        copy.bstrVal = SysAllocStringByteLen((const char *)src->bstrVal, SysStringByteLen(src->bstrVal));
        if (!copy.bstrVal) return E_OUTOFMEMORY;
    } else if ((src->vt == VT_UNKNOWN || src->vt == VT_DISPATCH) && src->punkVal) {
        src->punkVal->vtbl->AddRef(src->punkVal);
    }
    memcpy(dst, &copy, sizeof copy);
    return S_OK;
}
