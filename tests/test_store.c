/*
 * test_store.c: Check suite for the store through the session and db APIs
 * (src/db/, src/app/session.c), on real encrypted files in a temp directory.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "keywork/app.h"
#include "keywork/db.h"
#include "keywork/lookup.h"
#include "keywork/reports.h"
#include "keywork/team.h"
#include "keywork/util.h"
#include "testutil.h"

#define PASS_BEA "marble-quiver-honey-saddle-brook"
#define PASS_DEE "cobalt-fennel-ladder-nugget-plume"
#define PASS_NEW "plaid-kettle-orbit-saffron-wharf"

/* A private temporary directory per test (the fixture runs in the test's own process). */
static char *tmp;

static void setup(void)
{
	ck_assert_int_eq(kw_crypto_init(), 0);
	tmp = tu_tmpdir();
}

static void teardown(void)
{
	tu_rmdir(tmp);
	tmp = NULL;
}

/* --- helpers --- */

/* Problems kw_db_check reported, one per line. */
struct problems {
	int n;
	struct kw_buf text;
};

static void on_problem(void *ctx, const char *what)
{
	struct problems *p = ctx;

	p->n++;
	kw_buf_printf(&p->text, "%s\n", what);
}

/*
 * Runs check (kw_db_check, or kw_db_schema_check alone); returns the count
 * and (if out) the problems' text, malloc'd.
 */
static int run_problems(struct kw_session *s,
			int (*check)(struct kw_store *, kw_problem_fn, void *, struct kw_err *),
			char **out)
{
	struct problems p = { 0, { 0 } };
	struct kw_err err;
	int n;

	kw_err_clear(&err);
	kw_buf_adds(&p.text, "");
	n = check(s->store, on_problem, &p, &err);
	ck_assert_msg(n >= 0, "check did not run: %s", err.msg);
	ck_assert_int_eq(n, p.n);
	if (out != NULL)
		*out = p.text.p;
	else
		kw_buf_free(&p.text);
	return n;
}

static int run_check(struct kw_session *s, char **out)
{
	return run_problems(s, kw_db_check, out);
}

static void assert_clean(struct kw_session *s)
{
	char *text = NULL;
	int n = run_check(s, &text);

	ck_assert_msg(n == 0, "%d problems:\n%s", n, text);
	free(text);
}

static struct kw_session *open_ok(const char *data, const char *user, const char *pass)
{
	struct kw_err err;
	struct kw_session *s;

	kw_err_clear(&err);
	s = tu_open(data, user, pass, &err);
	ck_assert_msg(s != NULL, "open as %s: %s", user, err.msg);
	return s;
}

/* Opening must fail; returns the status, and the message in msg. */
static int open_fails(const char *data, const char *user, const char *pass, char msg[512])
{
	struct kw_err err;
	struct kw_session *s;

	kw_err_clear(&err);
	s = tu_open(data, user, pass, &err);
	ck_assert_msg(s == NULL, "opening as %s should have failed", user);
	ck_assert_int_ne(err.status, 0);
	if (msg != NULL)
		memcpy(msg, err.msg, sizeof(err.msg));
	return err.status;
}

static void user_add(struct kw_session *s, const char *name, enum kw_role role, const char *pass)
{
	struct kw_secret *p = tu_pass(pass);
	struct kw_err err;

	kw_err_clear(&err);
	ck_assert_msg(kw_session_user_add(s, name, role, p, KW_KDF_INTERACTIVE, &err) == 0,
		      "add %s: %s", name, err.msg);
	kw_secret_free(&p);
}

/* Adds a woman known as known_as (other fields empty); her id is copied to id. */
static void client_add(struct kw_session *s, const char *known_as, char id[37])
{
	struct kw_client c = { 0 };
	struct kw_err err;

	c.known_as = kw_xstrdup(known_as);
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_client_add(s->store, &c, &err)) == 0, "add client: %s",
		      err.msg);
	if (id != NULL)
		memcpy(id, c.meta.id, 37);
	kw_client_clear(&c);
}

static void note_add(struct kw_session *s, const char *client_id, const char *body)
{
	struct kw_note n = { 0 };
	struct kw_err err;

	snprintf(n.client_id, sizeof(n.client_id), "%s", client_id);
	n.body = kw_xstrdup(body);
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_note_add(s->store, &n, &err)) == 0, "add note: %s",
		      err.msg);
	kw_note_clear(&n);
}

static long client_count(struct kw_session *s)
{
	struct kw_err err;
	long n;

	kw_err_clear(&err);
	n = kw_db_client_count(s->store, &err);
	ck_assert_msg(n >= 0, "count: %s", err.msg);
	return n;
}

static mode_t mode_of(const char *dir, const char *name)
{
	char *path = name != NULL ? kw_path_join(dir, name) : kw_xstrdup(dir);
	struct stat sb;

	ck_assert_msg(stat(path, &sb) == 0, "no %s", path);
	free(path);
	return sb.st_mode & 07777;
}

static void chmod_in(const char *dir, const char *name, mode_t mode)
{
	char *path = name != NULL ? kw_path_join(dir, name) : kw_xstrdup(dir);

	ck_assert_int_eq(chmod(path, mode), 0);
	free(path);
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct kw_buf b = { 0 };
	char chunk[8192];
	size_t n;

	ck_assert_msg(fp != NULL, "cannot read %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		kw_buf_add(&b, chunk, n);
	fclose(fp);
	kw_buf_add(&b, "", 1);
	*len = b.len - 1;
	return b.p;
}

static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *pa = slurp(a, &la), *pb = slurp(b, &lb);
	bool same = la == lb && memcmp(pa, pb, la) == 0;

	free(pa);
	free(pb);
	return same;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = slurp(from, &len);
	FILE *fp = fopen(to, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(data, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(chmod(to, 0600), 0);
	free(data);
}

/*
 * Raw SQL on a compartment file, for tampering and for reading PRAGMAs the
 * API does not show: only the tests do this. The file is opened with the raw
 * key from the session's keyring, as SQLCipher takes it ("x'…'").
 */
static sqlite3 *raw_open(const struct kw_session *s, const char *file, const struct kw_secret *key)
{
	char *path = kw_path_join(s->dir, file);
	struct kw_secret *k = kw_key_sql(key);
	sqlite3 *db = NULL;

	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_key(db, k->p, (int)k->len), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA cipher_log_level = NONE", NULL, NULL, NULL);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	kw_secret_free(&k);
	free(path);
	return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql, msg);
}

static long long raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The user_version of one compartment file, read with a raw connection. */
static long long user_version(const struct kw_session *s, const char *file,
			      const struct kw_secret *key)
{
	sqlite3 *db = raw_open(s, file, key);
	long long v = raw_int(db, "PRAGMA user_version");

	sqlite3_close(db);
	return v;
}

/* --- migrations, files and permissions --- */

START_TEST(test_create_makes_private_files)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE };
	struct dirent *de;
	DIR *d;

	ck_assert_int_eq(mode_of(data, NULL), 0700);
	for (size_t i = 0; i < KW_ARRAY_LEN(files); i++)
		ck_assert_msg(mode_of(data, files[i]) == 0600, "%s is %o", files[i],
			      mode_of(data, files[i]));
	/* Whatever else is there (journals), nobody else can read it either. */
	d = opendir(data);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		ck_assert_msg((mode_of(data, de->d_name) & 077) == 0, "%s is %o", de->d_name,
			      mode_of(data, de->d_name));
	}
	closedir(d);

	ck_assert(kw_store_has_sensitive(s->store));
	ck_assert_int_eq(s->user.role, KW_ROLE_MANAGER);
	ck_assert_str_eq(s->user.username, "ana");
	ck_assert(kw_session_is(s, KW_ROLE_MANAGER));
	ck_assert_uint_eq(strlen(kw_store_device_id(s->store)), 36);
	ck_assert_int_ge(user_version(s, KW_GENERAL_DB, s->ring->general), 1);
	ck_assert_int_ge(user_version(s, KW_SENSITIVE_DB, s->ring->sensitive), 1);
	ck_assert_int_eq(client_count(s), 0);
	assert_clean(s);
	kw_session_close(&s);
	ck_assert_ptr_null(s);
	free(data);
}
END_TEST

START_TEST(test_create_refuses_existing_data)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data), *again = NULL;
	struct kw_secret *pass = tu_pass(TU_PASS), *code = NULL;
	char *keys = kw_path_join(data, KW_KEY_FILE), *saved = kw_path_join(tmp, "saved.keys");
	char *open_dir = kw_path_join(tmp, "open");
	struct kw_err err;

	kw_session_close(&s);
	copy_file(keys, saved);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_session_create(data, "bea", pass, KW_KDF_INTERACTIVE, false, &again,
					   &code, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_EUSAGE);
	ck_assert_ptr_null(again);
	ck_assert_ptr_null(code);
	ck_assert(same_file(keys, saved)); /* nothing was changed */

	/* A new directory that others can read is refused before anything is written. */
	ck_assert_int_eq(mkdir(open_dir, 0755), 0);
	ck_assert_int_eq(chmod(open_dir, 0755), 0);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_session_create(open_dir, "bea", pass, KW_KDF_INTERACTIVE, false, &again,
					   &code, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	{
		char *k = kw_path_join(open_dir, KW_KEY_FILE);

		ck_assert_int_ne(access(k, F_OK), 0);
		free(k);
	}
	kw_secret_free(&pass);
	free(keys);
	free(saved);
	free(open_dir);
	free(data);
}
END_TEST

START_TEST(test_reopen_keeps_data_and_schema)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	long long gv, sv;
	char id[37], device[37];
	struct kw_client c;
	struct kw_err err;

	gv = user_version(s, KW_GENERAL_DB, s->ring->general);
	sv = user_version(s, KW_SENSITIVE_DB, s->ring->sensitive);
	snprintf(device, sizeof(device), "%s", kw_store_device_id(s->store));
	client_add(s, "Maya", id);
	note_add(s, id, "first note");
	kw_session_close(&s);

	for (int round = 0; round < 2; round++) {
		s = open_ok(data, "ana", TU_PASS);
		ck_assert_int_eq(user_version(s, KW_GENERAL_DB, s->ring->general), gv);
		ck_assert_int_eq(user_version(s, KW_SENSITIVE_DB, s->ring->sensitive), sv);
		ck_assert_str_eq(kw_store_device_id(s->store), device);
		ck_assert_int_eq(client_count(s), 1);
		kw_err_clear(&err);
		ck_assert_int_eq(kw_db_client_get(s->store, id, &c, &err), 1);
		ck_assert_str_eq(c.known_as, "Maya");
		kw_client_clear(&c);
		kw_session_close(&s);
	}
	/* Both files keep private modes after being written again. */
	ck_assert_int_eq(mode_of(data, KW_GENERAL_DB), 0600);
	ck_assert_int_eq(mode_of(data, KW_SENSITIVE_DB), 0600);
	free(data);
}
END_TEST

