/*
 * contact.h: the rules and reads behind 2 Contact: when contact falls due
 * by a programme's cadence (a diversion schedule by need level included),
 * whether the way a contact is made is one she marked safe, one woman's
 * contact state, appointments by day or week, and a team's caseload a page
 * at a time. The rules (src/app/due.c, src/app/channel.c) take the clock and
 * her answers as parameters; the reads are in src/db/contactdb.c.
 */
#ifndef KEYWORK_CONTACT_H
#define KEYWORK_CONTACT_H

#include <stdbool.h>

#include "keywork/err.h"
#include "keywork/model.h"
#include "keywork/spec.h"
#include "keywork/view.h"

struct kw_store; /* db.h: the functions below that take one are the store's */

/* --- cadence by programme (due.c) --- */

/*
 * Days between expected contacts for an episode of programme (a key of the
 * programmes list) with the episode's cadence column: a need level of the
 * programme ("high", or "need: high") gives that level's cadence_days;
 * otherwise kw_cadence_days(cadence, the programme's cadence_days). 0: none.
 */
long kw_programme_cadence(const struct kw_list_spec *programmes, const char *programme,
			  const char *cadence);
/* The label of the need level cadence names for programme, or NULL. */
const char *kw_need_level_of(const struct kw_list_spec *programmes, const char *programme,
			     const char *cadence);

/* --- the way a contact is made (channel.c) --- */

enum kw_channel_safety {
	KW_CH_IN_PERSON = 0, /* she was there (centre, court, hospital ...): no channel to check */
	KW_CH_SAFE,	     /* a way she marked safe */
	KW_CH_NOT_RECORDED,  /* her safe ways are not recorded yet: ask her */
	KW_CH_NOT_MARKED,    /* not one of the ways she marked safe */
	KW_CH_NEVER,	     /* her "never contact her through" names this way */
};
/* "in_person", "safe", "not_recorded", "not_marked", "never" (contact.yaml's keys). */
const char *kw_channel_safety_key(enum kw_channel_safety s);
/* True when a contact this way needs a reason to go ahead (not marked, or never). */
bool kw_channel_needs_reason(enum kw_channel_safety s);
/*
 * How safe contact mode (a key of contact_modes) is for her, given her
 * safe_channels (keys of the safe_channels list, comma-joined; NULL when not
 * recorded) and her never_contact_via text (NULL when not recorded or not
 * visible to this role). A never that names the way (a whole word such as
 * "text", "phone", "letters", "email", "home") wins over a safe channel.
 */
enum kw_channel_safety kw_channel_safety(const char *mode, const char *safe_channels,
					 const char *never_via);
/* The contact mode for her preferred (first) safe channel, or NULL if none maps to one. */
const char *kw_channel_mode(const char *safe_channels);

/* --- reads (contactdb.c) --- */

/* One woman's contact state: her caseload row (strings malloc'd) and her current pause. */
struct kw_contact_state {
	struct kw_case_row row; /* strings owned; free with kw_contact_state_clear */
	char *pause_reason;	/* the pause covering today: its reason key, or NULL */
	char *pause_from;	/* and its starts_on */
};
/* Reads her contact state on today ("YYYY-MM-DD"). Returns 1, 0 if she is not found, or -1. */
int kw_db_contact_state(struct kw_store *st, const char *client_id, const char *today,
			struct kw_contact_state *out, struct kw_err *err);
void kw_contact_state_clear(struct kw_contact_state *cs);

struct kw_appt_row {
	char id[37];
	char client_id[37];
	char reference[16];
	const char *known_as;
	const char *starts_at; /* as stored: "YYYY-MM-DDTHH:MM:SSZ" (or as typed) */
	const char *kind;
	const char *place;
	const char *with_whom;
	const char *accompanied; /* yes, no, unknown, or NULL */
};
/*
 * Calls fn for the appointments starting on the days from first to last
 * ("YYYY-MM-DD", both included), in time order, of the women whose
 * keyworker is keyworker_id (NULL: everyone). Returns 0, or -1.
 */
int kw_db_appointments(struct kw_store *st, const char *keyworker_id, const char *first,
		       const char *last, int (*fn)(void *ctx, const struct kw_appt_row *a),
		       void *ctx, struct kw_err *err);
/*
 * As kw_db_appointments for every woman, but only the first limit of them in
 * the same order, read by the index of their times (general 0017); *total
 * gets how many there are in all. Returns 0, or -1.
 */
int kw_db_appointments_first(struct kw_store *st, const char *first, const char *last, long limit,
			     long *total, int (*fn)(void *ctx, const struct kw_appt_row *a),
			     void *ctx, struct kw_err *err);

/*
 * The whole team's caseload a page at a time: as kw_db_caseload(st, NULL,
 * ...) but only the women from offset (by known-as name, then reference),
 * at most limit of them, so a centre of 20,000 women is never read at once.
 * *total gets the number of women. Returns 0, or -1.
 */
int kw_db_caseload_page(struct kw_store *st, const char *today, long offset, long limit,
			long *total, int (*fn)(void *ctx, const struct kw_case_row *r), void *ctx,
			struct kw_err *err);

#endif
