/*
 * bench_load.c: several staff at once on one data directory, as a centre
 * runs keywork on one machine reached over ssh. Run by scripts/load.sh; not
 * by ctest.
 *
 *   bench_load DIR MANAGER PASSPHRASE-FILE FORMS-DIR [WORKERS] [SECONDS]
 *
 * The manager (whose passphrase is the file's first line) adds WORKERS
 * keyworkers (load01, load02, ...; same passphrase, fast key derivation) if
 * they are not there, and gives each 25 women. Then WORKERS processes, one per
 * keyworker, each with her own session, all start at once and for SECONDS
 * seconds log contacts and case notes for their own women through the same
 * way in as the screens (kw_form_save, kw_app_note_write), and open another
 * woman's record between writes. Every process counts what it committed and
 * keeps the id of each. Afterwards the manager counts the store's contacts
 * and notes: the difference from before must equal what the processes
 * committed (no lost and no doubled write), and every id kept must read
 * back. Prints a Markdown table: commits per second, commit latency (p50,
 * p95, p99, max), how many commits waited over 100 ms and 1 s for the lock,
 * how many were refused and why. Exits 1 if any write is lost, doubled or
 * refused.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/formsave.h"
#include "keywork/lookup.h"
#include "keywork/reads.h"
#include "keywork/team.h"
#include "keywork/util.h"

#define WOMEN_EACH 25
#define MAXWORKERS 64

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "bench_load: %s: %s\n", what, err != NULL ? err->msg : strerror(errno));
	exit(2);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double pctl(const double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	i = (size_t)ceil(p * (double)n);
	return v[i > 0 ? i - 1 : 0];
}

/* --- the women, shared out --- */

struct women {
	char (*id)[37];
	size_t n, cap;
};

static int add_woman(void *ctx, const struct kw_case_row *r)
{
	struct women *w = ctx;

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 256;
		w->id = kw_xrealloc(w->id, w->cap * sizeof(*w->id));
	}
	snprintf(w->id[w->n++], sizeof(w->id[0]), "%s", r->id);
	return 0;
}

struct user_find {
	const char *name;
	char id[37];
};

static int find_user(void *ctx, const struct kw_user *u)
{
	struct user_find *f = ctx;

	if (strcmp(u->username, f->name) == 0)
		snprintf(f->id, sizeof(f->id), "%s", u->meta.id);
	return 0;
}

static unsigned long count_of(struct kw_session *s, const char *entity)
{
	FILE *null = fopen("/dev/null", "w");
	unsigned long n = 0;
	struct kw_err err;

	if (null == NULL || kw_export(s, NULL, entity, KW_FORMAT_CSV, null, &n, &err) != 0)
		die("counting", &err);
	fclose(null);
	return n;
}

static struct kw_session *sign_in(const char *dir, const char *user, const char *pass)
{
	struct kw_secret *p = kw_secret_from(pass, strlen(pass));
	struct kw_session *s = NULL;
	struct kw_err err;
	int rc = kw_session_open(dir, user, p, &s, &err);

	kw_secret_free(&p);
	if (rc != 0)
		die(user, &err);
	return s;
}

/* --- one worker --- */

struct result {
	unsigned long contacts, notes, reads, refused, locked;
	char first_refusal[256];
};

/*
 * Signs in as user, says so on ready, waits for go, then writes until the
 * deadline. Writes its result, then one line per commit ("c ID MS" or "n ID
 * MS") to out.
 */
