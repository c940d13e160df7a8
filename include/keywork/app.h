/*
 * app.h: a signed-in session over a data directory, tying the key file,
 * the keyring and the store together; and the operations that need all three.
 */
#ifndef KEYWORK_APP_H
#define KEYWORK_APP_H

#include <stdbool.h>

#include "keywork/crypto.h"
#include "keywork/db.h"
#include "keywork/err.h"
#include "keywork/model.h"

struct kw_session {
	char *dir;
	struct kw_keyfile *kf;
	struct kw_keyring *ring;
	struct kw_store *store;
	struct kw_user user;
	/* Failed unlocks before this one, and when the first was (ISO-8601), for the user. */
	unsigned long failed_before;
	char failed_since[21];
	/* The protected copy of the key file (sessions that open the sensitive compartment). */
	struct kw_keyfile *trusted;
	/*
	 * Where the key file or the general compartment's users disagree with the
	 * protected register, one plain sentence each (found at sign-in by those
	 * who open the sensitive compartment). While there are any, keys are not
	 * changed: a manager runs kw_session_repair_keys.
	 */
	char **disputes;
	size_t ndisputes;
	/*
	 * Where the three records of a restriction to named staff (general
	 * compartment, sealed copy, signed audit) differ, one plain sentence each
	 * (src/app/access.c): someone changed one outside keywork.
	 */
	char **access_problems;
	size_t naccess_problems;
	/*
	 * Each index, view, trigger or table of the compartments she opens that
	 * is missing, changed or added outside keywork, one plain sentence each
	 * (found at sign-in; keywork check reports them, a manager's check
	 * --repair mends all but tables).
	 */
	char **schema_problems;
	size_t nschema_problems;
};

/*
 * Creates a new data directory dir (mode 0700; must not hold keywork data)
 * with its first user, a manager. *recovery_out gets the recovery code.
 * On success *out is her open session.
 */
int kw_session_create(const char *dir, const char *username, const struct kw_secret *pass,
		      enum kw_kdf kdf, bool demo, struct kw_session **out,
		      struct kw_secret **recovery_out, struct kw_err *err);

/*
 * Unlocks dir as username: applies the back-off for failed attempts, unwraps
 * her slot, opens the compartments her keys open, and audits the login (with
 * the failed attempts since the last good one). A wrong passphrase exits
 * through KW_ENOPERM having changed no byte of the databases or key file;
 * only the unlock state file records it.
 */
int kw_session_open(const char *dir, const char *username, const struct kw_secret *pass,
		    struct kw_session **out, struct kw_err *err);
/*
 * Lets the sessions opened after it open a keywork.db whose triggers or
 * views were changed outside keywork (which sign-in otherwise refuses), with
 * every trigger off until a manager's check --repair mends them: for
 * keywork check, which names and mends them.
 */
void kw_session_allow_changed_schema(void);

/*
 * Managers only: rewrites the key file from the protected register (keeping
 * each user's own passphrase where her slot's keys are hers), audited. Ends
 * a dispute over the key file; the general compartment's user rows are not
 * changed (keywork goes by the register).
 */
int kw_session_repair_keys(struct kw_session *s, struct kw_err *err);

/* Deletes a data directory's files (keys, both compartments, journals, unlock state). */
void kw_data_remove(const char *dir);

/*
 * Removes what killed writes left in the session's data directory (tidy.c):
 * temporary key files (keywork.keys.tmp-*) a minute old or more, and, when
 * both compartments are open, SQLite super-journals (*.db-mj*) that no
 * rollback journal names. Only under the store's write lock, which is tried
 * and never waited for. Returns the number of files removed, 0 also when the
 * lock was busy, or -1 with err set (err may be NULL). Nothing depends on it
 * succeeding.
 */
int kw_data_tidy(struct kw_session *s, struct kw_err *err);

/* Closes the compartments, wipes the keys and frees *s. */
void kw_session_close(struct kw_session **s);

/* True if the session's user may do what needs role at least (manager > keyworker > dropin). */
bool kw_session_is(const struct kw_session *s, enum kw_role role);

