/* sharing.c: her consents and her must-not-receive list, as the sharing rules read them. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "keywork/policy.h"

static int need(struct kw_store *st, struct kw_err *err)
{
	if (kw_db_may(st, KW_DO_SENSITIVE, err) != 0)
		return -1;
	if (!st->sensitive)
		return kw_err_why(err, KW_ENOPERM, KW_R_ROLE,
				  "consents are in the sensitive compartment, which your role does "
				  "not open");
	return 0;
}

/* A consent naming the agency comes before one for the purpose in general. */
static const char SQL_CONSENT[] =
	"SELECT id, purpose, coalesce(agency, ''), coalesce(decision, ''), "
	"coalesce(decided_on, ''), coalesce(review_on, '') FROM s.consents "
	"WHERE client_id = ?1 AND purpose = ?2 AND (agency = ?3 OR agency IS NULL OR ?3 IS NULL) "
	"ORDER BY (agency IS NOT NULL AND agency = ?3) DESC, decided_on DESC, created_at DESC "
	"LIMIT 1";

int kw_db_consent_latest(struct kw_store *st, const char *client_id, const char *purpose,
			 const char *agency, struct kw_consent_rec *out, struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	memset(out, 0, sizeof(*out));
	if (need(st, err) != 0 || (s = kw_stmt(st, SQL_CONSENT, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, purpose);
	kw_bind_text(s, 3, agency);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		kw_col_copy(s, 0, out->id, sizeof(out->id));
		kw_col_copy(s, 1, out->purpose, sizeof(out->purpose));
		kw_col_copy(s, 2, out->agency, sizeof(out->agency));
		kw_col_copy(s, 3, out->decision, sizeof(out->decision));
		kw_col_copy(s, 4, out->decided_on, sizeof(out->decided_on));
		kw_col_copy(s, 5, out->review_on, sizeof(out->review_on));
	}
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading her consents", err);
	return step == SQLITE_ROW;
}

/* In force on ?4: begun by then, not lifted by then. */
static const char SQL_NO_SHARE[] =
	"SELECT coalesce(agency, person) FROM s.no_share WHERE client_id = ?1 AND "
	"((?2 IS NOT NULL AND agency = ?2) OR (?3 IS NOT NULL AND person = ?3 COLLATE NOCASE)) "
	"AND noted_on <= ?4 AND (ended_on IS NULL OR ended_on > ?4) LIMIT 1";

int kw_db_no_share_find(struct kw_store *st, const char *client_id, const char *agency,
			const char *person, const char *today, char *what, size_t len,
			struct kw_err *err)
{
	sqlite3_stmt *s;
	int step;

	if (what != NULL && len > 0)
		what[0] = '\0';
	if (need(st, err) != 0 || (s = kw_stmt(st, SQL_NO_SHARE, err)) == NULL)
		return -1;
	kw_bind_text(s, 1, client_id);
	kw_bind_text(s, 2, agency);
	kw_bind_text(s, 3, person);
	kw_bind_text(s, 4, today);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && what != NULL)
		kw_col_copy(s, 0, what, len);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return kw_db_fail(st, "reading her must-not-receive list", err);
	return step == SQLITE_ROW;
}
