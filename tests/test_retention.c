/*
 * test_retention.c: the retention rules on women whose dates sit either side
 * of each threshold delete exactly those due and nothing else (every table
 * counted before and after, against what belongs to them found
 * independently, by following ids), leave `check` clean and no marker of a
 * deleted woman in the decrypted pages of either file (free pages
 * included); erasure is refused under a legal hold, child protection and a
 * court date to come; a restricted record refuses every save, for every role.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/formsave.h"
#include "keywork/lookup.h"
#include "keywork/retention.h"
#include "keywork/util.h"
#include "testutil.h"

static char *dir, *data;
static struct kw_session *ana;
static struct kw_form_pack *pack;

/* Today moved by years and days ("YYYY-MM-DD"), on the calendar the rules use. */
static void day(int years, int days, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_year += years;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	if (tm.tm_mon == 1 && tm.tm_mday == 29 && years != 0)
		tm.tm_mday = 28;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void save(const char *form, const char *parent, char *id, ...)
{
	char msg[512];
	va_list ap;
	int rc;

	va_start(ap, id);
	rc = tu_vsave(ana, pack, form, parent, id, msg, ap);
	va_end(ap);
	ck_assert_msg(rc == 0, "%s: %s", form, msg);
}

/* A woman whose name and note carry marker; ref gets her reference. */
static void woman(const char *marker, char id[37], char ref[16])
{
	struct kw_client c = { 0 };
	struct kw_err err;
	char body[128];

	id[0] = '\0';
	save("intake", NULL, id, "known_as", marker, "first_name", marker, NULL);
	snprintf(body, sizeof(body), "%s came in today and talked about her housing.", marker);
	save("note", id, NULL, "body", body, NULL);
	save("strength", id, NULL, "description", marker, "noted_on", "2015-01-01", NULL);
	ck_assert_int_eq(kw_app_client_find(ana, id, &c, &err), 0);
	snprintf(ref, 16, "%s", c.reference);
	kw_client_clear(&c);
}

/* An episode referred and opened years ago and closed on closed_on. */
static void closed_episode(const char *her, const char *closed_on)
{
	char ep[37] = "";

	save("referral", her, ep, "referral_source", "self", "programme", "community",
	     "referred_on", "2010-01-01", "opened_on", "2010-01-02", NULL);
	save("closure", ep, NULL, "closed_on", closed_on, "her_wish", "yes", "reason", "moved_away",
	     "welcome_back", "yes", NULL);
}

static sqlite3 *raw(void)
{
	struct kw_secret *g = kw_key_sql(ana->ring->general), *s = kw_key_sql(ana->ring->sensitive);
	char *gp = kw_path_join(data, "keywork.db"), *sp = kw_path_join(data, "sensitive.db");
	char *sql = sqlite3_mprintf("ATTACH %Q AS s KEY \"%w\"", sp, s->p);
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open_v2(gp, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_key(db, g->p, (int)g->len), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL),
			 SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s",
		      sqlite3_errmsg(db));
	sqlite3_free(sql);
	free(gp);
	free(sp);
	kw_secret_free(&g);
	kw_secret_free(&s);
	return db;
}

static long one(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long n;

	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
		      sqlite3_errmsg(db));
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every ordinary table of both files (FTS shadow tables included), "schema.name". */
/* Every table of both compartments (the schema has about 70 and grows). */
#define MAX_TABLES 128
struct tables {
	char name[MAX_TABLES][80];
	char cols[MAX_TABLES][1024]; /* "a,b,c" */
	size_t n;
};

static void list_tables(sqlite3 *db, struct tables *t)
{
	const char *schemas[] = { "main", "s" };

	memset(t, 0, sizeof(*t));
	for (size_t k = 0; k < 2; k++) {
		char *sql = sqlite3_mprintf("SELECT name FROM %w.sqlite_master WHERE type = "
					    "'table' AND sql NOT LIKE 'CREATE VIRTUAL%%' ORDER BY "
					    "name",
					    schemas[k]);
		sqlite3_stmt *st = NULL;

		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_stmt *ci = NULL;
			char *q;

			ck_assert_uint_lt(t->n, MAX_TABLES);
			snprintf(t->name[t->n], 80, "%s.%s", schemas[k],
				 sqlite3_column_text(st, 0));
			q = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q, %Q)",
					    sqlite3_column_text(st, 0), schemas[k]);
			ck_assert_int_eq(sqlite3_prepare_v2(db, q, -1, &ci, NULL), SQLITE_OK);
			while (sqlite3_step(ci) == SQLITE_ROW) {
				size_t len = strlen(t->cols[t->n]);

				snprintf(t->cols[t->n] + len, 1024 - len, "%s\"%s\"",
					 len > 0 ? "," : "", sqlite3_column_text(ci, 0));
			}
			sqlite3_finalize(ci);
			sqlite3_free(q);
			t->n++;
		}
		sqlite3_finalize(st);
		sqlite3_free(sql);
	}
}

