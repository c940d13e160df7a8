/*
 * casesql.h: the pieces of SQL that read a woman's contact state (her current
 * episode, her last contact made, the next one planned: the row of
 * main.contact_state the schema's triggers keep, general 0017; and a pause on
 * today, worked out as it is read), for the queries that read a caseload's
 * contact state (view.c: a keyworker's caseload; contactdb.c: one woman, the
 * team's page; team.c: every keyworker's counts in one pass). ?2 is today in
 * each.
 */
#ifndef KEYWORK_DB_CASESQL_H
#define KEYWORK_DB_CASESQL_H

#include <sqlite3.h>

#include "internal.h"
#include "keywork/view.h"

/* The pause covering day ?2 that ends last (an open-ended one first). */
#define PAUSE_NOW(col)                                                             \
	"(SELECT " col " FROM main.contact_pauses p WHERE p.client_id = c.id AND " \
	"p.starts_on <= ?2 AND (p.ends_on IS NULL OR p.ends_on >= ?2) ORDER BY "   \
	"p.ends_on IS NOT NULL, p.ends_on DESC LIMIT 1)"
#define PAUSE_ENDED                                                                       \
	"(SELECT max(p.ends_on) FROM main.contact_pauses p WHERE p.client_id = c.id AND " \
	"p.starts_on <= ?2 AND p.ends_on < ?2)"
#define RISK_S                                                                \
	"(SELECT r.level FROM s.risk_assessments r WHERE r.client_id = c.id " \
	"ORDER BY r.assessed_on DESC, r.created_at DESC LIMIT 1)"
#define RISK_NONE "NULL"

/* Woman c and her contact state cs (a woman with no row reads as one with no episode open). */
#define CASE_FROM "main.clients c LEFT JOIN main.contact_state cs ON cs.client_id = c.id"
/* Columns 0-11 as kw_case_row reads them, from CASE_FROM. */
#define CASE_COLS(risk)                                                             \
	"c.id, c.reference, c.known_as, cs.last_made, cs.opened_on, cs.programme, " \
	"cs.cadence, " PAUSE_NOW(                                                   \
		"coalesce(p.ends_on, '')") ", " PAUSE_ENDED ", " risk               \
					   ", cs.episode_id IS NOT NULL, cs.next_planned"
/* Task t is still to do (as view.c). */
#define TASK_OPEN "t.done_on IS NULL AND coalesce(t.status, '') NOT IN ('done', 'not_needed')"

/* Columns 0-11 of s (CASE_COLS) into r; its strings are s's until the next step. */
static inline void kw_case_row_read(sqlite3_stmt *s, struct kw_case_row *r)
{
	kw_col_copy(s, 0, r->id, sizeof(r->id));
	kw_col_copy(s, 1, r->reference, sizeof(r->reference));
	r->known_as = (const char *)sqlite3_column_text(s, 2);
	r->last_contact = (const char *)sqlite3_column_text(s, 3);
	r->opened_on = (const char *)sqlite3_column_text(s, 4);
	r->programme = (const char *)sqlite3_column_text(s, 5);
	r->cadence = (const char *)sqlite3_column_text(s, 6);
	r->paused_until = (const char *)sqlite3_column_text(s, 7);
	r->pause_ended = (const char *)sqlite3_column_text(s, 8);
	r->risk_level = (const char *)sqlite3_column_text(s, 9);
	r->has_open_episode = sqlite3_column_int(s, 10) != 0;
	r->next_planned = (const char *)sqlite3_column_text(s, 11);
}

#endif
