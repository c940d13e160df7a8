/*
 * letter.c: the letter template loader (keywork-letters(5)). A template is a
 * YAML header read with the form loader's tree (its line numbers are the
 * file's), a line "---", and the letter's text, whose placeholders are
 * checked here against the forms: each problem is reported at the file,
 * line and column where it is, and any problem refuses every template.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form/formint.h"
#include "form/ytree.h"
#include "keywork/letter.h"

#define DIAG(L, n, ...) kw_form_diag(L, NULL, 0, (n)->line, (n)->col, __VA_ARGS__)
#define PLACEHOLDER_MAX 64

static void kw_letter_spec_free(struct kw_letter_spec *t)
{
	if (t == NULL)
		return;
	free(t->key);
	free(t->title);
	free(t->agency);
	free(t->body);
	free(t->file);
	free(t);
}

void kw_letter_pack_free(struct kw_letter_pack **pp)
{
	struct kw_letter_pack *p = *pp;

	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		kw_letter_spec_free(p->letters[i]);
	free(p->letters);
	free(p);
	*pp = NULL;
}

const struct kw_letter_spec *kw_letter_find(const struct kw_letter_pack *p, const char *key)
{
	for (size_t i = 0; p != NULL && i < p->n; i++)
		if (strcmp(p->letters[i]->key, key) == 0)
			return p->letters[i];
	return NULL;
}

/* The names a placeholder may have besides her.FIELD and item.FIELD. */
static const char *const plain_names[] = { "agency", "keyworker", "writer", "date" };

/* NULL if name is a placeholder the forms give a value for; else why not. */
static const char *placeholder_problem(const struct kw_form_pack *forms, const char *name)
{
	const char *dot = strchr(name, '.');

	for (size_t i = 0; i < sizeof(plain_names) / sizeof(*plain_names); i++)
		if (strcmp(name, plain_names[i]) == 0)
			return NULL;
	if (dot != NULL && (strncmp(name, "her.", 4) == 0 || strncmp(name, "item.", 5) == 0)) {
		const struct kw_form_spec *f =
			kw_form_find(forms, name[0] == 'h' ? "intake" : "advocacy_item");

		if (f == NULL)
			return name[0] == 'h' ? "the forms have no intake form"
					      : "the forms have no advocacy_item form";
		return kw_form_field(f, dot + 1) != NULL
			       ? NULL
			       : (name[0] == 'h' ? "the intake form has no such field"
						 : "the advocacy_item form has no such field");
	}
	return "a placeholder is her.FIELD, item.FIELD, agency, keyworker, writer or date";
}

/* Calls fn for each placeholder of body: its name (spaces trimmed) and where it starts. */
typedef void (*each_fn)(void *ctx, const char *name, size_t at, size_t len, bool closed);

static void each_placeholder(const char *body, each_fn fn, void *ctx)
{
	const char *p = body, *open;

	while ((open = strstr(p, "{{")) != NULL) {
		const char *close = strstr(open + 2, "}}"), *nl = strchr(open + 2, '\n');
		char name[PLACEHOLDER_MAX + 1];
		const char *a = open + 2, *b;
		size_t n;

		if (close == NULL || (nl != NULL && nl < close)) {
			fn(ctx, NULL, (size_t)(open - body), 2, false);
			p = open + 2;
			continue;
		}
		b = close;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		n = (size_t)(b - a) < PLACEHOLDER_MAX ? (size_t)(b - a) : PLACEHOLDER_MAX;
		memcpy(name, a, n);
		name[n] = '\0';
		fn(ctx, name, (size_t)(open - body), (size_t)(close + 2 - open), true);
		p = close + 2;
	}
}

struct checking {
	struct loader *L;
	const struct kw_form_pack *forms;
	const char *body;
	unsigned long first_line; /* the file's line of the body's first */
};

static void check_one(void *ctx, const char *name, size_t at, size_t len, bool closed)
{
	struct checking *c = ctx;
	unsigned long line = c->first_line, col = 1;
	const char *why;

	(void)len;
	for (size_t i = 0; i < at; i++) {
		if (c->body[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)c->body[i] & 0xC0) != 0x80) {
			col++;
		}
	}
	if (!closed) {
		kw_form_diag(c->L, NULL, 0, line, col,
			     "'{{' opens a placeholder that is not closed with '}}' on its line");
		return;
	}
	if ((why = placeholder_problem(c->forms, name)) != NULL)
		kw_form_diag(c->L, NULL, 0, line, col, "unknown placeholder '{{%s}}': %s", name,
			     why);
}

