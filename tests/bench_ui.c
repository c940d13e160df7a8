/*
 * bench_ui.c: how fast the screens' work is on a large data directory, beside
 * the bare SQL for the same data, on the encrypted store and on a plaintext
 * copy of it; and the memory it takes. Prints docs/benchmarks.md's table
 * (Markdown) on stdout. Run by scripts/bench.sh; not by ctest.
 *
 *   bench_ui DIR USER PASSPHRASE-FILE [RUNS]
 *
 * Each operation runs RUNS times (any number up to MAXRUNS; p95 means little under 20) after 3 unmeasured warm-up
 * runs; p50 and p95 are reported. "UI" is the keywork function the screen
 * calls plus building the screen's list and drawing it with the UI's own code
 * (src/ui/list.c, draw.c) into an off-screen curses terminal (newterm() on
 * /dev/null, 40x120), refresh included. "Bare" is the plainest SQL that
 * fetches the same rows, prepared once and run in the same process. The
 * plaintext copy is made with sqlcipher_export into a private temp
 * directory and deleted at the end (the data is synthetic).
 *
 * KW_BENCH_CACHE_KB=N in the environment sets each compartment's page cache
 * to N KiB for the screens' work (an experiment; the store's own is 16 MiB).
 * KW_BENCH_PLAIN_CHECK=FILE times SQLite's integrity check of the plaintext
 * copy, last, and writes "plaincheck SECONDS" to FILE (scripts/bench.sh's bulk
 * work puts it beside `keywork check`).
 *
 * Peak memory is measured per phase in a child process (ru_maxrss): the
 * unlock phase, whose Argon2id takes what its parameters say by design, and
 * the screens' work after the key.
 */
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keywork/app.h"
#include "keywork/util.h"
#include "keywork/view.h"
#include "ui/ui.h"

#define WARMUP 3
#define MAXRUNS 2000

/* --- timing --- */

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

struct stat2 {
	double p50, p95;
};

static struct stat2 pct(double *v, int n)
{
	struct stat2 s = { 0, 0 };
	int i95;

	if (n <= 0)
		return s;
	qsort(v, (size_t)n, sizeof(double), cmp);
	i95 = (int)ceil(0.95 * n) - 1;
	s.p50 = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	s.p95 = v[i95 < 0 ? 0 : i95];
	return s;
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "bench_ui: %s: %s\n", what, err != NULL ? err->msg : "");
	exit(70);
}

/* --- the workload --- */

enum op { OP_SEARCH = 0, OP_SEARCH2, OP_MORE, OP_RECORD, OP_NOTES, OP_CONTACT, OP_TODAY, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
	"search keystroke (query + list drawn)",
	"search keystroke, first and last name (query + list drawn)",
	"search: moving down near the end asks for more (200 women, list drawn)",
	"open her record, first look (header + first timeline page drawn)",
	"full-text search of notes (+ list drawn)",
	"log a contact (commit included)",
	"Today for a keyworker with 50 women (drawn)",
};

/* What a phase over one store measured, sent from the child through a pipe. */
struct results {
	struct stat2 ui[OP_COUNT], bare[OP_COUNT];
	/* The UI figure without its drawing (keywork's reads and rows alone), and the drawing. */
	struct stat2 reads[OP_COUNT], drawing[OP_COUNT];
	long rss_kb;
	struct stat2 notes_newest; /* bare: the same phrase by rank, for comparison */
	long newest_rows;
	int asked; /* women a keystroke asks for on the 40-line terminal */
	long search_hits, more_hits, record_rows, note_hits, today_women, today_items;
	long n_contacts, n_notes;
	char keyworker[40];
	int ok;
};

/* Name prefixes as typed, a letter at a time (each is one keystroke). */
static const char *const keystrokes[] = {
	"s",  "si",  "sin",  "sine", "sinead", "a",    "am",	 "ami",	  "amir",   "amira",
	"k",  "ko",  "kow",  "kowa", "fa",     "fat",  "fati",	 "fatim", "fatima", "o",
	"ok", "oka", "okaf", "ng",   "ngu",    "nguy", "ye",	 "yes",	  "yesm",   "z",
	"ze", "zey", "zeyn", "ha",   "han",    "hann", "hannah", "ба",	  "бон",    "王",
	"da", "dan", "dani", "jo",   "jod",    "jodi", "be",	 "beg",	  "begu",   "begum",
};
/* A first name, then a last name typed a letter at a time (each is one keystroke). */
static const char *const keystrokes2[] = {
	"sarah s",   "sarah sm",   "sarah smi", "sarah smith", "amira k",    "amira kh",
	"amira kha", "amira khan", "chioma o",	"chioma ok",   "chioma oka", "chioma okafor",
	"ewa n",     "ewa no",	   "ewa now",	"ewa nowak",   "emma j",     "emma jo",
	"emma jon",  "emma jones", "laura w",	"laura wa",    "laura wal",  "laura walsh",
};
static const char *const note_queries[] = {
	"legal aid",	      "tearful",       "food bank",	  "nursery",
	"hardship fund",      "electricity",   "solicitor",	  "pre-sentence",
	"supervised contact", "repairs",       "talking therapy", "college",
	"school run",	      "social worker", "mental health",
};
/* The plainest SQL for the same rows. */
static const char BARE_SEARCH[] =
	"SELECT c.id, c.reference, c.known_as, c.first_name, c.last_name, c.date_of_birth, "
	"c.phone FROM clients_fts f JOIN clients c ON c.rowid = f.rowid WHERE f.clients_fts "
	"MATCH ?1 ORDER BY c.known_as COLLATE NOCASE LIMIT 200";
