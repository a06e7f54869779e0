/* WSAAddressToString and WSAStringToAddress: a sockaddr as text and back, with the
   port and IPv6 scope Windows writes: "1.2.3.4:80", "[fe80::1%2]:80", "::1". The
   protocol-information argument chooses a provider, which there is only one of. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ws2.h"

/* The text of a Windows sockaddr; 0 or a WSA error. */
static int address_text(const void *sa, DWORD len, char *out, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    char host[INET6_ADDRSTRLEN];
    if (!sa) return WSAEFAULT;
    int err = ws_addr_in(sa, (int)len, &ss, &sl);
    if (err == WSAEAFNOSUPPORT) return WSAEINVAL;
    if (err) return err;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        if (in->sin_port) snprintf(out, size, "%s:%u", host, ntohs(in->sin_port));
        else snprintf(out, size, "%s", host);
        return 0;
    }
    if (ss.ss_family != AF_INET6) return WSAEINVAL;
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
    char scoped[INET6_ADDRSTRLEN + 12];
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    if (in6->sin6_scope_id) snprintf(scoped, sizeof scoped, "%s%%%u", host, in6->sin6_scope_id);
    else snprintf(scoped, sizeof scoped, "%s", host);
    if (in6->sin6_port) snprintf(out, size, "[%s]:%u", scoped, ntohs(in6->sin6_port));
    else snprintf(out, size, "%s", scoped);
    return 0;
}

/* *outlen: the room in characters, then the length with its terminator (also when
   the room is too small: WSAEFAULT). */
static int address_to_string(const void *sa, DWORD len, void *out, DWORD *outlen, bool wide)
{
    char text[80];
    int err = address_text(sa, len, text, sizeof text);
    if (!err && !outlen) err = WSAEFAULT;
    if (err) return ws_fail(err);
    DWORD need = (DWORD)strlen(text) + 1;
    if (!out || *outlen < need) { *outlen = need; return ws_fail(WSAEFAULT); }
    if (wide) for (DWORD i = 0; i < need; i++) ((WCHAR *)out)[i] = (unsigned char)text[i];
    else memcpy(out, text, need);
    *outlen = need;
    return 0;
}

int WINAPI WSAAddressToStringA(const void *sa, DWORD len, void *info, char *out, DWORD *outlen)
{
    (void)info;
    return address_to_string(sa, len, out, outlen, false);
}

int WINAPI WSAAddressToStringW(const void *sa, DWORD len, void *info, WCHAR *out, DWORD *outlen)
{
    (void)info;
    return address_to_string(sa, len, out, outlen, true);
}

/* A decimal port after the address: ":80"; false for anything else. */
static bool parse_port(const char *s, USHORT *port)
{
    char *end;
    if (*s != ':' || s[1] < '0' || s[1] > '9') return false;
    unsigned long v = strtoul(s + 1, &end, 10);
    if (*end || v > 65535) return false;
    *port = htons((USHORT)v);
    return true;
}

static int parse_ipv4(const char *s, struct sockaddr_in *in)
{
    char host[64];
    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    if (n >= sizeof host) return WSAEINVAL;
    memcpy(host, s, n);
    host[n] = 0;
    /* the short and octal or hex forms count, as inet_addr takes them */
    if (!inet_aton(host, &in->sin_addr) || (colon && !parse_port(colon, &in->sin_port))) return WSAEINVAL;
    in->sin_family = WS_AF_INET;
    return 0;
}

static int parse_ipv6(const char *s, struct sockaddr_in6 *in6)
{
    char host[80];
    const char *end;
    if (*s == '[') {
        end = strchr(s, ']');
        if (!end || (end[1] && !parse_port(end + 1, &in6->sin6_port))) return WSAEINVAL;
        s++;
    } else end = s + strlen(s);
    if ((size_t)(end - s) >= sizeof host) return WSAEINVAL;
    memcpy(host, s, end - s);
    host[end - s] = 0;
    char *pct = strchr(host, '%');
    if (pct) {
        char *stop;
        *pct = 0;
        unsigned long scope = strtoul(pct + 1, &stop, 10);
        if (!pct[1] || *stop) return WSAEINVAL;
        in6->sin6_scope_id = (ULONG)scope;
    }
    if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1) return WSAEINVAL;
    in6->sin6_family = WS_AF_INET6;
    return 0;
}

static int string_to_address(const char *s, int family, void *out, int *outlen)
{
    int need = family == WS_AF_INET ? (int)sizeof(struct sockaddr_in)
             : family == WS_AF_INET6 ? (int)sizeof(struct sockaddr_in6) : 0;
    if (!need || !s) return ws_fail(WSAEINVAL);
    if (!outlen) return ws_fail(WSAEFAULT);
    if (!out || *outlen < need) { *outlen = need; return ws_fail(WSAEFAULT); }
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    int err = family == WS_AF_INET ? parse_ipv4(s, (struct sockaddr_in *)&ss) : parse_ipv6(s, (struct sockaddr_in6 *)&ss);
    if (err) return ws_fail(err);
    memset(out, 0, need);
    memcpy(out, &ss, need);
    *outlen = need;
    return 0;
}

int WINAPI WSAStringToAddressA(const char *s, int family, void *info, void *out, int *outlen)
{
    (void)info;
    return string_to_address(s, family, out, outlen);
}

/* Addresses are ASCII: any other character makes the text no address. */
int WINAPI WSAStringToAddressW(const WCHAR *s, int family, void *info, void *out, int *outlen)
{
    char narrow[128];
    size_t i = 0;
    (void)info;
    if (!s) return string_to_address(NULL, family, out, outlen);
    for (; s[i] && i < sizeof narrow - 1; i++) {
        if (s[i] > 0x7f) return ws_fail(WSAEINVAL);
        narrow[i] = (char)s[i];
    }
    if (s[i]) return ws_fail(WSAEINVAL);
    narrow[i] = 0;
    return string_to_address(narrow, family, out, outlen);
}
