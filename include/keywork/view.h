/*
 * view.h: what the screens show, each read with one prepared query in
 * src/db/view.c, and the rules that turn it into "overdue" (src/app/due.c).
 * Strings in the structs handed to callbacks are borrowed for the call only.
 * What the store's open compartments cannot read is absent (NULL), never a
 * placeholder.
 */
#ifndef KEYWORK_VIEW_H
#define KEYWORK_VIEW_H

#include <stdbool.h>

#include "keywork/err.h"
#include "keywork/model.h"

struct kw_store; /* db.h: the functions below that take one are the store's */

/* --- search --- */

/* One woman found by a search. */
struct kw_hit {
	char id[37];
	char reference[16];
	const char *known_as;
	const char *first_name;
	const char *last_name;
	const char *date_of_birth;
	const char *phone;
	/* Her latest risk assessment's level; NULL if none, or if the sensitive
	 * compartment is closed to this session. */
	const char *risk_level;
	/* Her safe ways to reach her (list keys, comma-joined), or NULL. */
	const char *safe_channels;
	/* A keep-apart flag in force names her (another woman she must not meet,
	 * or who must not meet her). */
	bool keep_apart;
	/* Her record is restricted to named staff and this user is not one: only
	 * id is set (to try to open her, which is refused and audited). */
	bool restricted;
};

/*
 * Type-ahead search over known-as name, first and last name (a prefix of the
 * name or of any word in it; case and accents folded, so "sinead" finds
 * Sinéad), reference (a prefix: "KW-7F3", or the code alone "7F3Q" when it
 * has a digit; a reference of any other form, such as an older system's
 * "LEEDS/2019/044", by its start as typed, in any case), date of birth
 * ("1985-03-02", "02/03/1985" or "2/3/1985", day first) and phone (the digits typed appear in her number, at least four
 * of them; a query of digits and spaces is one number). Several words must
 * all match; punctuation is text, never a wildcard. An empty query finds
 * nobody. fn gets at most limit women, best first (exact known-as match or
 * reference, then a name beginning with the first word, then others, each by
 * known-as); fn returns non-zero to stop. With one word and more than limit
 * women matching, the list is complete for the exact matches and for names
 * beginning with the word (each of known-as, first and last name up to the
 * limit, by index), and holds only some of the women matched elsewhere in a
 * name: the screen asks for more letters. Several words are found the same
 * way (each kind of match by its index, cut to the limit before anything is
 * sorted): with more than limit women matching, the list is limit of them,
 * the exact matches and names beginning with the first word first. Returns
 * 0, or -1.
 */
int kw_db_search(struct kw_store *st, const char *query, int limit,
		 int (*fn)(void *ctx, const struct kw_hit *h), void *ctx, struct kw_err *err);

/*
 * The query plan SQLite chooses for kw_db_search(st, query, limit): one line
 * per step, "ID PARENT DETAIL" (EXPLAIN QUERY PLAN), appended to plan; and,
 * if steps is not NULL, the steps of SQLite's virtual machine the search
 * takes when run (SQLITE_STMTSTATUS_VM_STEP). For tests that hold a search
 * to its indexes and limits. Returns 0, or -1.
 */
struct kw_buf;
int kw_db_search_plan(struct kw_store *st, const char *query, int limit, struct kw_buf *plan,
		      long *steps, struct kw_err *err);

/* --- her record --- */

/* What her record's header shows. Strings are malloc'd; free with kw_header_clear. */
struct kw_header {
	struct kw_client client;
	char keyworker[33];	/* her keyworker's username, or "" */
	char *latest_strength;	/* newest strength or achievement's description */
	char *risk_level;	/* latest risk assessment level (sensitive; else NULL) */
	long risk_score;	/* and its score, or -1 (none, or not for this role) */
	bool risk_marac;	/* and a MARAC referral is indicated by it */
	char *handover;		/* pinned handover summary (custom value "handover", sensitive) */
	char *safe_channels;	/* custom value "safe_channels" */
	char *programme;	/* her current episode's programme: open before referred, newest */
	char *last_contact;	/* newest contact made (not an attempt or missed), ISO-8601 */
	long open_episodes;	/* episodes referred or open, not closed (nor by a closure) */
	long keep_apart;	/* keep-apart flags in force naming her, either way round */
	char codeword_hint[48]; /* "B, 7 letters" for roles that may see it, else "" */
	bool restricted;	/* processing restricted: read only (keywork restrict) */
	bool legal_hold;	/* under a legal hold (keywork hold) */
	long conflicts;		/* outreach conflicts about her nobody has chosen for yet */
};
/* Reads her header. Returns 1 if found, 0 if not, -1 on error. */
int kw_db_header(struct kw_store *st, const char *client_id, struct kw_header *out,
		 struct kw_err *err);
void kw_header_clear(struct kw_header *h);

enum kw_tl_kind {
	KW_TL_CONTACT = 0,
	KW_TL_NOTE,
	KW_TL_TASK,
	KW_TL_APPOINTMENT,
	KW_TL_ADVOCACY, /* a step of an advocacy item */
	KW_TL_STRENGTH,
};
/* "contact", "note", ... */
const char *kw_tl_kind_name(enum kw_tl_kind k);

