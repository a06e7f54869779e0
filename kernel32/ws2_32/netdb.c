/* The netdb lookups of Winsock 1: gethostbyname and gethostbyaddr, getservbyname and
   getservbyport, getprotobyname and getprotobynumber, over the host's resolver and its
   services and protocols databases.

   As on Windows each thread has one result of each kind (hosts, services, protocols):
   a call overwrites what the thread's previous call of the same kind returned. The
   structures are Win64's: HOSTENT's lengths are shorts, SERVENT has s_proto before
   s_port. A failure returns NULL with the WSA error (WSAHOST_NOT_FOUND, WSANO_DATA…). */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ws2.h"

typedef struct { char *h_name; char **h_aliases; short h_addrtype, h_length; char **h_addr_list; } WS_HOSTENT;
typedef struct { char *s_name; char **s_aliases; char *s_proto; short s_port; } WS_SERVENT;
typedef struct { char *p_name; char **p_aliases; short p_proto; } WS_PROTOENT;
_Static_assert(offsetof(WS_HOSTENT, h_addrtype) == 16 && offsetof(WS_HOSTENT, h_addr_list) == 24, "HOSTENT");
_Static_assert(offsetof(WS_SERVENT, s_proto) == 16 && offsetof(WS_SERVENT, s_port) == 24, "SERVENT on Win64");
_Static_assert(offsetof(WS_PROTOENT, p_proto) == 16 && sizeof(WS_PROTOENT) == 24, "PROTOENT");

/* Windows' per-thread areas are this size too (MAXGETHOSTSTRUCT). */
#define RESULT_SIZE 1024

struct area { char *base; size_t used; bool full; };

static void *take(struct area *a, size_t n, size_t align)
{
    size_t at = (a->used + align - 1) & ~(align - 1);
    if (a->full || at + n > RESULT_SIZE) { a->full = true; return NULL; }
    a->used = at + n;
    return a->base + at;
}

static char *copy_string(struct area *a, const char *s)
{
    char *p = take(a, strlen(s) + 1, 1);
    return p ? strcpy(p, s) : NULL;
}

/* A NULL-ended list of copies of items (each len bytes, or strings when len is 0). */
static char **copy_list(struct area *a, char *const *items, size_t len)
{
    size_t n = 0;
    while (items && items[n]) n++;
    char **list = take(a, (n + 1) * sizeof *list, sizeof *list);
    if (!list) return NULL;
    for (size_t i = 0; i < n; i++) {
        list[i] = len ? take(a, len, 4) : copy_string(a, items[i]);
        if (!list[i]) return NULL;
        if (len) memcpy(list[i], items[i], len);
    }
    list[n] = NULL;
    return list;
}

static void *lookup_failed(int wsa)
{
    nt_set_last_error((DWORD)wsa);
    return NULL;
}

static int herror_wsa(int err)
{
    switch (err) {
    case TRY_AGAIN: return WSATRY_AGAIN;
    case NO_RECOVERY: return WSANO_RECOVERY;
    case NO_DATA: return WSANO_DATA;
    default: return WSAHOST_NOT_FOUND;
    }
}

/* ---- hosts ---- */

static __thread union { WS_HOSTENT h; char raw[RESULT_SIZE]; } host_result;

static WS_HOSTENT *host_out(const struct hostent *he)
{
    struct area a = { host_result.raw, sizeof(WS_HOSTENT), false };
    WS_HOSTENT *h = &host_result.h;
    int family = ws_family_out(he->h_addrtype);
    if (family == WS_AF_UNSPEC) return lookup_failed(WSANO_DATA);
    h->h_name = copy_string(&a, he->h_name);
    h->h_aliases = copy_list(&a, he->h_aliases, 0);
    h->h_addrtype = (short)family;
    h->h_length = (short)he->h_length;
    h->h_addr_list = copy_list(&a, he->h_addr_list, he->h_length);
    return a.full ? lookup_failed(WSAENOBUFS) : h;
}

/* NULL or "" is this machine, as gethostname names it; a dotted address is taken as
   it is, without a lookup. IPv4 only, as on Windows. */
