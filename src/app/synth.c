/*
 * synth.c: synthetic women for the demo and the benchmark. Nothing here is
 * about a real person.
 *
 * Deterministic from the seed: each woman has her own random stream, made
 * from the seed and her number, so the same seed gives the same women,
 * references, ids and words. Dates are relative to the clock when the data
 * is made (so that today's appointments are today), and so are the ids'
 * timestamps; nothing else depends on it.
 *
 * The shape follows ../shared/DOMAIN.md: programmes and their cadences from
 * forms/list-programmes.yaml, keys of the shipped lists everywhere a form
 * would store a key, caseloads of 30-50 per keyworker, about 20 contacts
 * (made, attempted, and missed with a reason) and 15 case notes each,
 * children as records (some dates of birth unknown), pregnancy with
 * "unknown" kept apart from "no", and the records Today reads: episodes,
 * pauses (a few covering today), tasks and chases due, today's
 * appointments, advocacy deadlines, risk levels and safe channels.
 *
 * Every keyworker or manager login gets a caseload (the signed-in one
 * first); the women beyond those go to keyworkers recorded without a login
 * (a users row with no key slot, disabled: such a keyworker cannot sign in
 * until a manager adds her with keywork user add under another name). Rows go in
 * through src/db/synthdb.c's bulk loader, all in one transaction: the indexes
 * it builds after the rows come back only at its end, and a fill stopped part
 * way leaves nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywork/app.h"
#include "keywork/util.h"

#define DAY 86400L

/* --- randomness --- */

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

/* 0 .. n-1 */
static unsigned pick(struct rng *r, unsigned n)
{
	return n == 0 ? 0 : (unsigned)(next(r) % n);
}

/* lo .. hi inclusive */
static long range(struct rng *r, long lo, long hi)
{
	return hi <= lo ? lo : lo + (long)pick(r, (unsigned)(hi - lo + 1));
}

/* True with probability pct percent. */
static bool chance(struct rng *r, unsigned pct)
{
	return pick(r, 1000) < pct * 10;
}

#define PICK(r, a) ((a)[pick((r), KW_ARRAY_LEN(a))])

struct weighted {
	const char *key;
	unsigned w;
};

static const char *pick_w(struct rng *r, const struct weighted *a, size_t n)
{
	unsigned total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += a[i].w;
	x = pick(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < a[i].w)
			return a[i].key;
		x -= a[i].w;
	}
	return a[n - 1].key;
}

#define PICK_W(r, a) pick_w((r), (a), KW_ARRAY_LEN(a))

static void rng_uuid(struct rng *r, char out[37])
{
	uint64_t a = next(r), b = next(r);

	a = (a & ~0xf000ULL) | 0x4000ULL;
	b = (b & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(a >> 32),
		 (unsigned)((a >> 16) & 0xffff), (unsigned)(a & 0xffff), (unsigned)(b >> 48),
		 (unsigned long long)(b & 0xffffffffffffULL));
}

/* --- what the records say --- */

/* Names by where a family's names come from; several scripts, as women write them. */
struct culture {
	unsigned w;
	const char *const *first;
	size_t nfirst;
	const char *const *last;
	size_t nlast;
};

static const char *const en_first[] = {
	"Amy",	  "Bethany",  "Chloe",	 "Danielle",  "Emma",	"Gemma",   "Hannah", "Jade",
	"Jodie",  "Kayleigh", "Kelly",	 "Kirsty",    "Laura",	"Leanne",  "Lisa",   "Louise",
	"Megan",  "Michelle", "Natalie", "Nicola",    "Rachel", "Rebecca", "Sarah",  "Shannon",
	"Stacey", "Tracey",   "Vicky",	 "Zoe",	      "Sinéad", "Niamh",   "Aoife",  "Siobhán",
	"Roisin", "Kerry",    "Donna",	 "Charlotte", "Holly",	"Paige",   "Demi",   "Chantelle",
};
static const char *const en_last[] = {
	"Smith",  "Jones",   "Williams", "Brown",   "Taylor",	  "Davies",  "Evans", "Wilson",
	"Thomas", "Johnson", "Roberts",	 "Walker",  "Wright",	  "Green",   "Hall",  "Wood",
	"Clarke", "Doherty", "O'Connor", "Walsh",   "Ní Bhriain", "Murphy",  "Kelly", "Byrne",
	"Quinn",  "Lewis",   "Hughes",	 "Edwards", "Turner",	  "Collins", "Baker", "Campbell",
};
static const char *const af_first[] = {
	"Abena",   "Adaeze",   "Ama",	   "Chidinma", "Chioma",   "Efua",    "Folake",	 "Ifeoma",
	"Imani",   "Kemi",     "Ngozi",	   "Nkechi",   "Precious", "Shanice", "Tanisha", "Tiana",
	"Jahzara", "Kofi-Ama", "Blessing", "Grace",    "Patience", "Marcia",  "Sharon",	 "Jasmine",
};
static const char *const af_last[] = {
	"Adeyemi",  "Okafor", "Mensah",	  "Boateng", "Asante",	 "Owusu",   "Okonkwo", "Adebayo",
	"Campbell", "Brown",  "Thompson", "Francis", "Baptiste", "Charles", "Reid",    "Bailey",
};
static const char *const sa_first[] = {
	"Amira",  "Ayesha",   "Fatima", "Farzana", "Nasreen", "Parveen",
	"Priya",  "Rukhsana", "Sabina", "Shabnam", "Shazia",  "Sunita",
	"Tasnim", "Uzma",     "Yasmin", "Zainab",  "Nusrat",  "Rehana",
};
static const char *const sa_last[] = {
	"Begum", "Khan",      "Patel", "Ahmed", "Hussain", "Rahman", "Uddin",  "Ali",
	"Islam", "Chowdhury", "Shah",  "Kaur",	"Singh",   "Miah",   "Akhtar", "Bibi",
};
static const char *const bn_first[] = { "ফাতেমা", "রহিমা", "নাসরিন", "শাহানা", "সালমা" };
static const char *const bn_last[] = { "বেগম", "খাতুন", "আক্তার", "রহমান" };
static const char *const pl_first[] = {
	"Agnieszka", "Bogumiła",   "Dorota", "Ewa",	 "Joanna", "Katarzyna",
	"Magdalena", "Małgorzata", "Marta",  "Wiktoria", "Żaneta", "Ioana",
	"Andreea",   "Elena",	   "Raluca", "Lina",	 "Rasa",   "Ieva",
};
static const char *const pl_last[] = {
	"Kowalska",  "Nowak",	"Wiśniewska", "Wójcik", "Kamińska",	"Lewandowska",
	"Zielińska", "Popescu", "Ionescu",    "Stan",	"Kazlauskienė", "Jankauskaitė",
};
static const char *const ar_first[] = { "فاطمة", "مريم", "نور", "سارة", "ليلى", "هدى", "زينب" };
static const char *const ar_last[] = { "حسن", "علي", "محمد", "إبراهيم", "الأحمد" };
static const char *const arl_first[] = { "Noor", "Layla", "Huda", "Mariam", "Rania", "Samira" };
static const char *const arl_last[] = { "Hassan", "Ibrahim", "Mahmoud", "Saleh", "Haddad" };
static const char *const so_first[] = { "Hodan", "Ayan",   "Fadumo", "Hibo", "Ikran",
					"Sahra", "Khadra", "Ubah",   "Muna" };