/* One entry of her timeline. */
struct kw_tl_entry {
	enum kw_tl_kind kind;
	char id[37];
	/* When: a time as "YYYY-MM-DDTHH:MM[:SS][Z]" (one typed with a space is given
	 * with a "T"), a date alone as "YYYY-MM-DD". A task is at its due date (else the
	 * day it was written), an advocacy step at the day it happened (else its
	 * deadline), an appointment at its start. */
	char at[21];
	/* contact: its outcome; note: NULL; task: its title; appointment: its kind;
	 * advocacy: the step; strength: its kind. */
	const char *title;
	const char *mode; /* contact: how it was made (a contact_modes key), or NULL */
	/* contact: summary; note: body; task: outcome; appointment: with whom;
	 * advocacy: the step's summary; strength: the description. */
	const char *body;
	const char *by;	       /* username of who wrote it, or its user id if unknown */
	const char *amends_id; /* contacts and notes: the entry this one corrects */
	bool amended;	       /* contacts and notes: a later entry amends this one */
	/* contact: missed reason; task: status; appointment: place; advocacy: agency. */
	const char *extra;
	bool confidential; /* a confidential note */
	/* contact: why a way not marked safe (or one she asked never to be used) was
	 * used anyway, and how safe the way was judged when saved ("never", ...); or NULL. */
	const char *override;
	const char *channel_safety;
};

/* Where a page of the timeline ends; the next page starts after it. Zero: the newest. */
struct kw_tl_cursor {
	char at[21];
	char id[37];
};

/*
 * Calls fn for up to limit entries of her timeline strictly older than
 * *after (by at, then id; newest first), and leaves *after at the last one
 * given. Each page is one query with an index per kind: never the whole
 * timeline. Notes only when the sensitive compartment is open. fn returns
 * non-zero to stop (the cursor is then at the entry it stopped on). Returns
 * the number of entries given (fewer than limit: the oldest was reached), or -1.
 */
int kw_db_timeline(struct kw_store *st, const char *client_id, struct kw_tl_cursor *after,
		   int limit, int (*fn)(void *ctx, const struct kw_tl_entry *e), void *ctx,
		   struct kw_err *err);

/* --- Today --- */

/* A woman in a caseload, with what decides whether contact is due. */
struct kw_case_row {
	char id[37];
	char reference[16];
	const char *known_as;
	const char *last_contact; /* newest contact made (not attempted or missed), or NULL */
	/* Her current episode (open before referred, then newest; as the header's):
	 * its opened_on (else referred_on), or NULL. */
	const char *opened_on;
	const char *programme; /* that episode's programme, or NULL */
	const char *cadence;   /* that episode's cadence column, or NULL */
	/* A pause covering today: its ends_on, "" if open-ended; else NULL. */
	const char *paused_until;
	const char *risk_level; /* latest risk level (sensitive), or NULL */
	bool has_open_episode;	/* an episode referred or open, and no closure recorded */
	/* The last day of her newest pause that ended before today, or NULL: contact is
	 * next due a full cadence after it, so time paused never counts against her. */
	const char *pause_ended;
	/* The day her newest contact planned the next for, if none was made since; or NULL. */
	const char *next_planned;
};

/*
 * Calls fn for every woman whose keyworker is keyworker_id (NULL: every
 * woman), by known-as name. today is "YYYY-MM-DD" (the caller's clock); a
 * pause covers the days from starts_on to ends_on, both included. fn returns
 * non-zero to stop. Returns 0, or -1.
 */
int kw_db_caseload(struct kw_store *st, const char *keyworker_id, const char *today,
		   int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
		   struct kw_err *err);

enum kw_agenda_kind {
	KW_AG_APPOINTMENT = 0, /* starts today */
	KW_AG_TASK,	       /* due on or before today, not done */
	KW_AG_CHASE,	       /* chase date on or before today, not done */
	KW_AG_ADVOCACY,	       /* an open item's latest step (else the item) due by today */
};

struct kw_agenda_item {
	enum kw_agenda_kind kind;
	char record_id[37]; /* the appointment, the task, or the advocacy item */
	char client_id[37];
	char reference[16];
	const char *known_as;
	const char *when;   /* appointment: starts_at; others: the date due */
	const char *what;   /* appointment kind, task title, advocacy issue */
	const char *detail; /* place, task status, the latest advocacy step (or NULL) */
	const char *agency; /* advocacy: the agency; others: NULL */
};

/*
 * Calls fn for today's appointments (in time order), then tasks and chases
 * due, then advocacy steps due (oldest first), for women whose keyworker is
 * keyworker_id (NULL: everyone). A task not done has no done_on and a status
 * other than done or not_needed; an open advocacy item is not resolved. fn
 * returns non-zero to stop. Returns 0, or -1.
 */
int kw_db_agenda(struct kw_store *st, const char *keyworker_id, const char *today,
		 int (*fn)(void *ctx, const struct kw_agenda_item *a), void *ctx,
		 struct kw_err *err);
/*
 * How many tasks and chases are due and how many advocacy steps are due on
 * today, as kw_db_agenda would list them, counted in SQL, for women whose
 * keyworker is keyworker_id (NULL: every woman); tasks may be NULL (not
 * counted). Returns 0, or -1.
 */
int kw_db_agenda_counts(struct kw_store *st, const char *keyworker_id, const char *today,
			long *tasks, long *advocacy, struct kw_err *err);

/* --- contact due (pure; the clock is a parameter) --- */

/* Days between expected contacts for an episode: cadence ("weekly", "fortnightly",
 * "monthly" (28 days) or a number of days, "10" or "10 days") if set and
 * readable, else programme_days; 0 for none. */
long kw_cadence_days(const char *cadence, long programme_days);

/*
 * When contact with a woman is next due: the day her newest contact planned
 * it for, if there is one; else from her last contact made (or, if none, the
 * day her episode opened; or the last day of a pause that ended since, if
 * later) and cadence_days; into due ("YYYY-MM-DD"). Returns
 * the days overdue on today (0 if not yet due), or -1 with due empty when
 * nothing is due: no cadence, no open episode, a pause covering today, or
 * no date to count from. Never negative about her: only the date moves.
 */
long kw_contact_due(const struct kw_case_row *r, long cadence_days, const char *today,
		    char due[11]);

#endif
