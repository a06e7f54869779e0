/* Built with the same preferred base as reloc.exe, so it cannot load there. Its
   pointers must be relocated to work. */
static int value = 77;
static int *pointer = &value;
static const char *strings[] = { "relocated", "pointers" };

__declspec(dllexport) int read_through_pointer(void) { return *pointer; }
__declspec(dllexport) const char *string_at(int i) { return strings[i]; }