static const char *const so_last[] = { "Abdi",	"Mohamed", "Warsame", "Farah",
				       "Hersi", "Ali",	   "Osman" };
static const char *const tr_first[] = { "Ayşe",	  "Elif",   "Esra",  "Fatma", "Gül",
					"Zeynep", "Hatice", "Rojda", "Berfin" };
static const char *const tr_last[] = { "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Doğan" };
static const char *const zh_first[] = { "美玲", "小红", "丽华", "静", "秀英", "婷婷" };
static const char *const zh_last[] = { "王", "李", "张", "刘", "陈", "杨" };
static const char *const vi_first[] = { "Thi Hoa", "Linh", "Mai", "Thu", "Ngọc Anh", "Hương" };
static const char *const vi_last[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng" };
static const char *const cy_first[] = { "Ирина", "Олена", "Наталія", "Оксана",
					"Юлія",	 "Anna",  "Olena",   "Tetiana" };
static const char *const cy_last[] = { "Петренко",   "Коваленко", "Шевченко",
				       "Бондаренко", "Kovalenko", "Melnyk" };
static const char *const pt_first[] = { "Ana",	    "Beatriz", "Camila", "Fernanda",
					"Gabriela", "Joana",   "Luana",	 "Mariana" };
static const char *const pt_last[] = { "Silva",	    "Santos", "Oliveira", "Fernandes",
				       "Rodrigues", "Costa",  "Pereira" };

#define CULTURE(w, f, l)                                  \
	{                                                 \
		w, f, KW_ARRAY_LEN(f), l, KW_ARRAY_LEN(l) \
	}
static const struct culture cultures[] = {
	CULTURE(40, en_first, en_last),	 CULTURE(15, af_first, af_last),
	CULTURE(8, sa_first, sa_last),	 CULTURE(2, bn_first, bn_last),
	CULTURE(9, pl_first, pl_last),	 CULTURE(3, ar_first, ar_last),
	CULTURE(2, arl_first, arl_last), CULTURE(4, so_first, so_last),
	CULTURE(4, tr_first, tr_last),	 CULTURE(2, zh_first, zh_last),
	CULTURE(2, vi_first, vi_last),	 CULTURE(4, cy_first, cy_last),
	CULTURE(3, pt_first, pt_last),
};

static const char *const nicknames[] = { "Jojo", "Tash", "Bex",	 "Mimi", "Lou",	 "Kaz",
					 "Dee",	 "Sam",	 "Titi", "Nana", "Kiki", "Babs" };
static const char *const child_names[] = {
	"Alfie", "Amelia", "Ava",     "Ayaan",	"Caleb", "Daniel", "Ella",  "Ethan", "Freya",
	"Grace", "Harvey", "Isla",    "Jayden", "Kai",	 "Leo",	   "Lily",  "Mason", "Maya",
	"Mia",	 "Noah",   "Olivia",  "Riley",	"Ruby",	 "Sofia",  "Tyler", "Zara",  "Zainab",
	"Yusuf", "Kacper", "Zuzanna", "Amani",	"Tobi",	 "Nia",	   "Omar",  "Hamza", "Aisha",
};

static const struct weighted programmes[] = {
	{ "community", 38 },   { "wraparound", 18 }, { "diversion", 14 },
	{ "young_women", 12 }, { "drop_in", 18 },
};
static const struct weighted boroughs[] = {
	{ "hackney", 9 },
	{ "islington", 9 },
	{ "camden", 7 },
	{ "haringey", 7 },
	{ "tower_hamlets", 7 },
	{ "newham", 6 },
	{ "waltham_forest", 5 },
	{ "ealing", 5 },
	{ "brent", 5 },
	{ "hammersmith_fulham", 5 },
	{ "westminster", 4 },
	{ "kensington_chelsea", 3 },
	{ "barking_dagenham", 3 },
	{ "redbridge", 3 },
	{ "enfield", 3 },
	{ "hounslow", 2 },
	{ "harrow", 2 },
	{ "barnet", 2 },
	{ "lambeth", 2 },
	{ "southwark", 2 },
	{ "lewisham", 1 },
	{ "greenwich", 1 },
	{ "croydon", 1 },
	{ "wandsworth", 1 },
	{ "hillingdon", 1 },
	{ "outside_london", 2 },
	{ "no_fixed_area", 3 },
};
static const struct weighted referral_sources[] = {
	{ "self", 20 },
	{ "police", 10 },
	{ "probation", 18 },
	{ "court", 5 },
	{ "liaison_diversion", 9 },
	{ "prison", 5 },
	{ "social_care", 10 },
	{ "idva", 5 },
	{ "health", 6 },
	{ "housing", 4 },
	{ "voluntary_org", 5 },
	{ "family_friend", 2 },
	{ "other", 1 },
};
static const struct weighted modes_keyworker[] = {
	{ "centre", 26 },	  { "phone", 24 },	   { "text", 14 },
	{ "community", 8 },	  { "home_visit", 7 },	   { "accompanied_appointment", 6 },
	{ "video", 2 },		  { "email", 2 },	   { "letter", 1 },
	{ "prison_in_reach", 3 }, { "police_station", 2 }, { "court", 3 },
	{ "hospital", 2 },
};
static const struct weighted modes_dropin[] = {
	{ "centre", 70 },
	{ "phone", 15 },
	{ "text", 10 },
	{ "community", 5 },
};
static const struct weighted missed_reasons[] = {
	{ "childcare", 14 }, { "anxiety", 14 }, { "unwell", 12 },	{ "transport", 12 },
	{ "clash", 8 },	     { "work", 5 },	{ "phone_problem", 9 }, { "custody", 3 },
	{ "hospital", 3 },   { "safety", 3 },	{ "forgot", 6 },	{ "not_known", 8 },
	{ "other", 3 },
};
static const char *const pathways[] = {
	"accommodation",	 "children_families",
	"drugs_alcohol",	 "education_training_employment",
	"finance_benefits_debt", "health_wellbeing",
	"thinking_behaviour",	 "domestic_abuse",
	"sexual_exploitation",	 "support_network",
	"immigration",		 "legal",
	"pregnancy_perinatal",	 "learning_disability_brain_injury",
};
static const struct weighted lives_with[] = {
	{ "with_her", 55 },    { "other_parent", 10 }, { "grandparents", 8 }, { "other_family", 7 },
	{ "foster_care", 10 }, { "residential", 1 },   { "adopted", 4 },      { "other", 2 },
};
static const struct weighted legal_status[] = {
	{ "none", 45 },
	{ "early_help", 10 },
	{ "child_in_need", 14 },
	{ "child_protection", 12 },
	{ "care_proceedings", 5 },
	{ "care_order", 7 },
	{ "special_guardianship", 4 },
	{ "placement_order", 1 },
	{ "adopted", 2 },
};
static const struct weighted immigration[] = {
	{ "british_irish", 70 },  { "settled", 9 },	{ "pre_settled", 5 },
	{ "leave_to_remain", 3 }, { "spouse_visa", 2 }, { "asylum_seeker", 4 },
	{ "refugee", 3 },	  { "no_leave", 3 },	{ "other", 1 },
};
/* Why a closed episode closed: her wish most often, never non-engagement. */
static const struct weighted closure_reasons[] = {
	{ "her_request", 45 },
	{ "programme_ended", 30 },
	{ "moved_away", 12 },
	{ "transferred", 13 },
};
/* A diversion episode's need level (need_levels in list-programmes.yaml). */
static const struct weighted need_levels[] = {
	{ "high", 25 },
	{ "medium", 50 },
	{ "low", 25 },
};
static const struct weighted pause_reasons[] = {
	{ "custody", 35 }, { "hospital", 25 }, { "her_request", 25 },
	{ "away", 10 },	   { "other", 5 },
};
static const struct weighted appointment_kinds[] = {
	{ "court", 14 },     { "diversion", 10 }, { "child_protection_conference", 8 },
	{ "probation", 20 }, { "housing", 14 },	  { "benefits", 10 },
	{ "health", 12 },    { "solicitor", 6 },  { "accompanied_visit", 4 },
	{ "other", 2 },
};
static const char *const safe_channel_sets[] = {
	"call,text",	       "text",	     "call",
	"call,text,voicemail", "via_centre", "text,email",
	"call,text,letter",    "email",	     "call,voicemail",
	"text,via_centre",
};
static const char *const places[] = {
	"Highbury Corner Magistrates' Court",
	"Thames Magistrates' Court",
	"the centre",
	"Housing office, Mare Street",
	"Jobcentre Plus",
	"GP surgery",
	"Probation office",
	"Children's services",
	"Solicitor's office",
	"Whittington Hospital",
	"Homerton Hospital",
	"Snaresbrook Crown Court",
};
static const char *const with_whom[] = {
	"Probation officer",
	"Housing officer",
	"Social worker",
	"Solicitor",
	"Work coach",
	"GP",
	"Midwife",
	"IDVA",
	"Liaison and diversion",
};
static const char *const codewords[] = { "bluebell", "marmalade", "lighthouse", "sparrow",
					 "teapot",   "orchard",	  "pebble",	"violet" };
static const char *const postcodes[] = { "E8",	"E5",  "N1",  "N7",   "N19", "NW1", "NW5",
					 "N15", "N17", "E1",  "E3",   "E14", "E15", "E13",
					 "E17", "W3",  "W12", "NW10", "W6",  "W2" };

/* Per agency: an issue and a summary for each kind of step. */
struct advocacy_kind {
	const char *agency;
	const char *issue;
};
static const struct advocacy_kind advocacy_kinds[] = {
	{ "mental_health",
	  "Mental health team closed her case for non-attendance; asking to re-open" },
	{ "housing", "Housing said she is not in priority need; asked for the reasons in writing" },
	{ "housing", "Repairs outstanding (damp in the children's room) since the winter" },
	{ "dwp", "Universal Credit payment stopped after a missed appointment" },
	{ "dwp", "PIP application: evidence and mandatory reconsideration" },
	{ "social_care", "Social worker to be told about her progress before the review" },
	{ "gp", "Asked the GP for a longer appointment and a referral to talking therapy" },
	{ "probation", "Licence conditions: asked for appointments to fit the school run" },
	{ "school", "School attendance meeting: asked for support, not a fine" },
	{ "police", "Asked for the crime reference and an update on her report" },
	{ "solicitor", "Legal aid for the family court: evidence of domestic abuse" },
	{ "refuge", "Refuge space outside the borough; checking the referral" },
};
static const char *const step_keys[] = { "contacted", "awaiting_reply", "chased", "escalated",
					 "resolved" };
static const char *const step_summaries[] = {
	"Emailed with her consent and attached the letter.",
	"No reply yet; the deadline they gave has passed.",
	"Phoned and left a message for the duty officer; followed up by email.",
	"Wrote to the team manager asking for a decision and the reasons.",
	"They have agreed; she has the letter confirming it.",
};

struct task_kind {
	const char *pathway;
	const char *title;
};
static const struct task_kind task_kinds[] = {
	{ "accommodation", "Housing application: send proof of address and ID" },
	{ "accommodation", "Chase the council about temporary accommodation" },
	{ "finance_benefits_debt", "Universal Credit: book the journal appointment" },
	{ "finance_benefits_debt", "Debt advice referral (StepChange)" },
	{ "finance_benefits_debt", "Food bank voucher" },
	{ "finance_benefits_debt", "Grant application for a cooker" },
	{ "health_wellbeing", "GP appointment: go with her if she asks" },
	{ "health_wellbeing", "Talking therapies self-referral" },
	{ "children_families", "Nursery place application" },
	{ "children_families", "Copy the child protection plan for her" },
	{ "education_training_employment", "College application: English and maths" },
	{ "education_training_employment", "CV and interview clothes" },
	{ "drugs_alcohol", "Referral to the drug and alcohol service" },
	{ "support_network", "Invite to the Wednesday women's group" },
	{ "legal", "Find a family solicitor with legal aid" },
	{ "immigration", "Appointment with the immigration adviser" },
	{ "domestic_abuse", "Refer to the IDVA service" },
	{ "accommodation", "Donated bedding and pans to collect" },
};

static const char *const strength_texts[] = {
	"Kept every appointment with probation this month.",
	"Started the English course at college.",
	"Spoke up for herself at the child protection conference.",
	"Has been alcohol-free for three months.",
	"Moved into her own flat and set it up for the children.",
	"Brought a friend to the women's group.",
	"Wrote her own letter to the housing officer.",
	"Finished the first-aid certificate.",
	"Opened a bank account and set up the bills.",
	"Got the children to school on time every day this term.",
	"Volunteers at the centre's café on Fridays.",
	"Passed the theory test.",
	"Asked for help early when things got hard, and got it.",
	"Warm and funny with the other women in the group.",
};
static const char *const strength_kinds[] = { "achievement", "strength", "milestone", "skill" };

static const char *const contact_summaries[] = {
	"Catch-up over a cup of tea.",
	"Talked through the letter from the council.",
	"Checked in after court.",
	"Quick call to confirm Thursday.",
	"Went through the benefits form together.",
	"She popped in to use the phone and the computer.",
	"Texted a reminder about the GP appointment.",
	"Went with her to the housing office.",
	"Planned the week: school run, probation, food bank.",
	"Listened; she had a hard weekend.",
};
static const char *const handovers[] = {
	"Prefers texts before 10am; never call after 6pm. Court date coming up: she would like "
	"someone with her.",
	"Working on getting the children home: supervised contact going well. Chasing housing "
	"about the repairs.",
	"Do not leave voicemails. Best reached at the centre on Tuesdays (women's group).",
	"Anxious in waiting rooms: meet her outside first. Universal Credit journal needs "
	"checking weekly.",
};

/* Case-note sentences; {n} is her known-as name, {a} an agency, {d} a day. */
static const char *const note_open[] = {
	"Met {n} at the centre for a cup of tea and a catch-up.",
	"{n} phoned the centre this morning and asked for a call back.",
	"Home visit to {n} as planned; the children were at school.",
	"Went with {n} to her appointment with {a}.",
	"{n} came to the drop-in and stayed for lunch.",
	"Spoke to {n} on the phone after several attempts this week.",
	"Saw {n} at court this morning before her hearing.",
	"Prison in-reach visit: {n} was pleased to see a familiar face.",
};
static const char *const note_body[] = {
	"She said {a} have not replied to her email from last week, and she is worried that her "
	"claim will be closed again.",
	"We talked through the letter from {a} and what it means for her; she asked me to help "
	"her write back.",
	"She is proud that she kept every appointment this month, and I told her so.",
	"She is worried about the school run while she is at probation on {d}.",
	"We agreed to chase the benefits claim together on {d}.",
	"She would like to join the Wednesday group when childcare allows.",
	"We went through the safety plan together; she said nothing needs to change today.",
	"Food bank voucher given; she will collect it on {d}.",
	"She asked for help writing to the mental health team about re-opening her case.",
	"Good progress with the college application; the deadline is next month.",
	"With her consent I phoned the GP and booked an appointment for {d}.",
	"She said she had not slept well and the flat is still cold; the repairs have not been "
	"done despite two visits from {a}.",
	"Her youngest has a cough and she has not been able to get a GP appointment.",
	"She described the weekend as hard but said talking about it helped.",
	"She has money for the electricity until {d}; we looked at the hardship fund together.",
	"She would like me to come with her to the meeting with {a} because last time she felt "
	"she was not listened to.",
	"She brought the paperwork for the housing application and we copied everything at the "
	"centre.",
	"She told me about the contact arrangements and that the handovers at the station are "
	"stressful.",
	"She has started walking to the centre instead of taking the bus, to save the fare.",
	"Her social worker changed again; she does not yet know the new one's name.",
	"She was tearful talking about her mum, and said she wanted to keep going with the group.",
	"The solicitor needs evidence for legal aid; I will ask {a} for a letter.",
	"She has been going to the food bank on Fridays and said the volunteers are kind.",
	"She asked what a pre-sentence report is; I explained and said I would speak to the "
	"report writer with her consent.",
	"Talked about what she would like to do next year: a job in a nursery, or a course first.",
};
static const char *const note_close[] = {
	"Next contact agreed for {d}, by text first.",
	"I will chase {a} on {d} and let her know.",
	"She knows she can drop in any time.",
	"Agreed actions are on her plan.",
	"Nothing else today.",
	"I will update her plan and the tasks.",
};
static const char *const note_agencies[] = {
	"the housing office", "DWP",	       "the GP",      "children's services",
	"probation",	      "the solicitor", "the council", "the mental health team"
};
static const char *const note_days[] = { "Monday",   "Tuesday", "Wednesday",
					 "Thursday", "Friday",	"next week" };

/* --- dates --- */

/* "YYYY-MM-DDTHH:MM:SSZ" of a time. */
static void iso_str(time_t t, char out[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- the generator --- */

struct worker {
	char id[37];
	unsigned quota;
	bool login;
};

struct gen {
	struct kw_session *s;
	struct kw_bulk *b;
	struct kw_err *err;
	uint64_t seed;
	time_t now;
	long today; /* day number of today (local date) */
	char dropin_id[37];
	struct worker *workers;
	size_t nworkers, cap, cur, nlogins;
	unsigned used; /* women given to the current worker */
	unsigned long next_record_worker;
	unsigned refmul, refadd;
	bool sensitive;
};

static int row(struct gen *g, enum kw_bulk_kind kind, const char *id, time_t at, const char *by,
	       const char *const *vals)
{
	char ats[21];

	if (at > g->now)
		at = g->now;
	iso_str(at, ats);
	return kw_bulk_row(g->b, kind, id, ats, by, vals, g->err);
}

/*
 * A keyworker recorded without a login: a users row, no key slot, marked
 * disabled, as a leaver's row is, so that the row agrees with the protected
 * register (which gives her no keys) and `keywork check` finds nothing amiss.
 */
static int add_record_worker(struct gen *g, struct rng *r)
{
	static const char *const names[] = { "amara",  "bea",  "cara",	"delia",  "esme",
					     "fola",   "gita", "hana",	"ines",	  "jo",
					     "keisha", "lena", "maya",	"nadia",  "orla",
					     "paula",  "rosa", "shona", "tamsin", "vita" };
	static const char *const initials = "abcdefghjklmnprstwy";
	unsigned long k = g->next_record_worker++;
	char username[33], id[37];
	const char *vals[3];
	struct worker *w;

	snprintf(username, sizeof(username), "%s.%c%s", names[k % KW_ARRAY_LEN(names)],
		 initials[(k / KW_ARRAY_LEN(names)) % strlen(initials)], "");
	if (k >= KW_ARRAY_LEN(names) * strlen(initials))
		snprintf(username, sizeof(username), "%s.%c%lu", names[k % KW_ARRAY_LEN(names)],
			 initials[(k / KW_ARRAY_LEN(names)) % strlen(initials)],
			 k / (KW_ARRAY_LEN(names) * strlen(initials)));
	rng_uuid(r, id);
	vals[0] = username;
	vals[1] = "keyworker";
	vals[2] = "1";
	if (row(g, KW_BULK_USER, id, g->now - 400 * DAY, g->s->user.meta.id, vals) != 0)
		return -1;
	if (g->nworkers == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->workers = kw_xrealloc(g->workers, g->cap * sizeof(*g->workers));
	}
	w = &g->workers[g->nworkers++];
	memcpy(w->id, id, sizeof(id));
	w->quota = (unsigned)range(r, 30, 50);
	w->login = false;
	return 0;
}

/*
 * The keyworker for the next keyworked woman, and whether she is among the
 * first three of a login's caseload (who get an appointment today).
 */
static const char *next_worker(struct gen *g, struct rng *wr, bool *first_of_login)
{
	while (g->cur >= g->nworkers || g->used >= g->workers[g->cur].quota) {
		if (g->cur < g->nworkers) {
			g->cur++;
			g->used = 0;
		}
		if (g->cur >= g->nworkers && add_record_worker(g, wr) != 0)
			return NULL;
	}
	*first_of_login = g->workers[g->cur].login && g->used < 3;
	g->used++;
	return g->workers[g->cur].id;
}

/* A reference unique within one fill: KW- and six letters of a scramble of her number. */
static void reference(struct gen *g, unsigned long i, char out[16])
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint32_t x = (uint32_t)((i * g->refmul + g->refadd) & 0x3fffffffu);

	/* xorshifts and an odd multiplier are each invertible on 30 bits. */
	x ^= x >> 13;
	x = (x * 0x2f0b3u) & 0x3fffffffu;
	x ^= x >> 11;
	memcpy(out, "KW-", 3);
	for (int k = 0; k < 6; k++)
		out[3 + k] = alphabet[(x >> (5 * (5 - k))) & 31];
	out[9] = '\0';
}

/* Appends template t to b, filling {n}, {a} and {d}. */
static void fill(struct kw_buf *b, struct rng *r, const char *t, const char *name)
{
	for (const char *p = t; *p != '\0'; p++) {
		if (p[0] == '{' && p[1] != '\0' && p[2] == '}') {
			kw_buf_adds(b, p[1] == 'n'   ? name
				       : p[1] == 'a' ? PICK(r, note_agencies)
						     : PICK(r, note_days));
			p += 2;
		} else {
			kw_buf_add(b, p, 1);
		}
	}
}

/* A case note of realistic length: an opening, a few to many sentences, a close. */
static void note_text(struct kw_buf *b, struct rng *r, const char *name)
{
	unsigned body = 1 + pick(r, 3) + pick(r, 3) + (chance(r, 20) ? pick(r, 8) : 0);

	fill(b, r, PICK(r, note_open), name);
	for (unsigned i = 0; i < body; i++) {
		kw_buf_adds(b, i % 4 == 3 ? "\n\n" : " ");
		fill(b, r, PICK(r, note_body), name);
	}
	kw_buf_adds(b, " ");
	fill(b, r, PICK(r, note_close), name);
}

/* One woman and everything recorded about her. */
static int add_woman(struct gen *g, unsigned long i)
{
	struct rng r = { g->seed * 0x2545f4914f6cdd1dULL ^ (i + 1) * 0x9e3779b97f4a7c15ULL };
	const struct culture *cu;
	const char *programme, *kw = NULL, *by, *vals[10], *name, *borough = NULL;
	char id[37], ref[16], dob[11], phone[16], ep[37], prev_ep[37] = "", rid[37];
	char d1[11], d2[11], d3[11], t1[21], t2[21], buf[64];
	bool drop, first_of_login = false, has_ep_open;
	long age, start, end, referred, opened = 0, closed = 0;
	unsigned ncontacts, nnotes, nchildren, w;
	const char *status;
	time_t *made_at;
	unsigned nmade = 0;
	int rc = -1;

	next(&r);
	programme = PICK_W(&r, programmes);
	drop = strcmp(programme, "drop_in") == 0;
	if (!drop) {
		kw = next_worker(g, &r, &first_of_login);
		if (kw == NULL)
			return -1;
	}
	by = kw != NULL ? kw : g->dropin_id;

	/* Who she is. */
	{
		unsigned total = 0, x;

		for (size_t k = 0; k < KW_ARRAY_LEN(cultures); k++)
			total += cultures[k].w;
		x = pick(&r, total);
		cu = &cultures[0];
		for (size_t k = 0; k < KW_ARRAY_LEN(cultures); k++) {
			if (x < cultures[k].w) {
				cu = &cultures[k];
				break;
			}
			x -= cultures[k].w;
		}
	}
	rng_uuid(&r, id);
	reference(g, i, ref);
	{
		const char *first = cu->first[pick(&r, (unsigned)cu->nfirst)];
		const char *last = cu->last[pick(&r, (unsigned)cu->nlast)];
		bool name_only = drop && chance(&r, 45);

		name = chance(&r, 12) ? PICK(&r, nicknames) : first;
		if (strcmp(programme, "young_women") == 0)
			age = range(&r, 15, 24);
		else if (chance(&r, 14))
			age = range(&r, 18, 24);
		else if (chance(&r, 45))
			age = range(&r, 25, 34);
		else if (chance(&r, 60))
			age = range(&r, 35, 44);
		else if (chance(&r, 75))
			age = range(&r, 45, 54);
		else
			age = range(&r, 55, 72);
		kw_date_of_days(g->today - age * 365 - range(&r, 0, 364), dob);
		snprintf(phone, sizeof(phone), "07%03u %06u", 100 + pick(&r, 900),
			 pick(&r, 1000000));
		vals[0] = ref;
		vals[1] = name;
		vals[2] = name_only ? NULL : first;
		vals[3] = name_only ? NULL : last;
		vals[4] = (name_only || chance(&r, drop ? 30 : 3)) ? NULL : dob;
		vals[5] = chance(&r, 85) ? phone : NULL;
		/* Where she lives is kept in the sensitive compartment (client_details). */
		borough = name_only ? NULL : PICK_W(&r, boroughs);
		vals[6] = NULL;
		vals[7] = kw;
	}

	/* Her episodes: a referral, opened (most), some closed, some re-opened. */
	referred = g->today - (chance(&r, 30) ? range(&r, 1, 120) : range(&r, 121, 1300));
	start = referred;
	if (!drop && chance(&r, 12)) {
		/* An earlier episode she closed herself; the current one re-opens it. */
		long pr = referred - range(&r, 200, 900), pc = referred - range(&r, 30, 150);

		rng_uuid(&r, prev_ep);
		kw_date_of_days(pr, d1);
		kw_date_of_days(pr + range(&r, 3, 20), d2);
		kw_date_of_days(pc, d3);
		start = pr;
	}
	if (row(g, KW_BULK_CLIENT, id, (time_t)start * DAY + 36000, by, vals) != 0)
		return -1;
	if (prev_ep[0] != '\0') {
		const char *evals[10] = { id,
					  PICK_W(&r, referral_sources),
					  programme,
					  NULL,
					  "closed",
					  d1,
					  d2,
					  d3,
					  "her_request",
					  NULL };
		const char *zv[5] = { prev_ep, d3,
				      "She said she has enough support for now and wants a "
				      "break.",
				      "You are welcome back any time: drop in or call and we "
				      "will pick up where we left off.",
				      "her_request" };

		if (row(g, KW_BULK_EPISODE, prev_ep, (time_t)start * DAY + 36000, by, evals) != 0)
			return -1;
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_CLOSURE, rid, (time_t)kw_date_days(d3) * DAY + 50000, by, zv) !=
		    0)
			return -1;
	}
	w = pick(&r, 100);
	status = drop				     ? "open"
		 : w < 8 && g->today - referred < 30 ? "referred"
		 : w < 90			     ? "open"
						     : "closed";
	if (strcmp(status, "referred") != 0)
		opened = referred + range(&r, 0, 21);
	if (opened > g->today)
		opened = g->today;
	if (strcmp(status, "closed") == 0) {
		closed = g->today - range(&r, 1, 200);
		if (closed <= opened)
			closed = opened + 1;
		if (closed > g->today)
			closed = g->today;
	}
	has_ep_open = strcmp(status, "closed") != 0;
	rng_uuid(&r, ep);
	kw_date_of_days(referred, d1);
	kw_date_of_days(opened, d2);
	kw_date_of_days(closed, d3);
	{
		const char *level = PICK_W(&r, need_levels);
		const char *why = PICK_W(&r, closure_reasons);
		bool wish = strcmp(why, "her_request") == 0;
		const char *evals[10] = {
			id,
			drop ? "self" : PICK_W(&r, referral_sources),
			programme,
			strcmp(programme, "diversion") == 0 ? level : NULL,
			status,
			d1,
			opened ? d2 : NULL,
			closed ? d3 : NULL,
			closed ? why : NULL,
			prev_ep[0] != '\0' ? prev_ep : NULL,
		};

		if (row(g, KW_BULK_EPISODE, ep, (time_t)referred * DAY + 36000, by, evals) != 0)
			return -1;
		if (closed) {
			/* Her words and the welcome back are asked only when it is her wish. */
			const char *zv[5] = {
				ep, d3,
				wish ? "She is doing well and would like to manage "
				       "on her own for now."
				     : NULL,
				wish ? "Drop in or call any time; your keyworker will "
				       "be glad to hear from you."
				     : NULL,
				why
			};

			rng_uuid(&r, rid);
			if (row(g, KW_BULK_CLOSURE, rid, (time_t)closed * DAY + 50000, by, zv) != 0)
				return -1;
		}
	}

	/* Contacts: the newest is recent for most; about one in five is overdue. */
	ncontacts = 8 + pick(&r, 13) + pick(&r, 13);
	end = closed ? closed : g->today;
	if (has_ep_open && !drop)
		end -= chance(&r, 78) ? range(&r, 0, 6) : range(&r, 8, 45);
	if (end < start)
		end = start;
	made_at = kw_xcalloc(ncontacts, sizeof(*made_at));
	for (unsigned k = 0; k < ncontacts; k++) {
		/* Newest first, spread back towards the start of her support. */
		long span = end - (opened ? opened : referred);
		long day = end -
			   (span > 0 ? (long)((double)span * k / ncontacts) + range(&r, 0, 2) : 0);
		time_t at = (time_t)day * DAY + 9 * 3600 + (time_t)pick(&r, 9 * 3600);
		unsigned o = pick(&r, 100);
		const char *outcome = k == 0 || o < 70 ? "made" : o < 88 ? "attempted" : "missed";
		const char *cv[7];
		char cid[37];

		if (at > g->now - 600)
			at = g->now - 600 - (time_t)pick(&r, 3600);
		iso_str(at, t1);
		rng_uuid(&r, cid);
		cv[0] = id;
		cv[1] = prev_ep[0] != '\0' && day < referred ? prev_ep : ep;
		cv[2] = t1;
		cv[3] = drop ? PICK_W(&r, modes_dropin) : PICK_W(&r, modes_keyworker);
		cv[4] = outcome;
		cv[5] = strcmp(outcome, "missed") == 0 ? PICK_W(&r, missed_reasons) : NULL;
		cv[6] = strcmp(outcome, "made") == 0 && chance(&r, 60) ? PICK(&r, contact_summaries)
								       : NULL;
		if (strcmp(outcome, "made") == 0)
			made_at[nmade++] = at;
		if (row(g, KW_BULK_CONTACT, cid, at + 300 + (time_t)pick(&r, 7200), by, cv) != 0)
			goto out;
	}

	/* Case notes, mostly about a contact made, written soon after. */
	nnotes = g->sensitive ? 4 + pick(&r, 12) + pick(&r, 12) : 0;
	{
		char last_note[37] = "";

		for (unsigned k = 0; k < nnotes; k++) {
			struct kw_buf body = { 0 };
			time_t at =
				nmade > 0 ? made_at[pick(&r, nmade)] + 600
					  : (time_t)(start +
						     (long)pick(&r, (unsigned)(end - start + 1))) *
							    DAY +
						    40000;
			time_t written =
				at + 900 + (time_t)pick(&r, chance(&r, 80) ? 7200 : 172800);
			bool amend = last_note[0] != '\0' && chance(&r, 2);
			const char *nv[6];
			char nid[37];

			if (at > g->now - 600)
				at = g->now - 600;
			if (written > g->now)
				written = g->now;
			if (amend)
				kw_buf_adds(&body, "Correction to my earlier note: ");
			note_text(&body, &r, name);
			iso_str(at, t1);
			iso_str(written, t2);
			rng_uuid(&r, nid);
			nv[0] = id;
			nv[1] = t1;
			nv[2] = t2;
			nv[3] = body.p;
			nv[4] = chance(&r, 4) ? "1" : "0";
			nv[5] = amend ? last_note : NULL;
			rc = row(g, KW_BULK_NOTE, nid, written, by, nv);
			kw_buf_free(&body);
			if (rc != 0)
				goto out;
			rc = -1;
			memcpy(last_note, nid, sizeof(nid));
		}
	}

	/* Children, each a record; some dates of birth not known. */
	{
		unsigned x = pick(&r, 100);

		nchildren = age < 17 ? 0
			    : x < 40 ? 0
			    : x < 65 ? 1
			    : x < 83 ? 2
			    : x < 93 ? 3
				     : 4 + pick(&r, 3);
	}
	for (unsigned k = 0; k < nchildren; k++) {
		long cage = range(&r, 0, age - 16 < 20 ? age - 16 : 20);
		const char *chv[4], *lw = PICK_W(&r, lives_with);
		char chid[37];

		if (cage >= 18 && chance(&r, 50))
			lw = "independent";
		kw_date_of_days(g->today - cage * 365 - range(&r, 0, 364), d1);
		rng_uuid(&r, chid);
		chv[0] = id;
		chv[1] = PICK(&r, child_names);
		chv[2] = chance(&r, 15) ? NULL : d1;
		chv[3] = chance(&r, 8) ? NULL : lw;
		if (row(g, KW_BULK_CHILD, chid, (time_t)start * DAY + 40000, by, chv) != 0)
			goto out;
		if (g->sensitive && chance(&r, 60)) {
			const char *dv[4] = {
				chid,
				PICK_W(&r, legal_status),
				cage >= 4 && cage <= 16 && chance(&r, 50) ? "Local primary school"
									  : NULL,
				chance(&r, 30) ? "Supervised contact with the other parent every "
						 "other Saturday at a contact centre."
					       : NULL,
			};

			if (row(g, KW_BULK_CHILD_DETAILS, chid, (time_t)start * DAY + 40000, by,
				dv) != 0)
				goto out;
		}
	}

	/* Pregnancy: "unknown" and "not asked yet" are answers of their own. */
	if (g->sensitive && age < 50) {
		unsigned x = pick(&r, 100);
		const char *pv[4] = { id, "pregnant", NULL, NULL };

		if (x < 7) {
			pv[2] = "yes";
			pv[3] = "answered";
		} else if (x < 60) {
			pv[2] = "no";
			pv[3] = "answered";
		} else if (x < 90) {
			pv[3] = "unknown";
		} else if (x < 93) {
			pv[3] = "declined";
		} else {
			pv[3] = "not_asked";
		}
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_CUSTOM_S, rid, (time_t)opened * DAY + 40000, by, pv) != 0)
			goto out;
		if (x < 7) {
			const char *wv[4] = { id, "weeks", buf, "answered" };
			long weeks = range(&r, 6, 38);

			snprintf(buf, sizeof(buf), "%ld", weeks);
			rng_uuid(&r, rid);
			if (row(g, KW_BULK_CUSTOM_S, rid, (time_t)opened * DAY + 40000, by, wv) !=
			    0)
				goto out;
			kw_date_of_days(g->today + (40 - weeks) * 7, d1);
			wv[1] = "due_date";
			wv[2] = d1;
			rng_uuid(&r, rid);
			if (row(g, KW_BULK_CUSTOM_S, rid, (time_t)opened * DAY + 40000, by, wv) !=
			    0)
				goto out;
		}
	}

	/* Her profile's sensitive part, the handover, and the safe ways to reach her. */
	if (g->sensitive && chance(&r, 60)) {
		char pc[16];
		const char *dv[5] = { id, pc, PICK_W(&r, immigration),
				      chance(&r, 40) ? PICK(&r, codewords) : NULL, borough };

		snprintf(pc, sizeof(pc), "%s %u%c%c", PICK(&r, postcodes), pick(&r, 10),
			 'A' + (char)pick(&r, 26), 'A' + (char)pick(&r, 26));
		if (row(g, KW_BULK_CLIENT_DETAILS, id, (time_t)start * DAY + 40000, by, dv) != 0)
			goto out;
	} else if (g->sensitive && borough != NULL) {
		const char *dv[5] = { id, NULL, NULL, NULL, borough };

		if (row(g, KW_BULK_CLIENT_DETAILS, id, (time_t)start * DAY + 40000, by, dv) != 0)
			goto out;
	}
	if (g->sensitive && !drop && chance(&r, 15)) {
		const char *hv[4] = { id, "handover", PICK(&r, handovers), "answered" };

		rng_uuid(&r, rid);
		if (row(g, KW_BULK_CUSTOM_S, rid, g->now - (time_t)pick(&r, 60) * DAY, by, hv) != 0)
			goto out;
	}
	if (chance(&r, 65)) {
		const char *sv[4] = { id, "safe_channels", PICK(&r, safe_channel_sets),
				      "answered" };

		rng_uuid(&r, rid);
		if (row(g, KW_BULK_CUSTOM, rid, (time_t)start * DAY + 40000, by, sv) != 0)
			goto out;
	}

	if (drop)
		goto done;

	/* Pauses in contact: some in the past, a few covering today. */
	if (has_ep_open && chance(&r, 6)) {
		long ps = g->today - range(&r, 60, 300);
		const char *pv[4] = { id, PICK_W(&r, pause_reasons), d1, d2 };

		kw_date_of_days(ps, d1);
		kw_date_of_days(ps + range(&r, 14, 50), d2);
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_PAUSE, rid, (time_t)ps * DAY + 40000, by, pv) != 0)
			goto out;
	}
	if (has_ep_open && chance(&r, 3)) {
		long ps = g->today - range(&r, 1, 30);
		const char *pv[4] = { id, PICK_W(&r, pause_reasons), d1,
				      chance(&r, 30) ? NULL : d2 };

		kw_date_of_days(ps, d1);
		kw_date_of_days(g->today + range(&r, 2, 60), d2);
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_PAUSE, rid, (time_t)ps * DAY + 40000, by, pv) != 0)
			goto out;
	}

	/* Pathways she is working on: a plan each, and scores on the ladder over time. */
	{
		unsigned np = 1 + pick(&r, 4), first = pick(&r, 7);

		/* Pathways three apart: one open plan per pathway, as the store requires. */
		for (unsigned k = 0; k < np; k++) {
			const char *pw = pathways[(first + k * 3) % KW_ARRAY_LEN(pathways)];
			long day = (opened ? opened : referred) + range(&r, 0, 30);
			long score = range(&r, 1, 3);
			unsigned times = 1 + pick(&r, 5);
			const char *spv[5] = {
				id, pw, d1, NULL,
				"Goals agreed with her, in her words, on her plan."
			};

			if (day > g->today)
				day = g->today;
			kw_date_of_days(day, d1);
			rng_uuid(&r, rid);
			if (row(g, KW_BULK_SUPPORT_PLAN, rid, (time_t)day * DAY + 40000, by, spv) !=
			    0)
				goto out;
			for (unsigned t = 0; t < times && day <= g->today; t++) {
				const char *ov[4] = { id, pw, d1, buf };

				kw_date_of_days(day, d1);
				if (chance(&r, 5))
					snprintf(buf, sizeof(buf), "not_applicable");
				else
					snprintf(buf, sizeof(buf), "%ld", score);
				rng_uuid(&r, rid);
				if (row(g, KW_BULK_OUTCOME, rid, (time_t)day * DAY + 40000, by,
					ov) != 0)
					goto out;
				score += chance(&r, 60) ? 1 : chance(&r, 20) ? -1 : 0;
				score = score < 1 ? 1 : score > 5 ? 5 : score;
				day += range(&r, 42, 84);
			}
		}
	}

	/* Strengths and achievements. */
	for (unsigned k = 0, n = pick(&r, 6); k < n; k++) {
		long day = g->today - range(&r, 0, g->today - start);
		const char *gv[4] = { id, d1, PICK(&r, strength_kinds), PICK(&r, strength_texts) };

		kw_date_of_days(day, d1);
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_STRENGTH, rid, (time_t)day * DAY + 50000, by, gv) != 0)
			goto out;
	}

	/* Practical help: tasks with due and chase dates; some due or overdue today. */
	for (unsigned k = 0, n = pick(&r, 3) + pick(&r, 4); k < n; k++) {
		const struct task_kind *tk = &PICK(&r, task_kinds);
		long due = g->today + (chance(&r, 5) ? 0 : range(&r, -90, 30));
		unsigned x = pick(&r, 100);
		const char *st = due > g->today ? (x < 60 ? "to_do" : "waiting")
				 : x < 50	? "done"
				 : x < 72	? "to_do"
				 : x < 94	? "waiting"
						: "not_needed";
		const char *tv[8];

		kw_date_of_days(due, d1);
		kw_date_of_days(due - range(&r, 0, 10), d2);
		kw_date_of_days(due + range(&r, -7, 14), d3);
		tv[0] = id;
		tv[1] = tk->title;
		tv[2] = tk->pathway;
		tv[3] = d1;
		tv[4] = strcmp(st, "waiting") == 0 ? d2 : NULL;
		tv[5] = st;
		tv[6] = strcmp(st, "done") == 0 ? (kw_date_days(d3) > g->today ? d1 : d3) : NULL;
		tv[7] = strcmp(st, "done") == 0 ? "Done together; she has a copy." : NULL;
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_TASK, rid, (time_t)(due - 14) * DAY + 40000, by, tv) != 0)
			goto out;
	}

	/* Appointments: past and coming, and some today (local time, as a form stores it). */
	for (unsigned k = 0, n = pick(&r, 3) + (first_of_login || chance(&r, 4)); k < n; k++) {
		bool today = (first_of_login && k == 0) || (k == 0 && chance(&r, 40));
		long day = today ? g->today : g->today + range(&r, -120, 60);
		char when[20];
		const char *av[6];

		kw_date_of_days(day, d1);
		snprintf(when, sizeof(when), "%s %02u:%s", d1, 9 + pick(&r, 8),
			 pick(&r, 2) ? "30" : "00");
		av[0] = id;
		av[1] = PICK_W(&r, appointment_kinds);
		av[2] = when;
		av[3] = PICK(&r, places);
		av[4] = PICK(&r, with_whom);
		av[5] = chance(&r, 40) ? "yes" : "no";
		rng_uuid(&r, rid);
		if (row(g, KW_BULK_APPOINTMENT, rid, (time_t)(day - 10) * DAY + 40000, by, av) != 0)
			goto out;
	}

	/* Advocacy: an item per agency issue, a chain of steps with deadlines. */
	for (unsigned k = 0, n = chance(&r, 35) ? 1 + pick(&r, 3) : 0; k < n; k++) {
		const struct advocacy_kind *ak = &PICK(&r, advocacy_kinds);
		long day = g->today - range(&r, 3, 180), happened[KW_ARRAY_LEN(step_keys)];
		unsigned want = 1 + pick(&r, KW_ARRAY_LEN(step_keys)), steps = 0;
		bool resolved;
		const char *iv[7];
		char iid[37];

		for (unsigned st = 0; st < want; st++) {
			happened[st] = day + (long)st * range(&r, 5, 15);
			if (happened[st] > g->today)
				break;
			steps++;
		}
		resolved = steps == KW_ARRAY_LEN(step_keys);
		rng_uuid(&r, iid);
		kw_date_of_days(day, d1);
		kw_date_of_days(day + range(&r, 7, 14), d2);
		kw_date_of_days(happened[steps - 1], d3);
		iv[0] = id;
		iv[1] = ak->agency;
		iv[2] = ak->issue;
		iv[3] = d1;
		iv[4] = d2;
		iv[5] = resolved ? "resolved" : "open";
		iv[6] = resolved ? d3 : NULL;
		if (row(g, KW_BULK_ADVOCACY_ITEM, iid, (time_t)day * DAY + 40000, by, iv) != 0)
			goto out;
		for (unsigned st = 0; st < steps; st++) {
			const char *sv[5];
			char sid[37];

			kw_date_of_days(happened[st], d2);
			kw_date_of_days(happened[st] + range(&r, 5, 14), d3);
			sv[0] = iid;
			sv[1] = step_keys[st];
			sv[2] = d2;
			sv[3] = st + 1 < KW_ARRAY_LEN(step_keys) ? d3 : NULL;
			sv[4] = step_summaries[st];
			rng_uuid(&r, sid);
			if (row(g, KW_BULK_ADVOCACY_STEP, sid, (time_t)happened[st] * DAY + 45000,
				by, sv) != 0)
				goto out;
		}
	}

	/* Risk assessments (sensitive) for some, newest last. */
	if (g->sensitive && chance(&r, 30)) {
		for (unsigned k = 0, n = 1 + pick(&r, 3); k < n; k++) {
			long day = (opened ? opened : referred) + (long)k * range(&r, 60, 120);
			long score = (long)(pick(&r, 9) + pick(&r, 9));
			const char *level = score >= 14	  ? "high"
					    : score >= 10 ? "medium"
							  : "standard";
			const char *judged = chance(&r, 10) ? "high" : NULL;
			const char *eff = judged != NULL ? judged : level;
			const char *rv[6] = {
				id,	d1,
				buf,	level,
				judged, strcmp(eff, "high") == 0 ? "indicated" : "not_indicated"
			};

			if (day > g->today)
				break;
			kw_date_of_days(day, d1);
			snprintf(buf, sizeof(buf), "%ld", score);
			rv[3] = eff;
			rng_uuid(&r, rid);
			if (row(g, KW_BULK_RISK, rid, (time_t)day * DAY + 50000, by, rv) != 0)
				goto out;
		}
	}
