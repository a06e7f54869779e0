/* The Unicorn engine, loaded on first use instead of linked (see unicorn_dl.c). */
#ifndef VM_UNICORN_DL_H
#define VM_UNICORN_DL_H

#include <stddef.h>
#include <unicorn/unicorn.h>

/* The entry points the software backend uses, typed from Unicorn's own header. */
struct unicorn {
    __typeof__(uc_open) *open;
    __typeof__(uc_close) *close;
    __typeof__(uc_strerror) *strerror;
    __typeof__(uc_reg_read) *reg_read;
    __typeof__(uc_reg_write) *reg_write;
    __typeof__(uc_mem_map_ptr) *mem_map_ptr;
    __typeof__(uc_mem_read) *mem_read;
    __typeof__(uc_hook_add) *hook_add;
    __typeof__(uc_emu_start) *emu_start;
    __typeof__(uc_emu_stop) *emu_stop;
};

/* Unicorn's entry points, loading the library the first time; NULL with the reason in
   err when it cannot be loaded. Safe to call from several threads. */
const struct unicorn *unicorn_load(char *err, size_t errlen);

#endif
