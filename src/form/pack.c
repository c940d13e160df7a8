/*
 * pack.c: a form pack from directories: the shipped forms, then a centre's
 * overrides. Files are read in name order within a layer; a later layer's
 * form or list replaces an earlier one with the same key. Checks that span
 * files (named lists, defaults and show_if values against them, override
 * rules) run on the finished pack, and any problem refuses the whole pack.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form/formint.h"
#include "keywork/util.h"

#ifndef KW_INSTALL_FORMS_DIR
#define KW_INSTALL_FORMS_DIR "/usr/local/share/keywork/forms"
#endif
#ifndef KW_INSTALL_BIN_DIR
#define KW_INSTALL_BIN_DIR "/usr/local/bin"
#endif
/* From the binary's directory to the forms in the same installation (bin/ → share/keywork/forms). */
#ifndef KW_BIN_TO_FORMS
#define KW_BIN_TO_FORMS "../share/keywork/forms"
#endif
/* KW_SOURCE_FORMS_DIR (the source tree's forms/, for a build run in place) is left undefined in a
 * packaged build, so a package never looks into the tree it was built from. */

/* Everything read so far, by layer (0: shipped). */
struct reading {
	struct parsed *p;
	size_t n, cap;
	int *layer;
	size_t order; /* files read so far */
};

static void add_parsed(struct reading *r, const struct parsed *p, int layer)
{
	if (r->n == r->cap) {
		r->cap = r->cap != 0 ? r->cap * 2 : 32;
		r->p = kw_xrealloc(r->p, r->cap * sizeof(*r->p));
		r->layer = kw_xrealloc(r->layer, r->cap * sizeof(*r->layer));
	}
	r->p[r->n] = *p;
	r->layer[r->n++] = layer;
}

char *kw_form_slurp(struct loader *L, const char *path, const char *what, size_t *len)
{
	struct stat sb;
	char *data = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	*len = 0;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		kw_form_diag(L, NULL, 0, 0, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		kw_form_diag(L, NULL, 0, 0, 0, "not a regular file");
		goto out;
	}
	if (sb.st_size > KW_FORM_MAX_BYTES) {
		kw_form_diag(L, NULL, 0, 1, 1, "the file is too big for a %s (1 MiB at most)",
			     what);
		goto out;
	}
	data = kw_xmalloc((size_t)sb.st_size + 1);
	while (*len < (size_t)sb.st_size) {
		ssize_t got = read(fd, data + *len, (size_t)sb.st_size - *len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			kw_form_diag(L, NULL, 0, 0, 0, "cannot read: %s", strerror(errno));
			free(data);
			data = NULL;
			goto out;
		}
		if (got == 0)
			break;
		*len += (size_t)got;
	}
	data[*len] = '\0';
out:
	if (fd >= 0)
		close(fd);
	return data;
}

/* Reads and parses one file. */
static void read_file(struct loader *L, struct reading *r, const char *path, int layer)
{
	struct parsed p;
	char *data;
	size_t len = 0;

	L->file = path;
	L->order = r->order++;
	data = kw_form_slurp(L, path, "form file", &len);
	if (data == NULL)
		return;
	kw_form_parse_text(L, data, len, &p);
	if (p.form != NULL || p.list != NULL || p.retention != NULL)
		add_parsed(r, &p, layer);
	free(data);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool kw_form_yaml_name(const char *n)
{
	size_t len = strlen(n);

	if (n[0] == '.')
		return false;
	return (len > 5 && strcmp(n + len - 5, ".yaml") == 0) ||
	       (len > 4 && strcmp(n + len - 4, ".yml") == 0);
}

size_t kw_form_files(struct loader *L, const char *path, bool (*want)(const char *name),
		     const char *what, char ***out)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char **names;
	size_t n = 0;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return 0;
	names = kw_xcalloc(KW_FORM_MAX_FILES, sizeof(char *));
	*out = names;
	if (!S_ISDIR(sb.st_mode)) {
		names[n++] = kw_xstrdup(path);
		return n;
	}
	d = opendir(path);
	if (d == NULL) {
		L->file = path;
		kw_form_diag(L, NULL, 0, 0, 0, "cannot read the directory: %s", strerror(errno));
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (!want(e->d_name))
			continue;
		if (n == KW_FORM_MAX_FILES) {
			L->file = path;
			kw_form_diag(L, NULL, 0, 0, 0, "more than %d %s; the rest are not read",
				     KW_FORM_MAX_FILES, what);
			break;
		}
		names[n++] = kw_path_join(path, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), by_name);
	return n;
}

