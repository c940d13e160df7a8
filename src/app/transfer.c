/* transfer.c: importing women from CSV and exporting records as CSV or JSON. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/csvio.h"
#include "keywork/form.h"
#include "keywork/policy.h"
#include "keywork/util.h"

enum col {
	COL_REFERENCE,
	COL_KNOWN_AS,
	COL_FIRST_NAME,
	COL_LAST_NAME,
	COL_DATE_OF_BIRTH,
	COL_PHONE,
	COL_BOROUGH,
	NCOLS
};

static const char *const col_names[NCOLS] = {
	"reference", "known_as", "first_name", "last_name", "date_of_birth", "phone", "borough",
};

struct import {
	struct kw_session *s;
	const struct kw_form_spec *form; /* the intake form: its limits are the import's */
	const char *path;
	bool ignore_unknown;
	FILE *warn;
	const struct kw_watch *watch;
	FILE *fp;
	long long size;
	int map[NCOLS]; /* CSV field index of each column, or -1 */
	size_t nfields;
	bool header_read;
	unsigned long count; /* rows kept */
	unsigned long rows;  /* rows read, the header aside */
	unsigned long bad;   /* rows with a problem */
	unsigned long problems;
};

/* Accepts YYYY-MM-DD or the UK spreadsheet form DD/MM/YYYY; writes YYYY-MM-DD. */
static bool parse_date(const char *in, char out[11])
{
	if (kw_date_valid(in)) {
		memcpy(out, in, 11);
		return true;
	}
	return strlen(in) == 10 && in[2] == '/' && in[5] == '/' && kw_date_parse(in, 10, out);
}

static bool reference_ok(const char *r)
{
	if (strlen(r) < 3 || strlen(r) > 15)
		return false;
	for (; *r != '\0'; r++)
		if (!((*r >= 'A' && *r <= 'Z') || (*r >= '0' && *r <= '9') || *r == '-'))
			return false;
	return true;
}

static int header(struct import *im, const struct kw_csv_row *row, struct kw_err *err)
{
	struct kw_buf unknown = { 0 };
	unsigned long ucol = 0;

	for (int c = 0; c < NCOLS; c++)
		im->map[c] = -1;
	im->nfields = row->nfields;
	im->header_read = true;
	for (size_t i = 0; i < row->nfields; i++) {
		const char *name = row->fields[i];
		int c;

		for (c = 0; c < NCOLS; c++)
			if (strcmp(name, col_names[c]) == 0)
				break;
		if (c < NCOLS) {
			if (im->map[c] >= 0)
				return kw_err_at(err, KW_EDATA, im->path, row->lines[i],
						 row->cols[i], "column '%s' appears twice", name);
			im->map[c] = (int)i;
			continue;
		}
		if (im->ignore_unknown) {
			if (im->warn != NULL)
				fprintf(im->warn, "%s:%lu:%lu: ignoring unknown column '%s'\n",
					im->path, row->lines[i], row->cols[i], name);
			continue;
		}
		if (unknown.len == 0)
			ucol = row->cols[i];
		kw_buf_printf(&unknown, "%s'%s'", unknown.len > 0 ? ", " : "", name);
	}
	if (unknown.len > 0) {
		kw_err_at(err, KW_EDATA, im->path, row->line, ucol,
			  "unknown column%s %s (known: reference, known_as, first_name, last_name, "
			  "date_of_birth, phone, borough; --ignore-unknown skips them)",
			  strchr(unknown.p, ',') != NULL ? "s" : "", unknown.p);
		kw_buf_free(&unknown);
		return -1;
	}
	if (im->map[COL_KNOWN_AS] < 0 && im->map[COL_FIRST_NAME] < 0)
		return kw_err_at(err, KW_EDATA, im->path, row->line, 1,
				 "the header needs a known_as or first_name column");
	return 0;
}

/* The cell of column c in row, or NULL when absent or empty. */
static char *cell(const struct import *im, const struct kw_csv_row *row, int c)
{
	const char *v;

	if (im->map[c] < 0)
		return NULL;
	v = row->fields[im->map[c]];
	if (v == NULL || v[0] == '\0')
		return NULL;
	return kw_csv_unneutralise(kw_xstrdup(v));
}

