/* TEB, PEB, process parameters and loader data, laid out exactly as Windows 10 x64 does:
   programs and their runtimes read these directly through gs:. Fields winlet does not
   use are kept as opaque padding so the offsets of those it does are exact. */
#ifndef WINLET_TEB_H
#define WINLET_TEB_H

#include "winlet/windef.h"

typedef struct LIST_ENTRY { struct LIST_ENTRY *Flink, *Blink; } LIST_ENTRY;

typedef struct {
    USHORT Length, MaximumLength;   /* in bytes, not counting a terminator */
    WCHAR *Buffer;
} UNICODE_STRING;

typedef struct {
    USHORT Length, MaximumLength;
    char *Buffer;
} ANSI_STRING;

typedef struct { HANDLE UniqueProcess, UniqueThread; } CLIENT_ID;

typedef struct {
    UNICODE_STRING DosPath;
    HANDLE Handle;
} CURDIR;

typedef struct {
    ULONG MaximumLength, Length, Flags, DebugFlags;
    HANDLE ConsoleHandle;
    ULONG ConsoleFlags;
    HANDLE StandardInput, StandardOutput, StandardError;
    CURDIR CurrentDirectory;
    UNICODE_STRING DllPath, ImagePathName, CommandLine;
    WCHAR *Environment;
    ULONG StartingX, StartingY, CountX, CountY, CountCharsX, CountCharsY,
          FillAttribute, WindowFlags, ShowWindowFlags;
    UNICODE_STRING WindowTitle, DesktopInfo, ShellInfo, RuntimeData;
    BYTE CurrentDirectories[32 * 0x18];
    SIZE_T EnvironmentSize, EnvironmentVersion;
    PVOID PackageDependencyData;
    ULONG ProcessGroupId, LoaderThreads;
} RTL_USER_PROCESS_PARAMETERS;

typedef struct {
    ULONG Length;
    BOOLEAN Initialized;
    HANDLE SsHandle;
    LIST_ENTRY InLoadOrderModuleList, InMemoryOrderModuleList, InInitializationOrderModuleList;
    PVOID EntryInProgress;
    BOOLEAN ShutdownInProgress;
    HANDLE ShutdownThreadId;
} PEB_LDR_DATA;

typedef struct {
    LIST_ENTRY InLoadOrderLinks, InMemoryOrderLinks, InInitializationOrderLinks;
    PVOID DllBase, EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName, BaseDllName;
    ULONG Flags;
    USHORT ObsoleteLoadCount, TlsIndex;
    LIST_ENTRY HashLinks;
    ULONG TimeDateStamp;
    BYTE reserved[0x120 - 0x84];
} LDR_DATA_TABLE_ENTRY;

/* LDR_DATA_TABLE_ENTRY.Flags bits that programs test */
#define LDRP_IMAGE_DLL 0x00000004
#define LDRP_ENTRY_PROCESSED 0x00004000
#define LDRP_PROCESS_ATTACH_CALLED 0x00080000

typedef struct {
    BOOLEAN InheritedAddressSpace, ReadImageFileExecOptions, BeingDebugged, BitField;
    HANDLE Mutant;
    PVOID ImageBaseAddress;
    PEB_LDR_DATA *Ldr;
    RTL_USER_PROCESS_PARAMETERS *ProcessParameters;
    PVOID SubSystemData, ProcessHeap;
    PVOID FastPebLock;
    BYTE reserved1[0xb8 - 0x40];
    ULONG NumberOfProcessors, NtGlobalFlag;
    LARGE_INTEGER CriticalSectionTimeout;
    SIZE_T HeapSegmentReserve, HeapSegmentCommit, HeapDeCommitTotalFreeThreshold,
           HeapDeCommitFreeBlockThreshold;
    ULONG NumberOfHeaps, MaximumNumberOfHeaps;
    PVOID *ProcessHeaps;
    BYTE reserved2[0x110 - 0xf8];
    PVOID LoaderLock;
    ULONG OSMajorVersion, OSMinorVersion;
    USHORT OSBuildNumber, OSCSDVersion;
    ULONG OSPlatformId, ImageSubsystem, ImageSubsystemMajorVersion, ImageSubsystemMinorVersion;
    ULONG_PTR ActiveProcessAffinityMask;
    BYTE reserved3[0x2c0 - 0x140];
    ULONG SessionId;
    BYTE reserved4[0x7c8 - 0x2c4];
} PEB;

typedef struct {
    PVOID ExceptionList, StackBase, StackLimit, SubSystemTib, FiberData, ArbitraryUserPointer;
    struct TEB *Self;
} NT_TIB;

