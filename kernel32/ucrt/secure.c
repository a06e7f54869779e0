/* The _s forms of fopen and getenv that MSVC's deprecation warnings steer programs to:
   errors come back as errno values, after the invalid-parameter handler for bad
   arguments. */
#include <errno.h>
#include <string.h>
#include "../msvcrt/crt_errno.h"
#include "ucrt.h"

struct crt_iobuf *WINAPI msvcrt_fopen(const char *path, const char *mode);
struct crt_iobuf *WINAPI msvcrt__wfopen(const WCHAR *path, const WCHAR *mode);
char *WINAPI msvcrt_getenv(const char *name);
void *WINAPI msvcrt_malloc(size_t n);

static int opened(struct crt_iobuf **out, struct crt_iobuf *f)
{
    *out = f;
    return f ? 0 : crt_get_errno();
}

int WINAPI ucrt_fopen_s(struct crt_iobuf **out, const char *path, const char *mode)
{
    if (!out || !path || !mode) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    return opened(out, msvcrt_fopen(path, mode));
}

int WINAPI ucrt__wfopen_s(struct crt_iobuf **out, const WCHAR *path, const WCHAR *mode)
{
    if (!out || !path || !mode) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    return opened(out, msvcrt__wfopen(path, mode));
}

/* *required is the size the value needs with its NUL (0 when the variable is not
   set); a buffer too small for it is left empty and ERANGE returned. */
int WINAPI ucrt_getenv_s(size_t *required, char *buf, size_t size, const char *name)
{
    if (!required) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    *required = 0;
    if (!name || !buf != !size) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    if (buf) buf[0] = 0;
    const char *value = msvcrt_getenv(name);
    if (!value) return 0;
    *required = strlen(value) + 1;
    if (!size) return 0;
    if (size < *required) return CRT_ERANGE;
    memcpy(buf, value, *required);
    return 0;
}

/* A malloc'd copy of the value, NULL when the variable is not set. */
int WINAPI ucrt__dupenv_s(char **out, size_t *size, const char *name)
{
    if (!out || !name) { ucrt_invalid_parameter(EINVAL); return EINVAL; }
    *out = NULL;
    if (size) *size = 0;
    const char *value = msvcrt_getenv(name);
    if (!value) return 0;
    size_t n = strlen(value) + 1;
    if (!(*out = msvcrt_malloc(n))) { crt_set_errno(ENOMEM); return ENOMEM; }
    memcpy(*out, value, n);
    if (size) *size = n;
    return 0;
}