static void worker(const char *dir, const char *user, const char *pass, const char *forms,
		   char (*mine)[37], size_t nmine, char (*all)[37], size_t nall, int ready, int go,
		   double seconds, FILE *out)
{
	struct kw_session *s = sign_in(dir, user, pass);
	struct kw_form_pack *pack = NULL;
	struct kw_diags ds = { 0 };
	const struct kw_form_spec *contact, *intake;
	struct result r = { 0 };
	struct kw_err err;
	double end;
	unsigned int seed = (unsigned int)getpid();
	char c = 1;

	if (kw_form_pack_load(forms, NULL, 0, &pack, &ds, &err) != 0)
		die("forms", &err);
	contact = kw_form_find(pack, "contact");
	intake = kw_form_find(pack, "intake");
	if (contact == NULL || intake == NULL)
		die("forms: no contact or intake form", NULL);
	if (write(ready, &c, 1) != 1 || read(go, &c, 1) != 1)
		die("start", NULL);
	end = now_ms() + seconds * 1e3;
	for (unsigned long i = 0; now_ms() < end; i++) {
		const char *her = mine[rand_r(&seed) % nmine];
		double t0;
		int rc;

		if (i % 3 == 2) {
			/* Another woman's record, as opening it from search reads it. */
			struct kw_form_record rec = { 0 };
			struct kw_values vals = { 0 };

			snprintf(rec.id, sizeof(rec.id), "%s", all[rand_r(&seed) % nall]);
			if (kw_app_form_read(s, intake, &rec, &vals, &err) == 0)
				r.reads++;
			kw_values_free(&vals);
			continue;
		}
		t0 = now_ms();
		if (i % 3 == 0) {
			struct kw_form_record rec = { 0 };
			struct kw_values vals = { 0 };
			struct kw_field_errors errs = { 0 };

			snprintf(rec.parent_id, sizeof(rec.parent_id), "%s", her);
			kw_form_defaults(contact, s->user.role, s->user.meta.id, NULL, NULL, &vals);
			kw_values_set(&vals, "mode", "centre");
			kw_values_set(&vals, "outcome", "made");
			kw_values_set(&vals, "summary", "Came in to talk through the week.");
			rc = kw_form_save(s, contact, &rec, &vals, &errs, &err);
			kw_field_errors_free(&errs);
			kw_values_free(&vals);
			if (rc == 0) {
				r.contacts++;
				fprintf(out, "c %s %.3f\n", rec.id, now_ms() - t0);
			}
		} else {
			struct kw_note n = { 0 };

			snprintf(n.client_id, sizeof(n.client_id), "%s", her);
			kw_now_iso(n.happened_at);
			n.body = kw_xstrdup("Talked about housing; she is calmer this week.");
			rc = kw_app_note_write(s, &n, &err);
			if (rc == 0) {
				r.notes++;
				fprintf(out, "n %s %.3f\n", n.meta.id, now_ms() - t0);
			}
			kw_note_clear(&n);
		}
		if (rc != 0) {
			r.refused++;
			if (err.reason == KW_R_LOCKED)
				r.locked++;
			if (r.first_refusal[0] == '\0')
				snprintf(r.first_refusal, sizeof(r.first_refusal), "%.200s",
					 err.msg);
		}
	}
	fprintf(out, "r %lu %lu %lu %lu %lu %s\n", r.contacts, r.notes, r.reads, r.refused,
		r.locked, r.first_refusal[0] ? r.first_refusal : "-");
	kw_diags_free(&ds);
	kw_form_pack_free(&pack);
	kw_session_close(&s);
}

/* --- reading the workers' results back --- */

struct commit {
	char kind;
	char id[37];
};

struct tally {
	struct result r;
	double *lat;
	size_t nlat, caplat;
	struct commit *c;
	size_t nc, capc;
};

static void read_back(const char *path, struct tally *t)
{
	FILE *fp = fopen(path, "r");
	char line[512];

	if (fp == NULL)
		die(path, NULL);
	while (fgets(line, sizeof(line), fp) != NULL) {
		char kind, id[64];
		double ms;

		if (line[0] == 'r') {
			struct result r = { 0 };
			char *p = line + 2;

			r.contacts = strtoul(p, &p, 10);
			r.notes = strtoul(p, &p, 10);
			r.reads = strtoul(p, &p, 10);
			r.refused = strtoul(p, &p, 10);
			r.locked = strtoul(p, &p, 10);
			t->r.contacts += r.contacts;
			t->r.notes += r.notes;
			t->r.reads += r.reads;
			t->r.refused += r.refused;
			t->r.locked += r.locked;
			if (t->r.first_refusal[0] == '\0' && strncmp(p, " -", 2) != 0)
				snprintf(t->r.first_refusal, sizeof(t->r.first_refusal), "%s",
					 p + 1);
			continue;
		}
		if (sscanf(line, "%c %63s %lf", &kind, id, &ms) != 3)
			continue;
		if (t->nlat == t->caplat) {
			t->caplat = t->caplat ? t->caplat * 2 : 1024;
			t->lat = kw_xrealloc(t->lat, t->caplat * sizeof(double));
		}
		t->lat[t->nlat++] = ms;
		if (t->nc == t->capc) {
			t->capc = t->capc ? t->capc * 2 : 1024;
			t->c = kw_xrealloc(t->c, t->capc * sizeof(*t->c));
		}
		t->c[t->nc].kind = kind;
		snprintf(t->c[t->nc].id, sizeof(t->c[0].id), "%.36s", id);
		t->nc++;
	}
	fclose(fp);
	t->r.first_refusal[strcspn(t->r.first_refusal, "\n")] = '\0';
}

