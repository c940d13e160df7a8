/*
 * casesql.h: the pieces of SQL that say what a woman's contact state is (her
 * current episode, her last contact made, the next one planned, a pause), as
 * src/db/view.c spells them, for the queries that read a caseload's contact
 * state (contactdb.c: one woman, the team's page; team.c: every keyworker's
 * counts in one pass). ?2 is today in each.
 */
#ifndef KEYWORK_DB_CASESQL_H
#define KEYWORK_DB_CASESQL_H

#include <sqlite3.h>

#include "internal.h"
#include "keywork/view.h"

/* As view.c: episode x is neither closed nor ended by a closure record. */
#define OPEN_X                                                                               \
	"x.status IN ('referred', 'open') AND x.closed_on IS NULL AND NOT EXISTS (SELECT 1 " \
	"FROM main.closures z WHERE z.episode_id = x.id)"
/* As view.c: her current episode, an open one before a referral, then the newest. */
#define CURRENT_EPISODE                                                                       \
	"(SELECT x.id FROM main.episodes x WHERE x.client_id = c.id AND " OPEN_X " ORDER BY " \
	"x.status = 'open' DESC, coalesce(x.opened_on, x.referred_on) DESC, x.created_at "    \
	"DESC LIMIT 1)"
/* As view.c: her newest contact made, not counting one a later correction replaced. */
#define LAST_MADE                                                                  \
	"(SELECT k.happened_at FROM main.contacts k WHERE k.client_id = c.id AND " \
	"k.outcome = 'made' AND NOT EXISTS (SELECT 1 FROM main.contacts a WHERE "  \
	"a.amends_id = k.id) ORDER BY k.happened_at DESC LIMIT 1)"
/* The day her newest contact planned the next one for ("Next contact planned for"), if no
 * contact made since: a plan she agreed sets when contact is due, not the cadence. */
#define NEXT_PLANNED                                                                            \
	"(SELECT v.value FROM main.contacts k JOIN main.custom_values v ON v.record_id = k.id " \
	"AND v.field_key = 'next_contact' AND v.state = 'answered' WHERE k.client_id = c.id "   \
	"AND NOT EXISTS (SELECT 1 FROM main.contacts a WHERE a.amends_id = k.id) AND "          \
	"k.happened_at >= coalesce(" LAST_MADE ", '') ORDER BY k.happened_at DESC LIMIT 1)"
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

/* Columns 0-11 as kw_case_row reads them; then the pause's reason and start. */
#define CASE_COLS(risk)                                                                        \
	"c.id, c.reference, c.known_as, " LAST_MADE ", coalesce(e.opened_on, e.referred_on), " \
	"e.programme, e.cadence, " PAUSE_NOW(                                                  \
		"coalesce(p.ends_on, '')") ", " PAUSE_ENDED ", " risk                          \
					   ", e.id IS NOT NULL, " NEXT_PLANNED

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
