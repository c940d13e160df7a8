/*
 * bulkin.c: importing a centre's old contacts and case notes from CSV. Each
 * row names its woman by reference and goes in the way the screens' rows do:
 * a contact through kw_form_save (the contact form and its rule: a way she did
 * not mark safe needs a reason), a note through the note form's checks and
 * kw_app_note_write. The whole file is one transaction: any problem, or an
 * interruption, and nothing is kept.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keywork/app.h"
#include "keywork/csvio.h"
#include "keywork/form.h"
#include "keywork/formsave.h"
#include "keywork/reads.h"
#include "keywork/retention.h"
#include "keywork/util.h"

/* The most columns either kind has. */
#define MAXCOLS 8

/* One kind of record an import takes: its form, its columns, and how a row is saved. */
struct kind {
	const char *entity; /* "contacts", "notes" */
	const char *form;   /* the form whose checks every row passes */
	const char *busy;   /* what others signing in are told */
	const char *const cols[MAXCOLS];
	/* Columns written by export but not taken back: keywork works them out itself. */
	const char *const derived[MAXCOLS];
};

static const struct kind contacts = {
	"contacts",
	"contact",
	"importing contacts",
	{ "reference", "happened_at", "mode", "outcome", "missed_reason", "summary",
	  "channel_override" },
	{ "channel_safety" },
};

static const struct kind notes = {
	"notes",
	"note",
	"importing case notes",
	{ "reference", "happened_at", "confidential", "body" },
	{ "written_at" },
};

struct bulk {
	struct kw_session *s;
	const struct kind *k;
	const struct kw_form_spec *form;
	const char *path;
	bool ignore_unknown;
	FILE *warn;
	const struct kw_watch *watch;
	FILE *fp;
	long long size;
	int map[MAXCOLS]; /* CSV field index of each column, or -1 */
	bool header_read;
	unsigned long rows, count, bad, problems;
	/* The woman of the last row: rows of one woman come together in an export. */
	char last_ref[16];
	char last_id[37];
	int last_state; /* 1 found, 0 no such reference, 2 restricted */
	char last_why[512];
};

static int ncols(const struct kind *k)
{
	int n = 0;

	while (n < MAXCOLS && k->cols[n] != NULL)
		n++;
	return n;
}

static int col_of(const struct kind *k, const char *name)
{
	for (int c = 0; c < MAXCOLS && k->cols[c] != NULL; c++)
		if (strcmp(k->cols[c], name) == 0)
			return c;
	return -1;
}

static bool is_derived(const struct kind *k, const char *name)
{
	for (int c = 0; c < MAXCOLS && k->derived[c] != NULL; c++)
		if (strcmp(k->derived[c], name) == 0)
			return true;
	return false;
}

static int header(struct bulk *b, const struct kw_csv_row *row, struct kw_err *err)
{
	struct kw_buf unknown = { 0 }, known = { 0 };
	unsigned long ucol = 0;

	for (int c = 0; c < MAXCOLS; c++)
		b->map[c] = -1;
	b->header_read = true;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *name = row->fields[i];
		int c = col_of(b->k, name);

		if (c >= 0) {
			if (b->map[c] >= 0)
				return kw_err_at(err, KW_EDATA, b->path, row->lines[i],
						 row->cols[i], "column '%s' appears twice", name);
			b->map[c] = (int)i;
			continue;
		}
		if (is_derived(b->k, name))
			continue;
		if (b->ignore_unknown) {
			if (b->warn != NULL)
				fprintf(b->warn, "%s:%lu:%lu: ignoring unknown column '%s'\n",
					b->path, row->lines[i], row->cols[i], name);
			continue;
		}
		if (unknown.len == 0)
			ucol = row->cols[i];
		kw_buf_printf(&unknown, "%s'%s'", unknown.len > 0 ? ", " : "", name);
	}
	if (unknown.len > 0) {
		for (int c = 0; c < ncols(b->k); c++)
			kw_buf_printf(&known, "%s%s", c > 0 ? ", " : "", b->k->cols[c]);
		kw_err_at(err, KW_EDATA, b->path, row->line, ucol,
			  "unknown column%s %s (known: %s; --ignore-unknown skips them)",
			  strchr(unknown.p, ',') != NULL ? "s" : "", unknown.p, known.p);
		kw_buf_free(&unknown);
		kw_buf_free(&known);
		return -1;
	}
	if (b->map[0] < 0)
		return kw_err_at(err, KW_EDATA, b->path, row->line, 1,
				 "the header needs a reference column: each row names her by it");
	return 0;
}

/* The cell of column c, or NULL when absent or empty (owned by the caller). */
static char *cell(const struct bulk *b, const struct kw_csv_row *row, int c)
{
	const char *v;

	if (c < 0 || b->map[c] < 0)
		return NULL;
	v = row->fields[b->map[c]];
	if (v == NULL || v[0] == '\0')
		return NULL;
	return kw_csv_unneutralise(kw_xstrdup(v));
}

