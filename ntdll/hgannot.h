/* Happens-before marks for helgrind, so that it follows winlet's own futex-based locks
   (critical sections, SRW locks, one-time initialisation, WaitOnAddress, suspending a
   thread to read or set its registers) as it follows pthread's: built in with
   ./configure --enable-helgrind (valgrind's headers needed), nothing otherwise. */
#ifndef NTDLL_HGANNOT_H
#define NTDLL_HGANNOT_H

#ifdef WINLET_HELGRIND
#include <valgrind/helgrind.h>
#define HG_RELEASE(obj) ANNOTATE_HAPPENS_BEFORE(obj)
#define HG_ACQUIRE(obj) ANNOTATE_HAPPENS_AFTER(obj)
/* a field only ever accessed with atomics, which helgrind does not model */
#define HG_ATOMIC_FIELD(p) VALGRIND_HG_DISABLE_CHECKING((p), sizeof *(p))
#define HG_TRACK(p) VALGRIND_HG_ENABLE_CHECKING((p), sizeof *(p))
#else
#define HG_RELEASE(obj) ((void)(obj))
#define HG_ACQUIRE(obj) ((void)(obj))
#define HG_ATOMIC_FIELD(p) ((void)(p))
#define HG_TRACK(p) ((void)(p))
#endif

#endif
