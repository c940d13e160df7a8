/* ytree.h: a YAML document as a small tree that keeps each node's line and column. */
#ifndef KEYWORK_FORM_YTREE_H
#define KEYWORK_FORM_YTREE_H

#include <stdbool.h>
#include <stddef.h>

enum ynode_type { YN_SCALAR = 0, YN_MAP, YN_SEQ };

/*
 * A node. A mapping holds keys and values alternately in kids (key at 2i,
 * value at 2i + 1); a sequence holds its items.
 */
struct ynode {
	enum ynode_type type;
	char *value; /* scalars: the text, NUL-terminated */
	bool plain;  /* scalars: written without quotes (so `true` is a boolean) */
	unsigned long line, col;
	struct ynode **kids;
	size_t nkids, cap;
};

/* Called with a problem found while parsing (1-based line and column). */
typedef void (*ytree_problem_fn)(void *ctx, unsigned long line, unsigned long col, const char *msg);

/*
 * Parses one YAML document of len bytes. Refuses, through fn, what is not
 * UTF-8 text, a NUL byte, more than KW_FORM_MAX_BYTES, nesting deeper than
 * KW_FORM_MAX_DEPTH, more than KW_FORM_MAX_NODES nodes, aliases (so no alias
 * bomb can expand), duplicate mapping keys and a second document. Returns the
 * root (caller frees with ytree_free), or NULL after reporting one problem
 * (duplicate keys are reported and the tree still returned).
 */
struct ynode *ytree_parse(const char *data, size_t len, ytree_problem_fn fn, void *ctx);
void ytree_free(struct ynode **n);

/* The value of key in mapping m, or NULL. */
struct ynode *ytree_get(const struct ynode *m, const char *key);

#endif