static void problem(struct bulk *b, const struct kw_csv_row *row, int c, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reports one problem of a row, located at column c's cell (or the row's start). */
static void problem(struct bulk *b, const struct kw_csv_row *row, int c, const char *field,
		    const char *fmt, ...)
{
	va_list ap;
	unsigned long line = row->line, col = 1;

	if (c >= 0 && b->map[c] >= 0) {
		line = row->lines[b->map[c]];
		col = row->cols[b->map[c]];
	}
	b->problems++;
	if (b->warn == NULL)
		return;
	fprintf(b->warn, "%s:%lu:%lu: %s: ", b->path, line, col, field);
	va_start(ap, fmt);
	vfprintf(b->warn, fmt, ap);
	va_end(ap);
	fputc('\n', b->warn);
}

/*
 * A list answer written as its label (in any case) or its key in another
 * case is stored as its key; a date or time from a spreadsheet is left for
 * the form's validation to name.
 */
static void normalise(const struct kw_form_spec *f, const char *key, char **v)
{
	const struct kw_field_spec *fs = kw_form_field(f, key);
	const struct kw_list_item *it;

	if (*v == NULL || fs == NULL || (fs->type != KW_F_CHOICE && fs->type != KW_F_LOOKUP) ||
	    fs->list == NULL)
		return;
	it = kw_list_item_match(fs->list, *v);
	if (it != NULL && strcmp(it->key, *v) != 0) {
		free(*v);
		*v = kw_xstrdup(it->key);
	}
}

/* Finds the woman a row names. Returns 1 found, 0 not (a problem reported), or -1. */
static int her(struct bulk *b, const struct kw_csv_row *row, const char *ref, struct kw_err *err)
{
	struct kw_client c = { 0 };
	int found;

	if (ref == NULL) {
		problem(b, row, 0, "reference", "a reference is needed: it names the woman");
		return 0;
	}
	if (strcmp(ref, b->last_ref) != 0 || b->last_ref[0] == '\0') {
		found = strlen(ref) < sizeof(b->last_ref)
				? kw_db_client_get(b->s->store, ref, &c, err)
				: 0;
		if (found < 0)
			return -1;
		b->last_ref[0] = '\0';
		if (strlen(ref) < sizeof(b->last_ref))
			memcpy(b->last_ref, ref, strlen(ref) + 1);
		snprintf(b->last_id, sizeof(b->last_id), "%s", found > 0 ? c.meta.id : "");
		/* A reference that is an id is not a reference. */
		b->last_state = found > 0 && strcmp(c.reference, ref) == 0 ? 1 : 0;
		kw_client_clear(&c);
		if (b->last_state == 1) {
			struct kw_err why = { 0 };
			int r = kw_restricted(b->s, b->last_id, &why);

			if (r < 0) {
				*err = why;
				return -1;
			}
			if (r > 0) {
				b->last_state = 2;
				snprintf(b->last_why, sizeof(b->last_why), "%s", why.msg);
			}
		}
	}
	if (b->last_state == 0) {
		problem(b, row, 0, "reference", "no woman has the reference '%.20s%s'", ref,
			strlen(ref) > 20 ? "..." : "");
		return 0;
	}
	if (b->last_state == 2) {
		problem(b, row, 0, "reference", "%s", b->last_why);
		return 0;
	}
	return 1;
}

/* The form's field errors as the row's problems, each at its column. */
static void field_problems(struct bulk *b, const struct kw_csv_row *row,
			   const struct kw_field_errors *fe)
{
	for (size_t i = 0; i < fe->n; i++)
		problem(b, row, col_of(b->k, fe->e[i].key), fe->e[i].key, "%s", fe->e[i].msg);
}

static int contact_row(struct bulk *b, const struct kw_csv_row *row, const char *client,
		       struct kw_err *err)
{
	struct kw_values vals = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_form_record rec = { 0 };
	struct kw_err why = { 0 };
	int rc = -1;

	for (int c = 1; c < ncols(b->k); c++) {
		char *v = cell(b, row, c);

		normalise(b->form, b->k->cols[c], &v);
		if (v != NULL)
			kw_values_set(&vals, b->k->cols[c], v);
		free(v);
	}
	snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", client);
	/* The screens' way in: the contact rule, then the form's checks, then the store. */
	if (kw_form_save(b->s, b->form, &rec, &vals, &fe, &why) == 0) {
		b->count++;
		rc = 0;
	} else if (fe.n > 0) {
		field_problems(b, row, &fe);
		rc = 0;
	} else {
		*err = why;
		if (err->file[0] == '\0')
			kw_err_at(err, why.status, b->path, row->line, 1, "%s", why.msg);
	}
	kw_values_free(&vals);
	kw_field_errors_free(&fe);
	return rc;
}

static int note_row(struct bulk *b, const struct kw_csv_row *row, const char *client,
		    struct kw_err *err)
{
	struct kw_values vals = { 0 };
	struct kw_field_errors fe = { 0 };
	struct kw_note n = { 0 };
	struct kw_err why = { 0 };
	char *when = cell(b, row, col_of(b->k, "happened_at"));
	char *conf = cell(b, row, col_of(b->k, "confidential"));
	char *body = cell(b, row, col_of(b->k, "body"));
	unsigned long before = b->problems;
	int rc = -1;