START_TEST(test_wrong_passphrase_changes_nothing)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE };
	char *before[3], *after[3];
	char msg_wrong[512], msg_unknown[512];

	kw_session_close(&s);
	for (size_t i = 0; i < 3; i++) {
		char *p = kw_path_join(data, files[i]);

		before[i] = kw_path_join(tmp, files[i]);
		copy_file(p, before[i]);
		after[i] = p;
	}
	ck_assert_int_eq(open_fails(data, "ana", PASS_NEW, msg_wrong), KW_ENOPERM);
	ck_assert_int_eq(open_fails(data, "zoe", TU_PASS, msg_unknown), KW_ENOPERM);
	ck_assert_str_eq(msg_wrong, msg_unknown);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_msg(same_file(before[i], after[i]), "%s changed", files[i]);
		free(before[i]);
		free(after[i]);
	}
	/* Only the unlock state file records the attempts, privately. */
	ck_assert_int_eq(mode_of(data, KW_STATE_FILE), 0600);
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_uint_eq(s->failed_before, 1);
	ck_assert_uint_eq(strlen(s->failed_since), 20);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_open_refuses_readable_files)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	static const char *const files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB, KW_KEY_FILE };
	char msg[512];

	kw_session_close(&s);
	chmod_in(data, NULL, 0755);
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_ENOPERM);
	ck_assert_msg(strstr(msg, "chmod 700") != NULL, "%s", msg);
	chmod_in(data, NULL, 0710);
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, NULL), KW_ENOPERM);
	chmod_in(data, NULL, 0700);
	for (size_t i = 0; i < KW_ARRAY_LEN(files); i++) {
		chmod_in(data, files[i], 0644);
		ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_ENOPERM);
		ck_assert_msg(strstr(msg, files[i]) != NULL && strstr(msg, "chmod 600") != NULL,
			      "%s", msg);
		chmod_in(data, files[i], 0640);
		ck_assert_int_eq(open_fails(data, "ana", TU_PASS, NULL), KW_ENOPERM);
		chmod_in(data, files[i], 0600);
	}
	/* A symbolic link in place of a compartment is refused too. */
	{
		char *g = kw_path_join(data, KW_GENERAL_DB);
		char *moved = kw_path_join(tmp, "elsewhere.db");

		ck_assert_int_eq(rename(g, moved), 0);
		ck_assert_int_eq(symlink(moved, g), 0);
		ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_ENOPERM);
		ck_assert_msg(strstr(msg, "not a regular file") != NULL, "%s", msg);
		ck_assert_int_eq(unlink(g), 0);
		ck_assert_int_eq(rename(moved, g), 0);
		free(g);
		free(moved);
	}
	/* With the modes put right it opens again (and no failure was counted). */
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_uint_eq(s->failed_before, 0);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * A data directory on a network share is refused: SQLite's locking is not
 * safe there. Shares are known by statfs(2)'s filesystem type; the local
 * disk the tests run on is not one.
 */
START_TEST(test_network_share_known)
{
	struct statfs fs;

	ck_assert_str_eq(kw_fs_network_name(0x6969), "NFS");
	ck_assert_str_eq(kw_fs_network_name(0xFF534D42UL), "CIFS");
	ck_assert_str_eq(kw_fs_network_name(0xFE534D42UL), "SMB2");
	ck_assert_str_eq(kw_fs_network_name(0x517B), "SMB");
	ck_assert_str_eq(kw_fs_network_name(0x01021997), "9P");
	ck_assert_ptr_null(kw_fs_network_name(0xEF53));	    /* ext4 */
	ck_assert_ptr_null(kw_fs_network_name(0x01021994)); /* tmpfs */
	ck_assert_ptr_null(kw_fs_network_name(0x58465342)); /* xfs */
	ck_assert_ptr_null(kw_fs_network_name(0x9123683E)); /* btrfs */
	ck_assert_int_eq(statfs(tmp, &fs), 0);
	ck_assert_ptr_null(kw_fs_network_name((unsigned long)fs.f_type));
}
END_TEST

START_TEST(test_key_file_from_elsewhere_refused)
{
	char *data = NULL, *other_tmp = kw_path_join(tmp, "other");
	struct kw_session *s = tu_create(tmp, &data), *t;
	char *other_data = NULL, *keys, *other_keys, *g, *gcopy, *mine;
	int status;
	char msg[512];

	ck_assert_int_eq(mkdir(other_tmp, 0700), 0);
	t = tu_create(other_tmp, &other_data);
	ck_assert_str_ne(kw_keyfile_key_id(s->kf), kw_keyfile_key_id(t->kf));
	kw_session_close(&s);
	kw_session_close(&t);
	keys = kw_path_join(data, KW_KEY_FILE);
	other_keys = kw_path_join(other_data, KW_KEY_FILE);
	g = kw_path_join(data, KW_GENERAL_DB);
	gcopy = kw_path_join(tmp, "general.copy");
	mine = kw_path_join(tmp, "mine.keys");
	copy_file(g, gcopy);
	copy_file(keys, mine);
	copy_file(other_keys, keys);

	/*
	 * The passphrase opens the (foreign) slot, so the passphrase was right;
	 * its compartment keys do not open these files. SQLCipher cannot tell a
	 * wrong key from a damaged file, so this is bad data (KW_EDATA, exit
	 * 65), not a wrong passphrase, and the message says the files do not
	 * belong together.
	 */
	status = open_fails(data, "ana", TU_PASS, msg);
	ck_assert_msg(status == KW_EDATA, "status %d: %s", status, msg);
	ck_assert_msg(strstr(msg, "do not belong together") != NULL, "%s", msg);
	ck_assert(same_file(g, gcopy)); /* nothing was written */

	/* With her own key file back it opens, and no failed attempt was counted. */
	copy_file(mine, keys);
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_uint_eq(s->failed_before, 0);
	assert_clean(s);
	kw_session_close(&s);
	free(mine);
	free(keys);
	free(other_keys);
	free(g);
	free(gcopy);
	free(data);
	free(other_data);
	free(other_tmp);
}
END_TEST

/* --- clients --- */

struct changes {
	int n;
	char field[8][32];
	char *old_value[8];
	char *new_value[8];
	char by[8][37];
};

static int on_change(void *ctx, const struct kw_change *c)
{
	struct changes *ch = ctx;

	ck_assert_int_lt(ch->n, 8);
	ck_assert_str_eq(c->table, "clients");
	ck_assert_uint_eq(strlen(c->at), 20);
	snprintf(ch->field[ch->n], sizeof(ch->field[0]), "%s", c->field);
	ch->old_value[ch->n] = kw_xstrdup_null(c->old_value);
	ch->new_value[ch->n] = kw_xstrdup_null(c->new_value);
	snprintf(ch->by[ch->n], sizeof(ch->by[0]), "%s", c->by);
	ch->n++;
	return 0;
}

static void changes_of(struct kw_session *s, const char *id, struct changes *ch)
{
	struct kw_err err;

	memset(ch, 0, sizeof(*ch));
	kw_err_clear(&err);
	ck_assert_msg(kw_db_history_each(s->store, id, on_change, ch, &err) == 0, "history: %s",
		      err.msg);
}

static void changes_free(struct changes *ch)
{
	for (int i = 0; i < ch->n; i++) {
		free(ch->old_value[i]);
		free(ch->new_value[i]);
	}
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (want == NULL)
		ck_assert_ptr_null(got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0, "got '%s', expected '%s'",
			      got != NULL ? got : "(null)", want);
}

static void assert_same_client(const struct kw_client *a, const struct kw_client *b)
{
	ck_assert_str_eq(a->meta.id, b->meta.id);
	ck_assert_str_eq(a->reference, b->reference);
	assert_str_or_null(a->known_as, b->known_as);
	assert_str_or_null(a->first_name, b->first_name);
	assert_str_or_null(a->last_name, b->last_name);
	assert_str_or_null(a->date_of_birth, b->date_of_birth);
	assert_str_or_null(a->phone, b->phone);
	assert_str_or_null(a->borough, b->borough);
	assert_str_or_null(a->keyworker_id, b->keyworker_id);
	ck_assert_int_eq(a->meta.version, b->meta.version);
	ck_assert_str_eq(a->meta.created_at, b->meta.created_at);
	ck_assert_str_eq(a->meta.created_by, b->meta.created_by);
	ck_assert_str_eq(a->meta.updated_at, b->meta.updated_at);
	ck_assert_str_eq(a->meta.updated_by, b->meta.updated_by);
}

/*
 * A session that runs more kinds of query than the store keeps prepared (a manager's day
 * through every screen) still runs each: the least used is let go, never one being read.
 */
START_TEST(test_statement_cache_makes_room)
{
	enum { KINDS = 200 };
	char *dir = tu_tmpdir(), *where = NULL, *sql[KINDS];
	struct kw_session *s = tu_create(dir, &where);
	struct kw_err err;
	long rows = 0;

	for (int i = 0; i < KINDS; i++) {
		char q[64];

		snprintf(q, sizeof(q), "SELECT %d FROM main.clients LIMIT 0", i);
		/* Each its own string: the store keeps a statement by its text's address. */
		sql[i] = kw_xstrdup(q);
		ck_assert_msg(
			kw_db_bench_query(s->store, sql[i], NULL, 0, NULL, NULL, &rows, &err) == 0,
			"query %d: %s", i, err.msg);
	}
	/* The first ones again, prepared again after being let go. */
	for (int i = 0; i < 8; i++)
		ck_assert_msg(
			kw_db_bench_query(s->store, sql[i], NULL, 0, NULL, NULL, &rows, &err) == 0,
			"query %d again: %s", i, err.msg);
	kw_session_close(&s);
	for (int i = 0; i < KINDS; i++)
		free(sql[i]);
	free(where);
	tu_rmdir(dir);
}
END_TEST

static int first_column(void *ctx, int ncols, const char *const *cols)
{
	snprintf(ctx, 32, "%s", ncols > 0 && cols[0] != NULL ? cols[0] : "");
	return 0;
}

/* Each compartment's page cache, in KiB, is kib. */
static void cache_is(struct kw_session *s, int kib, const char *when)
{
	static const char *const pragma[] = { "PRAGMA main.cache_size", "PRAGMA s.cache_size" };
	char got[32], want[32];
	struct kw_err err;

	snprintf(want, sizeof(want), "%d", -kib);
	for (size_t i = 0; i < 2; i++) {
		ck_assert_msg(kw_db_bench_query(s->store, pragma[i], NULL, 0, first_column, got,
						NULL, &err) == 0,
			      "%s", err.msg);
		ck_assert_msg(strcmp(got, want) == 0, "%s, %s: %s KiB, not %s", when, pragma[i],
			      got, want);
	}
}

