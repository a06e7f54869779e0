#ifndef LOADER_PROCESS_H
#define LOADER_PROCESS_H
/* Sets up the Windows process (PEB, TEB, parameters, prefix), loads the program and
   runs it; returns only on failure, with winlet's exit status. */
int wl_run_process(const char *unix_path, int argc, char **argv);
#endif
