/* ui.h: the terminal application (src/ui/), as the command line starts it. */
#ifndef KEYWORK_UI_H
#define KEYWORK_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "keywork/app.h"
#include "keywork/err.h"

/*
 * Runs keywork in the terminal on data directory dir until the user quits.
 * If *s is an open session the UI starts signed in (and takes ownership,
 * setting *s to NULL); otherwise it starts at the unlock screen with
 * username filled in. demo: the data is the synthetic demo (the unlock
 * screen says so and shows its passphrase). Returns 0; 128 + the signal
 * when a hang-up or SIGTERM ended it (its unsaved work sealed and the keys
 * wiped); or -1 with err set when the terminal cannot run it.
 */
int kw_ui_run(const char *dir, const char *username, struct kw_session **s, bool demo,
	      struct kw_err *err);

/* Prints the key table (every key, where it works, what it does), as the help screen shows it. */
void kw_ui_print_keys(FILE *out);

#endif