/* A year's caseload profile, run (with the bulk page cache while it runs). */
static void profile(struct kw_session *s)
{
	char *dir = kw_reports_shipped_dir();
	struct kw_form_pack *pack = tu_pack(NULL, 0);
	struct kw_report_pack *rp = NULL;
	struct kw_report_result res;
	struct kw_diags ds = { 0 };
	struct kw_err err;

	ck_assert_int_eq(kw_report_pack_load(pack, dir, NULL, 0, &rp, &ds, &err), 0);
	ck_assert_msg(kw_report_run(s, kw_report_find(rp, "caseload_profile"), "2026-01-01",
				    "2026-12-31", &res, &err) == 0,
		      "%s", err.msg);
	kw_report_result_free(&res);
	kw_report_pack_free(&rp);
	kw_form_pack_free(&pack);
	kw_diags_free(&ds);
	free(dir);
}

/*
 * Counting the whole team widens the page cache for the session; bulk work (an import, a
 * check, a report) goes back to the session's after.
 */
START_TEST(test_wide_cache_kept)
{
	char *dir = tu_tmpdir(), *where = NULL;
	struct kw_session *s = tu_create(dir, &where);
	struct kw_team_counts c;
	struct kw_err err;

	cache_is(s, KW_CACHE_KIB, "signed in");
	profile(s);
	cache_is(s, KW_CACHE_KIB, "after a report");
	ck_assert_msg(kw_app_team_counts(s, NULL, "2026-12-07", &c, &err) == 0, "%s", err.msg);
	kw_team_counts_free(&c);
	cache_is(s, KW_WIDE_CACHE_KIB, "the team counted");
	profile(s);
	cache_is(s, KW_WIDE_CACHE_KIB, "after a report, the team counted");
	kw_store_bulk_cache(s->store, true);
	cache_is(s, KW_BULK_CACHE_KIB, "bulk work");
	kw_store_bulk_cache(s->store, false);
	cache_is(s, KW_WIDE_CACHE_KIB, "after bulk work");
	kw_session_close(&s);
	free(where);
	tu_rmdir(dir);
}
END_TEST

static int schema_problems(struct kw_session *s, char **text)
{
	return run_problems(s, kw_db_schema_check, text);
}

static long schema_mend(struct kw_session *s)
{
	struct kw_err err;
	long changed = -1;

	kw_err_clear(&err);
	ck_assert_msg(kw_app_schema_repair(s, &changed, &err) == 0, "repair: %s", err.msg);
	return changed;
}

/* Every index, view and trigger of both compartments, dropped one at a time outside keywork. */
START_TEST(test_schema_each_object_mended)
{
	char *data = NULL;
	struct kw_session *s;

	/* As keywork check opens the data: the repairs below run with triggers off until done. */
	kw_session_allow_changed_schema();
	s = tu_create(tmp, &data);
	const char *files[] = { KW_GENERAL_DB, KW_SENSITIVE_DB };
	const struct kw_secret *keys[] = { s->ring->general, s->ring->sensitive };
	int objects = 0;

	ck_assert_int_eq(schema_problems(s, NULL), 0);
	for (int f = 0; f < 2; f++) {
		sqlite3 *db = raw_open(s, files[f], keys[f]);
		sqlite3_stmt *st = NULL;
		char(*names)[2][64] = NULL;
		size_t n = 0;

		ck_assert_int_eq(sqlite3_prepare_v2(db,
						    "SELECT type, name FROM sqlite_schema WHERE "
						    "type IN ('index', 'view', 'trigger') AND sql "
						    "IS NOT NULL",
						    -1, &st, NULL),
				 SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			names = kw_xrealloc(names, (n + 1) * sizeof(*names));
			snprintf(names[n][0], 64, "%s", (const char *)sqlite3_column_text(st, 0));
			snprintf(names[n][1], 64, "%s", (const char *)sqlite3_column_text(st, 1));
			n++;
		}
		sqlite3_finalize(st);
		ck_assert_uint_gt(n, 10);
		for (size_t i = 0; i < n; i++) {
			char sql[160], want[200], *text = NULL;

			snprintf(sql, sizeof(sql), "DROP %s \"%s\"", names[i][0], names[i][1]);
			raw_exec(db, sql);
			snprintf(want, sizeof(want),
				 "%s: the %s %s is missing (keywork check --repair", files[f],
				 names[i][0], names[i][1]);
			ck_assert_int_eq(schema_problems(s, &text), 1);
			ck_assert_msg(strstr(text, want) != NULL, "%s not in %s", want, text);
			free(text);
			ck_assert_int_eq(schema_mend(s), 1);
			ck_assert_msg(schema_problems(s, &text) == 0, "after mending %s: %s",
				      names[i][1], text);
			free(text);
			objects++;
		}
		free(names);
		sqlite3_close(db);
	}
	/* General 0029's team counts name their indexes: they run again after the mending. */
	ck_assert_int_gt(objects, 100);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

/* Changed and added, in the sensitive compartment; a table is reported and not rewritten. */
START_TEST(test_schema_changed_added_and_tables)
{
	char *data = NULL, *text = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *sdb = raw_open(s, KW_SENSITIVE_DB, s->ring->sensitive);
	sqlite3 *gdb = raw_open(s, KW_GENERAL_DB, s->ring->general);
	char trigger[64];
	sqlite3_stmt *st = NULL;

	ck_assert_int_eq(sqlite3_prepare_v2(sdb,
					    "SELECT name FROM sqlite_schema WHERE type = "
					    "'trigger' ORDER BY name LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	snprintf(trigger, sizeof(trigger), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	{
		char sql[300];

		/* Same name, a body that does nothing: the check must still see it. */
		snprintf(sql, sizeof(sql),
			 "DROP TRIGGER \"%s\"; CREATE TRIGGER \"%s\" AFTER INSERT ON notes "
			 "BEGIN SELECT 1; END",
			 trigger, trigger);
		raw_exec(sdb, sql);
	}
	raw_exec(sdb, "CREATE TRIGGER quiet AFTER INSERT ON notes BEGIN DELETE FROM notes "
		      "WHERE id = new.id; END");
	raw_exec(gdb, "CREATE INDEX users_by_role ON users(role)");
	raw_exec(gdb, "ALTER TABLE meta ADD COLUMN spare TEXT");
	ck_assert_int_eq(schema_problems(s, &text), 4);
	ck_assert_msg(strstr(text, "sensitive.db: the trigger quiet was added outside "
				   "keywork (keywork check --repair removes it)") != NULL,
		      "%s", text);
	ck_assert_msg(strstr(text, "keywork.db: the index users_by_role was added outside") != NULL,
		      "%s", text);
	ck_assert_msg(strstr(text,
			     "keywork.db: the table meta was changed outside keywork: it "
			     "is not as keywork makes it (keywork does not rewrite a table") !=
			      NULL,
		      "%s", text);
	{
		char want[160];

		snprintf(want, sizeof(want), "the trigger %s was changed outside keywork", trigger);
		ck_assert_msg(strstr(text, want) != NULL, "%s not in %s", want, text);
	}
	free(text);
	/* Signing in counts them, for the warning every user then sees. */
	{
		struct kw_session *other = open_ok(data, "ana", TU_PASS);

		ck_assert_uint_eq(other->nschema_problems, 4);
		kw_session_close(&other);
	}
	ck_assert_int_eq(schema_mend(s), 3);
	ck_assert_int_eq(schema_problems(s, &text), 1);
	ck_assert_msg(strstr(text, "the table meta was changed") != NULL, "%s", text);
	free(text);
	ck_assert_int_eq(run_check(s, NULL), 1);
	/* The trigger is keywork's again: a note is kept, not deleted by "quiet". */
	ck_assert_int_eq(raw_int(sdb, "SELECT count(*) FROM sqlite_schema WHERE name = 'quiet'"),
			 0);
	sqlite3_close(sdb);
	sqlite3_close(gdb);
	kw_session_close(&s);
	free(data);
}
END_TEST

/* A trigger added to keywork.db: no sign-in fires it; a check's session runs with triggers off. */
START_TEST(test_schema_trigger_refused)
{
	char *data = NULL, msg[512];
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *gdb = raw_open(s, KW_GENERAL_DB, s->ring->general);
	char id[37];

	client_add(s, "Maya", id);
	kw_session_close(&s);
	raw_exec(gdb, "CREATE TRIGGER renames AFTER INSERT ON audit BEGIN UPDATE clients SET "
		      "known_as = 'Changed'; END");
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_EDATA);
	ck_assert_msg(strstr(msg,
			     "keywork.db's triggers or views were changed outside keywork "
			     "(1; the first: keywork.db: the trigger renames was added") != NULL,
		      "%s", msg);
	/* A view changed is refused the same way, and a missing trigger of keywork's. */
	raw_exec(gdb, "DROP TRIGGER renames");
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM clients WHERE known_as = 'Maya'"), 1);
	raw_exec(gdb, "DROP VIEW contact_state_source; CREATE VIEW contact_state_source AS SELECT "
		      "* FROM contact_state");
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_EDATA);
	ck_assert_msg(strstr(msg, "the view contact_state_source was changed") != NULL, "%s", msg);
	raw_exec(gdb, "DROP TRIGGER contact_state_planned_ai");
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_EDATA);
	ck_assert_msg(strstr(msg, "outside keywork (2; the first: keywork.db: the trigger "
				  "contact_state_planned_ai is missing") != NULL,
		      "%s", msg);
	raw_exec(gdb, "CREATE TRIGGER renames AFTER INSERT ON audit BEGIN UPDATE clients SET "
		      "known_as = 'Changed'; END");
	kw_session_allow_changed_schema();
	s = open_ok(data, "ana", TU_PASS);
	ck_assert(kw_store_triggers_off(s->store));
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM clients WHERE known_as = 'Maya'"), 1);
	ck_assert_int_eq(schema_mend(s), 3);
	ck_assert(!kw_store_triggers_off(s->store));
	assert_clean(s);
	sqlite3_close(gdb);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * A trigger added while a session is open: its next transaction (every
 * audited change begins one) is refused before anything is written.
 */
START_TEST(test_schema_trigger_added_mid_session)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *gdb = raw_open(s, KW_GENERAL_DB, s->ring->general);
	struct kw_err err;
	long long audited;

	raw_exec(gdb, "CREATE TRIGGER renames AFTER INSERT ON audit BEGIN UPDATE clients SET "
		      "known_as = 'Changed'; END");
	audited = raw_int(gdb, "SELECT count(*) FROM audit");
	kw_err_clear(&err);
	ck_assert_int_eq(kw_store_begin(s->store, &err), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_msg(strstr(err.msg, "the trigger renames was added") != NULL, "%s", err.msg);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_audit(s->store, "test", NULL, "a change", &err), -1);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM audit"), audited);
	/* Mended by hand, the session writes again. */
	raw_exec(gdb, "DROP TRIGGER renames");
	kw_err_clear(&err);
	ck_assert_msg(kw_db_audit(s->store, "test", NULL, "a change", &err) == 0, "%s", err.msg);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM audit"), audited + 1);
	sqlite3_close(gdb);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * The schema is guarded when a transaction begins, so a write made with none would fire a
 * trigger added since: such a write is refused, whoever makes it, and nothing of it stays.
 */
