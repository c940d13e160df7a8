/* kinds.c: the catalog of record kinds and core columns, matching schema/. */
#include <string.h>

#include "keywork/kinds.h"
#include "keywork/util.h"

#define T(n)                                       \
	{                                          \
		n, KW_COL_TEXT, false, false, NULL \
	}
#define TS(n)                                     \
	{                                         \
		n, KW_COL_TEXT, true, false, NULL \
	}
#define TN(n)                                     \
	{                                         \
		n, KW_COL_TEXT, false, true, NULL \
	}
#define D(n)                                       \
	{                                          \
		n, KW_COL_DATE, false, false, NULL \
	}
#define DN(n)                                     \
	{                                         \
		n, KW_COL_DATE, false, true, NULL \
	}
#define DT(n)                                          \
	{                                              \
		n, KW_COL_DATETIME, false, false, NULL \
	}
#define DTN(n)                                        \
	{                                             \
		n, KW_COL_DATETIME, false, true, NULL \
	}
#define I(n)                                      \
	{                                         \
		n, KW_COL_INT, false, false, NULL \
	}
#define R(n, k)                                \
	{                                      \
		n, KW_COL_REF, false, false, k \
	}
#define RN(n, k)                              \
	{                                     \
		n, KW_COL_REF, false, true, k \
	}

