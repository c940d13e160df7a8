/*
 * test_crash.c: kill -9 during writes loses no committed row, never splits a
 * commit across the two compartments, and leaves both files checking clean.
 *
 * A child process signs in and loops: in one transaction it adds a woman
 * (general compartment), a case note for her (sensitive), a contact and an
 * audit row, commits, and only then reports her reference on a pipe. The
 * parent kills it with SIGKILL at a random moment (5 to 200 ms after it
 * reported it was ready, so most kills land inside a commit; every fifth
 * round counts from the fork instead, so some land while it signs in), and
 * does this round after round on the same data directory. After each kill
 * it opens the directory itself (SQLite rolls back a hot journal here) and
 * checks:
 *
 *  - every reported commit is there in both files: the woman (by
 *    reference, kw_db_client_get), exactly one note and one contact for her,
 *    each naming her label;
 *  - no note or contact without its woman and no woman without her note and
 *    contact: a commit across both files is all or nothing;
 *  - at most one commit per round is there that was not reported (the one
 *    the kill caught between COMMIT and the report);
 *  - kw_db_check finds no problem (integrity_check of both files, foreign
 *    keys, orphans, the FTS index, the audit chain);
 *  - after that recovery and a clean close, no hot journal is left for the
 *    next opener to roll back.
 *
 * An orphaned super-journal (keywork.db-mj*) can stay behind: a kill after
 * SQLite wrote it but before it synced either journal leaves nothing hot to
 * point at it, and SQLite never removes such a file; the next sign-in does
 * (tidy.c), after the recovery above. The test counts those left.
 *
 * KW_CRASH_ROUNDS (default 24) and KW_CRASH_SEED override the defaults.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keywork/util.h"
#include "testutil.h"

#define DEFAULT_ROUNDS 24
#define MIN_DELAY_MS 5
#define MAX_DELAY_MS 200
#define READY_TIMEOUT_MS 60000

/* A woman's note and contact name her label (her known_as), so a mix-up shows. */
#define NOTE_FMT "Case note for %s: she came in after the kill."
#define CONTACT_FMT "Drop-in with %s."

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- the child --- */

/* One line, in one write (shorter than PIPE_BUF, so a kill never cuts it). */
static void child_say(int fd, const char *word, const char *text, unsigned long n)
{
	char line[700];
	int len = snprintf(line, sizeof(line), "%s %s %lu\n", word, text, n);

	if (len > 0 && write(fd, line, (size_t)len) != len)
		_exit(3);
}

static void child_fail(int fd, const char *what, const struct kw_err *err)
{
	char buf[600], msg[640];

	snprintf(msg, sizeof(msg), "%s: %s", what, kw_err_str(err, buf, sizeof(buf)));
	child_say(fd, "error", msg, 0);
	_exit(2);
}

/* Never returns: commits until killed. */
static void crash_child(const char *data, int wfd, unsigned round)
{
	struct kw_err err;
	struct kw_session *s = tu_open(data, "ana", TU_PASS, &err);

	if (s == NULL)
		child_fail(wfd, "signing in", &err);
	child_say(wfd, "ready", "-", 0);
	for (unsigned long seq = 1;; seq++) {
		struct kw_client c = { 0 };
		struct kw_note n = { 0 };
		struct kw_contact ct = { 0 };
		char label[64], body[128], summary[128];

		snprintf(label, sizeof(label), "crash-r%u-n%lu", round, seq);
		snprintf(body, sizeof(body), NOTE_FMT, label);
		snprintf(summary, sizeof(summary), CONTACT_FMT, label);
		c.known_as = kw_xstrdup(label);
		c.borough = kw_xstrdup("Lambeth");
		if (kw_store_begin(s->store, &err) != 0)
			child_fail(wfd, "begin", &err);
		if (kw_db_client_add(s->store, &c, &err) != 0)
			child_fail(wfd, "adding a woman", &err);
		memcpy(n.client_id, c.meta.id, sizeof(n.client_id));
		n.body = body;
		if (kw_db_note_add(s->store, &n, &err) != 0)
			child_fail(wfd, "adding a note", &err);
		memcpy(ct.client_id, c.meta.id, sizeof(ct.client_id));
		ct.mode = (char *)"in person";
		ct.outcome = KW_CONTACT_MADE;
		ct.summary = summary;
		if (kw_db_contact_add(s->store, &ct, &err) != 0)
			child_fail(wfd, "logging a contact", &err);
		if (kw_db_audit(s->store, "client-add", c.meta.id, label, &err) != 0)
			child_fail(wfd, "auditing", &err);
		if (kw_store_commit(s->store, &err) != 0)
			child_fail(wfd, "commit", &err);
		/* Only now is it committed: report it. */
		child_say(wfd, "ok", c.reference, seq);
		kw_client_clear(&c);
	}
}