/* Reports one problem of a row, located at column c's cell (or the row's start). */
static void problem(struct import *im, const struct kw_csv_row *row, int c, const char *field,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void problem(struct import *im, const struct kw_csv_row *row, int c, const char *field,
		    const char *fmt, ...)
{
	va_list ap;
	unsigned long line = row->line, col = 1;

	if (c >= 0 && im->map[c] >= 0) {
		line = row->lines[im->map[c]];
		col = row->cols[im->map[c]];
	}
	im->problems++;
	if (im->warn == NULL)
		return;
	fprintf(im->warn, "%s:%lu:%lu: %s%s", im->path, line, col, field != NULL ? field : "",
		field != NULL ? ": " : "");
	va_start(ap, fmt);
	vfprintf(im->warn, fmt, ap);
	va_end(ap);
	fputc('\n', im->warn);
}

/* The column a field of the intake form is read from, or -1. */
static int column_of(const char *key)
{
	for (int c = 0; c < NCOLS; c++)
		if (strcmp(col_names[c], key) == 0)
			return c;
	return -1;
}

/*
 * A cell as the form stores it: a date in the spreadsheet's DD/MM/YYYY as
 * YYYY-MM-DD, a list's label (or its key in another case) as its key.
 * Anything else is left for the form's validation to name.
 */
static void normalise(const struct kw_field_spec *fs, char **v)
{
	char iso[11];

	if (*v == NULL || fs == NULL)
		return;
	if (fs->type == KW_F_DATE && strlen(*v) == 10 && parse_date(*v, iso)) {
		memcpy(*v, iso, 11);
	} else if ((fs->type == KW_F_CHOICE || fs->type == KW_F_LOOKUP) && fs->list != NULL) {
		const struct kw_list_item *it = kw_list_item_match(fs->list, *v);

		if (it != NULL && strcmp(it->key, *v) != 0) {
			free(*v);
			*v = kw_xstrdup(it->key);
		}
	}
}

static int row_fn(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	struct import *im = ctx;
	struct kw_client c = { 0 };
	struct kw_values vals = { 0 };
	struct kw_field_errors fe = { 0 };
	char *ref = NULL;
	char **slot[NCOLS] = { NULL };
	unsigned long before = im->problems;
	int rc = -1;

	if (!im->header_read)
		return header(im, row, err);
	if (kw_watch_check(im->watch, err) != 0)
		return -1;
	im->rows++;
	if (im->rows % 256 == 0)
		kw_watch_tell(im->watch, NULL, "rows", im->rows, ftell(im->fp), im->size);
	slot[COL_KNOWN_AS] = &c.known_as;
	slot[COL_FIRST_NAME] = &c.first_name;
	slot[COL_LAST_NAME] = &c.last_name;
	slot[COL_DATE_OF_BIRTH] = &c.date_of_birth;
	slot[COL_PHONE] = &c.phone;
	slot[COL_BOROUGH] = &c.borough;
	ref = cell(im, row, COL_REFERENCE);
	for (int k = 0; k < NCOLS; k++) {
		if (slot[k] == NULL)
			continue;
		*slot[k] = cell(im, row, k);
		normalise(kw_form_field(im->form, col_names[k]), slot[k]);
	}
	if (c.known_as == NULL && c.first_name != NULL)
		c.known_as = kw_xstrdup(c.first_name);
	/* The intake form's own rules, as on the screen: lengths, required, lists, dates. */
	for (int k = 0; k < NCOLS; k++)
		if (slot[k] != NULL && *slot[k] != NULL)
			kw_values_set(&vals, col_names[k], *slot[k]);
	kw_form_validate(im->form, im->s->user.role, &vals, NULL, NULL, &fe);
	for (size_t i = 0; i < fe.n; i++) {
		int col = column_of(fe.e[i].key);

		/* known_as taken from first_name is found where first_name was. */
		if (col == COL_KNOWN_AS && im->map[COL_KNOWN_AS] < 0)
			col = COL_FIRST_NAME;
		problem(im, row, col, fe.e[i].key, "%s", fe.e[i].msg);
	}
	if (ref != NULL) {
		struct kw_client other = { 0 };
		int found;

		if (!reference_ok(ref)) {
			problem(im, row, COL_REFERENCE, "reference",
				"'%.40s%s' is not a reference (capital letters, digits and '-')",
				ref, strlen(ref) > 40 ? "..." : "");
		} else {
			found = kw_db_client_get(im->s->store, ref, &other, err);
			kw_client_clear(&other);
			if (found < 0)
				goto out;
			if (found > 0)
				problem(im, row, COL_REFERENCE, "reference",
					"reference %s is already used", ref);
			else
				snprintf(c.reference, sizeof(c.reference), "%s", ref);
		}
	}
	if (im->problems > before) {
		im->bad++;
		rc = 0; /* go on: every bad row is reported */
		goto out;
	}
	/* Kept in the transaction even after a bad row, so later rows are checked against it. */
	if (kw_db_client_add(im->s->store, &c, err) != 0) {
		if (err->file[0] == '\0')
			kw_err_at(err, KW_EDATA, im->path, row->line, 1, "%s", err->msg);
		goto out;
	}
	im->count++;
	rc = 0;
out:
	free(ref);
	kw_client_clear(&c);
	kw_values_free(&vals);
	kw_field_errors_free(&fe);
	return rc;
}

int kw_import_clients(struct kw_session *s, const struct kw_form_pack *pack, const char *path,
		      bool ignore_unknown, FILE *warn, const struct kw_watch *watch,
		      unsigned long *count, struct kw_err *err)
{
	struct import im = { 0 };
	struct stat st;
	char detail[64];
	int rc = -1;

	*count = 0;
	im.s = s;
	im.path = path;
	im.ignore_unknown = ignore_unknown;
	im.warn = warn;
	im.watch = watch;
	im.form = kw_form_find(pack, "intake");
	if (im.form == NULL)
		return kw_err_set(err, KW_EDATA, "the form pack has no intake form");
	im.fp = fopen(path, "rb");
	if (im.fp == NULL)
		return kw_err_at(err, KW_ENOINPUT, path, 0, 0, "cannot open: %s", strerror(errno));
	im.size = fstat(fileno(im.fp), &st) == 0 ? (long long)st.st_size : 0;
	/* Others signing in meanwhile are told who is importing, and since when. */
	if (kw_store_begin_long(s->store, s->user.username, "importing women", err) != 0)
		goto out;
	kw_store_bulk_cache(s->store, true);
	if (kw_csv_read_stream(im.fp, path, row_fn, &im, err) != 0)
		goto fail;
	if (!im.header_read) {
		kw_err_at(err, KW_EDATA, path, 1, 1, "the file is empty (a header row is needed)");
		goto fail;
	}
	if (im.bad > 0) {
		kw_err_set(err, KW_EDATA,
			   "%s: %lu of %lu row%s %s %lu problem%s (each listed above)", path,
			   im.bad, im.rows, im.rows == 1 ? "" : "s", im.bad == 1 ? "has" : "have",
			   im.problems, im.problems == 1 ? "" : "s");
		goto fail;
	}
	if (kw_watch_check(watch, err) != 0)
		goto fail;
	kw_watch_tell(watch, NULL, "rows", im.rows, im.size, im.size);
	snprintf(detail, sizeof(detail), "%lu women from CSV", im.count);
	if (kw_db_audit(s->store, "import", NULL, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	*count = im.count;
	rc = 0;
	goto done;
fail:
	kw_store_rollback(s->store);
done:
	kw_store_bulk_cache(s->store, false);
out:
	fclose(im.fp);
	return rc;
}

/* --- export --- */

struct exporter {
	struct kw_session *s;
	enum kw_format format;
	FILE *out;
	unsigned long count;
	struct kw_err *err;
	/* client id -> reference, looked up as rows arrive */
	char last_id[37];
	char last_ref[16];
};

static int emit(struct exporter *x, const char *const *names, const char *const *values, size_t n)
{
	if (x->format == KW_FORMAT_CSV)
		return kw_csv_write_row(x->out, values, n, x->err);
	fputs(x->count == 0 ? "[\n  {" : ",\n  {", x->out);
	for (size_t i = 0; i < n; i++) {
		fprintf(x->out, "%s\"%s\": ", i > 0 ? ", " : "", names[i]);
		kw_json_put(x->out, values[i]);
	}
	fputs("}", x->out);
	return ferror(x->out) ? kw_err_set(x->err, KW_EIO, "cannot write the export") : 0;
}

static const char *reference_of(struct exporter *x, const char *client_id)
{
	struct kw_client c = { 0 };

	if (strcmp(x->last_id, client_id) == 0)
		return x->last_ref;
	if (kw_db_client_get(x->s->store, client_id, &c, x->err) != 1)
		return "";
	snprintf(x->last_id, sizeof(x->last_id), "%s", client_id);
	snprintf(x->last_ref, sizeof(x->last_ref), "%s", c.reference);
	kw_client_clear(&c);
	return x->last_ref;
}

static const char *const client_cols[] = { "reference",	    "known_as", "first_name", "last_name",
					   "date_of_birth", "phone",	"borough" };
static const char *const contact_cols[] = { "reference",      "happened_at",	 "mode",
					    "outcome",	      "missed_reason",	 "summary",
					    "channel_safety", "channel_override" };
static const char *const note_cols[] = { "reference", "happened_at", "written_at", "confidential",
					 "body" };

static int client_row(void *ctx, const struct kw_client *c)
{
	struct exporter *x = ctx;
	const char *v[] = { c->reference,     c->known_as, c->first_name, c->last_name,
			    c->date_of_birth, c->phone,	   c->borough };

	if (emit(x, client_cols, v, KW_ARRAY_LEN(v)) != 0)
		return -1;
	x->count++;
	return 0;
}

static int contact_row(void *ctx, const struct kw_contact *c)
{
	struct exporter *x = ctx;
	const char *v[] = { reference_of(x, c->client_id),
			    c->happened_at,
			    c->mode,
			    kw_contact_outcome_name(c->outcome),
			    c->missed_reason,
			    c->summary,
			    c->channel_safety,
			    c->channel_override };

	if (emit(x, contact_cols, v, KW_ARRAY_LEN(v)) != 0)
		return -1;
	x->count++;
	return 0;
}

static int note_row(void *ctx, const struct kw_note *n)
{
	struct exporter *x = ctx;
	const char *v[] = { reference_of(x, n->client_id), n->happened_at, n->written_at,
			    n->confidential ? "yes" : "no", n->body };

	if (emit(x, note_cols, v, KW_ARRAY_LEN(v)) != 0)
		return -1;
	x->count++;
	return 0;
}

/* Refuses an export carrying a field that form does not let the session's role see. */
static int export_sees(const struct kw_session *s, const struct kw_form_pack *pack,
		       const char *form, const char *const *cols, size_t ncols, struct kw_err *err)
{
	const struct kw_form_spec *f = kw_form_find(pack, form);

	for (size_t i = 0; f != NULL && i < ncols; i++) {
		const struct kw_field_spec *fs = kw_form_field(f, cols[i]);

		if (fs != NULL && !kw_field_can_see(fs, s->user.role))
			return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
					  "your role (%s) may not see %s, which this export "
					  "carries (keywork-forms(5), see:)",
					  kw_role_name(s->user.role), fs->label);
	}
	return 0;
}

int kw_export(struct kw_session *s, const struct kw_form_pack *pack, const char *entity,
	      enum kw_format format, FILE *out, unsigned long *count, struct kw_err *err)
{
	struct exporter x = { s, format, out, 0, err, "", "" };
	const char *const *cols;
	size_t ncols;
	char detail[96];
	int rc;

	*count = 0;
	/* Only a role that may see every field exported (policy.h, enforced by the store). */
	if (kw_db_may(s->store, KW_DO_EXPORT, err) != 0)
		return -1;
	if (strcmp(entity, "clients") == 0) {
		cols = client_cols;
		ncols = KW_ARRAY_LEN(client_cols);
		if (pack != NULL && export_sees(s, pack, "intake", cols, ncols, err) != 0)
			return -1;
	} else if (strcmp(entity, "contacts") == 0) {
		cols = contact_cols;
		ncols = KW_ARRAY_LEN(contact_cols);
		if (pack != NULL && export_sees(s, pack, "contact", cols, ncols, err) != 0)
			return -1;
	} else if (strcmp(entity, "notes") == 0) {
		if (!kw_store_has_sensitive(s->store))
			return kw_err_set(err, KW_ENOPERM, "your role does not open case notes");
		if (kw_db_may(s->store, KW_DO_EXPORT_NOTES, err) != 0)
			return -1;
		cols = note_cols;
		ncols = KW_ARRAY_LEN(note_cols);
		if (pack != NULL && export_sees(s, pack, "note", cols, ncols, err) != 0)
			return -1;
	} else {
		return kw_err_set(err, KW_EUSAGE,
				  "cannot export '%s': choose clients, contacts or notes", entity);
	}
	/* The audit row commits with the reads; if it cannot, the caller removes the file. */
	snprintf(detail, sizeof(detail), "exporting %s",
		 strcmp(entity, "clients") == 0 ? "women"
		 : strcmp(entity, "notes") == 0 ? "case notes"
						: entity);
	if (kw_store_begin_long(s->store, s->user.username, detail, err) != 0)
		return -1;
	if (format == KW_FORMAT_CSV && kw_csv_write_row(out, cols, ncols, err) != 0)
		goto fail;
	if (strcmp(entity, "clients") == 0)
		rc = kw_db_client_each(s->store, client_row, &x, err);
	else if (strcmp(entity, "contacts") == 0)
		rc = kw_db_contact_each(s->store, contact_row, &x, err);
	else
		rc = kw_db_note_each(s->store, note_row, &x, err);
	if (rc != 0)
		goto fail;
	if (format == KW_FORMAT_JSON)
		fputs(x.count == 0 ? "[]\n" : "\n]\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		kw_err_set(err, KW_EIO, "cannot write the export");
		goto fail;
	}
	snprintf(detail, sizeof(detail), "%s, %lu records, %s", entity, x.count,
		 format == KW_FORMAT_CSV ? "csv" : "json");
	if (kw_db_audit(s->store, "export", NULL, detail, err) != 0 ||
	    kw_store_commit(s->store, err) != 0)
		goto fail;
	*count = x.count;
	return 0;
fail:
	kw_store_rollback(s->store);
	return -1;
}