static const char BARE_CLIENT[] = "SELECT * FROM clients WHERE id = ?1";
static const char BARE_CONTACTS[] =
	"SELECT id, happened_at, mode, outcome, missed_reason, summary FROM contacts "
	"WHERE client_id = ?1 ORDER BY happened_at DESC LIMIT 60";
static const char BARE_NOTES[] = "SELECT id, happened_at, body FROM s.notes "
				 "WHERE client_id = ?1 ORDER BY happened_at DESC LIMIT 60";
static const char BARE_NOTE_SEARCH[] =
	"SELECT n.id, n.client_id, n.happened_at, n.body FROM s.notes_fts f JOIN s.notes n "
	"ON n.rowid = f.rowid WHERE f.notes_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT 50";
/* For comparison: the same phrases by rank, the order notes search used to take. */
static const char BARE_NOTE_NEWEST[] =
	"SELECT n.id, n.client_id, n.happened_at, n.body FROM s.notes_fts f JOIN s.notes n "
	"ON n.rowid = f.rowid WHERE f.notes_fts MATCH ?1 ORDER BY f.rank LIMIT 50";
static const char COUNT_CONTACTS[] = "SELECT count(*) FROM contacts";
static const char COUNT_NOTES[] = "SELECT count(*) FROM s.notes";
static const char BARE_INSERT[] =
	"INSERT INTO contacts(id, client_id, happened_at, mode, outcome, summary, created_at, "
	"created_by, updated_at, updated_by, version, device_id) VALUES (?1, ?2, ?3, 'phone', "
	"'made', 'benchmark', ?3, ?4, ?3, ?4, 1, 'bench')";
static const char BARE_CASELOAD[] =
	"SELECT c.id, c.reference, c.known_as, (SELECT max(k.happened_at) FROM contacts k "
	"WHERE k.client_id = c.id AND k.outcome = 'made') FROM clients c "
	"WHERE c.keyworker_id = ?1 ORDER BY c.known_as";
static const char BARE_APPTS[] =
	"SELECT a.id, a.starts_at, a.kind, a.place FROM clients c JOIN appointments a ON "
	"a.client_id = c.id WHERE c.keyworker_id = ?1 AND a.starts_at >= ?2 AND a.starts_at < "
	"?2 || '~' ORDER BY a.starts_at";
static const char BARE_TASKS[] =
	"SELECT t.id, t.due_on, t.title, t.status FROM clients c JOIN tasks t ON t.client_id = "
	"c.id WHERE c.keyworker_id = ?1 AND (t.due_on <= ?2 OR t.chase_on <= ?2) AND "
	"t.done_on IS NULL";
static const char COUNT_WOMEN[] = "SELECT count(*) FROM clients";
static const char NTH_WOMAN[] = "SELECT id FROM clients WHERE rowid >= ?1 ORDER BY rowid LIMIT 1";
static const char KW_OF_50[] =
	"SELECT keyworker_id FROM clients WHERE keyworker_id IS NOT NULL GROUP BY keyworker_id "
	"ORDER BY abs(count(*) - 50), keyworker_id LIMIT 1";
static const char CLEAN_UP[] = "DELETE FROM contacts WHERE device_id = 'bench' OR "
			       "summary = 'benchmark contact'";

/*
 * The women the runs open: only those, looked up before anything is timed
 * (not every woman's id: at 200,000 women that list alone was 9.7 MB of the
 * memory measured as the screens').
 */
struct ids {
	char (*id)[37];
	long women;
	int total; /* runs 0 .. total-1 of each pass */
};

static int copy_id(void *ctx, int ncols, const char *const *cols)
{
	if (ncols >= 1 && cols[0] != NULL)
		snprintf(ctx, 37, "%s", cols[0]);
	return 1;
}

static int copy_long(void *ctx, int ncols, const char *const *cols)
{
	*(long *)ctx = ncols > 0 && cols[0] != NULL ? atol(cols[0]) : 0;
	return 1;
}

static int copy_first(void *ctx, int ncols, const char *const *cols)
{
	if (ncols > 0 && cols[0] != NULL)
		snprintf(ctx, 40, "%s", cols[0]);
	return 1;
}

struct draw {
	struct ui_list list;
	long n;
};

static void list_reset(struct draw *d, int w0, int w1, int w2, int w3)
{
	ui_list_clear(&d->list);
	memset(d->list.width, 0, sizeof(d->list.width));
	d->list.width[0] = w0;
	d->list.width[1] = w1;
	d->list.width[2] = w2;
	d->list.width[3] = w3;
	d->n = 0;
}

static void screen_draw(struct draw *d, const char *title)
{
	erase();
	ui_put_fill(stdscr, 0, 0, COLS, title, ui_attr(UC_TITLE));
	ui_list_draw(&d->list, 2, LINES - 4, true);
	ui_put_fill(stdscr, LINES - 1, 0, COLS, "q back  / search  ? help", ui_attr(UC_BAR));
	refresh();
}