/* Adds a user (managers only): a slot in the key file and a row in users, audited. */
int kw_session_user_add(struct kw_session *s, const char *username, enum kw_role role,
			const struct kw_secret *pass, enum kw_kdf kdf, struct kw_err *err);

/*
 * Sets username's passphrase: her own (keys kept), or, by a manager, anyone's
 * (a new seed and signing key). Audited.
 */
int kw_session_passwd(struct kw_session *s, const char *username, const struct kw_secret *pass,
		      enum kw_kdf kdf, struct kw_err *err);

/*
 * Changes both compartment keys: new random keys, every file re-encrypted,
 * resealed to every user except the ndrop named in drop and to the recovery
 * key (a new one when new_recovery; its code goes to *recovery_out). One
 * audited operation (action, detail) needing only this session's keys; a
 * kill at any moment leaves the data openable and the next sign-in of a
 * keyworker or manager finishes the change.
 */
int kw_session_rekey(struct kw_session *s, const char *const *drop, size_t ndrop, bool new_recovery,
		     struct kw_secret **recovery_out, const char *action, const char *detail,
		     struct kw_err *err);

/* Disables username (managers only): she can no longer sign in, and the keys change. */
int kw_session_disable(struct kw_session *s, const char *username, struct kw_err *err);

/*
 * For a passphrase that may be known to someone else: username (herself, or
 * anyone for a manager) gets a new passphrase and new keys of her own, and
 * both compartment keys change, so old copies of the key file open nothing new.
 */
int kw_session_passwd_compromised(struct kw_session *s, const char *username,
				  const struct kw_secret *pass, enum kw_kdf kdf,
				  struct kw_err *err);

/*
 * With the paper recovery code, gives username in dir a new passphrase,
 * then changes both keys and the recovery code (the old one has been seen):
 * *recovery_out gets the new code. On success *out is her session.
 */
int kw_session_recover(const char *dir, const char *username, const char *code,
		       const struct kw_secret *pass, enum kw_kdf kdf, struct kw_session **out,
		       struct kw_secret **recovery_out, struct kw_err *err);

/* What kw_session_create_laptop asks of its caller (src/app/outreach.c). */
struct kw_laptop_hooks {
	void *ctx;
	/* The compartments exist, no transaction is open (attach the bundle). */
	int (*before)(void *ctx, struct kw_session *s, struct kw_err *err);
	/* Inside the making's transaction: the records, her user row among them. */
	int (*load)(void *ctx, struct kw_session *s, struct kw_err *err);
	/* Still inside it, signed in as her: the audit of what came. */
	int (*after)(void *ctx, struct kw_session *s, struct kw_err *err);
};

/*
 * Makes the data directory of an outreach laptop in dir (mode 0700; must not
 * hold keywork data) with kf, ring and sensitive from
 * kw_keyfile_create_laptop, all three taken over: its own compartments under
 * the laptop's own keys, the protected register with a new compartment
 * secret and her memo of it, and the records h->load puts in, in one
 * transaction; the key file is written last. On failure nothing is left in
 * dir. No session stays open (a drop-in worker's ring held the sensitive key
 * only while the directory was made).
 */
int kw_session_create_laptop(const char *dir, const char *username, struct kw_keyfile *kf,
			     struct kw_keyring *ring, struct kw_secret *sensitive,
			     const struct kw_laptop_hooks *h, struct kw_err *err);

/* --- import and export (transfer.c) --- */

#include <signal.h>
#include <stdio.h>

struct kw_form_pack;