void kw_form_files_free(struct loader *L, char **names, size_t n)
{
	/* L->file may point into names; diagnostics copied what they needed. */
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	L->file = NULL;
}

/* Reads a file, or every *.yaml file of a directory in name order. */
static void read_path(struct loader *L, struct reading *r, const char *path, int layer)
{
	char **names;
	size_t n = kw_form_files(L, path, kw_form_yaml_name, "form files", &names);

	for (size_t i = 0; i < n; i++)
		read_file(L, r, names[i], layer);
	kw_form_files_free(L, names, n);
}

/* --- cross-file checks --- */

static const char *list_names_hint(const struct kw_form_pack *p, const char *name)
{
	const char *names[256];
	size_t n = 0;

	for (size_t i = 0; i < p->nlists && n < 256; i++)
		names[n++] = p->lists[i]->key;
	return kw_form_suggest(name, names, n);
}

/* Checks that every comma-separated key in value is a current item of l. */
static void check_items(struct loader *L, const struct kw_form_spec *f,
			const struct kw_list_spec *l, const char *value, bool multi,
			struct kw_mark at, size_t order, const char *what)
{
	char *copy = kw_xstrdup(value), *save = NULL;

	for (char *k = multi ? strtok_r(copy, ",", &save) : copy; k != NULL;
	     k = multi ? strtok_r(NULL, ",", &save) : NULL) {
		const struct kw_list_item *it = kw_list_item(l, k);

		if (it == NULL)
			kw_form_diag(L, f->file, order, at.line, at.col,
				     "%s '%s' is not an item of list '%s'", what, k, l->key);
		else if (it->retired)
			kw_form_diag(L, f->file, order, at.line, at.col,
				     "%s '%s' is a retired item of list '%s'", what, k, l->key);
	}
	free(copy);
}

/*
 * A programme's need levels are chosen on the referral form from the list
 * need_levels, so each level a programme sets a cadence for must be an item
 * of it: one that is not could never be chosen, and would fall back unseen.
 */
static void check_need_levels(struct loader *L, const struct kw_form_pack *p,
			      const size_t *list_order)
{
	const struct kw_list_spec *levels = kw_list_find(p, "need_levels");

	for (size_t i = 0; i < p->nlists; i++) {
		const struct kw_list_spec *l = p->lists[i];

		if (strcmp(l->key, "programmes") != 0)
			continue;
		for (size_t j = 0; j < l->nitems; j++) {
			const struct kw_list_spec *nl = l->items[j].need_levels;

			for (size_t k = 0; nl != NULL && k < nl->nitems; k++)
				if (levels == NULL ||
				    kw_list_item(levels, nl->items[k].key) == NULL)
					kw_form_diag(
						L, l->file, list_order[i], nl->items[k].at.line,
						nl->items[k].at.col,
						"need level '%s' of '%s' is not an item of list "
						"'need_levels', so it can't be chosen",
						nl->items[k].key, l->items[j].key);
		}
	}
}