static int on_hit(void *ctx, const struct kw_hit *h)
{
	struct draw *d = ctx;
	char legal[256], flags[160];

	snprintf(legal, sizeof(legal), "%s %s", h->first_name ? h->first_name : "",
		 h->last_name ? h->last_name : "");
	snprintf(flags, sizeof(flags), "%s%s%s", h->risk_level ? h->risk_level : "",
		 h->safe_channels ? " safe: " : "", h->safe_channels ? h->safe_channels : "");
	ui_list_add(&d->list, h->risk_level ? UC_FLAG : UC_NORMAL, false,
		    h->known_as ? h->known_as : h->reference, h->reference, legal,
		    h->date_of_birth ? h->date_of_birth : "", flags, NULL);
	d->n++;
	return 0;
}

static int on_entry(void *ctx, const struct kw_tl_entry *e)
{
	struct draw *d = ctx;
	char body[512];

	snprintf(body, sizeof(body), "%s%s%s", e->extra ? e->extra : "",
		 e->extra && e->body ? " - " : "", e->body ? e->body : "");
	for (char *p = body; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	ui_list_add(&d->list, UC_NORMAL, false, e->at, e->by ? e->by : "",
		    e->title ? e->title : kw_tl_kind_name(e->kind), body, NULL, NULL);
	d->n++;
	return 0;
}

static int on_note(void *ctx, const struct kw_note *n)
{
	struct draw *d = ctx;

	ui_list_add(&d->list, UC_NORMAL, false, n->happened_at, n->client_id, n->body, NULL, NULL,
		    NULL);
	d->n++;
	return 0;
}

/* Days between contacts by programme, as forms/list-programmes.yaml ships them. */
static long programme_days(const char *p)
{
	if (p == NULL)
		return 0;
	if (strcmp(p, "diversion") == 0)
		return 14;
	if (strcmp(p, "drop_in") == 0)
		return 0;
	return 7;
}

struct today {
	struct draw women, agenda;
	const char *day;
};

static int on_case(void *ctx, const struct kw_case_row *r)
{
	struct today *t = ctx;
	char due[11], since[32], due_s[32];
	long over = kw_contact_due(r, kw_cadence_days(r->cadence, programme_days(r->programme)),
				   t->day, due);

	snprintf(since, sizeof(since), "%s", r->last_contact ? r->last_contact : "no contact yet");
	snprintf(due_s, sizeof(due_s), over > 0 ? "due %ld days ago" : "-", over);
	ui_list_add(&t->women.list, r->risk_level ? UC_FLAG : UC_NORMAL, false,
		    r->known_as ? r->known_as : r->reference, r->reference, since, due_s,
		    r->risk_level ? r->risk_level : "", NULL);
	t->women.n++;
	return 0;
}

static int on_agenda(void *ctx, const struct kw_agenda_item *a)
{
	struct today *t = ctx;

	ui_list_add(&t->agenda.list, UC_NORMAL, false, a->when ? a->when : "",
		    a->known_as ? a->known_as : a->reference, a->what ? a->what : "",
		    a->detail ? a->detail : "", NULL, NULL);
	t->agenda.n++;
	return 0;
}

/* Runs i of the bare pass open women from here on in woman()'s sequence: none the UI pass opened. */
#define BARE_OTHER (MAXRUNS + WARMUP)

/* A woman's id chosen by run i, spread over the whole store. */
static const char *woman(const struct ids *ids, int i)
{
	return ids->id[i < BARE_OTHER ? i : ids->total + (i - BARE_OTHER)];
}

/*
 * Looks up the women of runs 0 .. total-1 of the UI pass and of the bare one:
 * the ((i * 7919 + 13) mod N)th woman by rowid, spread over all N.
 */
static void pick_women(struct kw_store *st, struct ids *ids, int total)
{
	struct kw_err err;

	if (kw_db_bench_query(st, COUNT_WOMEN, NULL, 0, copy_long, &ids->women, NULL, &err) != 0 ||
	    ids->women == 0)
		die("counting women", &err);
	ids->total = total;
	ids->id = kw_xcalloc(2 * (size_t)total, sizeof(*ids->id));
	for (int k = 0; k < 2 * total; k++) {
		long i = k < total ? k : BARE_OTHER + (k - total);
		char rowid[24];
		const char *p[1] = { rowid };

		snprintf(rowid, sizeof(rowid), "%ld",
			 (long)(((size_t)i * 7919u + 13u) % (size_t)ids->women) + 1);
		if (kw_db_bench_query(st, NTH_WOMAN, p, 1, copy_id, ids->id[k], NULL, &err) != 0 ||
		    ids->id[k][0] == '\0')
			die("picking women", &err);
	}
}

struct wctx {
	struct kw_store *st;
	struct ids ids;
	struct draw d;
	char today[11], kwid[40];
	struct results *res;
	bool counting;
	double draw_ms; /* the drawing part of the last run_ui */
};

/* One run of op's UI work (i picks the query or the woman). */
static void run_ui(struct wctx *w, enum op op, int i)
{
	struct kw_store *st = w->st;
	struct draw *d = &w->d;
	struct kw_err err;
	double t0;

	w->draw_ms = 0;
	switch (op) {
	case OP_SEARCH:
		list_reset(d, 22, 9, 22, 10);
		if (kw_db_search(st, keystrokes[i % KW_ARRAY_LEN(keystrokes)], ui_search_first(),
				 on_hit, d, &err) != 0)
			die("search", &err);
		t0 = now_ms();
		screen_draw(d, "Find a woman");
		w->draw_ms = now_ms() - t0;
		w->res->search_hits += w->counting ? d->n : 0;
		w->res->asked = ui_search_first();
		break;
	case OP_SEARCH2:
		list_reset(d, 22, 9, 22, 10);
		if (kw_db_search(st, keystrokes2[i % KW_ARRAY_LEN(keystrokes2)], ui_search_first(),
				 on_hit, d, &err) != 0)
			die("search", &err);
		t0 = now_ms();
		screen_draw(d, "Find a woman");
		w->draw_ms = now_ms() - t0;
		break;
	case OP_MORE:
		/* The same keystrokes, the list asked for again whole. */
		list_reset(d, 22, 9, 22, 10);
		if (kw_db_search(st, keystrokes[i % KW_ARRAY_LEN(keystrokes)], UI_SEARCH_MOST,
				 on_hit, d, &err) != 0)
			die("search", &err);
		t0 = now_ms();
		screen_draw(d, "Find a woman");
		w->draw_ms = now_ms() - t0;
		w->res->more_hits += w->counting ? d->n : 0;
		break;
	case OP_RECORD: {
		const char *id = woman(&w->ids, i);
		struct kw_header h;
		struct kw_tl_cursor cur = { "", "" };

		list_reset(d, 16, 10, 30, 0);
		if (kw_db_header(st, id, &h, &err) != 1)
			die("header", &err);
		if (kw_db_timeline(st, id, &cur, 60, on_entry, d, &err) < 0)
			die("timeline", &err);
		t0 = now_ms();
		erase();
		ui_printf(stdscr, 1, 0, COLS, ui_attr(UC_HEADING), "%s  %s  %s  %s",
			  h.client.known_as ? h.client.known_as : "", h.client.reference,
			  h.keyworker, h.risk_level ? h.risk_level : "");
		ui_printf(stdscr, 2, 0, COLS, 0, "%s", h.latest_strength ? h.latest_strength : "");
		ui_list_draw(&d->list, 4, LINES - 6, true);
		refresh();
		w->draw_ms = now_ms() - t0;
		kw_header_clear(&h);
		w->res->record_rows += w->counting ? d->n : 0;
		break;
	}
	case OP_NOTES:
		list_reset(d, 20, 36, 0, 0);
		if (kw_db_note_search(st, note_queries[i % KW_ARRAY_LEN(note_queries)], NULL, 50,
				      on_note, d, &err) != 0)
			die("note search", &err);
		t0 = now_ms();
		screen_draw(d, "Notes");
		w->draw_ms = now_ms() - t0;
		w->res->note_hits += w->counting ? d->n : 0;
		break;
	case OP_CONTACT: {
		struct kw_contact c = { 0 };

		snprintf(c.client_id, sizeof(c.client_id), "%s", woman(&w->ids, i));
		c.mode = (char *)"phone";
		c.outcome = KW_CONTACT_MADE;
		c.summary = (char *)"benchmark contact";
		if (kw_store_begin(st, &err) != 0 || kw_db_contact_add(st, &c, &err) != 0 ||
		    kw_store_commit(st, &err) != 0)
			die("logging a contact", &err);
		break;
	}
	case OP_TODAY: {
		struct today t = { 0 };

		t.day = w->today;
		t.women.list.width[0] = 24;
		t.agenda.list.width[0] = 12;
		if (kw_db_agenda(st, w->kwid, w->today, on_agenda, &t, &err) != 0 ||
		    kw_db_caseload(st, w->kwid, w->today, on_case, &t, &err) != 0)
			die("today", &err);
		t0 = now_ms();
		erase();
		ui_list_draw(&t.agenda.list, 1, 10, false);
		ui_list_draw(&t.women.list, 12, LINES - 14, true);
		refresh();
		w->draw_ms = now_ms() - t0;
		w->res->today_women = t.women.n;
		w->res->today_items = t.agenda.n;
		ui_list_clear(&t.women.list);
		ui_list_clear(&t.agenda.list);
		break;
	}
	default:
		break;
	}
}

/* One run of the bare SQL for the same rows as run_ui(w, op, i). */
static void run_bare(struct wctx *w, enum op op, int i)
{
	struct kw_store *st = w->st;
	struct kw_err err;
	char fts[64];

	switch (op) {
	case OP_SEARCH:
	case OP_MORE: {
		const char *p[1] = { fts };

		snprintf(fts, sizeof(fts), "\"%s\"*", keystrokes[i % KW_ARRAY_LEN(keystrokes)]);
		if (kw_db_bench_query(st, BARE_SEARCH, p, 1, NULL, NULL, NULL, &err) != 0)
			die("bare search", &err);
		break;
	}
	case OP_SEARCH2: {
		const char *p[1] = { fts }, *k = keystrokes2[i % KW_ARRAY_LEN(keystrokes2)];
		const char *sp = strchr(k, ' ');

		/* Both words, each a prefix of a word of her names. */
		snprintf(fts, sizeof(fts), "\"%.*s\"* AND \"%s\"*", (int)(sp - k), k, sp + 1);
		if (kw_db_bench_query(st, BARE_SEARCH, p, 1, NULL, NULL, NULL, &err) != 0)
			die("bare search", &err);
		break;
	}
	case OP_RECORD: {
		const char *p[1] = { woman(&w->ids, i + BARE_OTHER) };

		if (kw_db_bench_query(st, BARE_CLIENT, p, 1, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(st, BARE_CONTACTS, p, 1, NULL, NULL, NULL, &err) != 0 ||
		    (kw_store_has_sensitive(st) &&
		     kw_db_bench_query(st, BARE_NOTES, p, 1, NULL, NULL, NULL, &err) != 0))
			die("bare record", &err);
		break;
	}
	case OP_NOTES: {
		const char *p[1] = { fts };

		snprintf(fts, sizeof(fts), "\"%s\"", note_queries[i % KW_ARRAY_LEN(note_queries)]);
		if (kw_db_bench_query(st, BARE_NOTE_SEARCH, p, 1, NULL, NULL, NULL, &err) != 0)
			die("bare note search", &err);
		break;
	}
	case OP_CONTACT: {
		char uid[37], at[21];
		const char *p[4] = { uid, woman(&w->ids, i), at, w->kwid };

		kw_uuid(uid);
		kw_now_iso(at);
		if (kw_store_begin(st, &err) != 0 ||
		    kw_db_bench_query(st, BARE_INSERT, p, 4, NULL, NULL, NULL, &err) != 0 ||
		    kw_store_commit(st, &err) != 0)
			die("bare insert", &err);
		break;
	}
	case OP_TODAY: {
		const char *p[2] = { w->kwid, w->today };

		if (kw_db_bench_query(st, BARE_APPTS, p, 2, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(st, BARE_TASKS, p, 2, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(st, BARE_CASELOAD, p, 1, NULL, NULL, NULL, &err) != 0)
			die("bare today", &err);
		break;
	}
	default:
		break;
	}
}

/*
 * Runs the whole workload on st; fills res. For each operation the UI runs
 * first over the whole sequence of queries or women, then the bare SQL over
 * a sequence like it. Queries and Today's keyworker are the same for both (so
 * both find them cached after the warm-up); a record is opened for a woman
 * not looked at before in either pass (BARE_OTHER), so neither finds her pages
 * left cached by the other: both are a first look at her record.
 */
/*
 * ui_only: the screens' work alone, for their memory: the bare SQL beside
 * them (some of it reads and sorts far more rows than a screen does) is left
 * out, so its peak is not counted as theirs.
 */
static void workload(struct kw_store *st, int runs, struct results *res, bool ui_only)
{
	static double ui[MAXRUNS + WARMUP], bare[MAXRUNS + WARMUP];
	static double reads[MAXRUNS + WARMUP], drawing[MAXRUNS + WARMUP];
	struct wctx w = { 0 };
	struct kw_err err;
	int total = runs + WARMUP;

	w.st = st;
	w.res = res;
	kw_today(w.today);
	pick_women(st, &w.ids, total);
	if (kw_db_bench_query(st, KW_OF_50, NULL, 0, copy_first, w.kwid, NULL, &err) != 0)
		die("finding a keyworker", &err);
	snprintf(res->keyworker, sizeof(res->keyworker), "%s", w.kwid);
	/* Counted before the benchmark logs contacts of its own. */
	if (kw_db_bench_query(st, COUNT_CONTACTS, NULL, 0, copy_long, &res->n_contacts, NULL,
			      &err) != 0 ||
	    kw_db_bench_query(st, COUNT_NOTES, NULL, 0, copy_long, &res->n_notes, NULL, &err) != 0)
		die("counting", &err);
	kw_store_set_actor(st, w.kwid, KW_ROLE_KEYWORKER, NULL);
	for (int o = 0; o < OP_COUNT; o++) {
		for (int i = 0; i < total; i++) {
			double t0 = now_ms();

			w.counting = i >= WARMUP;
			run_ui(&w, (enum op)o, i);
			ui[i] = now_ms() - t0;
			drawing[i] = w.draw_ms;
			reads[i] = ui[i] - w.draw_ms;
		}
		for (int i = 0; i < total && !ui_only; i++) {
			double t0 = now_ms();

			run_bare(&w, (enum op)o, i);
			bare[i] = now_ms() - t0;
		}
		res->ui[o] = pct(ui + WARMUP, runs);
		res->reads[o] = pct(reads + WARMUP, runs);
		res->drawing[o] = pct(drawing + WARMUP, runs);
		res->bare[o] = pct(bare + WARMUP, runs);
	}
	/* What would make notes search fast: newest first, which FTS5 reads in order. */
	for (int i = 0; i < total && !ui_only; i++) {
		long rows = 0;
		char fts[64];
		const char *p[1] = { fts };
		double t0;

		snprintf(fts, sizeof(fts), "\"%s\"", note_queries[i % KW_ARRAY_LEN(note_queries)]);
		t0 = now_ms();
		if (kw_db_bench_query(st, BARE_NOTE_NEWEST, p, 1, NULL, NULL, &rows, &err) != 0)
			die("bare note search, newest first", &err);
		bare[i] = now_ms() - t0;
		res->newest_rows += i >= WARMUP ? rows : 0;
	}
	res->notes_newest = pct(bare + WARMUP, runs);
	/* The benchmark's own contacts go again: the data directory is reused. */
	if (kw_store_begin(st, &err) != 0 ||
	    kw_db_bench_query(st, CLEAN_UP, NULL, 0, NULL, NULL, NULL, &err) != 0 ||
	    kw_store_commit(st, &err) != 0)
		die("removing the benchmark's contacts", &err);
	ui_list_clear(&w.d.list);
	free(w.ids.id);
	res->ok = 1;
}

/* --- keys and stores --- */

struct keys {
	struct kw_keyfile *kf;
	struct kw_secret *g, *x;
};

static void unlock_once(const char *dir, const char *user, const char *pass, struct keys *k)
{
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	struct kw_secret *p = kw_secret_from(pass, strlen(pass));
	struct kw_keyring *ring = NULL;
	struct kw_err err;

	if (kw_keyfile_load(keypath, &k->kf, &err) != 0 ||
	    kw_keyfile_unlock(k->kf, user, p, &ring, &err) != 0)
		die("unlock", &err);
	k->g = kw_key_sql(ring->general);
	k->x = kw_key_sql(ring->sensitive);
	kw_keyring_free(&ring);
	kw_secret_free(&p);
	free(keypath);
}

static struct kw_store *open_store(const char *dir, const struct keys *k, bool plain)
{
	struct kw_store_keys keys = { 0 };
	struct kw_store *st = NULL;
	struct kw_err err;

	keys.general = plain ? "" : (const char *)k->g->p;
	keys.general_len = plain ? 0 : k->g->len;
	if (k->x != NULL) {
		keys.sensitive = plain ? "" : (const char *)k->x->p;
		keys.sensitive_len = plain ? 0 : k->x->len;
	}
	if (kw_store_open(dir, &keys, kw_keyfile_key_id(k->kf), kw_keyfile_generation(k->kf), 0,
			  &st, &err) != 0)
		die("opening the store", &err);
	return st;
}

/* The unlock phase: Argon2id and unsealing alone, then opening with the keys. */
struct unlock_results {
	struct stat2 kdf, open, open_plain;
	long rss_kb;
	long women;
	int ok;
};

static void unlock_phase(const char *dir, const char *plain_dir, const char *user, const char *pass,
			 int runs, struct unlock_results *u)
{
	char *keypath = kw_path_join(dir, KW_KEY_FILE);
	double kdf[MAXRUNS], op[MAXRUNS], opp[MAXRUNS];
	struct keys k = { 0 };
	struct kw_err err;

	for (int i = 0; i < runs; i++) {
		struct kw_keyfile *kf = NULL;
		struct kw_keyring *ring = NULL;
		struct kw_secret *p = kw_secret_from(pass, strlen(pass));
		double t0 = now_ms();

		if (kw_keyfile_load(keypath, &kf, &err) != 0 ||
		    kw_keyfile_unlock(kf, user, p, &ring, &err) != 0)
			die("unlock", &err);
		kdf[i] = now_ms() - t0;
		kw_keyring_free(&ring);
		kw_keyfile_free(&kf);
		kw_secret_free(&p);
	}
	unlock_once(dir, user, pass, &k);
	for (int i = 0; i < runs; i++) {
		double t0 = now_ms();
		struct kw_store *st = open_store(dir, &k, false);

		u->women = kw_db_client_count(st, &err);
		op[i] = now_ms() - t0;
		kw_store_close(&st);
		t0 = now_ms();
		st = open_store(plain_dir, &k, true);
		kw_db_client_count(st, &err);
		opp[i] = now_ms() - t0;
		kw_store_close(&st);
	}
	u->kdf = pct(kdf, runs);
	u->open = pct(op, runs);
	u->open_plain = pct(opp, runs);
	u->rss_kb = maxrss_kb();
	u->ok = 1;
	kw_secret_free(&k.g);
	kw_secret_free(&k.x);
	kw_keyfile_free(&k.kf);
	free(keypath);
}

/* Runs fn in a child process (its own peak memory), its result copied back through a pipe. */
static int in_child(void (*fn)(void *ctx), void *ctx, void *out, size_t len)
{
	int fd[2];
	pid_t pid;
	size_t got = 0;
	int status;

	if (pipe(fd) != 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		fn(ctx);
		if (write(fd[1], out, len) != (ssize_t)len)
			_exit(74);
		_exit(0);
	}
	close(fd[1]);
	while (got < len) {
		ssize_t n = read(fd[0], (char *)out + got, len - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd[0]);
	waitpid(pid, &status, 0);
	return got == len && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

struct job {
	const char *dir, *plain_dir, *user, *pass;
	const struct keys *k;
	bool plain, ui_only;
	int runs;
	struct results *res;
	struct unlock_results *u;
};

static void job_unlock(void *ctx)
{
	struct job *j = ctx;

	unlock_phase(j->dir, j->plain_dir, j->user, j->pass, j->runs, j->u);
}

static void job_work(void *ctx)
{
	struct job *j = ctx;
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	struct kw_store *st;
	SCREEN *scr;

	setenv("LINES", "40", 1);
	setenv("COLUMNS", "120", 1);
	scr = newterm("xterm-256color", out, in);
	if (scr == NULL)
		die("newterm (is the xterm-256color terminfo installed?)", NULL);
	set_term(scr);
	ui_theme_init();
	st = open_store(j->plain ? j->plain_dir : j->dir, j->k, j->plain);
	if (getenv("KW_BENCH_CACHE_KB") != NULL) {
		/* An experiment: a page cache of this many KiB per compartment. */
		static char sql_main[64], sql_s[64];
		struct kw_err err;

		snprintf(sql_main, sizeof(sql_main), "PRAGMA main.cache_size = -%ld",
			 atol(getenv("KW_BENCH_CACHE_KB")));
		snprintf(sql_s, sizeof(sql_s), "PRAGMA s.cache_size = -%ld",
			 atol(getenv("KW_BENCH_CACHE_KB")));
		if (kw_db_bench_query(st, sql_main, NULL, 0, NULL, NULL, NULL, &err) != 0 ||
		    kw_db_bench_query(st, sql_s, NULL, 0, NULL, NULL, NULL, &err) != 0)
			die("setting the page cache", &err);
	}
	workload(st, j->runs, j->res, j->ui_only);
	kw_store_close(&st);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	j->res->rss_kb = maxrss_kb();
}

/* The plaintext copy goes whatever happens, also when a step fails (die() exits). */
static char plain_dir[64];
static pid_t parent_pid;

static void remove_plain(void)
{
	if (plain_dir[0] != '\0' && getpid() == parent_pid) {
		kw_data_remove(plain_dir);
		rmdir(plain_dir);
		plain_dir[0] = '\0';
	}
}

/* The integrity check's count of rows that are not "ok", on compartment pragma's result. */
static int not_ok(void *ctx, int ncols, const char *const *cols)
{
	long *bad = ctx;

	*bad += ncols < 1 || cols[0] == NULL || strcmp(cols[0], "ok") != 0;
	return 0;
}

/*
 * With KW_BENCH_PLAIN_CHECK=FILE: the integrity part of `keywork check` (SQLite's quick
 * check, then each index compared with its table: kw_db_bench_file_check) on the plaintext
 * copy, both compartments, with the page cache `keywork check` gives it
 * (KW_BULK_CACHE_KIB), timed and written to FILE as "plaincheck SECONDS", and SQLite's
 * own integrity check of the same copy as "plainic SECONDS": the plain-SQLite figures
 * beside `keywork check` in the bulk work.
 */
static void plain_check(const char *dir, const struct keys *k)
{
	static const char *const sql[] = { "PRAGMA main.integrity_check",
					   "PRAGMA s.integrity_check" };
	static char cache_main[64], cache_s[64];
	double t_same;
	const char *to = getenv("KW_BENCH_PLAIN_CHECK");
	struct kw_store *st;
	struct kw_err err;
	long bad = 0;
	double t0;
	FILE *fp;

	if (to == NULL || *to == '\0')
		return;
	st = open_store(dir, k, true);
	snprintf(cache_main, sizeof(cache_main), "PRAGMA main.cache_size = -%d", KW_BULK_CACHE_KIB);
	snprintf(cache_s, sizeof(cache_s), "PRAGMA s.cache_size = -%d", KW_BULK_CACHE_KIB);
	if (kw_db_bench_query(st, cache_main, NULL, 0, NULL, NULL, NULL, &err) != 0 ||
	    kw_db_bench_query(st, cache_s, NULL, 0, NULL, NULL, NULL, &err) != 0)
		die("setting the plaintext copy's page cache", &err);
	t0 = now_ms();
	if (kw_db_bench_file_check(st, "main", NULL, NULL) != 0 ||
	    kw_db_bench_file_check(st, "s", NULL, NULL) != 0)
		die("the plaintext copy's check found problems", NULL);
	t_same = (now_ms() - t0) / 1e3;
	t0 = now_ms();
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (kw_db_bench_query(st, sql[i], NULL, 0, not_ok, &bad, NULL, &err) != 0)
			die("the plaintext copy's integrity check", &err);
	if (bad != 0)
		die("the plaintext copy's integrity check found problems", NULL);
	fp = fopen(to, "w");
	if (fp == NULL ||
	    fprintf(fp, "plaincheck %.1f\nplainic %.1f\n", t_same, (now_ms() - t0) / 1e3) < 0 ||
	    fclose(fp) != 0)
		die("writing KW_BENCH_PLAIN_CHECK", NULL);
	kw_store_close(&st);
}

/* --- the report --- */

static const char *mark(bool ok)
{
	return ok ? "yes" : "**no**";
}

int main(int argc, char **argv)
{
	int runs = argc > 4 ? atoi(argv[4]) : 60;
	struct results enc = { 0 }, pln = { 0 }, enc_mem = { 0 }, pln_mem = { 0 };
	struct unlock_results u = { 0 };
	struct keys k = { 0 };
	char pass[256], tmpl[] = "/tmp/keywork-bench-plain-XXXXXX", version[64];
	struct job j = { 0 };
	struct kw_err err;
	double t_copy;
	FILE *fp;

	if (argc < 4 || runs < 1 || runs > MAXRUNS || kw_crypto_init() != 0) {
		fprintf(stderr, "usage: bench_ui DIR USER PASSPHRASE-FILE [RUNS, 1 to %d]\n",
			MAXRUNS);
		return 64;
	}
	setlocale(LC_ALL, "C.UTF-8");
	fp = fopen(argv[3], "r");
	if (fp == NULL || fgets(pass, sizeof(pass), fp) == NULL)
		return 66;
	fclose(fp);
	pass[strcspn(pass, "\n")] = '\0';
	if (mkdtemp(tmpl) == NULL)
		return 74;
	snprintf(plain_dir, sizeof(plain_dir), "%s", tmpl);
	parent_pid = getpid();
	atexit(remove_plain);
	kw_db_bench_allow_plaintext(true);

	/* The plaintext copy, made once with the keys. */
	unlock_once(argv[1], argv[2], pass, &k);
	{
		struct kw_store *st = open_store(argv[1], &k, false);
		double t0 = now_ms();

		if (kw_db_bench_export_plain(st, tmpl, &err) != 0)
			die("plaintext copy", &err);
		kw_store_close(&st);
		/* Written out before measuring, so no commit below waits behind the copy. */
		sync();
		t_copy = now_ms() - t0;
	}
	kw_db_cipher_version(version, sizeof(version), &err);

	j.dir = argv[1];
	j.plain_dir = tmpl;
	j.user = argv[2];
	j.pass = pass;
	j.k = &k;
	j.runs = runs;
	j.u = &u;
	if (in_child(job_unlock, &j, &u, sizeof(u)) != 0 || !u.ok)
		die("the unlock phase failed", NULL);
	j.res = &enc;
	if (in_child(job_work, &j, &enc, sizeof(enc)) != 0 || !enc.ok)
		die("the encrypted run failed", NULL);
	j.plain = true;
	j.res = &pln;
	if (in_child(job_work, &j, &pln, sizeof(pln)) != 0 || !pln.ok)
		die("the plaintext run failed", NULL);
	/* The screens' memory, each without the bare SQL beside it. */
	j.ui_only = true;
	j.res = &pln_mem;
	if (in_child(job_work, &j, &pln_mem, sizeof(pln_mem)) != 0 || !pln_mem.ok)
		die("the plaintext run of the screens alone failed", NULL);
	j.plain = false;
	j.res = &enc_mem;
	if (in_child(job_work, &j, &enc_mem, sizeof(enc_mem)) != 0 || !enc_mem.ok)
		die("the encrypted run of the screens alone failed", NULL);
	plain_check(tmpl, &k);
	remove_plain();

	printf("SQLCipher %s; %d runs per figure (after %d warm-up runs); times in ms.\n\n",
	       version, runs, WARMUP);
	printf("| operation | UI p50 | UI p95 | bare SQL p50 | bare SQL p95 | UI/bare (p95) | "
	       "plaintext UI p50 | plaintext UI p95 | encrypted/plain (p95) | targets met |\n");
	printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
	printf("| unlock: Argon2id + unseal (passphrase step) | %.1f | %.1f | | | | | | | "
	       "(not a target) |\n",
	       u.kdf.p50, u.kdf.p95);
	printf("| unlock: open both compartments after the key | %.1f | %.1f | | | | %.1f | %.1f | "
	       "%.2f | <= 50 ms: %s |\n",
	       u.open.p50, u.open.p95, u.open_plain.p50, u.open_plain.p95,
	       u.open.p95 / u.open_plain.p95, mark(u.open.p95 <= 50));
	for (int o = 0; o < OP_COUNT; o++) {
		double ratio = enc.ui[o].p95 / enc.bare[o].p95;
		double encr = enc.ui[o].p95 / pln.ui[o].p95;
		double limit = o == OP_NOTES ? 10 : 5;
		char targets[160];

		snprintf(targets, sizeof(targets),
			 "<= %.0f ms: %s; <= 3x bare: %s; <= 1.5x plain: %s", limit,
			 mark(enc.ui[o].p95 <= limit), mark(ratio <= 3), mark(encr <= 1.5));
		printf("| %s | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %s |\n",
		       op_names[o], enc.ui[o].p50, enc.ui[o].p95, enc.bare[o].p50, enc.bare[o].p95,
		       ratio, pln.ui[o].p50, pln.ui[o].p95, encr, targets);
	}
	printf("| (for comparison) the same phrases ranked by relevance instead of newest "
	       "first: bare SQL, %.0f notes per run | | | %.2f | %.2f | | | | | |\n",
	       (double)enc.newest_rows / runs, enc.notes_newest.p50, enc.notes_newest.p95);
	printf("\nWhere the UI time goes (encrypted): keywork's own reads and rows (the UI figure "
	       "less its drawing), beside the bare SQL, and the drawing alone:\n\n");
	printf("| operation | reads p50 | reads p95 | reads/bare (p95) | drawing p50 | "
	       "drawing p95 |\n|---|--:|--:|--:|--:|--:|\n");
	for (int o = 0; o < OP_COUNT; o++)
		printf("| %s | %.2f | %.2f | %.1f | %.2f | %.2f |\n", op_names[o], enc.reads[o].p50,
		       enc.reads[o].p95, enc.reads[o].p95 / enc.bare[o].p95, enc.drawing[o].p50,
		       enc.drawing[o].p95);
	printf("\nPeak resident memory (ru_maxrss), each phase in its own process:\n\n");
	printf("| phase | peak RSS | target |\n|---|--:|---|\n");
	printf("| unlock (Argon2id at the slot's parameters; opening the compartments) | %.1f MB "
	       "| (not a target: the KDF's memory is its strength) |\n",
	       u.rss_kb / 1024.0);
	printf("| the screens' work above, encrypted | %.1f MB | <= 64 MB: %s |\n",
	       enc_mem.rss_kb / 1024.0, mark(enc_mem.rss_kb <= 64 * 1024));
	printf("| the same on the plaintext copy | %.1f MB | |\n", pln_mem.rss_kb / 1024.0);
	printf("| the whole pass above, the bare SQL beside the screens included, encrypted | "
	       "%.1f MB | |\n",
	       enc.rss_kb / 1024.0);
	printf("\nData: %ld women, %ld contacts, %ld case notes. Per run on average: %.0f search "
	       "hits drawn (asked for %d; %.0f when asked for %d), %.0f timeline "
	       "entries, %.0f notes found; Today: %ld women and %ld agenda items. Plaintext copy "
	       "made in %.1f s and deleted afterwards.\n",
	       u.women, enc.n_contacts, enc.n_notes, (double)enc.search_hits / runs, enc.asked,
	       (double)enc.more_hits / runs, UI_SEARCH_MOST, (double)enc.record_rows / runs,
	       (double)enc.note_hits / runs, enc.today_women, enc.today_items, t_copy / 1e3);
	kw_secret_free(&k.g);
	kw_secret_free(&k.x);
	kw_keyfile_free(&k.kf);
	return 0;
}