/* Rows of table whose columns hold any id in temp.ids (the where clause). */
static char *mentions(const char *table, const char *cols)
{
	struct kw_buf b = { 0 };
	char copy[1024], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", cols);
	kw_buf_printf(&b, "SELECT count(*) FROM %s WHERE 0", table);
	for (char *c = strtok_r(copy, ",", &save); c != NULL; c = strtok_r(NULL, ",", &save))
		kw_buf_printf(&b, " OR CAST(%s AS TEXT) IN (SELECT id FROM temp.ids)", c);
	return b.p;
}

/*
 * Follows ids from the women in temp.ids to every row that names one of
 * them, adding each such row's own id, until nothing new is found.
 */
static void close_ids(sqlite3 *db, const struct tables *t)
{
	long before;

	do {
		before = one(db, "SELECT count(*) FROM temp.ids");
		for (size_t i = 0; i < t->n; i++) {
			struct kw_buf b = { 0 };
			char *w;

			if (strstr(t->cols[i], "\"id\"") == NULL || strstr(t->name[i], ".audit") ||
			    strstr(t->name[i], ".users") || strstr(t->name[i], ".user_keys"))
				continue;
			w = mentions(t->name[i], t->cols[i]);
			kw_buf_printf(&b,
				      "INSERT OR IGNORE INTO temp.ids SELECT CAST(id AS TEXT) %s",
				      strstr(w, " FROM "));
			ck_assert_msg(sqlite3_exec(db, b.p, NULL, NULL, NULL) == SQLITE_OK,
				      "%s: %s", b.p, sqlite3_errmsg(db));
			kw_buf_free(&b);
			free(w);
		}
	} while (one(db, "SELECT count(*) FROM temp.ids") > before);
}

/*
 * Decrypted pages of either file (free pages too) holding marker, counted by
 * the sqlcipher shell's sqlite_dbpage (the library does not register it).
 */
static long pages_in(const char *file, const struct kw_secret *key, const char *marker)
{
	char *path = kw_path_join(data, file), *sqlf = kw_path_join(dir, "pages.sql");
	char *cmd = sqlite3_mprintf("sqlcipher -batch '%q' < '%q'", path, sqlf);
	FILE *f = fopen(sqlf, "w"), *p;
	long n = -1;

	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"PRAGMA key = \"%s\";\nSELECT 'pages', count(*) FROM sqlite_dbpage WHERE "
		"instr(data, CAST('%s' AS BLOB)) > 0;\n",
		key->p, marker);
	fclose(f);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	{
		char line[256];

		while (fgets(line, sizeof(line), p) != NULL)
			if (strncmp(line, "pages|", 6) == 0)
				n = atol(line + 6);
	}
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_msg(n >= 0, "the sqlcipher shell did not count pages of %s", file);
	remove(sqlf);
	sqlite3_free(cmd);
	free(path);
	free(sqlf);
	return n;
}

static long pages_with(sqlite3 *db, const char *marker)
{
	struct kw_secret *g = kw_key_sql(ana->ring->general), *s = kw_key_sql(ana->ring->sensitive);
	long n;

	(void)db;
	n = pages_in("keywork.db", g, marker) + pages_in("sensitive.db", s, marker);
	kw_secret_free(&g);
	kw_secret_free(&s);
	return n;
}

static void problem(void *ctx, const char *what)
{
	(void)ctx;
	fprintf(stderr, "check: %s\n", what);
}

static void setup(void)
{
	dir = tu_tmpdir();
	ana = tu_create(dir, &data);
	pack = tu_pack(NULL, 0);
}

static void teardown(void)
{
	kw_session_close(&ana);
	kw_form_pack_free(&pack);
	tu_rmdir(dir);
	free(data);
}

struct w {
	const char *marker;
	bool due;
	char id[37], ref[16];
};