/* --- what the parent knows --- */

struct reported {
	char ref[16];
	unsigned round;
	unsigned long seq;
};

struct run {
	char *data;
	struct reported *rep;
	size_t nrep;
	long clients_before; /* women stored before this round */
	/* totals */
	unsigned long unreported;    /* commits found that the kill kept from being reported */
	unsigned long superj_rounds; /* kills that left a new super-journal: inside COMMIT */
	unsigned long hot_rounds;    /* kills that left a hot journal to roll back */
	unsigned superj_before;	     /* super-journals there before this round (orphans) */
	unsigned long early_rounds;  /* kills timed from the fork */
	unsigned long empty_rounds;  /* rounds that committed nothing */
};

/* Reads what the pipe has until deadline (or EOF if deadline < 0); returns false at EOF. */
static bool pump(int fd, struct kw_buf *in, double deadline)
{
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int wait_ms = -1, r;
		char buf[4096];
		ssize_t n;

		if (deadline >= 0) {
			double left = deadline - now_s();

			if (left <= 0)
				return true;
			wait_ms = (int)(left * 1000) + 1;
		}
		r = poll(&pfd, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		ck_assert_int_ge(r, 0);
		if (r == 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		ck_assert_int_ge(n, 0);
		if (n == 0)
			return false;
		kw_buf_add(in, buf, (size_t)n);
	}
}

/* Waits until the child says "ready" (true), or the pipe closes (false). */
static bool wait_ready(int fd, struct kw_buf *in)
{
	double deadline = now_s() + READY_TIMEOUT_MS / 1000.0;

	while (in->p == NULL || strstr(in->p, "ready ") == NULL) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		char buf[4096];
		ssize_t n;
		int r;

		ck_assert_msg(now_s() < deadline, "the child did not sign in within %d s",
			      READY_TIMEOUT_MS / 1000);
		r = poll(&pfd, 1, 100);
		if (r <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return false;
		kw_buf_add(in, buf, (size_t)n);
		kw_buf_add(in, "", 1);
		in->len--;
	}
	return true;
}

/* Takes the child's reports from its output; fails the test on an error line. */
static unsigned long take_reports(struct run *r, struct kw_buf *in, unsigned round)
{
	unsigned long got = 0;
	char *save = NULL;

	kw_buf_add(in, "", 1);
	for (char *line = strtok_r(in->p, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char ref[16];
		unsigned long seq;

		if (strncmp(line, "error ", 6) == 0) {
			char *end = strrchr(line, ' '); /* drop the " 0" */

			*end = '\0';
			ck_abort_msg("round %u: the child failed: %s", round, line + 6);
		}
		if (strncmp(line, "ready ", 6) == 0)
			continue;
		ck_assert_msg(sscanf(line, "ok %15s %lu", ref, &seq) == 2,
			      "round %u: unexpected line from the child: '%s'", round, line);
		r->rep = kw_xrealloc(r->rep, (r->nrep + 1) * sizeof(*r->rep));
		memcpy(r->rep[r->nrep].ref, ref, sizeof(ref));
		r->rep[r->nrep].round = round;
		r->rep[r->nrep].seq = seq;
		r->nrep++;
		got++;
	}
	return got;
}

/*
 * Whether a journal is hot (non-empty with a first byte that is not zero:
 * SQLite's own test; a journal whose header is still zero was never synced
 * and is ignored), and *superj the number of super-journals. SQLite writes a
 * super-journal for each commit across both files and deletes it at the
 * moment the commit takes effect; one left by a kill before any journal was
 * synced is an orphan that SQLite never removes (harmless litter).
 */
static bool journal_hot(const char *data, unsigned *superj)
{
	static const char *const journals[] = { KW_GENERAL_DB "-journal",
						KW_SENSITIVE_DB "-journal" };
	bool hot = false;
	DIR *d;
	struct dirent *de;

	for (size_t i = 0; i < KW_ARRAY_LEN(journals); i++) {
		char *p = kw_path_join(data, journals[i]);
		FILE *fp = fopen(p, "rb");
		int first = fp != NULL ? fgetc(fp) : EOF;

		if (first != EOF && first != 0)
			hot = true;
		if (fp != NULL)
			fclose(fp);
		free(p);
	}
	*superj = 0;
	d = opendir(data);
	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".db-mj") != NULL)
			(*superj)++;
	closedir(d);
	return hot;
}