/*
 * Imports women from a CSV file whose header row names fields by key
 * (reference, known_as, first_name, last_name, date_of_birth, phone,
 * borough). Unknown columns are an error listing them, unless
 * ignore_unknown (then each is reported on warn). Every row is checked
 * against pack's intake form, as the screens check it (lengths, required
 * answers, list items, dates), and a reference must be new; a list item may
 * be written as its key or its label and is stored as its key, a date as
 * YYYY-MM-DD or DD/MM/YYYY. Every problem of every row goes to warn (may be
 * NULL) as "file:line:column: field: message"; a file with any is refused
 * whole (KW_EDATA, err saying how many). One transaction, all or nothing;
 * watch (may be NULL) is told the progress every few hundred rows and at
 * the end (rows read, bytes read of the file's size) and can stop it
 * (KW_EINTR).
 * *count gets the number imported.
 */
int kw_import_clients(struct kw_session *s, const struct kw_form_pack *pack, const char *path,
		      bool ignore_unknown, FILE *warn, const struct kw_watch *watch,
		      unsigned long *count, struct kw_err *err);

/*
 * Imports contacts or case notes (entity "contacts" or "notes") from a CSV
 * file with the columns kw_export writes for them, each row naming her by
 * reference. A contact row goes in through kw_form_save, as 2 Contact saves
 * one (the contact form's checks and the rule that a way she did not mark
 * safe needs a reason, a way she asked never to be used a real one); its
 * channel_safety column is judged again, not read. A note row is checked by
 * the note form (body required, 50000 characters at most, not in the
 * future; confidential yes or no) and written by kw_app_note_write; its
 * written_at is when it is imported. An unknown or restricted reference is
 * a problem of its row. Problems go to warn as "file:line:col: field:
 * message", and a file with any is refused whole (KW_EDATA); one
 * transaction, all or nothing, interrupted too (KW_EINTR). *count gets the
 * number imported.
 */
int kw_import_records(struct kw_session *s, const struct kw_form_pack *pack, const char *entity,
		      const char *path, bool ignore_unknown, FILE *warn,
		      const struct kw_watch *watch, unsigned long *count, struct kw_err *err);

enum kw_format { KW_FORMAT_CSV = 0, KW_FORMAT_JSON };

/*
 * Writes every record of entity ("clients", "contacts" or "notes") to out in
 * format, and audits the export. Managers and keyworkers may export women and
 * contacts; only managers case notes (policy.h: she may not see every note).
 * With a form pack, a role that its forms (intake, contact, note) do not let
 * see every field exported is refused too, naming the field. *count gets the
 * number of records written.
 */
int kw_export(struct kw_session *s, const struct kw_form_pack *pack, const char *entity,
	      enum kw_format format, FILE *out, unsigned long *count, struct kw_err *err);

/* --- backup and restore (backup.c) --- */

struct kw_backup_info {
	char created[21];
	char key_id[64];
	unsigned long generation;
	long long chain_seq; /* the newest audit row in the backup */
};

/*
 * Writes a backup of the session's data directory to out (named outname in
 * messages): a consistent snapshot of both compartments, taken while other
 * processes may be writing, and the matching key file. Managers only.
 * Audited. info (may be NULL) gets what the backup holds.
 */
int kw_backup_write(struct kw_session *s, FILE *out, const char *outname,
		    struct kw_backup_info *info, struct kw_err *err);

struct kw_restore_report {
	struct kw_backup_info backup;
	bool replaced;		      /* there was data at the destination */
	unsigned long old_generation; /* its key generation (0 if unreadable) */
	bool old_chain_known;	      /* it opened with the same passphrase, so: */
	long long old_chain_seq;      /* its newest audit row */
	char aside[512];	      /* where it was moved */
	/* Users disabled since the backup was made, disabled again in it (keys changed). */
	char readmitted[256];
	size_t nreadmitted;
};

/*
 * Restores the backup at path into dir. Refuses to replace existing data
 * unless force (which moves it aside, never deletes it). The backup is
 * unpacked beside dir, its hashes checked, then opened as user with pass and
 * checked (pairing of key file and databases, integrity, audit chain) before
 * it takes dir's place. Only a manager restores: one by the backup's own
 * register and, over existing data, by the register of the data it replaces
 * (which must open with live_pass, or pass when NULL). A backup older than that data
 * (its key generation or anchored audit trail, both read from the protected
 * registers, not the backup's header) is refused unless older. Users the
 * data had disabled since the backup are disabled again in the restored
 * copy, with a change of keys, before it takes dir's place. rep says what
 * was restored and what it replaced.
 */