done:
	rc = 0;
out:
	free(made_at);
	return rc;
}

static int add_login(void *ctx, const struct kw_user *u)
{
	struct gen *g = ctx;
	struct worker *w;

	if (u->disabled)
		return 0;
	if (u->role == KW_ROLE_DROPIN) {
		if (g->dropin_id[0] == '\0' || strcmp(g->dropin_id, g->s->user.meta.id) == 0)
			memcpy(g->dropin_id, u->meta.id, sizeof(g->dropin_id));
		return 0;
	}
	if (strcmp(u->meta.id, g->s->user.meta.id) == 0)
		return 0; /* she is first, added before */
	if (g->nworkers == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->workers = kw_xrealloc(g->workers, g->cap * sizeof(*g->workers));
	}
	w = &g->workers[g->nworkers++];
	memcpy(w->id, u->meta.id, sizeof(w->id));
	w->quota = 38;
	w->login = true;
	return 0;
}

int kw_synth_fill(struct kw_session *s, unsigned long n, unsigned long seed, struct kw_err *err)
{
	struct gen g = { 0 };
	struct rng r;
	char today[11], detail[96];
	int rc = -1;

	g.s = s;
	g.err = err;
	g.seed = seed;
	g.now = time(NULL);
	kw_today(today);
	g.today = kw_date_days(today);
	g.sensitive = kw_store_has_sensitive(s->store);
	r.s = seed ^ 0x5eed5eed5eedULL;
	g.refmul = (unsigned)(next(&r) | 1) & 0x3fffffffu;
	g.refadd = (unsigned)next(&r) & 0x3fffffffu;
	memcpy(g.dropin_id, s->user.meta.id, sizeof(g.dropin_id));
	/* The signed-in user's caseload first, then every other login's. */
	g.cap = 16;
	g.workers = kw_xcalloc(g.cap, sizeof(*g.workers));
	memcpy(g.workers[0].id, s->user.meta.id, sizeof(g.workers[0].id));
	g.workers[0].quota = 40;
	g.workers[0].login = true;
	g.nworkers = 1;
	if (kw_db_user_each(s->store, add_login, &g, err) != 0)
		goto out;
	g.nlogins = g.nworkers;
	if (kw_store_begin_long(s->store, s->user.username, "adding demo women", err) != 0)
		goto out;
	if (kw_bulk_new(s->store, &g.b, err) != 0)
		goto fail;
	for (unsigned long i = 0; i < n; i++)
		if (add_woman(&g, i) != 0)
			goto fail;
	snprintf(detail, sizeof(detail), "%lu synthetic women, seed %lu", n, seed);
	if (kw_bulk_finish(g.b, err) != 0 || kw_db_optimize(s->store, err) != 0 ||
	    kw_db_audit(s->store, "synthetic-data", NULL, detail, err) != 0)
		goto fail;
	if (kw_store_commit(s->store, err) != 0)
		goto out;
	rc = 0;
	goto out;
fail:
	kw_store_rollback(s->store);
out:
	kw_bulk_free(&g.b);
	free(g.workers);
	return rc;
}