/* required_when names another field of the form, and values it can have. */
static void check_required_when(struct loader *L, const struct kw_form_spec *f,
				const struct kw_field_spec *fs, size_t order)
{
	const struct kw_field_spec *dep;

	if (fs->required_when_field == NULL)
		return;
	dep = kw_form_field(f, fs->required_when_field);
	if (dep == NULL || dep == fs) {
		kw_form_diag(
			L, f->file, order, fs->at_required_when.line, fs->at_required_when.col,
			dep == fs ? "required_when can't depend on the field itself"
				  : "required_when names '%s', which is not a field of this form",
			fs->required_when_field);
		return;
	}
	if (fs->required)
		kw_form_diag(L, f->file, order, fs->at_required_when.line, fs->at_required_when.col,
			     "field '%s' is always required, so required_when says nothing",
			     fs->key);
	for (size_t v = 0; v < fs->required_when_nvalues; v++) {
		const char *val = fs->required_when_values[v];

		if (dep->list != NULL && kw_list_item(dep->list, val) == NULL)
			kw_form_diag(L, f->file, order, fs->at_required_when.line,
				     fs->at_required_when.col,
				     "required_when value '%s' is not an item of '%s'", val,
				     dep->key);
	}
}

/* not_before names another date (or date and time) field of the form. */
static void check_not_before(struct loader *L, const struct kw_form_spec *f,
			     const struct kw_field_spec *fs, size_t order)
{
	const struct kw_field_spec *dep;

	if (fs->not_before == NULL)
		return;
	dep = kw_form_field(f, fs->not_before);
	if (dep == NULL || dep == fs)
		kw_form_diag(L, f->file, order, fs->at_not_before.line, fs->at_not_before.col,
			     dep == fs ? "not_before can't name the field itself"
				       : "not_before names '%s', which is not a field of this form",
			     fs->not_before);
	else if (dep->type != KW_F_DATE && dep->type != KW_F_DATETIME)
		kw_form_diag(L, f->file, order, fs->at_not_before.line, fs->at_not_before.col,
			     "not_before names '%s', which is not a date", fs->not_before);
}

void kw_form_check_pack(struct loader *L, const struct kw_form_pack *p, const size_t *form_order,
			const size_t *list_order)
{
	check_need_levels(L, p, list_order);
	/* Resolve named lists first: later checks read them. */
	for (size_t i = 0; i < p->nforms; i++) {
		struct kw_form_spec *f = p->forms[i];

		for (size_t j = 0; j < f->nfields; j++) {
			struct kw_field_spec *fs = &f->fields[j];
			const char *hint;

			if (fs->list_name == NULL)
				continue;
			fs->list = kw_list_find(p, fs->list_name);
			if (fs->list != NULL)
				continue;
			hint = list_names_hint(p, fs->list_name);
			if (hint != NULL)
				kw_form_diag(L, f->file, form_order[i], fs->at_list.line,
					     fs->at_list.col,
					     "unknown list '%s' (did you mean '%s'?)",
					     fs->list_name, hint);
			else
				kw_form_diag(L, f->file, form_order[i], fs->at_list.line,
					     fs->at_list.col, "unknown list '%s'", fs->list_name);
		}
	}
	for (size_t i = 0; i < p->nforms; i++) {
		struct kw_form_spec *f = p->forms[i];

		for (size_t j = 0; j < f->nfields; j++) {
			struct kw_field_spec *fs = &f->fields[j];
			const struct kw_field_spec *dep;

			if (fs->def == KW_DEF_VALUE && fs->list != NULL)
				check_items(L, f, fs->list, fs->def_value, fs->type == KW_F_MULTI,
					    fs->at_default, form_order[i], "default");
			check_required_when(L, f, fs, form_order[i]);
			check_not_before(L, f, fs, form_order[i]);
			if (fs->show_if_field == NULL)
				continue;
			dep = kw_form_field(f, fs->show_if_field);
			if (dep == NULL || dep == fs) {
				kw_form_diag(L, f->file, form_order[i], fs->at_show_if.line,
					     fs->at_show_if.col,
					     dep == fs ? "show_if can't depend on the field itself"
						       : "show_if names '%s', which is not a field "
							 "of this form",
					     fs->show_if_field);
				continue;
			}
			for (size_t v = 0; v < fs->show_if_nvalues; v++) {
				const char *val = fs->show_if_values[v];

				if (dep->list != NULL && kw_list_item(dep->list, val) == NULL)
					kw_form_diag(L, f->file, form_order[i], fs->at_show_if.line,
						     fs->at_show_if.col,
						     "show_if value '%s' is not an item of '%s'",
						     val, dep->key);
				else if (dep->type == KW_F_YNU && strcmp(val, "yes") != 0 &&
					 strcmp(val, "no") != 0 && strcmp(val, "unknown") != 0)
					kw_form_diag(
						L, f->file, form_order[i], fs->at_show_if.line,
						fs->at_show_if.col,
						"show_if value '%s' can't be an answer to '%s' "
						"(yes, no or unknown)",
						val, dep->key);
			}
		}
		if (f->score != NULL && f->score->judgement != NULL) {
			const struct kw_field_spec *fs = kw_form_field(f, f->score->judgement);

			for (size_t k = 0; fs != NULL && fs->type == KW_F_CHOICE &&
					   fs->list != NULL && k < fs->list->nitems;
			     k++) {
				size_t lv;

				for (lv = 0; lv < f->score->nlevels; lv++)
					if (strcmp(f->score->levels[lv].key,
						   fs->list->items[k].key) == 0)
						break;
				if (lv == f->score->nlevels)
					kw_form_diag(
						L, f->file, form_order[i],
						f->score->at_judgement.line,
						f->score->at_judgement.col,
						"judgement field '%s' offers '%s', which is not a "
						"level of the score",
						fs->key, fs->list->items[k].key);
			}
		}
	}
}