WS_HOSTENT *WINAPI ws_gethostbyname(const char *name)
{
    char local[256], buf[8192];
    struct hostent he, *res = NULL;
    struct in_addr addr;
    int herr = 0;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    if (!name || !*name) {
        if (gethostname(local, sizeof local)) return lookup_failed(WSAHOST_NOT_FOUND);
        local[sizeof local - 1] = 0;
        name = local;
    }
    if (inet_pton(AF_INET, name, &addr) == 1) {
        char *addrs[2] = { (char *)&addr, NULL }, *aliases[1] = { NULL };
        he = (struct hostent){ (char *)name, aliases, AF_INET, sizeof addr, addrs };
        return host_out(&he);
    }
    if (gethostbyname2_r(name, AF_INET, &he, buf, sizeof buf, &res, &herr) || !res) return lookup_failed(herror_wsa(herr));
    return host_out(res);
}

WS_HOSTENT *WINAPI ws_gethostbyaddr(const char *addr, int len, int type)
{
    char buf[8192];
    struct hostent he, *res = NULL;
    int herr = 0;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    int family = ws_family_in(type), need = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
    if (!need) return lookup_failed(WSAEAFNOSUPPORT);
    if (!addr || len < need) return lookup_failed(WSAEFAULT);
    if (gethostbyaddr_r(addr, need, family, &he, buf, sizeof buf, &res, &herr) || !res)
        return lookup_failed(herror_wsa(herr));
    return host_out(res);
}

/* ---- services ---- */

static __thread union { WS_SERVENT s; char raw[RESULT_SIZE]; } serv_result;

static WS_SERVENT *serv_out(const struct servent *se)
{
    struct area a = { serv_result.raw, sizeof(WS_SERVENT), false };
    WS_SERVENT *s = &serv_result.s;
    s->s_name = copy_string(&a, se->s_name);
    s->s_aliases = copy_list(&a, se->s_aliases, 0);
    s->s_proto = copy_string(&a, se->s_proto);
    s->s_port = (short)se->s_port;   /* network order, both sides */
    return a.full ? lookup_failed(WSAENOBUFS) : s;
}

/* proto NULL matches any protocol. */
WS_SERVENT *WINAPI ws_getservbyname(const char *name, const char *proto)
{
    char buf[4096];
    struct servent se, *res = NULL;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    if (!name) return lookup_failed(WSANO_DATA);
    if (getservbyname_r(name, proto, &se, buf, sizeof buf, &res) || !res) return lookup_failed(WSANO_DATA);
    return serv_out(res);
}

/* port in network byte order. */
WS_SERVENT *WINAPI ws_getservbyport(int port, const char *proto)
{
    char buf[4096];
    struct servent se, *res = NULL;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    if (getservbyport_r(port, proto, &se, buf, sizeof buf, &res) || !res) return lookup_failed(WSANO_DATA);
    return serv_out(res);
}

/* ---- protocols ---- */

static __thread union { WS_PROTOENT p; char raw[RESULT_SIZE]; } proto_result;

static WS_PROTOENT *proto_out(const struct protoent *pe)
{
    struct area a = { proto_result.raw, sizeof(WS_PROTOENT), false };
    WS_PROTOENT *p = &proto_result.p;
    p->p_name = copy_string(&a, pe->p_name);
    p->p_aliases = copy_list(&a, pe->p_aliases, 0);
    p->p_proto = (short)pe->p_proto;
    return a.full ? lookup_failed(WSAENOBUFS) : p;
}

WS_PROTOENT *WINAPI ws_getprotobyname(const char *name)
{
    char buf[2048];
    struct protoent pe, *res = NULL;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    if (!name) return lookup_failed(WSANO_DATA);
    if (getprotobyname_r(name, &pe, buf, sizeof buf, &res) || !res) return lookup_failed(WSANO_DATA);
    return proto_out(res);
}

WS_PROTOENT *WINAPI ws_getprotobynumber(int number)
{
    char buf[2048];
    struct protoent pe, *res = NULL;
    if (!ws_started()) return lookup_failed(WSANOTINITIALISED);
    if (getprotobynumber_r(number, &pe, buf, sizeof buf, &res) || !res) return lookup_failed(WSANO_DATA);
    return proto_out(res);
}