START_TEST(test_write_outside_a_transaction_refused)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *gdb = raw_open(s, KW_GENERAL_DB, s->ring->general);
	struct kw_client c = { 0 };
	struct kw_err err;

	/* Added while the session is open: the next bare write would run it. */
	raw_exec(gdb, "CREATE TABLE seen(n); CREATE TRIGGER watch AFTER INSERT ON clients BEGIN "
		      "INSERT INTO seen VALUES (1); END");
	c.known_as = kw_xstrdup("Maya");
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_client_add(s->store, &c, &err), -1);
	ck_assert_int_eq(err.status, KW_ESOFTWARE);
	ck_assert_msg(strstr(err.msg, "written outside a transaction, which keywork refuses") !=
			      NULL,
		      "%s", err.msg);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM clients"), 0);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM seen"), 0);
	/* In a transaction, the guard refuses it before anything is written. */
	kw_err_clear(&err);
	ck_assert_int_eq(kw_store_begin(s->store, &err), -1);
	ck_assert_msg(strstr(err.msg, "the trigger watch was added") != NULL, "%s", err.msg);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM seen"), 0);
	/* With the trigger gone, the same write in a transaction is saved. */
	raw_exec(gdb, "DROP TRIGGER watch; DROP TABLE seen");
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_client_add(s->store, &c, &err)) == 0, "%s", err.msg);
	ck_assert_int_eq(raw_int(gdb, "SELECT count(*) FROM clients"), 1);
	kw_client_clear(&c);
	sqlite3_close(gdb);
	kw_session_close(&s);
	free(data);
}
END_TEST

/* A table in keywork.db that would take the sealing triggers' writes, in any case of its name. */
/* Index names kw_db_test_index_reads gives, one per line. */
static void on_name(void *ctx, const char *name)
{
	kw_buf_printf(ctx, "%s\n", name);
}

/*
 * keywork check compares each index with its table by reading the index
 * alone, in its order (src/db/indexcheck.c): a check that had to read the
 * table for each entry would be the random lookups it replaces. The one index
 * SQLite cannot read so (its condition is on a WITHOUT ROWID table's column it
 * does not hold) is left to SQLite's own check of that small table.
 */
START_TEST(test_check_reads_each_index_alone)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_buf names = { 0 };

	kw_buf_adds(&names, "");
	ck_assert_int_eq(kw_db_test_index_reads(s->store, "main", on_name, &names), 1);
	ck_assert_str_eq(names.p, "contact_state_unseen\n");
	ck_assert_int_eq(kw_db_test_index_reads(s->store, "s", on_name, &names), 0);
	kw_buf_free(&names);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * Rewrites one index's definition in place, its entries untouched, with a
 * raw connection: what keywork then reads is an index that no longer holds
 * what its table says.
 */
static void redefine_index(const struct kw_session *s, const char *name, const char *sql)
{
	sqlite3 *db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	long long v = raw_int(db, "PRAGMA schema_version");
	char *q = sqlite3_mprintf("PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = %Q "
				  "WHERE name = %Q; PRAGMA schema_version = %lld; PRAGMA "
				  "writable_schema = OFF",
				  sql, name, v + 1);

	raw_exec(db, q);
	sqlite3_free(q);
	sqlite3_close(db);
}

static char *index_sql(const struct kw_session *s, const char *name)
{
	sqlite3 *db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	sqlite3_stmt *st = NULL;
	char *sql;

	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_schema WHERE name = ?1", -1,
					    &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	sql = kw_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return sql;
}

/* keywork check --repair's building of indexes again; how many it built. */
static long index_repair(struct kw_session *s)
{
	struct kw_err err;
	long changed = -1;

	kw_err_clear(&err);
	ck_assert_msg(kw_app_index_repair(s, &changed, &err) == 0, "%s", err.msg);
	return changed;
}

/* Runs sql with a raw connection while index name's definition is changed to changed. */
static void write_past_index(const struct kw_session *s, const char *name, const char *changed,
			     const char *sql)
{
	char *was = index_sql(s, name);
	sqlite3 *db;

	redefine_index(s, name, changed);
	db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	raw_exec(db, sql);
	sqlite3_close(db);
	redefine_index(s, name, was);
	free(was);
}

/*
 * An index that does not hold what its table says, of each kind: a plain
 * column's, an expression's, a partial one's, and a UNIQUE index holding a
 * key twice. keywork check names each (SQLite's own check of the table says
 * which rows), and a clean file gives none.
 */
START_TEST(test_check_names_damaged_indexes)
{
	char *data = NULL, *text = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_contact a = { 0 };
	struct kw_err err;
	char id[37], sql[600];

	kw_err_clear(&err);
	client_add(s, "Maya", id);
	snprintf(a.client_id, sizeof(a.client_id), "%s", id);
	snprintf(a.happened_at, sizeof(a.happened_at), "2024-03-01 10:00:00");
	a.mode = kw_xstrdup("phone");
	a.outcome = KW_CONTACT_MADE;
	ck_assert_msg(TU_TXN(s->store, kw_db_contact_add(s->store, &a, &err)) == 0, "%s", err.msg);
	kw_contact_clear(&a);
	assert_clean(s);

	/* A plain column's index, NOCASE: her name changed past it. */
	write_past_index(s, "clients_known_as",
			 "CREATE INDEX clients_known_as ON clients(known_as COLLATE NOCASE) "
			 "WHERE 0",
			 "UPDATE clients SET known_as = 'Mia'");
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "keywork.db: the index clients_known_as does not hold what "
				   "the rows of clients say it should (keywork check --repair "
				   "builds it again)"),
		      "%s", text);
	free(text);
	ck_assert_int_eq(index_repair(s), 1);
	assert_clean(s);

	/* An expression's: the contact's time changed past it. */
	write_past_index(s, "contacts_client_at",
			 "CREATE INDEX contacts_client_at ON contacts(client_id, "
			 "replace(happened_at, ' ', 'T')) WHERE 0",
			 "UPDATE contacts SET happened_at = '2024-03-02 11:00:00'");
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "contacts_client_at"), "%s", text);
	free(text);
	ck_assert_int_eq(index_repair(s), 1);
	assert_clean(s);

	/* A partial one's: the row left the index's condition past it. */
	write_past_index(s, "clients_unallocated",
			 "CREATE INDEX clients_unallocated ON clients(id) WHERE 0",
			 "UPDATE clients SET keyworker_id = (SELECT id FROM users LIMIT 1)");
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "keywork.db: the index clients_unallocated holds 1 entries "
				   "where the rows of clients call for 0"),
		      "%s", text);
	free(text);
	ck_assert_int_eq(index_repair(s), 1);
	ck_assert_int_eq(index_repair(s), 0);

	/* A UNIQUE index that holds one key twice: written while it was not UNIQUE. */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO client_holds(id, client_id, kind, set_on, created_at, created_by, "
		 "updated_at, updated_by, device_id) VALUES ('h1', '%s', 'legal_hold', "
		 "'2024-01-01', 'x', 'x', 'x', 'x', 'x'), ('h2', '%s', 'legal_hold', "
		 "'2024-01-01', 'x', 'x', 'x', 'x', 'x')",
		 id, id);
	write_past_index(s, "client_holds_one",
			 "CREATE INDEX client_holds_one ON client_holds(client_id, kind) WHERE "
			 "lifted_on IS NULL",
			 sql);
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "keywork.db: 1 key is held more than once in "
				   "client_holds_one, which allows each once"),
		      "%s", text);
	free(text);
	/* Which of the two is right is not keywork's to say: the repair leaves it named. */
	ck_assert_int_eq(index_repair(s), 0);
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "client_holds_one"), "%s", text);
	free(text);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * An index added around keywork whose definition hides SQL in comments:
 * SQLite reads it as an index of one column, but its text after the comment
 * would, pasted into the check's own statements, run on the manager's
 * connection (here an expression that fails, where it could have been an
 * export of sensitive.db). check puts only keywork's own definitions into its
 * statements: the index is named as added, and its table checked by SQLite.
 */