/* Columns of a table in sensitive.db are marked sensitive below by the kind. */
static const struct kw_column client_cols[] = {
	T("known_as"),
	T("first_name"),
	T("last_name"),
	D("date_of_birth"),
	T("phone"),
	TS("borough"),
	R("keyworker_id", "user"),
	TS("address"),
	TS("postcode"),
	TS("immigration_status"),
	TS("health"),
	TS("offences"),
	TS("codeword"),
};
static const struct kw_column child_cols[] = {
	T("known_as"),
	D("date_of_birth"),
	T("lives_with"),
	TS("legal_status"),
	TS("school"),
	TS("other_parent"),
	TS("contact_arrangements"),
	{ "other_parent_id", KW_COL_REF, true, false, "person" },
};
static const struct kw_column person_cols[] = {
	{ "name", KW_COL_TEXT, true, true, NULL },
	{ "relationship", KW_COL_TEXT, true, false, NULL },
	{ "notes", KW_COL_TEXT, true, false, NULL },
};
static const struct kw_column episode_cols[] = {
	T("referral_source"), T("programme"),	   T("cadence"),
	T("status"),	      D("referred_on"),	   D("opened_on"),
	D("closed_on"),	      T("closure_reason"), R("reopened_from", "episode"),
};
static const struct kw_column plan_cols[] = {
	TN("pathway"),
	D("opened_on"),
	D("closed_on"),
	T("goals"),
};
static const struct kw_column contact_cols[] = {
	R("episode_id", "episode"),
	DTN("happened_at"),
	T("mode"),
	TN("outcome"),
	T("missed_reason"),
	T("summary"),
	R("amends_id", "contact"),
};
static const struct kw_column note_cols[] = {
	{ "happened_at", KW_COL_DATETIME, true, false, NULL },
	{ "body", KW_COL_TEXT, true, true, NULL },
	{ "amends_id", KW_COL_REF, true, false, "note" },
};
static const struct kw_column score_cols[] = { TN("pathway"), DN("scored_on"), T("score") };
static const struct kw_column strength_cols[] = { DN("noted_on"), T("kind"), T("description") };
static const struct kw_column task_cols[] = {
	TN("title"),   T("pathway"), D("due_on"),
	D("chase_on"), T("status"),  D("done_on"),
	T("outcome"),  T("kind"),    R("support_plan_id", "support_plan"),
};
static const struct kw_column adv_item_cols[] = {
	T("agency"),	   TN("issue"),	   D("opened_on"),
	D("due_on"),	   T("status"),	   D("resolved_on"),
	T("professional"), T("asked_for"), R("support_plan_id", "support_plan"),
};
static const struct kw_column adv_step_cols[] = {
	TN("step"),
	D("happened_on"),
	D("due_on"),
	T("summary"),
};
static const struct kw_column group_cols[] = {
	TN("group_name"),
	DN("held_on"),
	T("venue"),
	T("facilitator"),
};
static const struct kw_column attendance_cols[] = {
	RN("client_id", "client"),
	T("attended"),
	I("rating"),
};
static const struct kw_column mentor_cols[] = {
	T("mentor_name"), T("status"), D("proposed_on"), D("agreed_on"), D("ended_on"),
};
static const struct kw_column appointment_cols[] = {
	T("kind"), DTN("starts_at"), T("place"), T("with_whom"), T("accompanied"),
};
static const struct kw_column pause_cols[] = { T("reason"), DN("starts_on"), D("ends_on") };
static const struct kw_column closure_cols[] = {
	DN("closed_on"),
	T("her_wish"),
	T("welcome_back"),
	T("reason"),
};
static const struct kw_column risk_cols[] = {
	{ "assessed_on", KW_COL_DATE, true, true, NULL },
	{ "score", KW_COL_INT, true, false, NULL },
	{ "level", KW_COL_TEXT, true, false, NULL },
	{ "judgement_level", KW_COL_TEXT, true, false, NULL },
	{ "marac_referral", KW_COL_TEXT, true, false, NULL },
};
static const struct kw_column consent_cols[] = {
	{ "purpose", KW_COL_TEXT, true, true, NULL },
	{ "agency", KW_COL_TEXT, true, false, NULL },
	{ "decision", KW_COL_TEXT, true, false, NULL },
	{ "decided_on", KW_COL_DATE, true, false, NULL },
	{ "review_on", KW_COL_DATE, true, false, NULL },
};
static const struct kw_column disclosure_cols[] = {
	{ "agency", KW_COL_TEXT, true, false, NULL },
	{ "disclosed_on", KW_COL_DATE, true, true, NULL },
	{ "what", KW_COL_TEXT, true, false, NULL },
	{ "consent_id", KW_COL_REF, true, false, "consent" },
	{ "basis", KW_COL_TEXT, true, false, NULL },
};
/* A woman she must not meet (general, so drop-in staff see it), and who must not hear of her. */
static const struct kw_column keep_apart_cols[] = {
	TN("other_reference"),
	DN("noted_on"),
	D("ended_on"),
};
static const struct kw_column no_share_cols[] = {
	{ "agency", KW_COL_TEXT, true, false, NULL },
	{ "person", KW_COL_TEXT, true, false, NULL },
	{ "noted_on", KW_COL_DATE, true, true, NULL },
	{ "ended_on", KW_COL_DATE, true, false, NULL },
};
/* Her contact with the criminal justice system (sensitive); a court date's appointment. */
static const struct kw_column cj_event_cols[] = {
	{ "kind", KW_COL_TEXT, true, true, NULL },
	{ "happened_on", KW_COL_DATE, true, true, NULL },
	{ "at_time", KW_COL_TEXT, true, false, NULL },
	{ "offence_category", KW_COL_TEXT, true, false, NULL },
	{ "what", KW_COL_TEXT, true, false, NULL },
	{ "court", KW_COL_TEXT, true, false, NULL },
	{ "outcome", KW_COL_TEXT, true, false, NULL },
	{ "requirements", KW_COL_TEXT, true, false, NULL },
	{ "ends_on", KW_COL_DATE, true, false, NULL },
	{ "notes", KW_COL_TEXT, true, false, NULL },
	{ "appointment_id", KW_COL_REF, true, false, "appointment" },
};
/* Her safety plan (sensitive): what it says is custom values beside it. */
static const struct kw_column safety_plan_cols[] = {
	{ "made_on", KW_COL_DATE, true, true, NULL },
	{ "review_on", KW_COL_DATE, true, false, NULL },
};
static const struct kw_column user_cols[] = { T("username") };

#define COLS(a) a, KW_ARRAY_LEN(a)

/*
 * name, label, table, sensitive, detail table, its key, parent column,
 * parent kind, append-only, editable by forms, columns.
 */
