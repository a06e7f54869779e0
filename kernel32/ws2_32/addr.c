/* Addresses: Windows sockaddrs to Linux ones and back, byte order, and the text forms
   (inet_addr, inet_ntoa, inet_pton, inet_ntop and their wide InetPtonW/InetNtopW). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include "ws2.h"

int ws_family_in(int family)
{
    switch (family) {
    case WS_AF_UNSPEC: return AF_UNSPEC;
    case WS_AF_UNIX: return AF_UNIX;
    case WS_AF_INET: return AF_INET;
    case WS_AF_INET6: return AF_INET6;
    default: return -1;
    }
}

int ws_family_out(int family)
{
    switch (family) {
    case AF_UNIX: return WS_AF_UNIX;
    case AF_INET: return WS_AF_INET;
    case AF_INET6: return WS_AF_INET6;
    default: return WS_AF_UNSPEC;
    }
}

static int family_size(int family)
{
    switch (family) {
    case AF_INET: return sizeof(struct sockaddr_in);
    case AF_INET6: return sizeof(struct sockaddr_in6);
    case AF_UNIX: return sizeof(struct sockaddr_un);
    default: return -1;
    }
}

int ws_addr_in(const void *wsaddr, int len, struct sockaddr_storage *out, socklen_t *outlen)
{
    if (!wsaddr || len < (int)sizeof(USHORT)) return WSAEFAULT;
    int family = ws_family_in(*(const USHORT *)wsaddr);
    int size = family_size(family);
    if (size < 0) return WSAEAFNOSUPPORT;
    /* an AF_UNIX path may be shorter than the whole structure */
    if (family != AF_UNIX && len < size) return WSAEFAULT;
    if (len > (int)sizeof *out) len = sizeof *out;
    memset(out, 0, sizeof *out);
    memcpy(out, wsaddr, len);
    out->ss_family = family;
    *outlen = family == AF_UNIX ? (socklen_t)len : (socklen_t)size;
    return 0;
}

int ws_addr_out(const struct sockaddr_storage *addr, socklen_t alen, void *wsaddr, int *len)
{
    if (!wsaddr || !len) return WSAEFAULT;
    if (*len < (int)alen) return WSAEFAULT;
    memcpy(wsaddr, addr, alen);
    *(USHORT *)wsaddr = ws_family_out(addr->ss_family);
    *len = (int)alen;
    return 0;
}

/* ---- byte order ---- */

ULONG WINAPI ws_htonl(ULONG v) { return htonl(v); }
USHORT WINAPI ws_htons(USHORT v) { return htons(v); }
ULONG WINAPI ws_ntohl(ULONG v) { return ntohl(v); }
USHORT WINAPI ws_ntohs(USHORT v) { return ntohs(v); }

/* ---- text forms ---- */

/* The BSD forms (a.b.c.d, a.b.c, a.b, a; decimal, octal, hex), INADDR_NONE otherwise. */
ULONG WINAPI ws_inet_addr(const char *s)
{
    struct in_addr a;
    if (!s || !inet_aton(s, &a)) return INADDR_NONE;
    return a.s_addr;
}

/* Windows keeps the result in a per-thread buffer. */
char *WINAPI ws_inet_ntoa(struct in_addr a)
{
    static __thread char buf[16];
    const unsigned char *b = (const unsigned char *)&a.s_addr;
    snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

/* 1, 0 for text that is no address, or -1 with WSAEAFNOSUPPORT. */
int WINAPI ws_inet_pton(int family, const char *s, void *dst)
{
    int f = ws_family_in(family);
    if (f != AF_INET && f != AF_INET6) { nt_set_last_error(WSAEAFNOSUPPORT); return -1; }
    if (!s || !dst) { nt_set_last_error(WSAEFAULT); return -1; }
    return inet_pton(f, s, dst) == 1 ? 1 : 0;
}

const char *WINAPI ws_inet_ntop(int family, const void *src, char *buf, size_t size)
{
    int f = ws_family_in(family);
    if (f != AF_INET && f != AF_INET6) { nt_set_last_error(WSAEAFNOSUPPORT); return NULL; }
    if (!src || !buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    char tmp[INET6_ADDRSTRLEN];
    if (!inet_ntop(f, src, tmp, sizeof tmp)) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    if (strlen(tmp) >= size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    return strcpy(buf, tmp);
}

int WINAPI InetPtonW(int family, const WCHAR *s, void *dst)
{
    char narrow[64];
    size_t i = 0;
    if (!s) return ws_inet_pton(family, NULL, dst);
    /* addresses are ASCII; anything else, or text too long, is no address */
    for (; s[i] && i < sizeof narrow - 1 && s[i] < 0x80; i++) narrow[i] = (char)s[i];
    if (s[i]) i = 0;
    narrow[i] = 0;
    return ws_inet_pton(family, narrow, dst);
}

const WCHAR *WINAPI InetNtopW(int family, const void *src, WCHAR *buf, size_t size)
{
    char narrow[INET6_ADDRSTRLEN];
    if (!buf) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    if (!ws_inet_ntop(family, src, narrow, sizeof narrow)) return NULL;
    size_t n = strlen(narrow);
    if (n >= size) { nt_set_last_error(ERROR_INVALID_PARAMETER); return NULL; }
    for (size_t i = 0; i <= n; i++) buf[i] = (unsigned char)narrow[i];
    return buf;
}
