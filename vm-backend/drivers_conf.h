/* The drivers a winlet process loads (drivers_conf.c). */
#ifndef VM_DRIVERS_CONF_H
#define VM_DRIVERS_CONF_H

/* --driver NAME=PATH; -1 after a message when malformed */
int vm_driver_option(const char *spec);
/* Loads the --driver ones, then those in PREFIX/drivers.conf. */
void vm_drivers_load_configured(const char *prefix);

#endif
