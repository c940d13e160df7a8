/*
 * backup.c: a consistent snapshot of both compartment files, as encrypted bytes.
 *
 * The files are read through SQLite's own file handles (never by opening
 * them again: closing a second descriptor of a database file would drop
 * SQLite's POSIX locks on it). A read transaction over both files holds a
 * shared lock on each, so no writer in any process can commit while the
 * bytes are copied, and the two files always come from the same moment.
 */
#include <string.h>

#include "internal.h"
#include "keywork/util.h"

static const char SQL_HEAD[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";

int kw_db_audit_head(struct kw_store *st, long long *seq, unsigned char hash[32],
		     struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_HEAD, err);
	int step;

	if (s == NULL)
		return -1;
	*seq = 0;
	memset(hash, 0, 32);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(hash, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading the audit trail", err);
	return 0;
}

static int copy_file(struct kw_store *st, const char *schema, const char *name,
		     int (*file)(void *, const char *, long long, struct kw_err *), kw_chunk_fn fn,
		     void *ctx, struct kw_err *err)
{
	sqlite3_file *f = NULL;
	sqlite3_int64 size = 0, off;
	unsigned char buf[65536];

	if (sqlite3_file_control(st->db, schema, SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    f == NULL || f->pMethods == NULL)
		return kw_err_set(err, KW_ESOFTWARE, "cannot reach the file of %s", name);
	if (f->pMethods->xFileSize(f, &size) != SQLITE_OK)
		return kw_err_set(err, KW_EIO, "cannot read the size of %s", name);
	if (file(ctx, name, (long long)size, err) != 0)
		return -1;
	for (off = 0; off < size;) {
		int n = size - off < (sqlite3_int64)sizeof(buf) ? (int)(size - off)
								: (int)sizeof(buf);

		if (f->pMethods->xRead(f, buf, n, off) != SQLITE_OK)
			return kw_err_set(err, KW_EIO, "cannot read %s", name);
		if (fn(ctx, buf, (size_t)n, err) != 0)
			return -1;
		off += n;
	}
	return 0;
}

int kw_db_snapshot(struct kw_store *st,
		   int (*file)(void *ctx, const char *name, long long size, struct kw_err *err),
		   kw_chunk_fn fn, void *ctx, long long *head_seq, unsigned char head_hash[32],
		   struct kw_err *err)
{
	int rc = -1;

	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return kw_db_fail(st, "starting the snapshot", err);
	/* Reading each schema takes its shared lock, held until the end. */
	if (sqlite3_exec(st->db, "SELECT count(*) FROM main.sqlite_master", NULL, NULL, NULL) !=
		    SQLITE_OK ||
	    (st->sensitive && sqlite3_exec(st->db, "SELECT count(*) FROM s.sqlite_master", NULL,
					   NULL, NULL) != SQLITE_OK)) {
		kw_db_fail(st, "locking the files for the snapshot", err);
		goto out;
	}
	if (kw_db_audit_head(st, head_seq, head_hash, err) != 0 ||
	    copy_file(st, "main", KW_GENERAL_DB, file, fn, ctx, err) != 0 ||
	    (st->sensitive && copy_file(st, "s", KW_SENSITIVE_DB, file, fn, ctx, err) != 0))
		goto out;
	rc = 0;
out:
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}