	/* The note form's checks, as the note screen's: a body, its length, a time not ahead. */
	if (when != NULL)
		kw_values_set(&vals, "happened_at", when);
	if (body != NULL)
		kw_values_set(&vals, "body", body);
	kw_form_validate(b->form, b->s->user.role, &vals, NULL, NULL, &fe);
	field_problems(b, row, &fe);
	if (conf != NULL && strcmp(conf, "yes") != 0 && strcmp(conf, "no") != 0)
		problem(b, row, col_of(b->k, "confidential"), "confidential",
			"Confidential is yes or no, not '%.20s%s'", conf,
			strlen(conf) > 20 ? "..." : "");
	if (b->problems > before) {
		rc = 0;
		goto out;
	}
	snprintf(n.client_id, sizeof(n.client_id), "%s", client);
	if (when != NULL)
		snprintf(n.happened_at, sizeof(n.happened_at), "%s", when);
	n.body = body;
	body = NULL;
	n.confidential = conf != NULL && strcmp(conf, "yes") == 0;
	if (kw_app_note_write(b->s, &n, &why) != 0) {
		*err = why;
		if (err->file[0] == '\0')
			kw_err_at(err, why.status, b->path, row->line, 1, "%s", why.msg);
		goto out;
	}
	b->count++;
	rc = 0;
out:
	kw_note_clear(&n);
	free(when);
	free(conf);
	free(body);
	kw_values_free(&vals);
	kw_field_errors_free(&fe);
	return rc;
}

static int row_fn(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	struct bulk *b = ctx;
	unsigned long before = b->problems;
	char *ref;
	int found, rc;

	if (!b->header_read)
		return header(b, row, err);
	if (kw_watch_check(b->watch, err) != 0)
		return -1;
	b->rows++;
	if (b->rows % 256 == 0)
		kw_watch_tell(b->watch, NULL, "rows", b->rows, ftell(b->fp), b->size);
	ref = cell(b, row, 0);
	found = her(b, row, ref, err);
	free(ref);
	if (found < 0)
		return -1;
	if (found == 0) {
		b->bad++;
		return 0;
	}
	rc = b->k == &contacts ? contact_row(b, row, b->last_id, err)
			       : note_row(b, row, b->last_id, err);
	if (b->problems > before)
		b->bad++;
	return rc;
}

int kw_import_records(struct kw_session *s, const struct kw_form_pack *pack, const char *entity,
		      const char *path, bool ignore_unknown, FILE *warn,
		      const struct kw_watch *watch, unsigned long *count, struct kw_err *err)
{
	struct bulk b = { 0 };
	struct stat st;
	char detail[96];

	*count = 0;
	if (strcmp(entity, "contacts") == 0)
		b.k = &contacts;
	else if (strcmp(entity, "notes") == 0)
		b.k = &notes;
	else
		return kw_err_set(err, KW_EUSAGE,
				  "cannot import '%s': choose clients, contacts or notes", entity);
	if (b.k == &notes && !kw_store_has_sensitive(s->store))
		return kw_err_set(err, KW_ENOPERM, "your role does not open case notes");
	b.form = kw_form_find(pack, b.k->form);
	if (b.form == NULL)
		return kw_err_set(err, KW_EDATA, "the form pack has no %s form", b.k->form);
	b.s = s;
	b.path = path;
	b.ignore_unknown = ignore_unknown;
	b.warn = warn;
	b.watch = watch;
	b.fp = fopen(path, "rb");
	if (b.fp == NULL)
		return kw_err_at(err, KW_ENOINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
	b.size = fstat(fileno(b.fp), &st) == 0 ? (long long)st.st_size : 0;
	if (kw_store_begin_long(s->store, s->user.username, b.k->busy, err) != 0)
		goto done;
	/* Each row's random ids land all over each index: keep their pages in memory. */
	kw_store_bulk_cache(s->store, true);
	if (kw_csv_read_stream(b.fp, path, row_fn, &b, err) != 0)
		goto fail;
	if (!b.header_read) {
		kw_err_at(err, KW_EDATA, path, 1, 1, "the file is empty (a header row is needed)");
		goto fail;
	}
	if (b.bad > 0) {
		kw_err_set(err, KW_EDATA,
			   "%s: %lu of %lu row%s %s %lu problem%s (each listed above)", path, b.bad,
			   b.rows, b.rows == 1 ? "" : "s", b.bad == 1 ? "has" : "have", b.problems,
			   b.problems == 1 ? "" : "s");
		goto fail;
	}
	if (kw_watch_check(watch, err) != 0)
		goto fail;
	kw_watch_tell(watch, NULL, "rows", b.rows, b.size, b.size);
	snprintf(detail, sizeof(detail), "%lu %s from CSV", b.count,
		 b.k == &notes ? "case notes" : "contacts");
	if (kw_db_audit(s->store, "import", NULL, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	kw_store_bulk_cache(s->store, false);
	*count = b.count;
	fclose(b.fp);
	return 0;
fail:
	kw_store_rollback(s->store);
	kw_store_bulk_cache(s->store, false);
done:
	fclose(b.fp);
	return -1;
}