START_TEST(test_check_runs_no_text_from_an_added_index)
{
	char *data = NULL, *text = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	char id[37];
	sqlite3 *db;

	client_add(s, "Maya", id);
	db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	raw_exec(db, "CREATE INDEX hidden ON clients(known_as -- )WHERE "
		     "((abs(-9223372036854775808) > 0) --\n)");
	sqlite3_close(db);
	ck_assert_int_ge(run_check(s, &text), 1);
	ck_assert_msg(strstr(text, "the index hidden was added outside keywork"), "%s", text);
	ck_assert_msg(!strstr(text, "overflow") && !strstr(text, "cannot check"), "%s", text);
	free(text);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * check --repair looks for indexes to build again, and for contact state to
 * write again, before it takes the write lock: with nothing to write, a
 * colleague's save in progress does not hold it up (nor it her).
 */
START_TEST(test_index_repair_looks_without_the_lock)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	struct kw_err err;
	long changed = -1;

	kw_err_clear(&err);
	raw_exec(db, "BEGIN IMMEDIATE");
	ck_assert_int_eq(index_repair(s), 0);
	ck_assert_msg(kw_app_contact_state_rebuild(s, &changed, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(changed, 0);
	raw_exec(db, "ROLLBACK");
	sqlite3_close(db);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * A reference to a row that is not there, written around keywork (foreign
 * keys are not enforced on a connection that does not ask): check names each
 * row, whether its key is read by an index led by it (contacts' woman), a
 * partial index of the rows where it is set (a contact's amended contact), or
 * the table whole (a hold's woman, whose indexes hold only holds not lifted).
 */
START_TEST(test_check_names_missing_parents)
{
	char *data = NULL, *text = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_contact a = { 0 };
	struct kw_err err;
	char id[37], other[37];
	sqlite3 *db;

	kw_err_clear(&err);
	client_add(s, "Maya", id);
	client_add(s, "Rose", other);
	snprintf(a.client_id, sizeof(a.client_id), "%s", id);
	snprintf(a.happened_at, sizeof(a.happened_at), "2024-03-01T10:00:00Z");
	a.mode = kw_xstrdup("phone");
	a.outcome = KW_CONTACT_MADE;
	ck_assert_msg(TU_TXN(s->store, kw_db_contact_add(s->store, &a, &err)) == 0, "%s", err.msg);
	kw_contact_clear(&a);
	assert_clean(s);

	db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	raw_exec(db, "UPDATE contacts SET client_id = 'no-such-woman', amends_id = "
		     "'no-such-contact'");
	raw_exec(db, "INSERT INTO client_holds(id, client_id, kind, set_on, lifted_on, created_at, "
		     "created_by, updated_at, updated_by, device_id) VALUES ('h1', "
		     "'no-such-woman', 'legal_hold', '2024-01-01', '2024-02-01', 'x', 'x', 'x', "
		     "'x', 'x')");
	sqlite3_close(db);
	ck_assert_int_ge(run_check(s, &text), 3);
	ck_assert_msg(strstr(text, "keywork.db: contacts row 1 points at a missing clients row"),
		      "%s", text);
	ck_assert_msg(strstr(text, "keywork.db: contacts row 1 points at a missing contacts row"),
		      "%s", text);
	ck_assert_msg(strstr(text, "keywork.db: client_holds row 1 points at a missing clients "
				   "row"),
		      "%s", text);
	free(text);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_seal_decoy_any_case)
{
	char *data = NULL, msg[512];
	struct kw_session *s = tu_create(tmp, &data);
	sqlite3 *gdb = raw_open(s, KW_GENERAL_DB, s->ring->general);

	kw_session_close(&s);
	raw_exec(gdb, "CREATE TABLE Client_Allocation_Seal(client_id, keyworker_id, set_at)");
	sqlite3_close(gdb);
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, msg), KW_EDATA);
	ck_assert_msg(strstr(msg, "holds a table named client_allocation_seal") != NULL, "%s", msg);
	free(data);
}
END_TEST

START_TEST(test_client_round_trip)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_client c = { 0 }, got, bare = { 0 };
	struct changes ch;
	struct kw_err err;

	c.known_as = kw_xstrdup("Zainab زينب 👩🏽");
	c.first_name = kw_xstrdup("Ольга");
	c.last_name = kw_xstrdup("王秀英 O'Brien'); DROP TABLE clients;--");
	c.date_of_birth = kw_xstrdup("1984-02-29");
	c.phone = kw_xstrdup("+44 7700 900123");
	c.borough = kw_xstrdup("Tower Hamlets\tE1");
	c.keyworker_id = kw_xstrdup(s->user.meta.id);
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_client_add(s->store, &c, &err)) == 0, "%s", err.msg);
	ck_assert_uint_eq(strlen(c.meta.id), 36);
	ck_assert_uint_eq(strlen(c.reference), 9);
	ck_assert_mem_eq(c.reference, "KW-", 3);
	ck_assert_int_eq(c.meta.version, 1);
	ck_assert_str_eq(c.meta.created_by, s->user.meta.id);
	ck_assert_uint_eq(strlen(c.meta.created_at), 20);

	/* By id and by reference, every field as written. */
	ck_assert_int_eq(kw_db_client_get(s->store, c.meta.id, &got, &err), 1);
	assert_same_client(&got, &c);
	kw_client_clear(&got);
	ck_assert_int_eq(kw_db_client_get(s->store, c.reference, &got, &err), 1);
	assert_same_client(&got, &c);
	kw_client_clear(&got);
	ck_assert_int_eq(kw_db_client_get(s->store, "KW-NOBODY", &got, &err), 0);

	/* Unasked fields stay NULL, not "". */
	bare.known_as = kw_xstrdup("Jo");
	ck_assert_int_eq(TU_TXN(s->store, kw_db_client_add(s->store, &bare, &err)), 0);
	ck_assert_int_eq(kw_db_client_get(s->store, bare.meta.id, &got, &err), 1);
	assert_same_client(&got, &bare);
	ck_assert_ptr_null(got.phone);
	kw_client_clear(&got);
	ck_assert_int_eq(client_count(s), 2);

	/* A new record has no history yet. */
	changes_of(s, c.meta.id, &ch);
	ck_assert_int_eq(ch.n, 0);

	/* Update: one field changed, one cleared, the rest kept. */
	free(c.first_name);
	c.first_name = kw_xstrdup("Olha Ольга");
	free(c.phone);
	c.phone = NULL;
	ck_assert_msg(TU_TXN(s->store, kw_db_client_update(s->store, &c, &err)) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(c.meta.version, 2);
	ck_assert_str_eq(c.meta.updated_by, s->user.meta.id);
	ck_assert_int_eq(kw_db_client_get(s->store, c.meta.id, &got, &err), 1);
	assert_same_client(&got, &c);
	kw_client_clear(&got);

	changes_of(s, c.meta.id, &ch);
	ck_assert_int_eq(ch.n, 2);
	ck_assert_str_eq(ch.field[0], "first_name");
	ck_assert_str_eq(ch.old_value[0], "Ольга");
	ck_assert_str_eq(ch.new_value[0], "Olha Ольга");
	ck_assert_str_eq(ch.field[1], "phone");
	ck_assert_str_eq(ch.old_value[1], "+44 7700 900123");
	ck_assert_ptr_null(ch.new_value[1]);
	ck_assert_str_eq(ch.by[0], s->user.meta.id);
	changes_free(&ch);
	/* The other woman's history is her own. */
	changes_of(s, bare.meta.id, &ch);
	ck_assert_int_eq(ch.n, 0);

	/* A save with nothing changed writes no history but still counts as a save. */
	ck_assert_int_eq(TU_TXN(s->store, kw_db_client_update(s->store, &c, &err)), 0);
	ck_assert_int_eq(c.meta.version, 3);
	changes_of(s, c.meta.id, &ch);
	ck_assert_int_eq(ch.n, 2);
	changes_free(&ch);

	/* And all of it after closing and opening again. */
	kw_session_close(&s);
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_int_eq(kw_db_client_get(s->store, c.reference, &got, &err), 1);
	assert_same_client(&got, &c);
	kw_client_clear(&got);
	changes_of(s, c.meta.id, &ch);
	ck_assert_int_eq(ch.n, 2);
	changes_free(&ch);
	assert_clean(s);
	kw_client_clear(&c);
	kw_client_clear(&bare);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_stale_update_refused)
{
	char *data = NULL;
	struct kw_session *a = tu_create(tmp, &data), *b;
	struct kw_client ca, cb, got;
	struct changes ch;
	struct kw_err err;
	char id[37], when[21];

	user_add(a, "bea", KW_ROLE_KEYWORKER, PASS_BEA);
	client_add(a, "Maya", id);
	b = open_ok(data, "bea", PASS_BEA);

	/* Both open the same record. */
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_client_get(a->store, id, &ca, &err), 1);
	ck_assert_int_eq(kw_db_client_get(b->store, id, &cb, &err), 1);
	ck_assert_int_eq(ca.meta.version, 1);
	ck_assert_int_eq(cb.meta.version, 1);

	/* Ana saves first. */
	free(ca.known_as);
	ca.known_as = kw_xstrdup("Maya K");
	ck_assert_msg(TU_TXN(a->store, kw_db_client_update(a->store, &ca, &err)) == 0, "%s",
		      err.msg);
	snprintf(when, sizeof(when), "%s", ca.meta.updated_at);

	/* Bea's save over her stale copy is refused, naming Ana and when. */
	free(cb.phone);
	cb.phone = kw_xstrdup("07700 900456");
	kw_err_clear(&err);
	ck_assert_int_eq(TU_TXN(b->store, kw_db_client_update(b->store, &cb, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_msg(strstr(err.msg, "ana") != NULL, "%s", err.msg);
	ck_assert_msg(strstr(err.msg, when) != NULL, "%s (expected %s)", err.msg, when);
	ck_assert_msg(strstr(err.msg, cb.reference) != NULL, "%s", err.msg);
	ck_assert_int_eq(cb.meta.version, 1);

	/* Nothing of Bea's was written: not the field, not its history. */
	ck_assert_int_eq(kw_db_client_get(b->store, id, &got, &err), 1);
	ck_assert_str_eq(got.known_as, "Maya K");
	ck_assert_ptr_null(got.phone);
	ck_assert_int_eq(got.meta.version, 2);
	ck_assert_str_eq(got.meta.updated_by, a->user.meta.id);
	kw_client_clear(&got);
	changes_of(b, id, &ch);
	ck_assert_int_eq(ch.n, 1);
	ck_assert_str_eq(ch.field[0], "known_as");
	ck_assert_str_eq(ch.by[0], a->user.meta.id);
	changes_free(&ch);

	/* Having read it again, her save goes through. */
	kw_client_clear(&cb);
	ck_assert_int_eq(kw_db_client_get(b->store, id, &cb, &err), 1);
	free(cb.phone);
	cb.phone = kw_xstrdup("07700 900456");
	ck_assert_msg(TU_TXN(b->store, kw_db_client_update(b->store, &cb, &err)) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(cb.meta.version, 3);
	ck_assert_int_eq(kw_db_client_get(a->store, id, &got, &err), 1);
	ck_assert_str_eq(got.known_as, "Maya K");
	ck_assert_str_eq(got.phone, "07700 900456");
	ck_assert_str_eq(got.meta.updated_by, b->user.meta.id);
	kw_client_clear(&got);
	changes_of(a, id, &ch);
	ck_assert_int_eq(ch.n, 2);
	ck_assert_str_eq(ch.by[1], b->user.meta.id);
	changes_free(&ch);

	/* Ana's copy is stale now in turn. */
	kw_err_clear(&err);
	ck_assert_int_eq(TU_TXN(a->store, kw_db_client_update(a->store, &ca, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);
	ck_assert_msg(strstr(err.msg, "bea") != NULL, "%s", err.msg);

	assert_clean(a);
	kw_client_clear(&ca);
	kw_client_clear(&cb);
	kw_session_close(&b);
	kw_session_close(&a);
	free(data);
}
END_TEST

/* --- contacts and notes --- */

struct seen_contacts {
	int n;
	struct kw_contact c[4];
};

static int on_contact(void *ctx, const struct kw_contact *c)
{
	struct seen_contacts *s = ctx;

	ck_assert_int_lt(s->n, 4);
	s->c[s->n] = *c;
	s->c[s->n].mode = kw_xstrdup_null(c->mode);
	s->c[s->n].missed_reason = kw_xstrdup_null(c->missed_reason);
	s->c[s->n].summary = kw_xstrdup_null(c->summary);
	s->c[s->n].amends_id = kw_xstrdup_null(c->amends_id);
	s->n++;
	return 0;
}

struct seen_notes {
	int n;
	int stop_after; /* 0: never */
	char body[8][128];
	struct kw_note first;
};

static int on_note(void *ctx, const struct kw_note *n)
{
	struct seen_notes *s = ctx;

	ck_assert_int_lt(s->n, 8);
	snprintf(s->body[s->n], sizeof(s->body[0]), "%s", n->body);
	if (s->n == 0) {
		s->first = *n;
		s->first.body = kw_xstrdup_null(n->body);
		s->first.amends_id = kw_xstrdup_null(n->amends_id);
	}
	s->n++;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

/* Regression: a rollback inside a nested transaction made the outer commit report success. */
START_TEST(test_nested_rollback_fails_outer_commit)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_client c = { 0 };
	struct kw_err err;

	c.known_as = kw_xstrdup("Lost in a rollback");
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_add(s->store, &c, &err), 0);
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	kw_store_rollback(s->store); /* an inner step fails */
	ck_assert_int_eq(kw_store_commit(s->store, &err), -1);
	ck_assert_int_eq(kw_db_client_count(s->store, &err), 0);
	/* The next transaction works normally. */
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_add(s->store, &c, &err), 0);
	ck_assert_int_eq(kw_store_commit(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_count(s->store, &err), 1);
	kw_client_clear(&c);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * A nested step rolled back undoes itself alone: a caller that dealt with it
 * (a record from an outreach bundle refused and left there) commits the rest,
 * before it and after it; the step's own write is gone.
 */
START_TEST(test_nested_rollback_handled_keeps_the_rest)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_client a = { 0 }, b = { 0 }, c = { 0 }, x = { 0 };
	struct kw_err err;

	a.known_as = kw_xstrdup("Before the step");
	b.known_as = kw_xstrdup("In the step");
	c.known_as = kw_xstrdup("After the step");
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_add(s->store, &a, &err), 0);
	ck_assert_int_eq(kw_store_begin(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_add(s->store, &b, &err), 0);
	kw_store_rollback(s->store); /* the step fails */
	kw_store_step_handled(s->store);
	ck_assert_int_eq(kw_db_client_add(s->store, &c, &err), 0);
	ck_assert_int_eq(kw_store_commit(s->store, &err), 0);
	ck_assert_int_eq(kw_db_client_count(s->store, &err), 2);
	ck_assert_int_eq(kw_db_client_get(s->store, b.meta.id, &x, &err), 0);
	ck_assert_int_eq(kw_db_client_get(s->store, a.meta.id, &x, &err), 1);
	kw_client_clear(&x);
	ck_assert_int_eq(kw_db_client_get(s->store, c.meta.id, &x, &err), 1);
	kw_client_clear(&x);
	kw_client_clear(&a);
	kw_client_clear(&b);
	kw_client_clear(&c);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_contacts_add_each)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_contact a = { 0 }, b = { 0 }, fix = { 0 }, orphan = { 0 };
	struct seen_contacts seen = { 0 };
	struct kw_err err;
	char id[37];

	client_add(s, "Maya", id);
	snprintf(a.client_id, sizeof(a.client_id), "%s", id);
	snprintf(a.happened_at, sizeof(a.happened_at), "2024-03-01T10:00:00Z");
	a.mode = kw_xstrdup("phone");
	a.outcome = KW_CONTACT_MISSED;
	a.missed_reason = kw_xstrdup("no answer; she said mornings are hard");
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_contact_add(s->store, &a, &err)) == 0, "%s", err.msg);
	ck_assert_uint_eq(strlen(a.meta.id), 36);

	snprintf(b.client_id, sizeof(b.client_id), "%s", id);
	b.mode = kw_xstrdup("in person");
	b.outcome = KW_CONTACT_MADE;
	b.summary = kw_xstrdup("Met at the centre. Привет.");
	ck_assert_int_eq(TU_TXN(s->store, kw_db_contact_add(s->store, &b, &err)), 0);
	ck_assert_uint_eq(strlen(b.happened_at), 20); /* defaults to now */

	/* A correction is a new row amending the old one. */
	snprintf(fix.client_id, sizeof(fix.client_id), "%s", id);
	snprintf(fix.happened_at, sizeof(fix.happened_at), "2024-03-01T10:00:00Z");
	fix.mode = kw_xstrdup("text");
	fix.outcome = KW_CONTACT_ATTEMPTED;
	fix.amends_id = kw_xstrdup(a.meta.id);
	ck_assert_int_eq(TU_TXN(s->store, kw_db_contact_add(s->store, &fix, &err)), 0);

	/* A contact with no woman is refused. */
	snprintf(orphan.client_id, sizeof(orphan.client_id), "%s",
		 "00000000-0000-4000-8000-000000000000");
	orphan.outcome = KW_CONTACT_MADE;
	kw_err_clear(&err);
	ck_assert_int_eq(TU_TXN(s->store, kw_db_contact_add(s->store, &orphan, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);

	ck_assert_int_eq(kw_db_contact_each(s->store, on_contact, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 3);
	/* Ordered by when they happened, then as written. */
	ck_assert_str_eq(seen.c[0].meta.id, a.meta.id);
	ck_assert_int_eq(seen.c[0].outcome, KW_CONTACT_MISSED);
	ck_assert_str_eq(seen.c[0].mode, "phone");
	ck_assert_str_eq(seen.c[0].missed_reason, a.missed_reason);
	ck_assert_ptr_null(seen.c[0].summary);
	ck_assert_str_eq(seen.c[0].happened_at, "2024-03-01T10:00:00Z");
	ck_assert_str_eq(seen.c[1].meta.id, fix.meta.id);
	ck_assert_int_eq(seen.c[1].outcome, KW_CONTACT_ATTEMPTED);
	ck_assert_str_eq(seen.c[1].amends_id, a.meta.id);
	ck_assert_str_eq(seen.c[2].meta.id, b.meta.id);
	ck_assert_str_eq(seen.c[2].summary, b.summary);
	ck_assert_str_eq(seen.c[2].meta.created_by, s->user.meta.id);
	ck_assert_int_eq(seen.c[2].meta.version, 1);
	for (int i = 0; i < seen.n; i++)
		kw_contact_clear(&seen.c[i]);
	assert_clean(s);
	kw_contact_clear(&a);
	kw_contact_clear(&b);
	kw_contact_clear(&fix);
	kw_contact_clear(&orphan);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_notes_add_each)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct kw_note n = { 0 }, amend = { 0 }, orphan = { 0 };
	struct seen_notes seen = { 0 };
	struct kw_err err;
	char id[37];

	client_add(s, "Maya", id);
	snprintf(n.client_id, sizeof(n.client_id), "%s", id);
	snprintf(n.happened_at, sizeof(n.happened_at), "2024-02-28T09:30:00Z");
	n.body = kw_xstrdup("She disclosed a new address: ул. Ленина 5. 住所を変更した。");
	n.confidential = true;
	kw_err_clear(&err);
	ck_assert_msg(TU_TXN(s->store, kw_db_note_add(s->store, &n, &err)) == 0, "%s", err.msg);
	ck_assert_uint_eq(strlen(n.written_at), 20);
	ck_assert_str_eq(n.happened_at, "2024-02-28T09:30:00Z"); /* kept apart from written_at */
	ck_assert_str_ne(n.written_at, n.happened_at);

	snprintf(amend.client_id, sizeof(amend.client_id), "%s", id);
	snprintf(amend.happened_at, sizeof(amend.happened_at), "2024-02-28T09:30:00Z");
	amend.body = kw_xstrdup("Correction: the address is not to be shared.");
	amend.amends_id = kw_xstrdup(n.meta.id);
	ck_assert_int_eq(TU_TXN(s->store, kw_db_note_add(s->store, &amend, &err)), 0);

	snprintf(orphan.client_id, sizeof(orphan.client_id), "%s", "no-such-woman");
	orphan.body = kw_xstrdup("x");
	kw_err_clear(&err);
	ck_assert_int_eq(TU_TXN(s->store, kw_db_note_add(s->store, &orphan, &err)), -1);
	ck_assert_int_eq(err.status, KW_EDATA);

	ck_assert_int_eq(kw_db_note_each(s->store, on_note, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 2);
	ck_assert_str_eq(seen.body[0], n.body);
	ck_assert_str_eq(seen.body[1], amend.body);
	ck_assert_str_eq(seen.first.meta.id, n.meta.id);
	ck_assert(seen.first.confidential);
	ck_assert_ptr_null(seen.first.amends_id);
	ck_assert_str_eq(seen.first.written_at, n.written_at);
	ck_assert_str_eq(seen.first.meta.created_by, s->user.meta.id);
	kw_note_clear(&seen.first);

	/* A callback can stop the walk. */
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 1;
	ck_assert_int_eq(kw_db_note_each(s->store, on_note, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 1);
	kw_note_clear(&seen.first);
	assert_clean(s);
	kw_note_clear(&n);
	kw_note_clear(&amend);
	kw_note_clear(&orphan);
	kw_session_close(&s);
	free(data);
}
END_TEST

/* Searches and returns the number of matches; the search itself must not fail. */
static int search(struct kw_session *s, const char *q, int limit, struct seen_notes *seen)
{
	struct kw_err err;

	memset(seen, 0, sizeof(*seen));
	kw_err_clear(&err);
	ck_assert_msg(kw_db_note_search(s->store, q, NULL, limit, on_note, seen, &err) == 0,
		      "search [%s]: %s", q, err.msg);
	kw_note_clear(&seen->first);
	return seen->n;
}

START_TEST(test_note_search)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct seen_notes seen;
	char id[37];
	static const char *const hostile[] = {
		"\"a OR b*",
		"a OR b*",
		"\"",
		"\"\"",
		"*",
		"(",
		")",
		"NOT",
		"AND refuge",
		"refuge AND",
		"NEAR(a b)",
		"body:refuge",
		"^refuge",
		"-refuge",
		"+",
		"{body}: x",
		"a\"b\"c",
		"'",
		"'; DROP TABLE notes; --",
		"",
		" ",
		"refuge\"",
		"\\",
		"%",
		"_",
	};

	client_add(s, "Maya", id);
	note_add(s, id, "She has moved to the refuge in Leeds.");
	note_add(s, id, "Court date set; solicitor informed. Refuge staff to attend.");
	note_add(s, id, "Discussed benefits OR housing first; she chose \"housing\".");
	note_add(s, id, "Nothing about that here.");
	for (int i = 0; i < 5; i++)
		note_add(s, id, "Safety plan reviewed.");

	ck_assert_int_eq(search(s, "refuge", 10, &seen), 2);
	ck_assert_int_eq(search(s, "REFUGE", 10, &seen), 2);
	ck_assert_int_eq(search(s, "Leeds", 10, &seen), 1);
	ck_assert_str_eq(seen.body[0], "She has moved to the refuge in Leeds.");
	ck_assert_int_eq(search(s, "solicitor", 10, &seen), 1);
	ck_assert_int_eq(search(s, "nowhere", 10, &seen), 0);
	ck_assert_int_eq(search(s, "safety", 3, &seen), 3); /* the limit is kept */
	/* FTS operators are words like any other... */
	ck_assert_int_eq(search(s, "benefits OR housing", 10, &seen), 1);
	ck_assert_int_eq(search(s, "OR", 10, &seen), 1);
	/* ...and the syntax characters are plain text: nothing errors. */
	for (size_t i = 0; i < KW_ARRAY_LEN(hostile); i++)
		search(s, hostile[i], 10, &seen);
	ck_assert_int_eq(search(s, "refuge*", 10, &seen), 2);
	ck_assert_int_eq(search(s, "\"housing\"", 10, &seen), 1);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

/* --- roles and passphrases --- */

START_TEST(test_dropin_has_no_sensitive_compartment)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data), *d;
	struct kw_note n = { 0 };
	struct kw_contact c = { 0 };
	struct seen_notes seen = { 0 };
	struct kw_secret *p = tu_pass(PASS_NEW);
	struct kw_err err;
	char id[37];

	client_add(s, "Maya", id);
	note_add(s, id, "only keyworkers and managers read this");
	user_add(s, "dee", KW_ROLE_DROPIN, PASS_DEE);
	kw_session_close(&s);

	d = open_ok(data, "dee", PASS_DEE);
	ck_assert_int_eq(d->user.role, KW_ROLE_DROPIN);
	ck_assert_ptr_null(d->ring->sensitive);
	ck_assert(!kw_store_has_sensitive(d->store));
	ck_assert(!kw_session_is(d, KW_ROLE_KEYWORKER));

	snprintf(n.client_id, sizeof(n.client_id), "%s", id);
	n.body = kw_xstrdup("a drop-in note");
	kw_err_clear(&err);
	ck_assert_int_eq(TU_TXN(d->store, kw_db_note_add(d->store, &n, &err)), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_note_each(d->store, on_note, &seen, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_eq(seen.n, 0);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_note_search(d->store, "keyworkers", NULL, 10, on_note, &seen, &err),
			 -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	ck_assert_int_eq(seen.n, 0);

	/* The general compartment is hers to use. */
	ck_assert_int_eq(client_count(d), 1);
	snprintf(c.client_id, sizeof(c.client_id), "%s", id);
	c.outcome = KW_CONTACT_MADE;
	c.mode = kw_xstrdup("drop-in");
	ck_assert_msg(TU_TXN(d->store, kw_db_contact_add(d->store, &c, &err)) == 0, "%s", err.msg);
	client_add(d, "New at drop-in", NULL);

	/* She cannot add users. */
	kw_err_clear(&err);
	ck_assert_int_eq(
		kw_session_user_add(d, "eve", KW_ROLE_KEYWORKER, p, KW_KDF_INTERACTIVE, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	assert_clean(d);
	kw_session_close(&d);

	/* The keyworker and manager still read the note. */
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_int_eq(kw_db_note_each(s->store, on_note, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 1);
	kw_note_clear(&seen.first);
	ck_assert_int_eq(client_count(s), 2);
	assert_clean(s);
	kw_session_close(&s);
	kw_note_clear(&n);
	kw_contact_clear(&c);
	kw_secret_free(&p);
	free(data);
}
END_TEST

/*
 * Where she lives moves to the sensitive compartment: a data directory whose
 * general file still holds her borough, her housing status, her borough of
 * local connection and their history (as every one before the move did) has
 * them moved across at the first opening with the sensitive key, and keeps
 * her values; a drop-in worker's opening before it reads none of them.
 */
START_TEST(test_where_she_lives_moves_to_sensitive)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data), *d;
	struct kw_client c = { 0 };
	struct kw_err err;
	sqlite3 *g, *x;
	char id[37], sql[1024];

	client_add(s, "Maya", id);
	user_add(s, "dee", KW_ROLE_DROPIN, PASS_DEE);
	/* As an older keywork left it: all three in the general compartment. */
	g = raw_open(s, KW_GENERAL_DB, s->ring->general);
	snprintf(sql, sizeof(sql),
		 "UPDATE clients SET borough = 'camden' WHERE id = '%s';"
		 "DELETE FROM meta WHERE key = 'where_she_lives';"
		 "INSERT INTO custom_values(id, record_id, field_key, value, created_at, "
		 "created_by, updated_at, updated_by, device_id) VALUES "
		 "('v1', '%s', 'housing_status', 'refuge', 't', 'u', 't', 'u', 'd'), "
		 "('v2', '%s', 'local_connection', 'hackney', 't', 'u', 't', 'u', 'd'), "
		 "('v3', '%s', 'language', 'Polish', 't', 'u', 't', 'u', 'd');"
		 "INSERT INTO history(id, table_name, record_id, field, old_value, new_value, "
		 "created_at, created_by, updated_at, updated_by, device_id) VALUES "
		 "('h1', 'clients', '%s', 'borough', 'brent', 'camden', 't', 'u', 't', 'u', 'd');",
		 id, id, id, id, id);
	raw_exec(g, sql);
	sqlite3_close(g);
	x = raw_open(s, KW_SENSITIVE_DB, s->ring->sensitive);
	raw_exec(x, "DELETE FROM meta WHERE key = 'where_she_lives'");
	sqlite3_close(x);
	kw_session_close(&s);

	/* A drop-in worker first: she cannot move them, and reads none of them. */
	d = open_ok(data, "dee", PASS_DEE);
	ck_assert_int_eq(kw_db_client_get(d->store, id, &c, &err), 1);
	ck_assert_ptr_null(c.borough);
	kw_client_clear(&c);
	kw_session_close(&d);

	/* The manager's opening moves them; her values are kept. */
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_int_eq(kw_db_client_get(s->store, id, &c, &err), 1);
	ck_assert_str_eq(c.borough, "camden");
	kw_client_clear(&c);
	g = raw_open(s, KW_GENERAL_DB, s->ring->general);
	x = raw_open(s, KW_SENSITIVE_DB, s->ring->sensitive);
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM clients WHERE borough IS NOT NULL"), 0);
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM custom_values WHERE field_key IN "
				    "('housing_status', 'local_connection')"),
			 0);
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM custom_values"), 1); /* language stays */
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM history WHERE field = 'borough'"), 0);
	ck_assert_int_eq(raw_int(x, "SELECT count(*) FROM client_details WHERE borough = 'camden'"),
			 1);
	ck_assert_int_eq(raw_int(x, "SELECT count(*) FROM custom_values WHERE "
				    "(field_key = 'housing_status' AND value = 'refuge') OR "
				    "(field_key = 'local_connection' AND value = 'hackney')"),
			 2);
	ck_assert_int_eq(raw_int(x, "SELECT count(*) FROM history WHERE field = 'borough' AND "
				    "new_value = 'camden'"),
			 1);
	sqlite3_close(g);
	sqlite3_close(x);
	/* A borough changed now is written, with its history, in the sensitive file only. */
	ck_assert_int_eq(kw_db_client_get(s->store, id, &c, &err), 1);
	free(c.borough);
	c.borough = kw_xstrdup("brent");
	ck_assert_msg(TU_TXN(s->store, kw_db_client_update(s->store, &c, &err)) == 0, "%s",
		      err.msg);
	kw_client_clear(&c);
	g = raw_open(s, KW_GENERAL_DB, s->ring->general);
	x = raw_open(s, KW_SENSITIVE_DB, s->ring->sensitive);
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM clients WHERE borough IS NOT NULL"), 0);
	ck_assert_int_eq(raw_int(g, "SELECT count(*) FROM history WHERE field = 'borough'"), 0);
	ck_assert_int_eq(raw_int(x, "SELECT count(*) FROM client_details WHERE borough = 'brent'"),
			 1);
	/*
	 * Someone with the general key deletes its mark and writes a borough of
	 * her own: the next sign-in does not move it over the woman's.
	 */
	snprintf(sql, sizeof(sql),
		 "DELETE FROM meta WHERE key = 'where_she_lives';"
		 "UPDATE clients SET borough = 'elsewhere' WHERE id = '%s';",
		 id);
	raw_exec(g, sql);
	sqlite3_close(g);
	sqlite3_close(x);
	kw_session_close(&s);
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_int_eq(kw_db_client_get(s->store, id, &c, &err), 1);
	ck_assert_str_eq(c.borough, "brent");
	kw_client_clear(&c);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_passwd_keeps_data)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data), *b;
	struct kw_secret *p = tu_pass(PASS_NEW);
	struct seen_notes seen = { 0 };
	unsigned char pk[32];
	struct kw_err err;
	char id[37];

	client_add(s, "Maya", id);
	note_add(s, id, "written before the change");
	user_add(s, "bea", KW_ROLE_KEYWORKER, PASS_BEA);
	memcpy(pk, s->ring->sign_pk, 32);

	/* Her own: the same keys, a new passphrase. */
	kw_err_clear(&err);
	ck_assert_msg(kw_session_passwd(s, "ana", p, KW_KDF_INTERACTIVE, &err) == 0, "%s", err.msg);
	kw_session_close(&s);
	ck_assert_int_eq(open_fails(data, "ana", TU_PASS, NULL), KW_ENOPERM);
	s = open_ok(data, "ana", PASS_NEW);
	ck_assert_mem_eq(s->ring->sign_pk, pk, 32);
	ck_assert_int_eq(client_count(s), 1);
	ck_assert_int_eq(kw_db_note_each(s->store, on_note, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 1);
	ck_assert_str_eq(seen.body[0], "written before the change");
	kw_note_clear(&seen.first);
	assert_clean(s);

	/* A manager's reset of someone else: a new signing key, her old rows still verify. */
	b = open_ok(data, "bea", PASS_BEA);
	memcpy(pk, b->ring->sign_pk, 32);
	note_add(b, id, "bea was here");
	kw_session_close(&b);
	kw_err_clear(&err);
	ck_assert_msg(kw_session_passwd(s, "bea", p, KW_KDF_INTERACTIVE, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(open_fails(data, "bea", PASS_BEA, NULL), KW_ENOPERM);
	b = open_ok(data, "bea", PASS_NEW);
	ck_assert_mem_ne(b->ring->sign_pk, pk, 32);
	ck_assert_mem_eq(b->user.sign_pk, b->ring->sign_pk, 32);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(kw_db_note_each(b->store, on_note, &seen, &err), 0);
	ck_assert_int_eq(seen.n, 2);
	kw_note_clear(&seen.first);
	assert_clean(b);

	/* A keyworker cannot reset the manager's. */
	kw_err_clear(&err);
	ck_assert_int_eq(kw_session_passwd(b, "ana", p, KW_KDF_INTERACTIVE, &err), -1);
	ck_assert_int_eq(err.status, KW_ENOPERM);
	kw_session_close(&b);
	assert_clean(s);
	kw_session_close(&s);
	kw_secret_free(&p);
	free(data);
}
END_TEST

/* --- the audit chain --- */

/* A store with a few audit rows; returns ana's open session. */
static struct kw_session *audited(char **data)
{
	struct kw_session *s = tu_create(tmp, data);
	struct kw_err err;
	char id[37], detail[32];

	client_add(s, "Maya", id);
	for (int i = 0; i < 5; i++) {
		snprintf(detail, sizeof(detail), "opened %d", i);
		kw_err_clear(&err);
		ck_assert_msg(kw_db_audit(s->store, "open", id, detail, &err) == 0, "%s", err.msg);
	}
	assert_clean(s);
	return s;
}

/* Runs sql on keywork.db behind the session's back, then expects audit problems. */
static void tamper_and_check(const char *sql)
{
	char *data = NULL, *text = NULL;
	struct kw_session *s = audited(&data);
	sqlite3 *db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	struct kw_err err;
	int n;

	ck_assert_int_ge(raw_int(db, "SELECT count(*) FROM audit"), 7);
	raw_exec(db, sql);
	ck_assert_int_eq(sqlite3_changes(db) > 0, 1);
	sqlite3_close(db);
	n = run_check(s, &text);
	ck_assert_msg(n > 0 && strstr(text, "audit") != NULL, "after [%s]: %d problems:\n%s", sql,
		      n, text);
	free(text);
	/* It stays found after more rows are appended. */
	kw_err_clear(&err);
	ck_assert_msg(kw_db_audit(s->store, "open", NULL, "later", &err) == 0, "%s", err.msg);
	n = run_check(s, &text);
	ck_assert_msg(n > 0 && strstr(text, "audit") != NULL, "after appending: %s", text);
	free(text);
	kw_session_close(&s);
	free(data);
}

START_TEST(test_audit_fresh_store_clean)
{
	char *data = NULL;
	struct kw_session *s = audited(&data);
	sqlite3 *db = raw_open(s, KW_GENERAL_DB, s->ring->general);

	/* init, user-add, 5 x open: consecutive and signed. */
	ck_assert_int_eq(raw_int(db, "SELECT count(*) FROM audit"), 7);
	ck_assert_int_eq(raw_int(db, "SELECT max(seq) - min(seq) + 1 FROM audit"), 7);
	sqlite3_close(db);
	kw_session_close(&s);
	free(data);
}
END_TEST

START_TEST(test_audit_edited_row)
{
	tamper_and_check("UPDATE audit SET detail = 'nothing happened' WHERE seq = 4");
}
END_TEST

START_TEST(test_audit_deleted_row)
{
	tamper_and_check("DELETE FROM audit WHERE seq = 4");
}
END_TEST

START_TEST(test_audit_swapped_rows)
{
	tamper_and_check("UPDATE audit SET seq = -1 WHERE seq = 4; "
			 "UPDATE audit SET seq = 4 WHERE seq = 5; "
			 "UPDATE audit SET seq = 5 WHERE seq = -1");
}
END_TEST

START_TEST(test_audit_forged_actor)
{
	/* A row moved to another actor's name no longer verifies. */
	tamper_and_check("UPDATE audit SET actor_id = 'someone-else' WHERE seq = 3");
}
END_TEST

/* --- two processes at once --- */

#define PER_CHILD 200

/* A child: opens its own session and adds PER_CHILD women, one transaction each. */
static void writer(const char *data, int which)
{
	struct kw_err err;
	struct kw_session *s;
	char name[32];

	kw_err_clear(&err);
	s = tu_open(data, "ana", TU_PASS, &err);
	if (s == NULL) {
		fprintf(stderr, "child %d: open: %s\n", which, err.msg);
		_exit(2);
	}
	for (int i = 0; i < PER_CHILD; i++) {
		struct kw_client c = { 0 };

		snprintf(name, sizeof(name), "child%d-%03d", which, i);
		c.known_as = name;
		if (kw_store_begin(s->store, &err) != 0 ||
		    kw_db_client_add(s->store, &c, &err) != 0 ||
		    kw_store_commit(s->store, &err) != 0) {
			fprintf(stderr, "child %d, woman %d: %s\n", which, i, err.msg);
			kw_store_rollback(s->store);
			_exit(3);
		}
	}
	kw_session_close(&s);
	_exit(0);
}

struct by_child {
	int n[2];
};

static int on_client(void *ctx, const struct kw_client *c)
{
	struct by_child *b = ctx;

	if (c->known_as != NULL && strncmp(c->known_as, "child", 5) == 0)
		b->n[c->known_as[5] == '1']++;
	return 0;
}

START_TEST(test_two_processes_write_at_once)
{
	char *data = NULL;
	struct kw_session *s = tu_create(tmp, &data);
	struct by_child by = { { 0, 0 } };
	struct kw_err err;
	pid_t pid[2];

	kw_session_close(&s);
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		ck_assert_int_ge(pid[i], 0);
		if (pid[i] == 0)
			writer(data, i);
	}
	for (int i = 0; i < 2; i++) {
		int status = 0;

		ck_assert_int_eq(waitpid(pid[i], &status, 0), pid[i]);
		ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			      "child %d ended with status %#x", i, status);
	}
	s = open_ok(data, "ana", TU_PASS);
	ck_assert_int_eq(client_count(s), 2 * PER_CHILD);
	kw_err_clear(&err);
	ck_assert_int_eq(kw_db_client_each(s->store, on_client, &by, &err), 0);
	ck_assert_int_eq(by.n[0], PER_CHILD);
	ck_assert_int_eq(by.n[1], PER_CHILD);
	assert_clean(s);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * Regression: CHECK constraints do not bind someone with raw SQL (PRAGMA
 * ignore_check_constraints), and the check read each blob as if it had its
 * full length; an empty blob comes back as a NULL pointer, so a cut
 * signature or hash crashed `keywork check` instead of being reported.
 */
START_TEST(test_audit_malformed_blobs)
{
	static const char *const col[] = { "sig", "hash", "prev_hash", "sign_pk" };
	static const char *const val[] = { "x''", "x'00'" };
	char *data = NULL, *text = NULL;
	struct kw_session *s = audited(&data);
	struct kw_err err;
	sqlite3 *db;
	long long seq = 3;
	int n;

	/* Rows 8 to 12 besides audited()'s 7, so each damage gets a row of its own. */
	for (int i = 0; i < 5; i++) {
		kw_err_clear(&err);
		ck_assert_msg(kw_db_audit(s->store, "open", NULL, "more", &err) == 0, "%s",
			      err.msg);
	}
	db = raw_open(s, KW_GENERAL_DB, s->ring->general);
	raw_exec(db, "PRAGMA ignore_check_constraints = ON");
	for (size_t c = 0; c < KW_ARRAY_LEN(col); c++)
		for (size_t v = 0; v < KW_ARRAY_LEN(val); v++, seq++) {
			char sql[96];

			snprintf(sql, sizeof(sql), "UPDATE audit SET %s = %s WHERE seq = %lld",
				 col[c], val[v], seq);
			raw_exec(db, sql);
			ck_assert_int_eq(sqlite3_changes(db), 1);
		}
	sqlite3_close(db);
	n = run_check(s, &text);
	ck_assert_msg(n >= 8, "%d problems:\n%s", n, text);
	for (long long i = 3; i < seq; i++) {
		char want[32];

		snprintf(want, sizeof(want), "audit: row %lld ", i);
		ck_assert_msg(strstr(text, want) != NULL, "nothing about row %lld in:\n%s", i,
			      text);
	}
	free(text);
	kw_session_close(&s);
	free(data);
}
END_TEST

/*
 * Regression: each session kept the key file it loaded at sign-in and saved
 * it whole when adding a user, so of two managers signed in at once (two
 * terminals on the centre server), the second to add someone silently wrote
 * back a key file without the first one's new slot: the records knew the
 * user, but she could never sign in.
 */
START_TEST(test_two_managers_add_users_at_once)
{
	char *data = NULL;
	struct kw_session *a = tu_create(tmp, &data), *b, *x;

	user_add(a, "mia", KW_ROLE_MANAGER, PASS_BEA);
	b = open_ok(data, "mia", PASS_BEA);
	user_add(a, "xena", KW_ROLE_KEYWORKER, PASS_DEE);
	user_add(b, "yola", KW_ROLE_DROPIN, PASS_NEW);
	ck_assert(kw_keyfile_has_user(b->kf, "xena"));
	ck_assert_uint_eq(kw_keyfile_slot_count(b->kf), 4);
	x = open_ok(data, "xena", PASS_DEE);
	ck_assert(kw_store_has_sensitive(x->store));
	kw_session_close(&x);
	x = open_ok(data, "yola", PASS_NEW);
	ck_assert(!kw_store_has_sensitive(x->store));
	assert_clean(x);
	kw_session_close(&x);
	kw_session_close(&b);
	kw_session_close(&a);
	free(data);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *files = tcase_create("files");
	TCase *records = tcase_create("records");
	TCase *roles = tcase_create("roles");
	TCase *audit = tcase_create("audit");
	TCase *together = tcase_create("together");
	TCase *all[] = { files, records, roles, audit, together };

	for (size_t i = 0; i < KW_ARRAY_LEN(all); i++) {
		tcase_add_checked_fixture(all[i], setup, teardown);
		tcase_set_timeout(all[i], 180);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_test(files, test_create_makes_private_files);
	tcase_add_test(files, test_create_refuses_existing_data);
	tcase_add_test(files, test_reopen_keeps_data_and_schema);
	tcase_add_test(files, test_wrong_passphrase_changes_nothing);
	tcase_add_test(files, test_open_refuses_readable_files);
	tcase_add_test(files, test_network_share_known);
	tcase_add_test(files, test_key_file_from_elsewhere_refused);
	tcase_add_test(records, test_client_round_trip);
	tcase_add_test(files, test_schema_each_object_mended);
	tcase_add_test(files, test_schema_changed_added_and_tables);
	tcase_add_test(files, test_schema_trigger_refused);
	tcase_add_test(files, test_seal_decoy_any_case);
	tcase_add_test(files, test_check_reads_each_index_alone);
	tcase_add_test(files, test_check_names_damaged_indexes);
	tcase_add_test(files, test_check_names_missing_parents);
	tcase_add_test(files, test_index_repair_looks_without_the_lock);
	tcase_add_test(files, test_check_runs_no_text_from_an_added_index);
	tcase_add_test(files, test_schema_trigger_added_mid_session);
	tcase_add_test(files, test_write_outside_a_transaction_refused);
	tcase_add_test(records, test_statement_cache_makes_room);
	tcase_add_test(records, test_wide_cache_kept);
	tcase_add_test(records, test_stale_update_refused);
	tcase_add_test(records, test_nested_rollback_fails_outer_commit);
	tcase_add_test(records, test_nested_rollback_handled_keeps_the_rest);
	tcase_add_test(records, test_contacts_add_each);
	tcase_add_test(records, test_notes_add_each);
	tcase_add_test(records, test_note_search);
	tcase_add_test(roles, test_dropin_has_no_sensitive_compartment);
	tcase_add_test(roles, test_where_she_lives_moves_to_sensitive);
	tcase_add_test(roles, test_passwd_keeps_data);
	tcase_add_test(audit, test_audit_fresh_store_clean);
	tcase_add_test(audit, test_audit_edited_row);
	tcase_add_test(audit, test_audit_deleted_row);
	tcase_add_test(audit, test_audit_swapped_rows);
	tcase_add_test(audit, test_audit_forged_actor);
	tcase_add_test(audit, test_audit_malformed_blobs);
	tcase_add_test(together, test_two_processes_write_at_once);
	tcase_add_test(together, test_two_managers_add_users_at_once);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	struct stat sb;
	int failed;

	/*
	 * Unless TMPDIR says where, the data directories go in RAM: these tests
	 * are about locking, modes, keys and the audit chain, not durability
	 * (test_crash kills writers on a real disk), and on a busy VM disk the
	 * fsyncs of the 400 commits of the two-process test alone take ~20 s.
	 */
	if (getenv("TMPDIR") == NULL && stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
