/* The per-prefix runtime directory: where processes of one prefix share named objects,
   named pipes and the process registry (DESIGN decision 5: Linux primitives, no
   server). /dev/shm/winlet-UID-HASH, HASH naming the prefix's real path. */
#ifndef NTDLL_RUNDIR_H
#define NTDLL_RUNDIR_H

/* The directory (created on first use, mode 0700), or NULL when it cannot be made. */
const char *nt_rundir(void);
/* A path under it: nt_rundir()/sub/name, malloc'd, or NULL. */
char *nt_rundir_path(const char *sub, const char *name);
/* Serialises name creation and removal among all processes of the prefix: a flock on
   a file in the directory, released by the kernel if its holder dies. */
void nt_rundir_lock(void);
void nt_rundir_unlock(void);
/* Removes the directory when nothing is left in it (the last process to leave). */
void nt_rundir_cleanup(void);

#endif
