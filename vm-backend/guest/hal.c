/* HAL port I/O. x64 headers compile these inline to in/out instructions; drivers that
   import them get the same instructions here. Either way the port belongs to one of
   the host's virtual devices, never to real hardware. */
#include "rt.h"

KAPI UCHAR READ_PORT_UCHAR(UCHAR *port)
{ UCHAR v; __asm__ volatile("inb %w1, %0" : "=a"(v) : "Nd"((USHORT)(ULONGLONG)port)); return v; }
EXPORT(READ_PORT_UCHAR);
KAPI USHORT READ_PORT_USHORT(USHORT *port)
{ USHORT v; __asm__ volatile("inw %w1, %0" : "=a"(v) : "Nd"((USHORT)(ULONGLONG)port)); return v; }
EXPORT(READ_PORT_USHORT);
KAPI ULONG READ_PORT_ULONG(ULONG *port)
{ ULONG v; __asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"((USHORT)(ULONGLONG)port)); return v; }
EXPORT(READ_PORT_ULONG);
KAPI void WRITE_PORT_UCHAR(UCHAR *port, UCHAR v)
{ __asm__ volatile("outb %0, %w1" : : "a"(v), "Nd"((USHORT)(ULONGLONG)port)); }
EXPORT(WRITE_PORT_UCHAR);
KAPI void WRITE_PORT_USHORT(USHORT *port, USHORT v)
{ __asm__ volatile("outw %0, %w1" : : "a"(v), "Nd"((USHORT)(ULONGLONG)port)); }
EXPORT(WRITE_PORT_USHORT);
KAPI void WRITE_PORT_ULONG(ULONG *port, ULONG v)
{ __asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"((USHORT)(ULONGLONG)port)); }
EXPORT(WRITE_PORT_ULONG);