struct filling {
	kw_letter_value_fn fn;
	void *ctx;
	const char *body;
	size_t done;
	struct kw_buf *out;
};

static void fill_one(void *ctx, const char *name, size_t at, size_t len, bool closed)
{
	struct filling *f = ctx;
	const char *v;

	if (!closed)
		return;
	kw_buf_add(f->out, f->body + f->done, at - f->done);
	if ((v = f->fn(f->ctx, name)) != NULL)
		kw_buf_adds(f->out, v);
	f->done = at + len;
}

void kw_letter_fill(const struct kw_letter_spec *t, kw_letter_value_fn fn, void *ctx,
		    struct kw_buf *out)
{
	struct filling f = { fn, ctx, t->body, 0, out };

	each_placeholder(t->body, fill_one, &f);
	kw_buf_adds(out, t->body + f.done);
}

static void tree_problem(void *ctx, unsigned long line, unsigned long col, const char *msg)
{
	kw_form_diag(ctx, NULL, 0, line, col, "%s", msg);
}

/* Parses one template's text; NULL after reporting its problems. */
static struct kw_letter_spec *parse_text(struct loader *L, const struct kw_form_pack *forms,
					 const char *data, size_t len)
{
	static const char *const allowed[] = { "letter", "title", "agency" };
	struct kw_letter_spec *t = NULL;
	struct ynode *root = NULL;
	const struct ynode *n;
	const char *sep = NULL, *p = data;
	unsigned long line = 1;
	size_t bad, before = L->diags->n;

	if (!kw_utf8_valid(data, len, &bad) || memchr(data, '\0', len) != NULL) {
		kw_form_diag(L, NULL, 0, 1, 1, "a letter template is UTF-8 text");
		return NULL;
	}
	/* The header ends at the first line that is "---". */
	while (p < data + len) {
		const char *nl = memchr(p, '\n', (size_t)(data + len - p));
		size_t l = nl != NULL ? (size_t)(nl - p) : (size_t)(data + len - p);

		if ((l == 3 || (l == 4 && p[3] == '\r')) && strncmp(p, "---", 3) == 0) {
			sep = p;
			break;
		}
		line++;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (sep == NULL) {
		kw_form_diag(L, NULL, 0, 1, 1,
			     "a letter template starts with its header (letter:, title:), then a "
			     "line '---', then the letter");
		return NULL;
	}
	root = ytree_parse(data, (size_t)(sep - data), tree_problem, L);
	if (root == NULL)
		goto out;
	if (root->type != YN_MAP) {
		DIAG(L, root, "the header is a mapping: letter:, title:, agency:");
		goto out;
	}
	t = kw_xcalloc(1, sizeof(*t));
	kw_form_y_keys(L, root, allowed, sizeof(allowed) / sizeof(*allowed), "a letter's header");
	if ((n = ytree_get(root, "letter")) == NULL)
		kw_form_diag(L, NULL, 0, root->line, root->col,
			     "a letter template needs 'letter': its name (like housing_review)");
	else
		t->key = kw_form_y_key(L, n, "'letter'");
	if ((n = ytree_get(root, "title")) == NULL)
		kw_form_diag(L, NULL, 0, root->line, root->col,
			     "a letter template needs 'title': what it is, in words");
	else
		t->title = kw_form_y_text(L, n, "title");
	if ((n = ytree_get(root, "agency")) != NULL &&
	    (t->agency = kw_form_y_key(L, n, "'agency'")) != NULL) {
		const struct kw_list_spec *l = kw_list_find(forms, "agencies");

		if (l == NULL || kw_list_item(l, t->agency) == NULL)
			DIAG(L, n, "'%s' is not an item of the agencies list", t->agency);
	}
	{
		const char *body = sep + 3;
		struct checking c = { L, forms, NULL, line + 1 };

		while (body < data + len && (*body == '\r' || *body == '\n')) {
			if (*body == '\n')
				c.first_line++;
			body++;
		}
		c.first_line--; /* the newline ending "---" was counted */
		t->body = kw_xstrdup(body);
		c.body = t->body;
		if (t->body[strspn(t->body, " \t\r\n")] == '\0')
			kw_form_diag(L, NULL, 0, line, 1, "the letter after '---' is empty");
		each_placeholder(t->body, check_one, &c);
	}
out:
	ytree_free(&root);
	if (t != NULL && L->diags->n > before) {
		kw_letter_spec_free(t);
		t = NULL;
	}
	return t;
}

static void pack_add(struct loader *L, struct kw_letter_pack *p, struct kw_letter_spec *t,
		     int layer, int *layers)
{
	for (size_t i = 0; i < p->n; i++) {
		if (strcmp(p->letters[i]->key, t->key) != 0)
			continue;
		if (layers[i] == layer) {
			kw_form_diag(L, t->file, L->order, 1, 1,
				     "a second letter named '%s' (the first is in %s)", t->key,
				     p->letters[i]->file);
			kw_letter_spec_free(t);
			return;
		}
		kw_letter_spec_free(p->letters[i]);
		p->letters[i] = t;
		layers[i] = layer;
		return;
	}
	p->letters = kw_xrealloc(p->letters, (p->n + 1) * sizeof(*p->letters));
	p->letters[p->n++] = t;
	layers[p->n - 1] = layer;
}

static bool letter_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len > 7 && strcmp(n + len - 7, ".letter") == 0;
}

