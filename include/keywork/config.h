/*
 * config.h: the user's settings file, $XDG_CONFIG_HOME/keywork/keywork.conf.
 *
 * One setting a line, "name = value"; blank lines and lines starting with '#'
 * are ignored. Settings:
 *   discreet = yes|no     start in discreet mode (references, not names, in lists)
 *   idle-lock = SECONDS   lock after this long without a key (0: never);
 *                         $KEYWORK_IDLE_LOCK, when set, wins
 *   capacity = N          how many women a keyworker holds when a manager has not
 *                         set her own (keywork user capacity); 40 if not said
 * A missing file is no error; an unknown setting or a bad value is, located
 * as file:line.
 */
#ifndef KEYWORK_CONFIG_H
#define KEYWORK_CONFIG_H

#include <stdbool.h>

#include "keywork/err.h"

struct kw_config {
	bool discreet;
	long idle_lock; /* seconds; -1 when the file does not say */
	long capacity;	/* a keyworker's default capacity; -1 when the file does not say */
};

/* Reads path (NULL: the default file) into *out (defaults first). Returns 0 or -1. */
int kw_config_load(const char *path, struct kw_config *out, struct kw_err *err);

#endif