static int cmp_commit(const void *a, const void *b)
{
	return strcmp(((const struct commit *)a)->id, ((const struct commit *)b)->id);
}

static int seen_note(void *ctx, const struct kw_note *n)
{
	(void)n;
	*(int *)ctx = 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *dir, *manager, *forms;
	char pass[256], tmpl[] = "/tmp/keywork-load-XXXXXX", today[11], path[600];
	struct kw_session *s;
	struct women all = { 0 };
	struct kw_form_pack *pack = NULL;
	struct kw_diags ds = { 0 };
	struct tally t = { 0 };
	int workers = 20, ready[2], go[2], lost = 0;
	double seconds = 60, t0, t1;
	unsigned long contacts0, notes0, contacts1, notes1, dup = 0;
	pid_t pid[MAXWORKERS];
	FILE *fp;
	struct kw_err err;

	if (argc < 5 || argc > 7) {
		fprintf(stderr, "usage: bench_load DIR MANAGER PASSPHRASE-FILE FORMS-DIR "
				"[WORKERS] [SECONDS]\n");
		return 64;
	}
	dir = argv[1];
	manager = argv[2];
	forms = argv[4];
	if (argc > 5)
		workers = atoi(argv[5]);
	if (argc > 6)
		seconds = atof(argv[6]);
	if (kw_crypto_init() != 0)
		die("libsodium", NULL);
	if (workers < 1 || workers > MAXWORKERS || seconds <= 0) {
		fprintf(stderr, "bench_load: WORKERS is 1 to %d, SECONDS more than 0\n",
			MAXWORKERS);
		return 64;
	}
	fp = fopen(argv[3], "r");
	if (fp == NULL || fgets(pass, sizeof(pass), fp) == NULL)
		die(argv[3], NULL);
	fclose(fp);
	pass[strcspn(pass, "\n")] = '\0';
	signal(SIGPIPE, SIG_IGN);
	kw_today(today);

	/* The team: WORKERS keyworkers with WOMEN_EACH women each. */
	s = sign_in(dir, manager, pass);
	if (kw_app_caseload(s, NULL, today, add_woman, &all, &err) != 0)
		die("caseload", &err);
	if (all.n < (size_t)workers * WOMEN_EACH) {
		fprintf(stderr, "bench_load: %zu women; %d workers need %d\n", all.n, workers,
			workers * WOMEN_EACH);
		return 2;
	}
	for (int w = 0; w < workers; w++) {
		struct user_find f = { 0 };
		char name[16];

		snprintf(name, sizeof(name), "load%02d", w + 1);
		f.name = name;
		if (kw_app_user_each(s, find_user, &f, &err) != 0)
			die("users", &err);
		if (f.id[0] == '\0') {
			struct kw_secret *p = kw_secret_from(pass, strlen(pass));

			if (kw_session_user_add(s, name, KW_ROLE_KEYWORKER, p, KW_KDF_INTERACTIVE,
						&err) != 0)
				die(name, &err);
			kw_secret_free(&p);
			if (kw_app_user_each(s, find_user, &f, &err) != 0 || f.id[0] == '\0')
				die(name, &err);
		}
		for (int i = 0; i < WOMEN_EACH; i++)
			if (kw_app_allocate(s, all.id[w * WOMEN_EACH + i], f.id, &err) != 0)
				die("allocate", &err);
	}
	contacts0 = count_of(s, "contacts");
	notes0 = count_of(s, "notes");
	kw_session_close(&s);

	if (mkdtemp(tmpl) == NULL || pipe(ready) != 0 || pipe(go) != 0)
		die("setting up", NULL);
	for (int w = 0; w < workers; w++) {
		pid[w] = fork();
		if (pid[w] < 0)
			die("fork", NULL);
		if (pid[w] == 0) {
			char name[16];

			close(ready[0]);
			close(go[1]);
			snprintf(name, sizeof(name), "load%02d", w + 1);
			snprintf(path, sizeof(path), "%s/%s", tmpl, name);
			fp = fopen(path, "w");
			if (fp == NULL)
				die(path, NULL);
			worker(dir, name, pass, forms, all.id + (size_t)w * WOMEN_EACH, WOMEN_EACH,
			       all.id, all.n, ready[1], go[0], seconds, fp);
			fclose(fp);
			_exit(0);
		}
	}
	close(ready[1]);
	close(go[0]);
	for (int w = 0; w < workers; w++) {
		char c;

		if (read(ready[0], &c, 1) != 1)
			die("a worker did not sign in", NULL);
	}
	t0 = now_ms();
	for (int w = 0; w < workers; w++)
		if (write(go[1], "g", 1) != 1)
			die("go", NULL);
	for (int w = 0; w < workers; w++) {
		int st;

		if (waitpid(pid[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "bench_load: worker load%02d failed\n", w + 1);
			return 2;
		}
	}
	t1 = now_ms();
	for (int w = 0; w < workers; w++) {
		snprintf(path, sizeof(path), "%s/load%02d", tmpl, w + 1);
		read_back(path, &t);
		unlink(path);
	}
	rmdir(tmpl);

	/* What the store holds now. */
	s = sign_in(dir, manager, pass);
	contacts1 = count_of(s, "contacts");
	notes1 = count_of(s, "notes");
	if (kw_form_pack_load(forms, NULL, 0, &pack, &ds, &err) != 0)
		die("forms", &err);
	qsort(t.c, t.nc, sizeof(*t.c), cmp_commit);
	for (size_t i = 0; i < t.nc; i++) {
		int found = 0;

		if (i > 0 && strcmp(t.c[i].id, t.c[i - 1].id) == 0)
			dup++;
		if (t.c[i].kind == 'c') {
			struct kw_form_record rec = { 0 };
			struct kw_values vals = { 0 };

			snprintf(rec.id, sizeof(rec.id), "%s", t.c[i].id);
			found = kw_app_form_read(s, kw_form_find(pack, "contact"), &rec, &vals,
						 &err) == 0;
			kw_values_free(&vals);
		} else if (kw_app_note_get(s, t.c[i].id, seen_note, &found, &err) != 0) {
			found = 0;
		}
		if (!found)
			lost++;
	}
	kw_session_close(&s);

	qsort(t.lat, t.nlat, sizeof(double), cmp);
	{
		size_t over100 = 0, over1000 = 0;
		double secs = (t1 - t0) / 1e3;
		bool ok = lost == 0 && dup == 0 && t.r.refused == 0 &&
			  contacts1 - contacts0 == t.r.contacts && notes1 - notes0 == t.r.notes;

		for (size_t i = 0; i < t.nlat; i++) {
			over100 += t.lat[i] > 100;
			over1000 += t.lat[i] > 1000;
		}
		printf("| | |\n|---|---|\n");
		printf("| processes (one keyworker each) | %d for %.1f s |\n", workers, secs);
		printf("| commits (contacts + notes) | %lu + %lu = %zu |\n", t.r.contacts,
		       t.r.notes, t.nlat);
		printf("| commits per second | %.1f |\n", (double)t.nlat / secs);
		printf("| other women's records opened | %lu |\n", t.r.reads);
		printf("| commit latency p50 / p95 / p99 / max (ms) | %.1f / %.1f / %.1f / %.1f "
		       "|\n",
		       pctl(t.lat, t.nlat, 0.50), pctl(t.lat, t.nlat, 0.95),
		       pctl(t.lat, t.nlat, 0.99), t.nlat ? t.lat[t.nlat - 1] : 0.0);
		printf("| commits that waited over 100 ms / over 1 s | %zu / %zu |\n", over100,
		       over1000);
		printf("| saves refused (of which data busy) | %lu (%lu)%s%s |\n", t.r.refused,
		       t.r.locked, t.r.refused ? ": first: " : "", t.r.first_refusal);
		printf("| store: contacts before / after / difference | %lu / %lu / %lu |\n",
		       contacts0, contacts1, contacts1 - contacts0);
		printf("| store: notes before / after / difference | %lu / %lu / %lu |\n", notes0,
		       notes1, notes1 - notes0);
		printf("| commits not found after / counted twice | %d / %lu |\n", lost, dup);
		printf("| result | %s |\n", ok ? "every commit is in the store, once"
					       : "LOST, DOUBLED OR REFUSED WRITES");
		free(t.lat);
		free(t.c);
		free(all.id);
		kw_diags_free(&ds);
		kw_form_pack_free(&pack);
		return ok ? 0 : 1;
	}
}