/* The file name without its directory, to name a shipped file briefly. */
static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* An override may narrow a shipped form, never widen it or move data out of sensitive. */
static void check_override_form(struct loader *L, const struct kw_form_spec *ov, size_t order,
				const struct kw_form_spec *sh)
{
	for (size_t i = 0; i < ov->nfields; i++) {
		const struct kw_field_spec *o = &ov->fields[i];
		const struct kw_field_spec *s = kw_form_field(sh, o->key);
		struct kw_mark at;

		if (s == NULL)
			continue;
		if (o->see & ~s->see) {
			at = o->at_see.line != 0 ? o->at_see : o->at_key;
			kw_form_diag(L, ov->file, order, at.line, at.col,
				     "'%s' can't be shown to more roles than the shipped form "
				     "allows (%s:%lu)",
				     o->key, base(sh->file), s->at_key.line);
		}
		if (s->sensitive && !o->sensitive) {
			at = o->at_sensitive.line != 0 ? o->at_sensitive
			     : o->at_column.line != 0  ? o->at_column
						       : o->at_key;
			kw_form_diag(
				L, ov->file, order, at.line, at.col,
				"'%s' is kept in the sensitive compartment by the shipped form "
				"(%s:%lu); an override can't move it out",
				o->key, base(sh->file), s->at_key.line);
		}
	}
}