START_TEST(test_thresholds)
{
	struct w ws[] = {
		{ "Kwmarkaa1", true, "", "" },	/* closed six years ago today: due */
		{ "Kwmarkbb2", false, "", "" }, /* closed six years ago tomorrow: kept */
		{ "Kwmarkcc3", false, "",
		  "" }, /* closed ten years ago, a child under protection: kept */
		{ "Kwmarkdd4", true, "", "" },	/* drop-in only, last contact two years ago: due */
		{ "Kwmarkee5", false, "", "" }, /* drop-in only, two years ago tomorrow: kept */
		{ "Kwmarkff6", false, "", "" }, /* closed ten years ago, a legal hold: kept */
		{ "Kwmarkgg7", false, "", "" }, /* an episode open: kept */
		{ "Kwmarkhh8", false, "",
		  "" },			       /* closed ten years ago, an order ended six years ago
					   tomorrow: kept */
		{ "Kwmarkii9", true, "", "" }, /* the same, ended six years ago today: due */
		{ "Kwmarkjj0", false, "", "" }, /* an order still running: kept */
	};
	char d6[11], d6p1[11], d10[11], d2[11], d2p1[11], at[32], child[37] = "";
	struct kw_ret_report rep;
	struct tables t;
	struct kw_err err;
	unsigned long deleted = 0;
	long before[MAX_TABLES], expect[MAX_TABLES];
	bool vac;
	sqlite3 *db;
	size_t n = KW_ARRAY_LEN(ws);

	day(-6, 0, d6);
	day(-6, 1, d6p1);
	day(-10, 0, d10);
	day(-2, 0, d2);
	day(-2, 1, d2p1);
	for (size_t i = 0; i < n; i++)
		woman(ws[i].marker, ws[i].id, ws[i].ref);
	closed_episode(ws[0].id, d6);
	closed_episode(ws[1].id, d6p1);
	closed_episode(ws[2].id, d10);
	save("child", ws[2].id, child, "known_as", "Mia", "legal_status", "child_protection", NULL);
	snprintf(at, sizeof(at), "%sT10:00:00Z", d2);
	save("contact", ws[3].id, NULL, "happened_at", at, "mode", "centre", "outcome", "made",
	     NULL);
	snprintf(at, sizeof(at), "%sT10:00:00Z", d2p1);
	save("contact", ws[4].id, NULL, "happened_at", at, "mode", "centre", "outcome", "made",
	     NULL);
	closed_episode(ws[5].id, d10);
	{
		bool changed;

		ck_assert_int_eq(kw_hold(ana, ws[5].ref, KW_HOLD_LEGAL, false, &changed, &err), 0);
		ck_assert(changed);
	}
	save("referral", ws[6].id, NULL, "referral_source", "self", "programme", "community",
	     "referred_on", "2010-01-01", "opened_on", "2010-01-02", NULL);
	for (size_t i = 7; i <= 9; i++) {
		closed_episode(ws[i].id, d10);
		save("justice", ws[i].id, NULL, "kind", "order", "happened_on", "2012-01-01",
		     "ends_on",
		     i == 7   ? d6p1
		     : i == 8 ? d6
			      : "2099-01-01",
		     NULL);
	}
	/* A task with history, under one of those due: its history must go too. */
	{
		char task[37] = "";

		save("task", ws[0].id, task, "title", "Ring the council", NULL);
		save("task", NULL, task, "title", "Ring the council again", NULL);
	}

	ck_assert_msg(kw_retention_review(ana, pack, &rep, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(rep.women, n);
	ck_assert_uint_eq(rep.ndue, 3);
	for (size_t i = 0; i < n; i++) {
		bool listed = false;

		for (size_t j = 0; j < rep.ndue; j++)
			listed |= strcmp(rep.due[j].id, ws[i].id) == 0;
		ck_assert_msg(listed == ws[i].due, "%s listed %d", ws[i].marker, listed);
	}
	ck_assert_uint_eq(rep.held, 1);
	ck_assert_uint_eq(rep.open, 1);
	kw_ret_report_free(&rep);

	/* What belongs to the women due, found by following ids, table by table. */
	db = raw();
	list_tables(db, &t);
	ck_assert_int_eq(
		sqlite3_exec(db, "CREATE TEMP TABLE ids(id TEXT PRIMARY KEY)", NULL, NULL, NULL),
		SQLITE_OK);
	for (size_t i = 0; i < n; i++)
		if (ws[i].due) {
			char *q = sqlite3_mprintf("INSERT INTO temp.ids VALUES (%Q)", ws[i].id);

			ck_assert_int_eq(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
			sqlite3_free(q);
		}
	close_ids(db, &t);
	for (size_t i = 0; i < t.n; i++) {
		char *q = sqlite3_mprintf("SELECT count(*) FROM %s", t.name[i]), *w;

		before[i] = one(db, q);
		sqlite3_free(q);
		w = mentions(t.name[i], t.cols[i]);
		expect[i] = strstr(t.name[i], ".audit") != NULL ? 0 : one(db, w);
		free(w);
	}
	for (size_t i = 0; i < n; i++)
		ck_assert_int_gt(pages_with(db, ws[i].marker), 0);

	ck_assert_msg(kw_retention_apply(ana, pack, NULL, &deleted, &vac, &err) == 0, "%s",
		      err.msg);
	ck_assert_uint_eq(deleted, 3);

	/* The same connection, still holding temp.ids, reads the files as they are now. */
	for (size_t i = 0; i < t.n; i++) {
		char *q = sqlite3_mprintf("SELECT count(*) FROM %s", t.name[i]);
		long now = one(db, q);

		sqlite3_free(q);
		if (strcmp(t.name[i], "main.tombstones") == 0)
			ck_assert_int_eq(now, before[i] + 3);
		else if (strcmp(t.name[i], "main.audit") == 0)
			ck_assert_int_gt(now, before[i]);
		else if (strstr(t.name[i], "_fts_") != NULL)
			continue; /* the search indexes' own tables, by rowid: checked below */
		else
			ck_assert_msg(now == before[i] - expect[i], "%s: %ld rows, want %ld - %ld",
				      t.name[i], now, before[i], expect[i]);
	}
	/* The search indexes hold one entry per woman and per note left, and no other. */
	ck_assert_int_eq(one(db, "SELECT count(*) FROM main.clients_fts_docsize"),
			 one(db, "SELECT count(*) FROM main.clients"));
	ck_assert_int_eq(one(db, "SELECT count(*) FROM s.notes_fts_docsize"),
			 one(db, "SELECT count(*) FROM s.notes"));
	ck_assert_int_eq(one(db, "SELECT count(*) FROM main.clients"), (long)n - 3);
	/* Something of theirs was deleted from the tables that hold it. */
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.name[i], "main.clients") == 0 || strcmp(t.name[i], "s.notes") == 0 ||
		    strcmp(t.name[i], "main.history") == 0 ||
		    strcmp(t.name[i], "main.closures") == 0)
			ck_assert_msg(expect[i] > 0, "%s: nothing of theirs to delete", t.name[i]);
	/* No row anywhere (but the audit's own) names them; no page holds their markers. */
	for (size_t i = 0; i < t.n; i++)
		if (strstr(t.name[i], ".audit") == NULL) {
			char *w = mentions(t.name[i], t.cols[i]);

			ck_assert_msg(one(db, w) == 0, "%s still names a deleted woman", t.name[i]);
			free(w);
		}
	for (size_t i = 0; i < n; i++) {
		long pages = pages_with(db, ws[i].marker);

		if (ws[i].due)
			ck_assert_msg(pages == 0, "%s is still in %ld pages", ws[i].marker, pages);
		else
			ck_assert_msg(pages > 0, "%s is gone", ws[i].marker);
	}
	sqlite3_close(db);
	ck_assert_msg(kw_app_check(ana, problem, NULL, &err) == 0, "%s", err.msg);

	/* Run again: nobody is due, nothing else goes. */
	ck_assert_int_eq(kw_retention_apply(ana, pack, NULL, &deleted, &vac, &err), 0);
	ck_assert_uint_eq(deleted, 0);
	/* A tombstone's reference is never given to a new woman, and says what happened. */
	{
		char rule[64], on[11];

		ck_assert_int_eq(kw_db_tombstone_get(ana->store, ws[0].ref, rule, on, &err), 1);
		ck_assert_str_eq(rule, "six_years");
	}
}
END_TEST

START_TEST(test_erase_refused)
{
	char a[37], aref[16], b[37], bref[16], c[37], cref[16], soon[11];
	struct kw_err err;
	bool changed;

	woman("Kwerasea", a, aref);
	woman("Kweraseb", b, bref);
	woman("Kwerasec", c, cref);
	/* A legal hold. */
	ck_assert_int_eq(kw_hold(ana, aref, KW_HOLD_LEGAL, false, &changed, &err), 0);
	ck_assert_int_eq(kw_erase(ana, pack, aref, &err), -1);
	ck_assert_int_eq(err.reason, KW_R_RULE);
	ck_assert_ptr_nonnull(strstr(err.msg, "legal hold"));
	/* A child under protection. */
	save("child", b, NULL, "known_as", "Ava", "legal_status", "care_proceedings", NULL);
	ck_assert_int_eq(kw_erase(ana, pack, bref, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "child protection"));
	/* A court date to come. */
	day(0, 7, soon);
	save("justice", c, NULL, "kind", "court", "happened_on", soon, "at_time", "10:00", NULL);
	ck_assert_int_eq(kw_erase(ana, pack, cref, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "court date"));
	/* Nothing of theirs went. */
	{
		struct kw_client x = { 0 };

		ck_assert_int_eq(kw_app_client_find(ana, a, &x, &err), 0);
		kw_client_clear(&x);
		ck_assert_int_eq(kw_app_client_find(ana, b, &x, &err), 0);
		kw_client_clear(&x);
	}
	/* Lifted, she is erased at once. */
	ck_assert_int_eq(kw_hold(ana, aref, KW_HOLD_LEGAL, true, &changed, &err), 0);
	ck_assert(changed);
	ck_assert_msg(kw_erase(ana, pack, aref, &err) == 0, "%s", err.msg);
	{
		struct kw_client x = { 0 };

		ck_assert_int_eq(kw_app_client_find(ana, a, &x, &err), -1);
	}
}
END_TEST

START_TEST(test_restricted_every_role)
{
	const struct {
		const char *name;
		enum kw_role role;
	} users[] = { { "ana", KW_ROLE_MANAGER },
		      { "bea", KW_ROLE_KEYWORKER },
		      { "dee", KW_ROLE_DROPIN } };
	char her[37], ref[16], task[37] = "";
	struct kw_err err;
	bool changed;

	tu_user(ana, "bea", KW_ROLE_KEYWORKER, TU_PASS);
	tu_user(ana, "dee", KW_ROLE_DROPIN, TU_PASS);
	woman("Kwrestrict", her, ref);
	save("task", her, task, "title", "Ring the council", NULL);
	ck_assert_int_eq(kw_hold(ana, ref, KW_HOLD_RESTRICT, false, &changed, &err), 0);
	for (size_t u = 0; u < KW_ARRAY_LEN(users); u++) {
		struct kw_session *s = u == 0 ? ana : tu_open(data, users[u].name, TU_PASS, &err);
		char msg[512];

		ck_assert_ptr_nonnull(s);
		/* A contact (every role logs them), her own record, a new task, a changed task. */
		ck_assert_int_ne(tu_save(s, pack, "contact", her, NULL, msg, "happened_at",
					 "2026-01-01T10:00:00Z", "mode", "centre", "outcome",
					 "made", NULL),
				 0);
		ck_assert_msg(strstr(msg, "restricted") != NULL, "%s: %s", users[u].name, msg);
		ck_assert_int_ne(
			tu_save(s, pack, "intake", NULL, her, msg, "known_as", "Changed", NULL), 0);
		if (users[u].role != KW_ROLE_DROPIN) {
			ck_assert_int_ne(
				tu_save(s, pack, "task", her, NULL, msg, "title", "New", NULL), 0);
			ck_assert_msg(strstr(msg, "restricted") != NULL, "%s", msg);
			ck_assert_int_ne(
				tu_save(s, pack, "task", NULL, task, msg, "title", "Edit", NULL),
				0);
			ck_assert_msg(strstr(msg, "restricted") != NULL, "%s", msg);
		}
		/* Only a manager lifts it. */
		if (users[u].role != KW_ROLE_MANAGER) {
			ck_assert_int_eq(kw_hold(s, ref, KW_HOLD_RESTRICT, true, &changed, &err),
					 -1);
			ck_assert_int_eq(err.status, KW_ENOPERM);
		}
		if (u != 0)
			kw_session_close(&s);
	}
	/* Lifted, a save goes through; the setting and the lifting are in her audit. */
	ck_assert_int_eq(kw_hold(ana, ref, KW_HOLD_RESTRICT, true, &changed, &err), 0);
	save("task", her, NULL, "title", "Now it saves", NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("retention");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_thresholds);
	tcase_add_test(tc, test_erase_refused);
	tcase_add_test(tc, test_restricted_every_role);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
