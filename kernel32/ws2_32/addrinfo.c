/* Name resolution: getaddrinfo and GetAddrInfoW over the host's resolver, with the
   results rebuilt in Windows' ADDRINFO layout (the fields are in another order than
   glibc's, and the families differ); getnameinfo the other way. */
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include "ws2.h"

typedef struct ws_addrinfo {
    int ai_flags, ai_family, ai_socktype, ai_protocol;
    size_t ai_addrlen;
    char *ai_canonname;            /* WCHAR * in ADDRINFOW */
    void *ai_addr;
    struct ws_addrinfo *ai_next;
} WS_ADDRINFO;
_Static_assert(offsetof(WS_ADDRINFO, ai_canonname) == 24 && sizeof(WS_ADDRINFO) == 48, "ADDRINFOA layout");

#define WS_AI_PASSIVE     0x01
#define WS_AI_CANONNAME   0x02
#define WS_AI_NUMERICHOST 0x04
#define WS_AI_NUMERICSERV 0x08
#define WS_AI_ALL         0x0100
#define WS_AI_ADDRCONFIG  0x0400
#define WS_AI_V4MAPPED    0x0800

static const struct { int ws, host; } flag_map[] = {
    { WS_AI_PASSIVE, AI_PASSIVE }, { WS_AI_CANONNAME, AI_CANONNAME }, { WS_AI_NUMERICHOST, AI_NUMERICHOST },
    { WS_AI_NUMERICSERV, AI_NUMERICSERV }, { WS_AI_ALL, AI_ALL }, { WS_AI_ADDRCONFIG, AI_ADDRCONFIG },
    { WS_AI_V4MAPPED, AI_V4MAPPED },
};

static int gai_wsa(int r)
{
    switch (r) {
    case EAI_AGAIN: return WSATRY_AGAIN;
    case EAI_BADFLAGS: return WSAEINVAL;
    case EAI_FAIL: return WSANO_RECOVERY;
    case EAI_FAMILY: return WSAEAFNOSUPPORT;
    case EAI_MEMORY: return WSA_NOT_ENOUGH_MEMORY;
    case EAI_SERVICE: return WSATYPE_NOT_FOUND;
    case EAI_SOCKTYPE: return WSAESOCKTNOSUPPORT;
#ifdef EAI_NODATA
    case EAI_NODATA: return WSANO_DATA;
#endif
    default: return WSAHOST_NOT_FOUND;
    }
}

void WINAPI ws_freeaddrinfo(WS_ADDRINFO *ai)
{
    while (ai) {
        WS_ADDRINFO *next = ai->ai_next;
        free(ai);   /* each node is one block with its address and name */
        ai = next;
    }
}

void WINAPI FreeAddrInfoW(WS_ADDRINFO *ai) { ws_freeaddrinfo(ai); }

/* The canonical name goes after the address, narrow or as UTF-16 for the wide form. */
static WS_ADDRINFO *convert(const struct addrinfo *res, bool wide, int *err)
{
    WS_ADDRINFO *head = NULL, **tail = &head;
    for (const struct addrinfo *r = res; r; r = r->ai_next) {
        if (r->ai_family != AF_INET && r->ai_family != AF_INET6) continue;
        size_t name = r->ai_canonname ? strlen(r->ai_canonname) + 1 : 0;
        WS_ADDRINFO *n = calloc(1, sizeof *n + sizeof(struct sockaddr_storage) + name * (wide ? 2 : 1));
        if (!n) { ws_freeaddrinfo(head); *err = WSA_NOT_ENOUGH_MEMORY; return NULL; }
        n->ai_family = ws_family_out(r->ai_family);
        n->ai_socktype = r->ai_socktype;
        n->ai_protocol = r->ai_protocol;
        n->ai_addr = n + 1;
        int len = sizeof(struct sockaddr_storage);
        ws_addr_out((const struct sockaddr_storage *)r->ai_addr, r->ai_addrlen, n->ai_addr, &len);
        n->ai_addrlen = len;
        if (name) {
            char *p = (char *)(n + 1) + sizeof(struct sockaddr_storage);
            n->ai_canonname = p;
            if (!wide) memcpy(p, r->ai_canonname, name);
            else for (size_t i = 0; i < name; i++) ((WCHAR *)p)[i] = (unsigned char)r->ai_canonname[i];
        }
        *tail = n;
        tail = &n->ai_next;
    }
    if (!head) *err = WSAHOST_NOT_FOUND;
    return head;
}

