/* config.c: reading keywork.conf (the format is in config.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/config.h"
#include "keywork/util.h"

/* Trims spaces and tabs at both ends of s, in place. */
static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int yes_no(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0 || strcmp(v, "off") == 0 || strcmp(v, "false") == 0)
		*out = false;
	else
		return -1;
	return 0;
}

int kw_config_load(const char *path, struct kw_config *out, struct kw_err *err)
{
	char *dir = NULL, *def = NULL, line[512];
	unsigned long n = 0;
	FILE *f;
	int rc = -1;

	out->discreet = false;
	out->idle_lock = -1;
	out->capacity = -1;
	if (path == NULL) {
		dir = kw_default_config_dir();
		def = kw_path_join(dir, "keywork.conf");
		path = def;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		rc = errno == ENOENT
			     ? 0
			     : kw_err_set(err, KW_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = trim(line), *eq, *name, *val, *end;

		n++;
		if (*p == '\0' || *p == '#')
			continue;
		eq = strchr(p, '=');
		if (eq == NULL) {
			kw_err_at(err, KW_EDATA, path, n, 1, "expected 'name = value'");
			goto close;
		}
		*eq = '\0';
		name = trim(p);
		val = trim(eq + 1);
		if (strcmp(name, "discreet") == 0) {
			if (yes_no(val, &out->discreet) != 0) {
				kw_err_at(err, KW_EDATA, path, n, (unsigned long)(val - line) + 1,
					  "discreet is yes or no, not '%s'", val);
				goto close;
			}
		} else if (strcmp(name, "idle-lock") == 0) {
			errno = 0;
			out->idle_lock = strtol(val, &end, 10);
			if (errno != 0 || end == val || *end != '\0' || out->idle_lock < 0) {
				kw_err_at(err, KW_EDATA, path, n, (unsigned long)(val - line) + 1,
					  "idle-lock is a number of seconds (0: never), not '%s'",
					  val);
				goto close;
			}
		} else if (strcmp(name, "capacity") == 0) {
			errno = 0;
			out->capacity = strtol(val, &end, 10);
			if (errno != 0 || end == val || *end != '\0' || out->capacity < 0 ||
			    out->capacity > 1000) {
				kw_err_at(err, KW_EDATA, path, n, (unsigned long)(val - line) + 1,
					  "capacity is a number of women from 0 to 1000, not '%s'",
					  val);
				goto close;
			}
		} else {
			kw_err_at(err, KW_EDATA, path, n, (unsigned long)(name - line) + 1,
				  "unknown setting '%s' (known: discreet, idle-lock, capacity)",
				  name);
			goto close;
		}
	}
	rc = 0;
close:
	fclose(f);
out:
	free(def);
	free(dir);
	return rc;
}