/* --- verification after a kill --- */

struct row {
	char id[37]; /* the woman's id (for notes and contacts: the woman they belong to) */
	char *text;  /* known_as / note body / contact summary */
	char ref[16];
};

struct rows {
	struct row *v;
	size_t n;
};

static void rows_add(struct rows *r, const char *id, const char *text, const char *ref)
{
	r->v = kw_xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
	snprintf(r->v[r->n].id, sizeof(r->v[r->n].id), "%s", id);
	r->v[r->n].text = kw_xstrdup(text != NULL ? text : "");
	snprintf(r->v[r->n].ref, sizeof(r->v[r->n].ref), "%s", ref != NULL ? ref : "");
	r->n++;
}

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->id, ((const struct row *)b)->id);
}

static void rows_sort(struct rows *r)
{
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), row_cmp);
}

/* The rows whose id is id (rows sorted): *first and the count. */
static size_t rows_with(const struct rows *r, const char *id, const struct row **first)
{
	size_t lo = 0, hi = r->n, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(r->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo < r->n ? &r->v[lo] : NULL;
	while (lo + n < r->n && strcmp(r->v[lo + n].id, id) == 0)
		n++;
	return n;
}

static int on_client(void *ctx, const struct kw_client *c)
{
	rows_add(ctx, c->meta.id, c->known_as, c->reference);
	return 0;
}

static int on_note(void *ctx, const struct kw_note *n)
{
	rows_add(ctx, n->client_id, n->body, NULL);
	return 0;
}

static int on_contact(void *ctx, const struct kw_contact *c)
{
	rows_add(ctx, c->client_id, c->summary, NULL);
	return 0;
}

static void on_problem(void *ctx, const char *what)
{
	unsigned *round = ctx;

	fprintf(stderr, "crash: round %u: check: %s\n", *round, what);
}

/* Opens the data directory after a kill and checks everything; returns the women stored. */
static long verify(struct run *r, unsigned round, unsigned long reported_now)
{
	struct kw_err err;
	struct kw_session *s = tu_open(r->data, "ana", TU_PASS, &err);
	struct rows clients = { 0 }, notes = { 0 }, contacts = { 0 };
	long stored, fresh;
	int problems;

	ck_assert_msg(s != NULL, "round %u: the data directory does not open after the kill: %s",
		      round, err.msg);
	ck_assert_int_eq(kw_db_client_each(s->store, on_client, &clients, &err), 0);
	ck_assert_int_eq(kw_db_note_each(s->store, on_note, &notes, &err), 0);
	ck_assert_int_eq(kw_db_contact_each(s->store, on_contact, &contacts, &err), 0);
	rows_sort(&clients);
	rows_sort(&notes);
	rows_sort(&contacts);

	/* Every woman has exactly her note and her contact: no half commit. */
	for (size_t i = 0; i < clients.n; i++) {
		const struct row *c = &clients.v[i], *n, *ct;
		size_t nn = rows_with(&notes, c->id, &n), nc = rows_with(&contacts, c->id, &ct);
		char want_note[128], want_contact[128];

		ck_assert_msg(nn == 1,
			      "round %u: woman %s (%s) has %zu notes, not 1: a commit was split "
			      "across the two files",
			      round, c->ref, c->text, nn);
		ck_assert_msg(nc == 1, "round %u: woman %s (%s) has %zu contacts, not 1", round,
			      c->ref, c->text, nc);
		snprintf(want_note, sizeof(want_note), NOTE_FMT, c->text);
		snprintf(want_contact, sizeof(want_contact), CONTACT_FMT, c->text);
		ck_assert_msg(strcmp(n->text, want_note) == 0,
			      "round %u: the note of %s (%s) is someone else's: '%s'", round,
			      c->ref, c->text, n->text);
		ck_assert_msg(strcmp(ct->text, want_contact) == 0,
			      "round %u: the contact of %s (%s) is someone else's: '%s'", round,
			      c->ref, c->text, ct->text);
	}
	/* Every note and contact has its woman (the note in the other file). */
	for (size_t i = 0; i < notes.n; i++) {
		const struct row *c;

		ck_assert_msg(rows_with(&clients, notes.v[i].id, &c) == 1,
			      "round %u: a note ('%s') has no woman in the general file: a commit "
			      "was split across the two files",
			      round, notes.v[i].text);
	}
	for (size_t i = 0; i < contacts.n; i++) {
		const struct row *c;

		ck_assert_msg(rows_with(&clients, contacts.v[i].id, &c) == 1,
			      "round %u: a contact ('%s') has no woman", round, contacts.v[i].text);
	}
	/* Every reported commit survived, looked up the way the app looks her up. */
	for (size_t i = 0; i < r->nrep; i++) {
		struct kw_client c = { 0 };
		const struct row *n;
		char label[64];

		snprintf(label, sizeof(label), "crash-r%u-n%lu", r->rep[i].round, r->rep[i].seq);
		ck_assert_msg(kw_db_client_get(s->store, r->rep[i].ref, &c, &err) == 1,
			      "round %u: committed and reported woman %s (%s) is lost", round,
			      r->rep[i].ref, label);
		ck_assert_msg(c.known_as != NULL && strcmp(c.known_as, label) == 0,
			      "round %u: woman %s is '%s', not '%s'", round, r->rep[i].ref,
			      c.known_as != NULL ? c.known_as : "(null)", label);
		ck_assert_msg(rows_with(&notes, c.meta.id, &n) == 1,
			      "round %u: committed and reported note of %s (%s) is lost", round,
			      r->rep[i].ref, label);
		kw_client_clear(&c);
	}
	/* What is there beyond the reports: at most the one commit the kill caught. */
	stored = (long)clients.n;
	fresh = stored - r->clients_before;
	ck_assert_msg(fresh >= (long)reported_now && fresh <= (long)reported_now + 1,
		      "round %u: %ld new women stored but %lu reported: at most one commit can "
		      "be unreported",
		      round, fresh, reported_now);
	r->unreported += (unsigned long)(fresh - (long)reported_now);

	problems = kw_db_check(s->store, on_problem, &round, &err);
	ck_assert_msg(problems == 0, "round %u: kw_db_check found %d problem(s)%s%s", round,
		      problems, problems < 0 ? ": " : " (listed above)",
		      problems < 0 ? err.msg : "");
	kw_session_close(&s);
	rows_free(&clients);
	rows_free(&notes);
	rows_free(&contacts);
	return stored;
}

START_TEST(test_kill_during_commits)
{
	const char *env_rounds = getenv("KW_CRASH_ROUNDS"), *env_seed = getenv("KW_CRASH_SEED");
	unsigned rounds =
		env_rounds != NULL ? (unsigned)strtoul(env_rounds, NULL, 10) : DEFAULT_ROUNDS;
	unsigned seed = env_seed != NULL ? (unsigned)strtoul(env_seed, NULL, 10)
					 : (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
	char *dir = tu_tmpdir();
	struct run r = { 0 };
	struct kw_session *s = tu_create(dir, &r.data);
	double t0 = now_s();

	ck_assert_uint_ge(rounds, 1);
	kw_session_close(&s); /* nothing of SQLite may be open across fork */
	srand(seed);
	printf("crash: %u rounds, seed %u (KW_CRASH_SEED to repeat), data in %s\n", rounds, seed,
	       r.data);
	for (unsigned round = 1; round <= rounds; round++) {
		bool early = round % 5 == 0;
		int delay_ms = MIN_DELAY_MS + rand() % (MAX_DELAY_MS - MIN_DELAY_MS + 1);
		struct kw_buf in = { 0 };
		unsigned long got;
		int fds[2], status = 0;
		double start;
		unsigned superj;
		bool hot, new_superj;
		pid_t pid;

		ck_assert_int_eq(pipe(fds), 0);
		fflush(NULL);
		start = now_s();
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			close(fds[0]);
			crash_child(r.data, fds[1], round);
			_exit(0);
		}
		close(fds[1]);
		if (early) {
			r.early_rounds++;
		} else if (wait_ready(fds[0], &in)) {
			start = now_s();
		}
		pump(fds[0], &in, start + delay_ms / 1000.0);
		ck_assert_int_eq(kill(pid, SIGKILL), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		pump(fds[0], &in, -1); /* the rest, up to EOF */
		close(fds[0]);
		got = take_reports(&r, &in, round);
		kw_buf_free(&in);
		ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
			      "round %u: the child ended by itself (status 0x%x)", round, status);
		hot = journal_hot(r.data, &superj);
		r.hot_rounds += hot;
		new_superj = superj > r.superj_before;
		r.superj_rounds += new_superj;
		r.empty_rounds += got == 0;
		r.clients_before = verify(&r, round, got);
		/* Recovery and a clean close leave nothing for the next opener to roll back. */
		ck_assert_msg(!journal_hot(r.data, &r.superj_before),
			      "round %u: a hot journal is left after recovery and a clean close",
			      round);
		printf("crash: round %2u: killed %3d ms after %s, %3lu commits reported; left "
		       "%s%s; "
		       "%ld women in all, checked\n",
		       round, delay_ms, early ? "fork " : "ready", got,
		       hot ? "a hot journal" : "no hot journal",
		       new_superj ? " and a new super-journal" : "", r.clients_before);
		fflush(stdout);
	}
	printf("crash: %u rounds in %.1f s: %zu reported commits verified in both files "
	       "(%ld women stored; %lu committed but not yet reported when killed); kills that "
	       "left a hot journal: %lu, a new super-journal (inside COMMIT): %lu; orphaned "
	       "super-journals left: %u; kills timed from the fork: %lu; rounds that committed "
	       "nothing: %lu\n",
	       rounds, now_s() - t0, r.nrep, r.clients_before, r.unreported, r.hot_rounds,
	       r.superj_rounds, r.superj_before, r.early_rounds, r.empty_rounds);
	ck_assert_uint_gt(r.nrep, 0);
	free(r.rep);
	free(r.data);
	tu_rmdir(dir);
}
END_TEST

static Suite *crash_suite(void)
{
	Suite *s = suite_create("crash");
	TCase *tc = tcase_create("kill9");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_kill_during_commits);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(crash_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