static int resolve(const char *node, const char *service, const WS_ADDRINFO *hints, WS_ADDRINFO **out, bool wide)
{
    struct addrinfo h = { 0 }, *res;
    if (!out || (!node && !service)) return ws_fail(WSAHOST_NOT_FOUND), WSAHOST_NOT_FOUND;
    *out = NULL;
    if (hints) {
        int family = ws_family_in(hints->ai_family);
        if (family < 0 || family == AF_UNIX) { nt_set_last_error(WSAEAFNOSUPPORT); return WSAEAFNOSUPPORT; }
        h.ai_family = family;
        h.ai_socktype = hints->ai_socktype;
        h.ai_protocol = hints->ai_protocol;
        int rest = hints->ai_flags;
        for (size_t i = 0; i < sizeof flag_map / sizeof *flag_map; i++)
            if (rest & flag_map[i].ws) { h.ai_flags |= flag_map[i].host; rest &= ~flag_map[i].ws; }
        if (rest & ~0xff000) { nt_set_last_error(WSAEINVAL); return WSAEINVAL; }
        /* a canonical name needs a name to start from */
        if ((hints->ai_flags & WS_AI_CANONNAME) && !node) { nt_set_last_error(WSAHOST_NOT_FOUND); return WSAHOST_NOT_FOUND; }
    }
    int r = getaddrinfo(node && *node ? node : NULL, service, &h, &res);
    int err = 0;
    if (r) err = gai_wsa(r);
    else {
        *out = convert(res, wide, &err);
        freeaddrinfo(res);
    }
    if (err) nt_set_last_error(err);
    return err;
}

int WINAPI ws_getaddrinfo(const char *node, const char *service, const WS_ADDRINFO *hints, WS_ADDRINFO **out)
{
    return resolve(node, service, hints, out, false);
}

/* Host names and services are ASCII or punycode by the time they reach a resolver. */
static char *narrow(const WCHAR *w, bool *bad)
{
    if (!w) return NULL;
    size_t n = 0;
    while (w[n]) n++;
    char *s = malloc(n + 1);
    if (!s) { *bad = true; return NULL; }
    for (size_t i = 0; i <= n; i++) {
        if (w[i] > 0x7f) *bad = true;
        s[i] = (char)w[i];
    }
    return s;
}

int WINAPI GetAddrInfoW(const WCHAR *node, const WCHAR *service, const WS_ADDRINFO *hints, WS_ADDRINFO **out)
{
    bool bad = false;
    char *n = narrow(node, &bad), *s = narrow(service, &bad);
    int err;
    if (bad) { if (out) *out = NULL; nt_set_last_error(WSAHOST_NOT_FOUND); err = WSAHOST_NOT_FOUND; }
    else err = resolve(n, s, hints, out, true);
    free(n);
    free(s);
    return err;
}

#define WS_NI_NOFQDN 0x01
#define WS_NI_NUMERICHOST 0x02
#define WS_NI_NAMEREQD 0x04
#define WS_NI_NUMERICSERV 0x08
#define WS_NI_DGRAM 0x10

int WINAPI ws_getnameinfo(const void *addr, int alen, char *host, DWORD hostlen, char *serv, DWORD servlen, int flags)
{
    struct sockaddr_storage ss;
    socklen_t sl;
    int err = ws_addr_in(addr, alen, &ss, &sl);
    if (!err && ss.ss_family != AF_INET && ss.ss_family != AF_INET6) err = WSAEAFNOSUPPORT;
    if (!err && !host && !serv) err = WSAHOST_NOT_FOUND;
    if (err) { nt_set_last_error(err); return err; }
    int hf = 0;
    if (flags & WS_NI_NOFQDN) hf |= NI_NOFQDN;
    if (flags & WS_NI_NUMERICHOST) hf |= NI_NUMERICHOST;
    if (flags & WS_NI_NAMEREQD) hf |= NI_NAMEREQD;
    if (flags & WS_NI_NUMERICSERV) hf |= NI_NUMERICSERV;
    if (flags & WS_NI_DGRAM) hf |= NI_DGRAM;
    int r = getnameinfo((struct sockaddr *)&ss, sl, host, host ? hostlen : 0, serv, serv ? servlen : 0, hf);
    if (r == EAI_OVERFLOW) err = WSAEFAULT;
    else if (r) err = gai_wsa(r);
    if (err) nt_set_last_error(err);
    return err;
}
