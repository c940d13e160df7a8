/*
 * regard.h: what keys 1 (Regard) and 4 (Peers) read beyond her records'
 * forms: her outcome scores in time order and the journey made of them
 * (src/db/regard.c, src/app/journey.c), group sessions and the ones she came
 * to (attendance belongs to a session, so hers are found by her id).
 * Strings handed to callbacks are borrowed for the call only.
 */
#ifndef KEYWORK_REGARD_H
#define KEYWORK_REGARD_H

#include <stdbool.h>
#include <stddef.h>

#include "keywork/db.h"
#include "keywork/err.h"

/* --- her journey --- */

/* One outcome score of hers. */
struct kw_score_row {
	const char *id;
	const char *pathway;   /* a key of the pathways list */
	const char *scored_on; /* "YYYY-MM-DD" */
	const char *score; /* a key of the outcome_ladder list ("3", "not_applicable") or NULL */
};

/*
 * Calls fn for each of her outcome scores, by pathway, then oldest first
 * (scored_on, then when written). fn returns non-zero to stop. Returns the
 * number given, or -1.
 */
int kw_db_scores(struct kw_store *st, const char *client_id,
		 int (*fn)(void *ctx, const struct kw_score_row *r), void *ctx, struct kw_err *err);

#define KW_JOURNEY_POINTS 16

/* One pathway of her journey. Only whole-number scores count: "not applicable" is no score. */
struct kw_journey_path {
	char pathway[64];
	long n;		   /* scores (whole numbers) ever given on this pathway */
	int first, latest; /* the first and the latest of them (valid when n > 0) */
	char first_on[11], latest_on[11];
	int recent[KW_JOURNEY_POINTS]; /* the newest scores, oldest first */
	size_t nrecent;
	char last_id[37];    /* the newest score record of any value */
	char last_on[11];    /* its date */
	bool last_not_score; /* the newest said "not applicable" (or no score) */
};

/* Her journey: a path per pathway scored, in the order first met. Free with kw_journey_free. */
struct kw_journey {
	struct kw_journey_path *p;
	size_t n, cap;
};

/*
 * Adds one score (rows must come oldest first within a pathway, as
 * kw_db_scores gives them). A score that is not a whole number (such as
 * "not_applicable") is recorded as the newest entry but not as a score.
 */
void kw_journey_add(struct kw_journey *j, const struct kw_score_row *r);
/* The path for pathway, or NULL. */
const struct kw_journey_path *kw_journey_find(const struct kw_journey *j, const char *pathway);
/* Distance travelled on a path: latest minus first (0 with fewer than two scores). */
int kw_journey_distance(const struct kw_journey_path *p);
void kw_journey_free(struct kw_journey *j);

/* --- groups and attendance --- */

/* A group session. */
struct kw_session_row {
	char id[37];
	const char *group_name; /* a key of the groups list */
	const char *held_on;	/* "YYYY-MM-DD" */
	const char *venue;
	const char *facilitator;
	long attendees;		 /* attendance records at it */
	char her_attendance[37]; /* her attendance record at it, or "" */
};

/*
 * Calls fn for group sessions held from since to until ("YYYY-MM-DD", both
 * included; NULL: no bound), newest first, at most limit; her_attendance is
 * filled for client_id (may be NULL). fn returns non-zero to stop. Returns
 * the number given, or -1.
 */
int kw_db_group_sessions(struct kw_store *st, const char *since, const char *until,
			 const char *client_id, int limit,
			 int (*fn)(void *ctx, const struct kw_session_row *r), void *ctx,
			 struct kw_err *err);

/* Her attendance at a group session. */
struct kw_attendance_row {
	char id[37];
	char session_id[37];
	const char *group_name;
	const char *held_on;
	const char *attended; /* "attended", "left_early", "missed" or NULL */
	int rating;	      /* 1-5, or 0 for none */
};

/*
 * Calls fn for the group sessions she has an attendance record at, newest
 * first, at most limit. fn returns non-zero to stop. Returns the number
 * given, or -1.
 */
int kw_db_attendance_of(struct kw_store *st, const char *client_id, int limit,
			int (*fn)(void *ctx, const struct kw_attendance_row *r), void *ctx,
			struct kw_err *err);

#endif