static const struct kw_kind kinds[] = {
	{ "client", "woman", "clients", false, "client_details", "client_id", NULL, NULL, false,
	  true, COLS(client_cols) },
	{ "child", "child", "children", false, "child_details", "child_id", "client_id", "client",
	  false, true, COLS(child_cols) },
	{ "episode", "episode", "episodes", false, NULL, NULL, "client_id", "client", false, true,
	  COLS(episode_cols) },
	{ "person", "person", "people", true, NULL, NULL, "client_id", "client", false, true,
	  COLS(person_cols) },
	{ "support_plan", "support plan", "support_plans", false, NULL, NULL, "client_id", "client",
	  false, true, COLS(plan_cols) },
	{ "contact", "contact", "contacts", false, NULL, NULL, "client_id", "client", true, true,
	  COLS(contact_cols) },
	{ "note", "case note", "notes", true, NULL, NULL, "client_id", "client", true, true,
	  COLS(note_cols) },
	{ "outcome_score", "outcome score", "outcome_scores", false, NULL, NULL, "client_id",
	  "client", false, true, COLS(score_cols) },
	{ "strength", "strength", "strengths", false, NULL, NULL, "client_id", "client", false,
	  true, COLS(strength_cols) },
	{ "task", "task", "tasks", false, NULL, NULL, "client_id", "client", false, true,
	  COLS(task_cols) },
	{ "advocacy_item", "advocacy item", "advocacy_items", false, NULL, NULL, "client_id",
	  "client", false, true, COLS(adv_item_cols) },
	{ "advocacy_step", "advocacy step", "advocacy_steps", false, NULL, NULL, "advocacy_item_id",
	  "advocacy_item", false, true, COLS(adv_step_cols) },
	{ "group_session", "group session", "group_sessions", false, NULL, NULL, NULL, NULL, false,
	  true, COLS(group_cols) },
	{ "attendance", "attendance", "attendance", false, NULL, NULL, "group_session_id",
	  "group_session", false, true, COLS(attendance_cols) },
	{ "mentor_match", "mentor match", "mentor_matches", false, NULL, NULL, "client_id",
	  "client", false, true, COLS(mentor_cols) },
	{ "appointment", "appointment", "appointments", false, NULL, NULL, "client_id", "client",
	  false, true, COLS(appointment_cols) },
	{ "contact_pause", "contact pause", "contact_pauses", false, NULL, NULL, "client_id",
	  "client", false, true, COLS(pause_cols) },
	{ "closure", "closure", "closures", false, NULL, NULL, "episode_id", "episode", false, true,
	  COLS(closure_cols) },
	{ "risk_assessment", "risk assessment", "risk_assessments", true, NULL, NULL, "client_id",
	  "client", false, true, COLS(risk_cols) },
	{ "consent", "consent", "consents", true, NULL, NULL, "client_id", "client", false, true,
	  COLS(consent_cols) },
	{ "disclosure", "disclosure", "disclosures", true, NULL, NULL, "client_id", "client", true,
	  true, COLS(disclosure_cols) },
	{ "keep_apart", "keep-apart flag", "keep_apart", false, NULL, NULL, "client_id", "client",
	  false, true, COLS(keep_apart_cols) },
	{ "no_share", "must-not-receive entry", "no_share", true, NULL, NULL, "client_id", "client",
	  false, true, COLS(no_share_cols) },
	{ "cj_event", "criminal justice record", "cj_events", true, NULL, NULL, "client_id",
	  "client", false, true, COLS(cj_event_cols) },
	{ "safety_plan", "safety plan", "safety_plans", true, NULL, NULL, "client_id", "client",
	  false, true, COLS(safety_plan_cols) },
	{ "user", "user", "users", false, NULL, NULL, NULL, NULL, false, false, COLS(user_cols) },
};

const struct kw_kind *kw_kind_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < KW_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return &kinds[i];
	return NULL;
}

const struct kw_column *kw_kind_column(const struct kw_kind *k, const char *name)
{
	if (k == NULL || name == NULL)
		return NULL;
	for (size_t i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return &k->cols[i];
	return NULL;
}

const struct kw_kind *kw_kinds(size_t *n)
{
	*n = KW_ARRAY_LEN(kinds);
	return kinds;
}

const char *kw_kind_column_table(const struct kw_kind *k, const struct kw_column *c)
{
	return (k->detail != NULL && c->sensitive != k->sensitive) ? k->detail : k->table;
}
