/*
 * reload: SIGHUP in the parent.
 *
 * Re-parse the configuration; a configuration that cannot be used (or
 * that changes what cannot change at a reload) keeps the running one,
 * with the diagnostics logged as "(file: Line N) ...".  Otherwise the
 * new one is swapped in, children that are now needed are started and
 * the running ones are told IPC_RELOAD (they re-read the same file).
 */
#ifndef VIGIL_RELOAD_H
#define VIGIL_RELOAD_H

#include <stdbool.h>

struct daemon;
struct conf;

/* 0 when the new configuration is in use, -1 when the old one stays. */
int	reload_run(struct daemon *);
/* Log and return false when next changes what a reload cannot. */
bool	reload_allowed(const struct conf *cur, const struct conf *next);

#endif