typedef struct TEB {
    NT_TIB Tib;
    PVOID EnvironmentPointer;
    CLIENT_ID ClientId;
    PVOID ActiveRpcHandle;
    PVOID *ThreadLocalStoragePointer;
    PEB *ProcessEnvironmentBlock;
    ULONG LastErrorValue, CountOfOwnedCriticalSections;
    BYTE reserved1[0x108 - 0x70];
    ULONG CurrentLocale, FpSoftwareStatusRegister;
    BYTE reserved2[0x2c0 - 0x110];
    LONG ExceptionCode;
    BYTE reserved3[0x1250 - 0x2c4];
    ULONG LastStatusValue;
    UNICODE_STRING StaticUnicodeString;
    WCHAR StaticUnicodeBuffer[261];
    PVOID DeallocationStack;
    PVOID TlsSlots[64];
    LIST_ENTRY TlsLinks;
    BYTE reserved4[0x1748 - 0x1690];
    ULONG GuaranteedStackBytes;
    BYTE reserved5[0x1780 - 0x174c];
    PVOID *TlsExpansionSlots;
    BYTE reserved6[0x17c8 - 0x1788];
    PVOID FlsData;
    BYTE reserved7[0x1838 - 0x17d0];
} TEB;

#define WL_OFFSET(t, f, o) _Static_assert(__builtin_offsetof(t, f) == (o), #t "." #f)
WL_OFFSET(TEB, Tib.Self, 0x30);
WL_OFFSET(TEB, ClientId, 0x40);
WL_OFFSET(TEB, ThreadLocalStoragePointer, 0x58);
WL_OFFSET(TEB, ProcessEnvironmentBlock, 0x60);
WL_OFFSET(TEB, LastErrorValue, 0x68);
WL_OFFSET(TEB, CurrentLocale, 0x108);
WL_OFFSET(TEB, ExceptionCode, 0x2c0);
WL_OFFSET(TEB, LastStatusValue, 0x1250);
WL_OFFSET(TEB, StaticUnicodeString, 0x1258);
WL_OFFSET(TEB, StaticUnicodeBuffer, 0x1268);
WL_OFFSET(TEB, DeallocationStack, 0x1478);
WL_OFFSET(TEB, TlsSlots, 0x1480);
WL_OFFSET(TEB, TlsLinks, 0x1680);
WL_OFFSET(TEB, GuaranteedStackBytes, 0x1748);
WL_OFFSET(TEB, TlsExpansionSlots, 0x1780);
WL_OFFSET(TEB, FlsData, 0x17c8);
_Static_assert(sizeof(TEB) == 0x1838, "TEB size");
WL_OFFSET(PEB, BeingDebugged, 0x02);
WL_OFFSET(PEB, ImageBaseAddress, 0x10);
WL_OFFSET(PEB, Ldr, 0x18);
WL_OFFSET(PEB, ProcessParameters, 0x20);
WL_OFFSET(PEB, ProcessHeap, 0x30);
WL_OFFSET(PEB, NumberOfProcessors, 0xb8);
WL_OFFSET(PEB, CriticalSectionTimeout, 0xc0);
WL_OFFSET(PEB, NumberOfHeaps, 0xe8);
WL_OFFSET(PEB, ProcessHeaps, 0xf0);
WL_OFFSET(PEB, LoaderLock, 0x110);
WL_OFFSET(PEB, OSMajorVersion, 0x118);
WL_OFFSET(PEB, OSBuildNumber, 0x120);
WL_OFFSET(PEB, ImageSubsystem, 0x128);
WL_OFFSET(PEB, SessionId, 0x2c0);
WL_OFFSET(PEB_LDR_DATA, InLoadOrderModuleList, 0x10);
WL_OFFSET(PEB_LDR_DATA, InMemoryOrderModuleList, 0x20);
WL_OFFSET(PEB_LDR_DATA, InInitializationOrderModuleList, 0x30);
_Static_assert(sizeof(PEB_LDR_DATA) == 0x58, "PEB_LDR_DATA size");
WL_OFFSET(LDR_DATA_TABLE_ENTRY, DllBase, 0x30);
WL_OFFSET(LDR_DATA_TABLE_ENTRY, FullDllName, 0x48);
WL_OFFSET(LDR_DATA_TABLE_ENTRY, BaseDllName, 0x58);
WL_OFFSET(LDR_DATA_TABLE_ENTRY, Flags, 0x68);
WL_OFFSET(LDR_DATA_TABLE_ENTRY, TlsIndex, 0x6e);
WL_OFFSET(LDR_DATA_TABLE_ENTRY, TimeDateStamp, 0x80);
_Static_assert(sizeof(LDR_DATA_TABLE_ENTRY) == 0x120, "LDR entry size");
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, StandardInput, 0x20);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, CurrentDirectory, 0x38);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, DllPath, 0x50);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, ImagePathName, 0x60);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, CommandLine, 0x70);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, Environment, 0x80);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, WindowTitle, 0xb0);
WL_OFFSET(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize, 0x3f0);

/* The running thread's TEB: gs:[0x30] is its self pointer. */
static inline TEB *NtCurrentTeb(void)
{
    TEB *teb;
    __asm__("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
}

#endif
