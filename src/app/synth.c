/*
 * synth.c: synthetic women for the demo and the benchmark. Deterministic
 * from a seed; names in several scripts; about 20 contacts and 15 notes
 * each. Nothing here is about a real person.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywork/app.h"
#include "keywork/util.h"

static const char *const first_names[] = {
	"Amira",    "Bethany",	"Chloe",      "Danielle", "Ebony",    "Fatima",	  "Grace",
	"Hannah",   "Imani",	"Jade",	      "Kayleigh", "Leanne",   "Maria",	  "Nadia",
	"Olivia",   "Precious", "Roxanne",    "Sinéad",	  "Tanisha",  "Uzma",	  "Vanessa",
	"Wiktoria", "Yasmin",	"Zoë",	      "Aisling",  "Bogumiła", "Chidinma", "Dorota",
	"Esra",	    "Joanna",	"Małgorzata", "Niamh",	  "Rukhsana", "Shanice",  "Thi Hoa",
	"فاطمة",    "مريم",	"Ирина",      "Олена",	  "美玲",     "小红",	  "Ayşe",
	"Kofi-Ama",
};
static const char *const last_names[] = {
	"Adeyemi", "Begum",    "Campbell", "Doherty",  "Evans",	     "Fernandes",
	"Green",   "Hussain",  "Ibrahim",  "Johnson",  "Kowalska",   "Lewis",
	"Mensah",  "Nowak",    "O'Connor", "Patel",    "Quinn",	     "Rahman",
	"Smith",   "Thompson", "Uddin",	   "Walsh",    "Wiśniewska", "Yilmaz",
	"Nguyen",  "Okafor",   "حسن",	   "Петренко", "王",	     "Ní Bhriain",
};
static const char *const boroughs[] = {
	"Camden",
	"Hackney",
	"Islington",
	"Tower Hamlets",
	"Newham",
	"Haringey",
	"Westminster",
	"Hammersmith and Fulham",
	"Brent",
	"Ealing",
	"Lambeth",
	"Southwark",
	"Barking and Dagenham",
};
static const char *const modes[] = {
	"centre",      "phone",		 "text",  "home_visit", "community",
	"accompanied", "prison_inreach", "court", "hospital",
};
static const char *const missed_reasons[] = {
	"childcare", "anxiety", "transport", "unwell", "court date", "no credit on phone",
};
static const char *const note_parts[] = {
	"Met at the centre for a cup of tea and a catch-up.",
	"She said the housing officer has not replied to her email from last week.",
	"We talked through the letter from the council and what it means.",
	"She is proud that she kept every appointment this month.",
	"Worried about the school run while she is at probation on Thursday.",
	"Agreed to chase the benefits claim together on Monday.",
	"She would like to join the Wednesday group when childcare allows.",
	"Discussed the safety plan; no changes needed today.",
	"Food bank voucher given; she will collect on Friday.",
	"She asked for help writing to the mental health team about re-opening her case.",
	"Good progress with the college application; deadline is next month.",
	"Phoned the GP with her consent to book an appointment.",
};

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* splitmix64: small, fast and the same everywhere for a seed. */
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned pick(struct rng *r, unsigned n)
{
	return (unsigned)(next(r) % n);
}

#define PICK(r, a) ((a)[pick((r), KW_ARRAY_LEN(a))])

static void iso_days_ago(unsigned days, unsigned minutes, char out[21])
{
	time_t t = time(NULL) - (time_t)days * 86400 - (time_t)minutes * 60;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int add_one(struct kw_session *s, struct rng *r, struct kw_err *err)
{
	struct kw_client c = { 0 };
	char dob[11], phone[20];
	unsigned ncontacts = 10 + pick(r, 21), nnotes = 8 + pick(r, 15);
	int rc = -1;

	c.first_name = kw_xstrdup(PICK(r, first_names));
	c.last_name = kw_xstrdup(PICK(r, last_names));
	c.known_as = kw_xstrdup(pick(r, 5) == 0 ? PICK(r, first_names) : c.first_name);
	snprintf(dob, sizeof(dob), "%04u-%02u-%02u", 1960 + pick(r, 46), 1 + pick(r, 12),
		 1 + pick(r, 28));
	c.date_of_birth = kw_xstrdup(dob);
	if (pick(r, 10) != 0) {
		snprintf(phone, sizeof(phone), "07700 9%05u", pick(r, 100000));
		c.phone = kw_xstrdup(phone);
	}
	c.borough = kw_xstrdup(PICK(r, boroughs));
	c.keyworker_id = kw_xstrdup(s->user.meta.id);
	if (kw_db_client_add(s->store, &c, err) != 0)
		goto out;
	for (unsigned i = 0; i < ncontacts; i++) {
		struct kw_contact k = { 0 };
		unsigned o = pick(r, 10);

		snprintf(k.client_id, sizeof(k.client_id), "%s", c.meta.id);
		iso_days_ago(pick(r, 365), pick(r, 600), k.happened_at);
		k.mode = (char *)PICK(r, modes);
		k.outcome = o < 7   ? KW_CONTACT_MADE
			    : o < 9 ? KW_CONTACT_ATTEMPTED
				    : KW_CONTACT_MISSED;
		k.missed_reason =
			k.outcome == KW_CONTACT_MISSED ? (char *)PICK(r, missed_reasons) : NULL;
		if (kw_db_contact_add(s->store, &k, err) != 0)
			goto out;
	}
	if (kw_store_has_sensitive(s->store)) {
		for (unsigned i = 0; i < nnotes; i++) {
			struct kw_note n = { 0 };
			struct kw_buf body = { 0 };
			unsigned parts = 2 + pick(r, 5);

			for (unsigned p = 0; p < parts; p++) {
				if (p > 0)
					kw_buf_adds(&body, " ");
				kw_buf_adds(&body, PICK(r, note_parts));
			}
			snprintf(n.client_id, sizeof(n.client_id), "%s", c.meta.id);
			iso_days_ago(pick(r, 365), pick(r, 600), n.happened_at);
			n.body = body.p;
			n.confidential = pick(r, 20) == 0;
			rc = kw_db_note_add(s->store, &n, err);
			kw_buf_free(&body);
			if (rc != 0)
				goto out;
			rc = -1;
		}
	}
	rc = 0;
out:
	kw_client_clear(&c);
	return rc;
}

int kw_synth_fill(struct kw_session *s, unsigned long n, unsigned long seed, struct kw_err *err)
{
	struct rng r = { seed };
	unsigned long done = 0;

	while (done < n) {
		unsigned long batch = n - done < 500 ? n - done : 500;

		if (kw_store_begin(s->store, err) != 0)
			return -1;
		for (unsigned long i = 0; i < batch; i++) {
			if (add_one(s, &r, err) != 0) {
				kw_store_rollback(s->store);
				return -1;
			}
		}
		if (kw_store_commit(s->store, err) != 0)
			return -1;
		done += batch;
	}
	return 0;
}
