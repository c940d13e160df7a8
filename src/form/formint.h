/* formint.h: what the form loader's files share: diagnostics and spec helpers. */
#ifndef KEYWORK_FORM_FORMINT_H
#define KEYWORK_FORM_FORMINT_H

#include "form/ytree.h"
#include "keywork/form.h"

/* The state of one load: where problems go and which file is being read. */
struct loader {
	struct kw_diags *diags;
	const char *file;
	size_t order; /* the current file's place in the load order */
	size_t seq;
};

/* Adds a problem at file:line:col (the current file when file is NULL). */
void kw_form_diag(struct loader *L, const char *file, size_t order, unsigned long line,
		  unsigned long col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* One parsed file: a form, a list or the retention rules (or none, after problems). Owned. */
struct parsed {
	struct kw_form_spec *form;
	struct kw_list_spec *list;
	struct kw_retention *retention;
	size_t order;
};

/*
 * The text of the file at path (NUL-terminated, malloc'd; *len its length),
 * or NULL with the problem reported at L->file: not a regular file, over 1
 * MiB ("the file is too big for a WHAT"), or unreadable. For every loader of
 * the pack (forms and lists, reports, letters).
 */
char *kw_form_slurp(struct loader *L, const char *path, const char *what, size_t *len);
/*
 * The files a pack is read from: path itself when it is a file; when a
 * directory, its entries that want accepts, in name order (a problem when
 * there are more than KW_FORM_MAX_FILES, or it cannot be read). Nothing when
 * path does not exist. *out is malloc'd: kw_form_files_free it.
 */
size_t kw_form_files(struct loader *L, const char *path, bool (*want)(const char *name),
		     const char *what, char ***out);
void kw_form_files_free(struct loader *L, char **names, size_t n);
/* A YAML file's name: *.yaml or *.yml, not hidden. */
bool kw_form_yaml_name(const char *name);
/* Sorts the problems from index from on by file order, line, column, then as found. */
void kw_form_diags_sort(struct kw_diags *diags, size_t from);

/* Builds a form or list from the tree of file L->file, reporting problems. */
void kw_form_parse_tree(struct loader *L, const struct ynode *root, struct parsed *out);
/* Reads and parses one file's text. */
void kw_form_parse_text(struct loader *L, const char *data, size_t len, struct parsed *out);

/* Cross-file checks on a complete pack: lists, defaults, show_if, scores. */
void kw_form_check_pack(struct loader *L, const struct kw_form_pack *p, const size_t *form_order,
			const size_t *list_order);

void kw_form_spec_free(struct kw_form_spec *f);
void kw_retention_free(struct kw_retention *r);

/* The retention rules of a file whose root has "retention:" (retention.c). */
struct kw_retention *kw_retention_parse(struct loader *L, const struct ynode *root);
/* Checks the rules' list keys against the pack's lists (child_legal_status, cj_event_kinds). */
void kw_retention_check(struct loader *L, const struct kw_form_pack *p, size_t order);

/* Helpers of load.c for the other parsers: each reports what is wrong at the node. */
char *kw_form_y_key(struct loader *L, const struct ynode *n, const char *what);
char *kw_form_y_text(struct loader *L, const struct ynode *n, const char *key);
int kw_form_y_integer(struct loader *L, const struct ynode *n, const char *key, long *out);
bool kw_form_y_want(struct loader *L, const struct ynode *n, enum ynode_type t, const char *what);
void kw_form_y_keys(struct loader *L, const struct ynode *m, const char *const *allowed, size_t n,
		    const char *what);
void kw_list_spec_free(struct kw_list_spec *l);

/* The closest of names to s within two edits, or NULL (for "did you mean"). */
const char *kw_form_suggest(const char *s, const char *const *names, size_t n);

#endif
