/*
 * ytree.c: reads a YAML document with libyaml's event parser into a tree of
 * nodes that keep their marks. The limits are checked as events arrive, so
 * a hostile file stops at the first excess rather than after building it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "form/ytree.h"
#include "keywork/form.h"
#include "keywork/util.h"

struct builder {
	struct ynode *stack[KW_FORM_MAX_DEPTH + 1];
	int depth;
	size_t nodes;
	struct ynode *root;
	ytree_problem_fn fn;
	void *ctx;
};

static void node_free(struct ynode *n)
{
	if (n == NULL)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

void ytree_free(struct ynode **n)
{
	if (n == NULL)
		return;
	node_free(*n);
	*n = NULL;
}

static void add_kid(struct ynode *parent, struct ynode *kid)
{
	if (parent->nkids == parent->cap) {
		parent->cap = parent->cap != 0 ? parent->cap * 2 : 8;
		parent->kids = kw_xrealloc(parent->kids, parent->cap * sizeof(*parent->kids));
	}
	parent->kids[parent->nkids++] = kid;
}

/* Where byte offset off of data is, as 1-based line and column (in characters). */
static void locate(const char *data, size_t off, unsigned long *line, unsigned long *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n') {
			(*line)++;
			*col = 1;
		} else if ((c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Reports a duplicate key in the mapping m just completed. */
static void check_duplicates(struct builder *b, const struct ynode *m)
{
	for (size_t i = 0; i + 1 < m->nkids; i += 2) {
		const struct ynode *k = m->kids[i];

		if (k->type != YN_SCALAR)
			continue;
		for (size_t j = 0; j < i; j += 2) {
			const struct ynode *e = m->kids[j];

			if (e->type == YN_SCALAR && strcmp(e->value, k->value) == 0) {
				char msg[200];

				snprintf(msg, sizeof(msg),
					 "'%.60s' is given twice (first on line %lu)", k->value,
					 e->line);
				b->fn(b->ctx, k->line, k->col, msg);
				break;
			}
		}
	}
}

/* Adds a node at the current position; returns -1 if a limit is passed. */
static int push(struct builder *b, struct ynode *n, bool container, const yaml_mark_t *m)
{
	if (++b->nodes > KW_FORM_MAX_NODES) {
		b->fn(b->ctx, m->line + 1, m->column + 1,
		      "too many entries (a form file holds at most 100000)");
		node_free(n);
		return -1;
	}
	if (b->depth == 0) {
		b->root = n;
	} else {
		add_kid(b->stack[b->depth - 1], n);
	}
	if (container) {
		if (b->depth == KW_FORM_MAX_DEPTH) {
			b->fn(b->ctx, m->line + 1, m->column + 1,
			      "nested too deeply (16 levels at most)");
			return -1;
		}
		b->stack[b->depth++] = n;
	}
	return 0;
}

static struct ynode *new_node(enum ynode_type t, const yaml_mark_t *m)
{
	struct ynode *n = kw_xcalloc(1, sizeof(*n));

	n->type = t;
	n->line = m->line + 1;
	n->col = m->column + 1;
	return n;
}

struct ynode *ytree_parse(const char *data, size_t len, ytree_problem_fn fn, void *ctx)
{
	struct builder b = { .fn = fn, .ctx = ctx };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false, failed = false;
	int docs = 0;
	size_t bad;

	if (len > KW_FORM_MAX_BYTES) {
		fn(ctx, 1, 1, "the file is too big for a form file (1 MiB at most)");
		return NULL;
	}
	if (!kw_utf8_valid(data, len, &bad)) {
		unsigned long line, col;

		locate(data, bad, &line, &col);
		fn(ctx, line, col,
		   data[bad] == '\0' ? "binary data (a NUL byte): form files are UTF-8 text"
				     : "invalid UTF-8: form files are UTF-8 text");
		return NULL;
	}
	if (!yaml_parser_initialize(&parser))
		abort();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && !failed) {
		struct ynode *n;

		if (!yaml_parser_parse(&parser, &ev)) {
			const yaml_mark_t *m =
				parser.problem_mark.line || parser.problem_mark.column
					? &parser.problem_mark
					: &parser.context_mark;
			unsigned long line = m->line + 1, col = m->column + 1;
			char msg[300];

			snprintf(msg, sizeof(msg), "YAML: %s%s%s",
				 parser.problem ? parser.problem : "cannot parse",
				 parser.context ? " " : "", parser.context ? parser.context : "");
			/* A reader error (a control character) has no mark, only a byte offset. */
			if (parser.error == YAML_READER_ERROR) {
				if (parser.problem_offset < len)
					locate(data, parser.problem_offset, &line, &col);
				if (parser.problem_value >= 0)
					snprintf(msg, sizeof(msg), "YAML: %s (U+%04X)",
						 parser.problem ? parser.problem : "cannot read",
						 (unsigned)parser.problem_value);
			}
			fn(ctx, line, col, msg);
			failed = true;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				fn(ctx, ev.start_mark.line + 1, ev.start_mark.column + 1,
				   "a form file holds one document; this is a second");
				failed = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			fn(ctx, ev.start_mark.line + 1, ev.start_mark.column + 1,
			   "aliases (*name) are not allowed in form files; write the value out");
			failed = true;
			break;
		case YAML_SCALAR_EVENT:
			n = new_node(YN_SCALAR, &ev.start_mark);
			n->value = kw_xmalloc(ev.data.scalar.length + 1);
			memcpy(n->value, ev.data.scalar.value, ev.data.scalar.length);
			n->value[ev.data.scalar.length] = '\0';
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (strlen(n->value) != ev.data.scalar.length) {
				fn(ctx, n->line, n->col, "a NUL character inside a value");
				node_free(n);
				failed = true;
				break;
			}
			failed = push(&b, n, false, &ev.start_mark) != 0;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			n = new_node(ev.type == YAML_MAPPING_START_EVENT ? YN_MAP : YN_SEQ,
				     &ev.start_mark);
			failed = push(&b, n, true, &ev.start_mark) != 0;
			break;
		case YAML_MAPPING_END_EVENT:
			check_duplicates(&b, b.stack[b.depth - 1]);
			b.depth--;
			break;
		case YAML_SEQUENCE_END_EVENT:
			b.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (failed) {
		node_free(b.root);
		return NULL;
	}
	if (b.root == NULL) {
		fn(ctx, 1, 1, "the file is empty");
		return NULL;
	}
	return b.root;
}

struct ynode *ytree_get(const struct ynode *m, const char *key)
{
	if (m == NULL || m->type != YN_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < m->nkids; i += 2)
		if (m->kids[i]->type == YN_SCALAR && strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	return NULL;
}