static void check_override_list(struct loader *L, const struct kw_list_spec *ov, size_t order,
				const struct kw_list_spec *sh)
{
	struct kw_buf missing = { 0 };
	size_t n = 0;

	for (size_t i = 0; i < sh->nitems; i++)
		if (kw_list_item(ov, sh->items[i].key) == NULL) {
			if (n < 5)
				kw_buf_printf(&missing, "%s'%s'", n > 0 ? ", " : "",
					      sh->items[i].key);
			n++;
		}
	if (n > 5)
		kw_buf_printf(&missing, " and %zu more", n - 5);
	if (n > 0)
		kw_form_diag(L, ov->file, order, ov->at.line, ov->at.col,
			     "the shipped list '%s' (%s) has item%s %s that this one leaves out; "
			     "keep %s, with 'retired: true' if no longer offered",
			     ov->key, base(sh->file), n == 1 ? "" : "s", missing.p,
			     n == 1 ? "it" : "them");
	kw_buf_free(&missing);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct kw_diag *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void kw_form_diags_sort(struct kw_diags *diags, size_t from)
{
	if (diags->n > from)
		qsort(diags->d + from, diags->n - from, sizeof(*diags->d), diag_cmp);
}

/*
 * Builds the pack from what was read: the last layer's definition of each key
 * wins; two definitions of one key in the same layer are a problem.
 */
static struct kw_form_pack *assemble(struct loader *L, struct reading *r)
{
	struct kw_form_pack *p = kw_xcalloc(1, sizeof(*p));
	size_t *form_order = kw_xcalloc(r->n + 1, sizeof(size_t));
	size_t *list_order = kw_xcalloc(r->n + 1, sizeof(size_t));
	size_t *form_src = kw_xcalloc(r->n + 1, sizeof(size_t));
	size_t *list_src = kw_xcalloc(r->n + 1, sizeof(size_t));

	p->forms = kw_xcalloc(r->n + 1, sizeof(*p->forms));
	p->lists = kw_xcalloc(r->n + 1, sizeof(*p->lists));
	size_t ret_src = 0, ret_order = 0;

	for (size_t i = 0; i < r->n; i++) {
		struct parsed *x = &r->p[i];
		const char *key;

		/* The retention rules: one file a layer, a later layer's replacing them whole. */
		if (x->retention != NULL) {
			if (p->retention != NULL && r->layer[ret_src] == r->layer[i]) {
				kw_form_diag(L, x->retention->file, x->order, x->retention->at.line,
					     x->retention->at.col,
					     "the retention rules are already given in %s",
					     p->retention->file);
				continue;
			}
			p->retention = x->retention;
			ret_src = i;
			ret_order = x->order;
			continue;
		}
		key = x->form != NULL ? x->form->key : x->list->key;
		const char *file = x->form != NULL ? x->form->file : x->list->file;
		struct kw_mark at = x->form != NULL ? x->form->at : x->list->at;
		size_t j, n = x->form != NULL ? p->nforms : p->nlists;

		if (key == NULL)
			continue;
		for (j = 0; j < n; j++) {
			const char *k = x->form != NULL ? p->forms[j]->key : p->lists[j]->key;

			if (strcmp(k, key) == 0)
				break;
		}
		if (j < n) {
			size_t src = x->form != NULL ? form_src[j] : list_src[j];
			const char *ofile = x->form != NULL ? p->forms[j]->file : p->lists[j]->file;

			if (r->layer[src] == r->layer[i]) {
				kw_form_diag(L, file, x->order, at.line, at.col,
					     "%s '%s' is already defined in %s",
					     x->form ? "form" : "list", key, ofile);
				continue;
			}
			if (x->form != NULL) {
				check_override_form(L, x->form, x->order, p->forms[j]);
				p->forms[j] = x->form;
				form_order[j] = x->order;
				form_src[j] = i;
			} else {
				check_override_list(L, x->list, x->order, p->lists[j]);
				p->lists[j] = x->list;
				list_order[j] = x->order;
				list_src[j] = i;
			}
			continue;
		}
		if (x->form != NULL) {
			form_order[p->nforms] = x->order;
			form_src[p->nforms] = i;
			p->forms[p->nforms++] = x->form;
		} else {
			list_order[p->nlists] = x->order;
			list_src[p->nlists] = i;
			p->lists[p->nlists++] = x->list;
		}
	}
	kw_form_check_pack(L, p, form_order, list_order);
	if (p->retention != NULL)
		kw_retention_check(L, p, ret_order);
	/* What the pack does not hold (replaced or refused) is freed with the reading. */
	for (size_t i = 0; i < r->n; i++) {
		bool kept = false;

		for (size_t j = 0; j < p->nforms && !kept; j++)
			kept = p->forms[j] == r->p[i].form && r->p[i].form != NULL;
		for (size_t j = 0; j < p->nlists && !kept; j++)
			kept = p->lists[j] == r->p[i].list && r->p[i].list != NULL;
		if (kept)
			r->p[i].form = NULL, r->p[i].list = NULL;
		if (r->p[i].retention != NULL && r->p[i].retention == p->retention)
			r->p[i].retention = NULL;
	}
	free(form_order);
	free(list_order);
	free(form_src);
	free(list_src);
	return p;
}

static void reading_free(struct reading *r)
{
	for (size_t i = 0; i < r->n; i++) {
		kw_form_spec_free(r->p[i].form);
		kw_list_spec_free(r->p[i].list);
		kw_retention_free(r->p[i].retention);
	}
	free(r->p);
	free(r->layer);
}

int kw_form_pack_load(const char *shipped, const char *const *overrides, size_t noverrides,
		      struct kw_form_pack **out, struct kw_diags *diags, struct kw_err *err)
{
	struct loader L = { .diags = diags };
	struct reading r = { 0 };
	struct kw_form_pack *p = NULL;
	struct stat sb;
	size_t before = diags->n;
	int rc = -1;

	*out = NULL;
	if (stat(shipped, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		kw_err_set(
			err, KW_ENOINPUT,
			"the shipped forms are not at %s (set KEYWORK_FORMS_DIR to where they are)",
			shipped);
		return -1;
	}
	L.seq = diags->n;
	read_path(&L, &r, shipped, 0);
	for (size_t i = 0; i < noverrides; i++)
		read_path(&L, &r, overrides[i], (int)i + 1);
	p = assemble(&L, &r);
	if (diags->n > before)
		kw_form_diags_sort(diags, before);
	if (diags->n > before) {
		size_t n = diags->n - before;

		kw_err_set(err, KW_EDATA,
			   "the form pack has %zu problem%s; nothing was loaded, and keywork does "
			   "not run on part of a form pack",
			   n, n == 1 ? "" : "s");
		kw_form_pack_free(&p);
		goto out;
	}
	for (size_t i = 0; i < p->nforms; i++)
		p->forms[i]->pack = p;
	*out = p;
	rc = 0;
out:
	reading_free(&r);
	return rc;
}

size_t kw_form_check_buffer(const char *name, const char *data, size_t len, struct kw_diags *diags)
{
	struct loader L = { .diags = diags, .file = name };
	struct reading r = { 0 };
	struct kw_form_pack *p;
	struct parsed x;
	size_t before = diags->n;

	kw_form_parse_text(&L, data, len, &x);
	if (x.form != NULL || x.list != NULL || x.retention != NULL)
		add_parsed(&r, &x, 0);
	p = assemble(&L, &r);
	kw_form_pack_free(&p);
	reading_free(&r);
	if (diags->n > before)
		kw_form_diags_sort(diags, before);
	return diags->n - before;
}

void kw_form_pack_free(struct kw_form_pack **pp)
{
	struct kw_form_pack *p;

	if (pp == NULL || *pp == NULL)
		return;
	p = *pp;
	for (size_t i = 0; i < p->nforms; i++)
		kw_form_spec_free(p->forms[i]);
	for (size_t i = 0; i < p->nlists; i++)
		kw_list_spec_free(p->lists[i]);
	kw_retention_free(p->retention);
	free(p->forms);
	free(p->lists);
	free(p);
	*pp = NULL;
}

char *kw_forms_shipped_dir(void)
{
	const char *env = getenv("KEYWORK_FORMS_DIR");
	char exe[PATH_MAX];
	ssize_t n;
	struct stat sb;

	if (env != NULL && env[0] != '\0')
		return kw_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash, *rel;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			if (strcmp(exe, KW_INSTALL_BIN_DIR) == 0)
				return kw_xstrdup(KW_INSTALL_FORMS_DIR);
			/* An installation elsewhere: unpacked with dpkg -x, a DESTDIR, a moved prefix. */
			rel = kw_path_join(exe, KW_BIN_TO_FORMS);
			if (stat(rel, &sb) == 0 && S_ISDIR(sb.st_mode)) {
				char *real = realpath(rel, NULL); /* named without bin/.. */

				if (real != NULL) {
					free(rel);
					return real;
				}
				return rel;
			}
			free(rel);
		}
	}
#ifdef KW_SOURCE_FORMS_DIR
	return kw_xstrdup(KW_SOURCE_FORMS_DIR);
#else
	return kw_xstrdup(KW_INSTALL_FORMS_DIR);
#endif
}

char *kw_forms_override_dir(void)
{
	char *cfg = kw_default_config_dir();
	char *dir = kw_path_join(cfg, "forms");

	free(cfg);
	return dir;
}
