/* model.h: the records keywork keeps, as plain C structs shared by every layer. */
#ifndef KEYWORK_MODEL_H
#define KEYWORK_MODEL_H

#include <stdbool.h>

/* Who a login is. Peer mentors are people in records, never logins. */
enum kw_role { KW_ROLE_NONE = 0, KW_ROLE_MANAGER, KW_ROLE_KEYWORKER, KW_ROLE_DROPIN };

/* "manager", "keyworker", "dropin"; NULL for KW_ROLE_NONE. */
const char *kw_role_name(enum kw_role role);
/* The role named s, or KW_ROLE_NONE. */
enum kw_role kw_role_parse(const char *s);
/* True if the role holds the sensitive compartment's key. */
bool kw_role_has_sensitive(enum kw_role role);
/*
 * True if users of role hold a caseload, so can be a woman's keyworker:
 * managers and keyworkers. Drop-in staff hold none (a woman allocated to
 * one would be on nobody's caseload).
 */
bool kw_role_holds_caseload(enum kw_role role);

/* Common columns of every row: identity, authorship and version. */
struct kw_rowmeta {
	char id[37];
	char created_at[21];
	char created_by[37];
	char updated_at[21];
	char updated_by[37];
	long version;
};

/* A login, as the general compartment records it. */
struct kw_user {
	struct kw_rowmeta meta;
	char username[33];
	enum kw_role role;
	bool disabled;
	unsigned char sign_pk[32];
};

/*
 * A woman supported by the centre. Strings are malloc'd (NULL when not asked
 * yet); free with kw_client_clear. reference is a short random code used in
 * place of her name where names must not show.
 */
struct kw_client {
	struct kw_rowmeta meta;
	char reference[16];
	char *known_as;
	char *first_name;
	char *last_name;
	char *date_of_birth;
	char *phone;
	char *borough;
	char *keyworker_id;
};
void kw_client_clear(struct kw_client *c);

/* Whether a contact happened. A missed contact carries a reason, never a judgement. */
enum kw_contact_outcome { KW_CONTACT_MADE = 0, KW_CONTACT_ATTEMPTED, KW_CONTACT_MISSED };
const char *kw_contact_outcome_name(enum kw_contact_outcome o);
int kw_contact_outcome_parse(const char *s);

/* A contact or an attempt; append-only (a correction amends, never edits). */
struct kw_contact {
	struct kw_rowmeta meta;
	char client_id[37];
	char happened_at[21];
	char *mode;
	enum kw_contact_outcome outcome;
	char *missed_reason;
	char *summary;
	char *amends_id;
	/* As judged when it was saved: "safe", "not_marked", "never" ... (NULL before). */
	char *channel_safety;
	/* Why a way not marked safe, or one she asked never to be used, was used anyway. */
	char *channel_override;
};
void kw_contact_clear(struct kw_contact *c);

/* A case note, in the sensitive compartment; append-only with amendments. */
struct kw_note {
	struct kw_rowmeta meta;
	char client_id[37];
	char happened_at[21];
	char written_at[21];
	char *body;
	bool confidential;
	char *amends_id;
};
void kw_note_clear(struct kw_note *n);

#endif