static void read_path(struct loader *L, const struct kw_form_pack *forms, const char *path,
		      int layer, struct kw_letter_pack *p, int **layers)
{
	char **names;
	size_t n = kw_form_files(L, path, letter_name, "letter templates", &names);

	for (size_t i = 0; i < n; i++) {
		struct kw_letter_spec *t;
		size_t len;
		char *data;

		L->file = names[i];
		L->order++;
		data = kw_form_slurp(L, names[i], "letter", &len);
		if (data != NULL && (t = parse_text(L, forms, data, len)) != NULL) {
			t->file = kw_xstrdup(names[i]);
			*layers = kw_xrealloc(*layers, (p->n + 1) * sizeof(int));
			pack_add(L, p, t, layer, *layers);
		}
		free(data);
	}
	kw_form_files_free(L, names, n);
}

int kw_letter_pack_load(const struct kw_form_pack *forms, const char *shipped,
			const char *const *overrides, size_t noverrides,
			struct kw_letter_pack **out, struct kw_diags *diags, struct kw_err *err)
{
	struct loader L = { .diags = diags, .seq = diags->n };
	struct kw_letter_pack *p = kw_xcalloc(1, sizeof(*p));
	int *layers = NULL;
	size_t before = diags->n;

	*out = NULL;
	read_path(&L, forms, shipped, 0, p, &layers);
	for (size_t i = 0; i < noverrides; i++)
		if (overrides[i] != NULL)
			read_path(&L, forms, overrides[i], (int)i + 1, p, &layers);
	free(layers);
	if (diags->n > before) {
		size_t n = diags->n - before;

		kw_form_diags_sort(diags, before);
		kw_letter_pack_free(&p);
		return kw_err_set(err, KW_EDATA,
				  "the letter templates have %zu problem%s; none was loaded, and "
				  "keywork does not use part of a set of templates",
				  n, n == 1 ? "" : "s");
	}
	*out = p;
	return 0;
}

char *kw_letters_shipped_dir(void)
{
	const char *env = getenv("KEYWORK_LETTERS_DIR");
	char *forms, *slash, *dir;

	if (env != NULL && env[0] != '\0')
		return kw_xstrdup(env);
	/* Installed beside the forms: .../forms -> .../letters. */
	forms = kw_forms_shipped_dir();
	slash = strrchr(forms, '/');
	if (slash == NULL) {
		free(forms);
		return kw_xstrdup("letters");
	}
	slash[0] = '\0';
	dir = kw_path_join(forms, "letters");
	free(forms);
	return dir;
}

char *kw_letters_override_dir(void)
{
	char *cfg = kw_default_config_dir();
	char *dir = kw_path_join(cfg, "letters");

	free(cfg);
	return dir;
}