int kw_restore(const char *path, const char *dir, const char *user, const struct kw_secret *pass,
	       const struct kw_secret *live_pass, bool force, bool older,
	       struct kw_restore_report *rep, struct kw_err *err);

/* --- swap (swap.c) --- */

/*
 * Looks for active swap that is not encrypted, reading proc_swaps (normally
 * "/proc/swaps") and sys ("/sys"). Returns 1 and lists the devices in desc
 * if there is some, 0 if none (or all encrypted, or in memory).
 */
int kw_swap_check(const char *proc_swaps, const char *sys, char *desc, size_t len);
/* True if the user acknowledged this exact swap warning on this machine. */
bool kw_swap_acknowledged(const char *desc);
/* Records that the user acknowledged the warning for desc (per machine, per user). */
int kw_swap_acknowledge(const char *desc, struct kw_err *err);

/* --- the unlock back-off (backoff.c) --- */

/* Seconds to wait before the next attempt after n consecutive failures. */
unsigned long kw_backoff_delay(unsigned long failures);

/* --- synthetic data (synth.c) --- */

/* Adds n synthetic women with contacts and (if open) notes, deterministic from seed. */
int kw_synth_fill(struct kw_session *s, unsigned long n, unsigned long seed, struct kw_err *err);

/* --- drafts: unsaved work kept sealed while keywork is locked --- */

/* Files in a data directory holding sealed drafts start with this. */
#define KW_DRAFT_PREFIX "draft-"

/*
 * One draft per run of keywork (a session at a terminal): the file is named
 * by the user's pseudonym and a random id for this run, and is held with an
 * exclusive flock from before it has its name until it is given back or
 * keywork ends. So two sessions of one user never overwrite each other's
 * draft, a session that is only locked keeps its own, and the draft of one
 * that ended (a hang-up, a kill) is given to her next sign-in anywhere.
 */
struct kw_draft_own {
	char id[17];  /* random hex, this run's */
	char tag[25]; /* whose draft fd holds (the user pseudonym), "" if none */
	int fd;	      /* the held draft, -1 if none */
};

/* A new run's own draft state: a fresh id, nothing held. */
void kw_draft_own_init(struct kw_draft_own *own);
/* Lets go of a held draft (it stays on disk for its user's next sign-in). */
void kw_draft_own_release(struct kw_draft_own *own);

/*
 * Seals data with the session user's keys into this run's draft file
 * (replacing this run's earlier one, never another's) and holds it in own.
 * Returns 0 or -1 with err set.
 */
int kw_session_draft_save(struct kw_session *s, struct kw_draft_own *own, const void *data,
			  size_t len, struct kw_err *err);

/* The drafts given back at a sign-in, oldest first. */
struct kw_drafts {
	struct kw_secret **d; /* owned */
	size_t n;
	size_t failed; /* drafts of hers that could not be opened: left on disk */
	char why[256]; /* the first of those failures */
};

/*
 * Takes every draft of the session user that no live keywork holds (this
 * run's own first, if it is hers; a held draft of another user is let go):
 * each is opened, deleted from disk and put in out. Drafts held by another
 * session of hers that is locked are left to it. Returns the number taken.
 */
size_t kw_session_drafts_take(struct kw_session *s, struct kw_draft_own *own,
			      struct kw_drafts *out);
/* Wipes and frees what kw_session_drafts_take gave. */
void kw_drafts_free(struct kw_drafts *d);

struct kw_tl_entry;
/*
 * Leaves out of timeline entry e every part that role may not see by the
 * forms that write its kind (that part set NULL); false when role sees no
 * field of the kind at all, and the entry is not to be shown. Screens ask
 * this of every entry, so what a role sees is decided in the form pack p.
 */
bool kw_tl_visible(const struct kw_form_pack *p, enum kw_role role, struct kw_tl_entry *e);

#endif
