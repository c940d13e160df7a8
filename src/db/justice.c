/*
 * justice.c: the link between a court date (a criminal justice record, in
 * sensitive.db) and the appointment it made (in keywork.db). Only the court
 * date knows its appointment: nothing in the general compartment points at
 * the sensitive one.
 */
#include <string.h>

#include "internal.h"
#include "keywork/casework.h"

/* ?1 the court date. Its appointment, if it made one that still exists. */
static const char SQL_APPT[] = "SELECT e.appointment_id FROM s.cj_events e JOIN main.appointments "
			       "a ON a.id = e.appointment_id WHERE e.id = ?1";

int kw_db_court_appointment(struct kw_store *st, const char *event_id, char appt_id[37],
			    struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_APPT, err);
	int step;

	appt_id[0] = '\0';
	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, event_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		kw_col_copy(s, 0, appt_id, 37);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading a court date's appointment", err);
	return step == SQLITE_ROW ? 1 : 0;
}

/*
 * A link kept by keywork, not an answer anyone gives: it leaves the record's
 * version alone, so the form that saved the court date is not made stale.
 */
static const char SQL_LINK[] = "UPDATE s.cj_events SET appointment_id = ?2 WHERE id = ?1";

int kw_db_court_appointment_set(struct kw_store *st, const char *event_id, const char *appt_id,
				struct kw_err *err)
{
	sqlite3_stmt *s = kw_stmt(st, SQL_LINK, err);
	int step;

	if (s == NULL)
		return -1;
	kw_bind_text(s, 1, event_id);
	kw_bind_text(s, 2, appt_id);
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return kw_db_fail(st, "linking a court date to its appointment", err);
	return 0;
}
