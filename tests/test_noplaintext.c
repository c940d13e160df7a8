/*
 * test_noplaintext.c: no plaintext marker reaches any file keywork writes.
 *
 * SQLite unlinks its temporary files as soon as it opens them, so listing
 * directories afterwards proves nothing: the test watches the system calls
 * instead. It runs itself again as a child ("--child DIR [--leaky]") under
 *
 *   strace -f -qq -e trace=openat,open,creat,close,write,pwrite64,writev,
 *          pwritev,pwritev2 -s 1000000 -xx -o LOG
 *
 * The child creates a data directory, imports women whose names carry a
 * marker from a CSV file outside it, adds case notes whose bodies repeat a
 * second marker and contacts whose summaries carry a third, searches the
 * notes, pushes every note body through SQLite's temporary storage
 * (kw_db_test_sort_notes), runs kw_db_check, fails one unlock (so the
 * unlock state file is written), signs in again and closes.
 *
 * The parent maps (pid, fd) to the path each open/openat/creat returned,
 * decodes the bytes of every write-family call to such an fd and searches
 * them (case-insensitively, and in hex) for the markers. Every file opened
 * by path counts, except the CSV input; writes to stdout, stderr and other
 * fds not opened by path are reported but not judged.
 *
 * Normal run: no marker may reach any file. Leaky run (--leaky: the store
 * is made to use temp_store = FILE, TMPDIR pointing at a directory the test
 * made): a marker must be seen in a file under TMPDIR; that is the proof
 * that the watch can see a leak at all. In both runs nothing may reach the
 * data directory.
 */
#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keywork/util.h"
#include "keywork/form.h"
#include "testutil.h"

/* Distinctive words (FTS5 lower-cases tokens, so matching ignores case). */
#define MARK_NAME "Kwnamemark93qz"
#define MARK_NOTE "Kwnotemark57xj"
#define MARK_CONTACT "Kwcontmark21vb"

/* Enough note text (about 2.6 MB) to overflow SQLite's temp cache and sorter memory. */
#define N_CLIENTS 48
#define NOTES_PER_CLIENT 8
#define NOTE_REPEAT 110

#define TRACE_SET "trace=openat,open,creat,close,write,pwrite64,writev,pwritev,pwritev2"

/* --- the child: the workload under strace --- */

static int child_fail(const char *what, const struct kw_err *err)
{
	char buf[1024];

	fprintf(stderr, "noplaintext child: %s: %s\n", what,
		err != NULL ? kw_err_str(err, buf, sizeof(buf)) : "failed");
	return 1;
}

struct idlist {
	char (*ids)[37];
	size_t n;
};

static int collect_client(void *ctx, const struct kw_client *c)
{
	struct idlist *l = ctx;

	l->ids = kw_xrealloc(l->ids, (l->n + 1) * sizeof(*l->ids));
	memcpy(l->ids[l->n++], c->meta.id, 37);
	return 0;
}

static int count_note(void *ctx, const struct kw_note *n)
{
	(void)n;
	(*(unsigned long *)ctx)++;
	return 0;
}

static void print_problem(void *ctx, const char *what)
{
	(void)ctx;
	fprintf(stderr, "noplaintext child: check: %s\n", what);
}

static int child_main(const char *base, bool leaky)
{
	char *data = kw_path_join(base, "data");
	char *csv = kw_path_join(base, "input/clients.csv");
	struct kw_secret *pass = tu_pass(TU_PASS), *wrong = tu_pass("not-the-passphrase-at-all");
	struct kw_secret *code = NULL;
	struct kw_session *s = NULL;
	struct kw_err err;
	struct idlist clients = { 0 };
	struct kw_buf body = { 0 };
	unsigned long count = 0, hits = 0;
	int problems;

	if (kw_crypto_init() != 0)
		return child_fail("kw_crypto_init", NULL);
	if (leaky)
		kw_db_test_force_temp_file(true);
	if (kw_session_create(data, "ana", pass, KW_KDF_INTERACTIVE, false, &s, &code, &err) != 0)
		return child_fail("creating the data directory", &err);
	kw_secret_free(&code);
	{
		struct kw_form_pack *pack = tu_pack(NULL, 0);
		int rc = kw_import_clients(s, pack, csv, false, stderr, NULL, &count, &err);

		kw_form_pack_free(&pack);
		if (rc != 0)
			return child_fail("importing", &err);
	}
	if (count != N_CLIENTS)
		return child_fail("importing: wrong count", NULL);
	if (kw_db_client_each(s->store, collect_client, &clients, &err) != 0)
		return child_fail("listing women", &err);

	for (int i = 0; i < NOTE_REPEAT; i++)
		kw_buf_printf(&body,
			      "Met her at the centre (%d); " MARK_NOTE " talked about "
			      "housing and the children. ",
			      i);
	for (size_t c = 0; c < clients.n; c++) {
		if (kw_store_begin(s->store, &err) != 0)
			return child_fail("begin", &err);
		for (int k = 0; k < NOTES_PER_CLIENT; k++) {
			struct kw_note n = { 0 };

			memcpy(n.client_id, clients.ids[c], 37);
			n.body = body.p;
			n.confidential = (k % 2) == 1;
			if (kw_db_note_add(s->store, &n, &err) != 0)
				return child_fail("adding a note", &err);
		}
		{
			struct kw_contact ct = { 0 };
			char summary[128];

			snprintf(summary, sizeof(summary),
				 "Phoned; " MARK_CONTACT " asked for a food voucher (%zu)", c);
			memcpy(ct.client_id, clients.ids[c], 37);
			ct.mode = (char *)"phone";
			ct.outcome = KW_CONTACT_MADE;
			ct.summary = summary;
			if (kw_db_contact_add(s->store, &ct, &err) != 0)
				return child_fail("logging a contact", &err);
		}
		if (kw_store_commit(s->store, &err) != 0)
			return child_fail("commit", &err);
	}
	if (kw_db_note_search(s->store, MARK_NOTE, NULL, 20, count_note, &hits, &err) != 0)
		return child_fail("searching notes", &err);
	if (hits == 0)
		return child_fail("searching notes found nothing", NULL);
	if (kw_db_test_sort_notes(s->store, &err) != 0)
		return child_fail("sorting notes", &err);
	problems = kw_db_check(s->store, print_problem, NULL, &err);
	if (problems != 0)
		return child_fail("kw_db_check found problems", problems < 0 ? &err : NULL);
	kw_session_close(&s);

	/* A failed unlock writes the unlock state file; the next good one clears it. */
	if (kw_session_open(data, "ana", wrong, &s, &err) == 0 || err.status != KW_ENOPERM)
		return child_fail("a wrong passphrase was not refused", NULL);
	if (kw_session_open(data, "ana", pass, &s, &err) != 0)
		return child_fail("signing in again", &err);
	hits = 0;
	if (kw_db_note_search(s->store, MARK_NOTE, NULL, 5, count_note, &hits, &err) != 0 ||
	    hits == 0)
		return child_fail("searching notes again", &err);
	kw_session_close(&s);

	kw_buf_free(&body);
	free(clients.ids);
	kw_secret_free(&pass);
	kw_secret_free(&wrong);
	free(data);
	free(csv);
	return 0;
}

/* --- the parent: running the child under strace --- */

static char *find_on_path(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, *dir, *found = NULL;

	if (path == NULL || path[0] == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	copy = kw_xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
		char *p = kw_path_join(dir[0] != '\0' ? dir : ".", name);

		if (access(p, X_OK) == 0) {
			found = p;
			break;
		}
		free(p);
	}
	free(copy);
	return found;
}

static char *self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	ck_assert_msg(n > 0, "cannot read /proc/self/exe: %s", strerror(errno));
	buf[n] = '\0';
	return kw_xstrdup(buf);
}

static void mkdir_or_die(const char *path)
{
	ck_assert_msg(mkdir(path, 0700) == 0, "mkdir %s: %s", path, strerror(errno));
}

/* The CSV input: names carrying the marker, in a directory of its own. */
static char *write_csv(const char *base)
{
	char *dir = kw_path_join(base, "input");
	struct kw_buf b = { 0 };
	char *path;

	mkdir_or_die(dir);
	kw_buf_adds(&b, "reference,known_as,first_name,last_name,date_of_birth,phone,borough\n");
	for (int i = 0; i < N_CLIENTS; i++)
		kw_buf_printf(&b,
			      "NP-%04d,Ann " MARK_NAME " %d,Annabel,Smith-" MARK_NAME
			      ",1985-03-%02d,07700 900%03d,Hackney\n",
			      i, i, 1 + i % 28, i);
	path = tu_write(dir, "clients.csv", b.p, b.len);
	kw_buf_free(&b);
	free(dir);
	return path;
}

/* Runs the child under strace; returns its wait status. */
static int run_traced(const char *strace, const char *base, const char *tmp, const char *log,
		      bool leaky)
{
	char *self = self_exe();
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const char *asan = getenv("ASAN_OPTIONS");
		struct kw_buf opts = { 0 };
		const char *argv[20];
		int a = 0;

		/* SQLite reads these when it starts; the test's own directory takes temp files. */
		setenv("TMPDIR", tmp, 1);
		setenv("SQLITE_TMPDIR", tmp, 1);
		/* LeakSanitizer stops the world with ptrace, which strace already holds. */
		kw_buf_printf(&opts, "%s%sdetect_leaks=0", asan != NULL ? asan : "",
			      asan != NULL && asan[0] != '\0' ? ":" : "");
		setenv("ASAN_OPTIONS", opts.p, 1);
		argv[a++] = strace;
		argv[a++] = "-f";
		argv[a++] = "-qq";
		argv[a++] = "-e";
		argv[a++] = TRACE_SET;
		argv[a++] = "-s";
		argv[a++] = "1000000";
		argv[a++] = "-xx";
		argv[a++] = "-o";
		argv[a++] = log;
		argv[a++] = "--";
		argv[a++] = self;
		argv[a++] = "--child";
		argv[a++] = base;
		if (leaky)
			argv[a++] = "--leaky";
		argv[a] = NULL;
		execv(strace, (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", strace, strerror(errno));
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	free(self);
	return status;
}

/* --- the strace log --- */

enum where { W_DATA = 0, W_TMP, W_OTHER };
static const char *const where_name[] = { "data dir", "TMPDIR", "elsewhere" };

static const char *const markers[] = { MARK_NAME, MARK_NOTE, MARK_CONTACT };
#define N_MARKERS 3
#define N_FORMS (N_MARKERS * 2) /* each marker as text and as hex digits */
#define TAIL 64

/* A file opened by path: what was written to it. */
struct file {
	char *path;
	enum where where;
	bool writable;
	bool excluded;
	unsigned long opens;
	unsigned long writes;
	unsigned long long bytes;
	unsigned long hits[N_FORMS];
};

/* An open fd of a traced process. */
struct fdent {
	long pid;
	long fd;
	size_t file;		  /* index into files */
	unsigned char tail[TAIL]; /* the last bytes written, for markers split across writes */
	size_t taillen;
};

/* A call strace split around another process's: its first half, by pid. */
struct pending {
	long pid;
	char *text;
};

struct scan {
	const char *data_dir;
	const char *tmp_dir;
	const char *cwd;
	const char *csv;
	char forms[N_FORMS][64]; /* lower-case */
	size_t formlen[N_FORMS];
	struct file *files;
	size_t nfiles;
	struct fdent *fds;
	size_t nfds;
	struct pending *pend;
	size_t npend;
	unsigned long lines, calls, truncated, unreadable;
	unsigned long long other_bytes; /* stdout, stderr, pipes: not judged */
	unsigned long other_hits;
};

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static size_t file_for(struct scan *sc, const char *path)
{
	for (size_t i = 0; i < sc->nfiles; i++)
		if (strcmp(sc->files[i].path, path) == 0)
			return i;
	sc->files = kw_xrealloc(sc->files, (sc->nfiles + 1) * sizeof(*sc->files));
	memset(&sc->files[sc->nfiles], 0, sizeof(*sc->files));
	sc->files[sc->nfiles].path = kw_xstrdup(path);
	sc->files[sc->nfiles].where = under(path, sc->data_dir)	 ? W_DATA
				      : under(path, sc->tmp_dir) ? W_TMP
								 : W_OTHER;
	sc->files[sc->nfiles].excluded = strcmp(path, sc->csv) == 0;
	return sc->nfiles++;
}

static struct fdent *fd_find(struct scan *sc, long pid, long fd)
{
	for (size_t i = 0; i < sc->nfds; i++)
		if (sc->fds[i].pid == pid && sc->fds[i].fd == fd)
			return &sc->fds[i];
	return NULL;
}

static void fd_close(struct scan *sc, long pid, long fd)
{
	struct fdent *e = fd_find(sc, pid, fd);

	if (e != NULL)
		*e = sc->fds[--sc->nfds];
}

static void fd_open(struct scan *sc, long pid, long fd, size_t file)
{
	struct fdent *e;

	fd_close(sc, pid, fd);
	sc->fds = kw_xrealloc(sc->fds, (sc->nfds + 1) * sizeof(*sc->fds));
	e = &sc->fds[sc->nfds++];
	memset(e, 0, sizeof(*e));
	e->pid = pid;
	e->fd = fd;
	e->file = file;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes the C string literal at *pp (which points at its opening quote),
 * appending its bytes to out; leaves *pp after it. Returns false if there is
 * no string there. *truncated is set when strace cut it short ("...).
 */
static bool decode_string(const char **pp, struct kw_buf *out, bool *truncated)
{
	const char *p = *pp;

	if (*p != '"')
		return false;
	p++;
	while (*p != '\0' && *p != '"') {
		unsigned char c;

		if (*p != '\\') {
			c = (unsigned char)*p++;
			kw_buf_add(out, &c, 1);
			continue;
		}
		p++;
		switch (*p) {
		case 'x':
			if (hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
				c = (unsigned char)(hexval(p[1]) * 16 + hexval(p[2]));
				p += 3;
			} else {
				c = 'x';
				p++;
			}
			break;
		case 'n':
			c = '\n';
			p++;
			break;
		case 't':
			c = '\t';
			p++;
			break;
		case 'r':
			c = '\r';
			p++;
			break;
		case 'v':
			c = '\v';
			p++;
			break;
		case 'f':
			c = '\f';
			p++;
			break;
		case '0':
		case '1':
		case '2':
		case '3':
		case '4':
		case '5':
		case '6':
		case '7': {
			int v = 0, k = 0;

			while (k < 3 && *p >= '0' && *p <= '7') {
				v = v * 8 + (*p - '0');
				p++;
				k++;
			}
			c = (unsigned char)v;
			break;
		}
		case '\0':
			c = '\\';
			break;
		default:
			c = (unsigned char)*p++;
			break;
		}
		kw_buf_add(out, &c, 1);
	}
	if (*p == '"')
		p++;
	if (strncmp(p, "...", 3) == 0) {
		*truncated = true;
		p += 3;
	}
	*pp = p;
	return true;
}

/* Counts occurrences of needle in hay (both already lower-case). */
static unsigned long count_in(const char *hay, size_t n, const char *needle, size_t m)
{
	unsigned long hits = 0;
	const char *p = hay, *end = hay + n;

	while (m > 0 && (size_t)(end - p) >= m &&
	       (p = memmem(p, (size_t)(end - p), needle, m)) != NULL) {
		hits++;
		p += m;
	}
	return hits;
}

/* Lower-cases n bytes of data into a new buffer. */
static char *lower_copy(const void *data, size_t n)
{
	char *out = kw_xmalloc(n + 1);

	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower(((const unsigned char *)data)[i]);
	out[n] = '\0';
	return out;
}

/* Searches one write's bytes (with the fd's tail before them) for every marker form. */
static void judge_write(struct scan *sc, struct fdent *e, const unsigned char *data, size_t len)
{
	struct file *f = &sc->files[e->file];
	struct kw_buf joined = { 0 };
	char *low;

	f->writes++;
	f->bytes += len;
	kw_buf_add(&joined, e->tail, e->taillen);
	kw_buf_add(&joined, data, len);
	low = lower_copy(joined.p, joined.len);
	for (int k = 0; k < N_FORMS; k++) {
		/* Only hits that end inside this write: the tail's were counted already. */
		f->hits[k] += count_in(low, joined.len, sc->forms[k], sc->formlen[k]) -
			      count_in(low, e->taillen, sc->forms[k], sc->formlen[k]);
	}
	if (joined.len >= TAIL) {
		memcpy(e->tail, joined.p + joined.len - TAIL, TAIL);
		e->taillen = TAIL;
	} else {
		memcpy(e->tail, joined.p, joined.len);
		e->taillen = joined.len;
	}
	free(low);
	kw_buf_free(&joined);
}

static char *resolve(struct scan *sc, long pid, const char *dirfd, const char *path)
{
	if (path[0] == '/')
		return kw_xstrdup(path);
	if (dirfd != NULL && strncmp(dirfd, "AT_FDCWD", 8) != 0) {
		struct fdent *e = fd_find(sc, pid, strtol(dirfd, NULL, 10));

		if (e != NULL)
			return kw_path_join(sc->files[e->file].path, path);
	}
	return kw_path_join(sc->cwd, path);
}

/* The result of a call: the number after the last ") = ". */
static bool call_result(const char *line, long *ret)
{
	const char *r = NULL, *p = line;

	while ((p = strstr(p, ") = ")) != NULL)
		r = p++;
	if (r == NULL)
		return false;
	*ret = strtol(r + 4, NULL, 10);
	return true;
}

static void scan_call(struct scan *sc, long pid, const char *line)
{
	const char *open = strchr(line, '(');
	char name[32];
	size_t nlen;
	long ret;

	if (open == NULL || !call_result(line, &ret))
		return;
	nlen = (size_t)(open - line);
	if (nlen == 0 || nlen >= sizeof(name))
		return;
	memcpy(name, line, nlen);
	name[nlen] = '\0';
	sc->calls++;

	if (strcmp(name, "open") == 0 || strcmp(name, "openat") == 0 ||
	    strcmp(name, "creat") == 0) {
		const char *p = open + 1, *dirfd = NULL;
		struct kw_buf path = { 0 };
		bool trunc = false, writable;
		char *full;
		size_t fi;

		if (strcmp(name, "openat") == 0) {
			dirfd = p;
			p = strchr(p, ',');
			if (p == NULL)
				return;
			p += 2;
		}
		if (!decode_string(&p, &path, &trunc) || ret < 0) {
			kw_buf_free(&path);
			return;
		}
		kw_buf_add(&path, "", 1);
		writable = strcmp(name, "creat") == 0 || strstr(p, "O_WRONLY") != NULL ||
			   strstr(p, "O_RDWR") != NULL || strstr(p, "O_CREAT") != NULL;
		full = resolve(sc, pid, dirfd, path.p);
		fi = file_for(sc, full);
		sc->files[fi].opens++;
		sc->files[fi].writable |= writable;
		fd_open(sc, pid, ret, fi);
		free(full);
		kw_buf_free(&path);
		return;
	}
	if (strcmp(name, "close") == 0) {
		fd_close(sc, pid, strtol(open + 1, NULL, 10));
		return;
	}
	if (strcmp(name, "write") == 0 || strcmp(name, "pwrite64") == 0 ||
	    strcmp(name, "writev") == 0 || strcmp(name, "pwritev") == 0 ||
	    strcmp(name, "pwritev2") == 0) {
		long fd = strtol(open + 1, NULL, 10);
		struct fdent *e = fd_find(sc, pid, fd);
		struct kw_buf bytes = { 0 };
		const char *p = strchr(open, ',');
		bool trunc = false, any = false;

		if (p == NULL)
			return;
		p++;
		if (strcmp(name, "write") == 0 || strcmp(name, "pwrite64") == 0) {
			while (*p == ' ')
				p++;
			any = decode_string(&p, &bytes, &trunc);
			if (!any)
				sc->unreadable++;
		} else {
			/* [{iov_base="...", iov_len=N}, ...] up to the closing bracket */
			const char *end = strstr(p, "}]");

			while ((p = strstr(p, "iov_base=")) != NULL && (end == NULL || p < end)) {
				p += 9;
				if (decode_string(&p, &bytes, &trunc))
					any = true;
				else
					sc->unreadable++;
			}
		}
		if (trunc)
			sc->truncated++;
		if (e == NULL) {
			/* stdout, stderr, pipes: reported, not judged */
			char *low = lower_copy(bytes.p != NULL ? bytes.p : "", bytes.len);

			sc->other_bytes += bytes.len;
			for (int k = 0; k < N_FORMS; k++)
				sc->other_hits +=
					count_in(low, bytes.len, sc->forms[k], sc->formlen[k]);
			free(low);
		} else {
			judge_write(sc, e, (const unsigned char *)bytes.p, bytes.len);
			if (trunc)
				fprintf(stderr,
					"noplaintext: a write to %s was cut short in the log\n",
					sc->files[e->file].path);
		}
		kw_buf_free(&bytes);
	}
}

static struct pending *pending_for(struct scan *sc, long pid)
{
	for (size_t i = 0; i < sc->npend; i++)
		if (sc->pend[i].pid == pid)
			return &sc->pend[i];
	sc->pend = kw_xrealloc(sc->pend, (sc->npend + 1) * sizeof(*sc->pend));
	sc->pend[sc->npend].pid = pid;
	sc->pend[sc->npend].text = NULL;
	return &sc->pend[sc->npend++];
}

static void scan_line(struct scan *sc, char *line)
{
	static const char unfinished[] = " <unfinished ...>";
	size_t len = strlen(line);
	long pid = 0;
	char *p = line;
	struct pending *pe;

	sc->lines++;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (isdigit((unsigned char)*p)) {
		pid = strtol(p, &p, 10);
		while (*p == ' ')
			p++;
	}
	len = strlen(p);
	if (len >= sizeof(unfinished) - 1 &&
	    strcmp(p + len - (sizeof(unfinished) - 1), unfinished) == 0) {
		pe = pending_for(sc, pid);
		free(pe->text);
		p[len - (sizeof(unfinished) - 1)] = '\0';
		pe->text = kw_xstrdup(p);
		return;
	}
	if (strncmp(p, "<... ", 5) == 0) {
		char *rest = strstr(p, " resumed>");
		struct kw_buf joined = { 0 };

		pe = pending_for(sc, pid);
		if (rest == NULL || pe->text == NULL)
			return;
		kw_buf_adds(&joined, pe->text);
		kw_buf_adds(&joined, rest + 9);
		free(pe->text);
		pe->text = NULL;
		scan_call(sc, pid, joined.p);
		kw_buf_free(&joined);
		return;
	}
	scan_call(sc, pid, p);
}

static void scan_init(struct scan *sc, const char *data_dir, const char *tmp_dir, const char *cwd,
		      const char *csv)
{
	memset(sc, 0, sizeof(*sc));
	sc->data_dir = data_dir;
	sc->tmp_dir = tmp_dir;
	sc->cwd = cwd;
	sc->csv = csv;
	for (int m = 0; m < N_MARKERS; m++) {
		char *text = sc->forms[2 * m], *hex = sc->forms[2 * m + 1];
		size_t n = strlen(markers[m]);

		for (size_t i = 0; i < n; i++)
			text[i] = (char)tolower((unsigned char)markers[m][i]);
		text[n] = '\0';
		kw_hex(hex, (const unsigned char *)markers[m], n);
		sc->formlen[2 * m] = n;
		sc->formlen[2 * m + 1] = 2 * n;
	}
}

static void scan_log(struct scan *sc, const char *log)
{
	FILE *fp = fopen(log, "r");
	char *line = NULL;
	size_t cap = 0;

	ck_assert_msg(fp != NULL, "cannot open the strace log %s: %s", log, strerror(errno));
	while (getline(&line, &cap, fp) != -1)
		scan_line(sc, line);
	free(line);
	fclose(fp);
}

static void scan_free(struct scan *sc)
{
	for (size_t i = 0; i < sc->nfiles; i++)
		free(sc->files[i].path);
	for (size_t i = 0; i < sc->npend; i++)
		free(sc->pend[i].text);
	free(sc->files);
	free(sc->fds);
	free(sc->pend);
}

static unsigned long file_hits(const struct file *f)
{
	unsigned long n = 0;

	for (int k = 0; k < N_FORMS; k++)
		n += f->hits[k];
	return n;
}

/* Prints what the log showed; returns the marker hits in files of where (or all if < 0). */
static unsigned long report(const struct scan *sc, const char *label, int where)
{
	unsigned long long bytes[3] = { 0 }, hits_where = 0;
	unsigned long nwritable[3] = { 0 }, etilqs = 0, superj = 0;
	unsigned long long superj_bytes = 0;

	printf("noplaintext[%s]: %lu log lines, %lu calls\n", label, sc->lines, sc->calls);
	for (size_t i = 0; i < sc->nfiles; i++) {
		const struct file *f = &sc->files[i];
		unsigned long h = file_hits(f);

		if (!f->writable && f->writes == 0)
			continue;
		nwritable[f->where]++;
		bytes[f->where] += f->bytes;
		if (f->excluded)
			continue;
		if (where < 0 || (int)f->where == where)
			hits_where += h;
		if (strstr(f->path, "etilqs_") != NULL && h == 0 && f->bytes == 0) {
			etilqs++;
			continue;
		}
		/* SQLite's super-journals (one per commit across both files): names of journals. */
		if (strstr(f->path, ".db-mj") != NULL && h == 0) {
			superj++;
			superj_bytes += f->bytes;
			continue;
		}
		printf("  %-9s %-60s opens %lu, writes %lu, %llu bytes", where_name[f->where],
		       f->path, f->opens, f->writes, f->bytes);
		if (h > 0) {
			printf("  MARKERS:");
			for (int k = 0; k < N_FORMS; k++)
				if (f->hits[k] > 0)
					printf(" %s%s x%lu", markers[k / 2], k % 2 ? "(hex)" : "",
					       f->hits[k]);
		}
		printf("\n");
	}
	if (superj > 0)
		printf("  (%lu super-journal files *.db-mj*, %llu bytes in all, no markers)\n",
		       superj, superj_bytes);
	if (etilqs > 0)
		printf("  (%lu more SQLite temp files opened for writing, nothing written)\n",
		       etilqs);
	for (int w = 0; w < 3; w++)
		printf("  %s: %lu files opened for writing, %llu bytes written and scanned\n",
		       where_name[w], nwritable[w], bytes[w]);
	printf("  stdout/stderr/other fds: %llu bytes (not judged; %lu marker hits)\n",
	       sc->other_bytes, sc->other_hits);
	printf("  writes cut short in the log: %lu; writes with unreadable buffers: %lu\n",
	       sc->truncated, sc->unreadable);
	fflush(stdout);
	return (unsigned long)hits_where;
}

static unsigned long long written_to(const struct scan *sc, const char *path)
{
	for (size_t i = 0; i < sc->nfiles; i++)
		if (strcmp(sc->files[i].path, path) == 0)
			return sc->files[i].bytes;
	return 0;
}

/* Runs one traced child in a fresh directory and scans its log. */
static void run_and_scan(bool leaky, struct scan *sc, char **base_out)
{
	char *strace = find_on_path("strace");
	char *t = tu_tmpdir(), *base, *tmp, *log, *data, *csv;
	char cwd[PATH_MAX];
	struct timespec t0, t1;
	int status;
	struct stat stbuf;

	ck_assert_msg(strace != NULL,
		      "strace is not on PATH: the no-plaintext test needs it (apt-get install "
		      "strace)");
	base = realpath(t, NULL);
	ck_assert_ptr_nonnull(base);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	tmp = kw_path_join(base, "tmp");
	mkdir_or_die(tmp);
	log = kw_path_join(base, "strace.log");
	data = kw_path_join(base, "data");
	csv = write_csv(base);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	status = run_traced(strace, base, tmp, log, leaky);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the traced child failed (status 0x%x); see its messages above", status);
	ck_assert_int_eq(stat(log, &stbuf), 0);
	printf("noplaintext[%s]: traced child ran in %.1f s; strace log %.1f MB\n",
	       leaky ? "leaky" : "normal",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       (double)stbuf.st_size / 1e6);

	scan_init(sc, kw_xstrdup(data), kw_xstrdup(tmp), kw_xstrdup(cwd), kw_xstrdup(csv));
	scan_log(sc, log);

	/* The watch must have seen the store's files being written, or it proves nothing. */
	{
		char *g = kw_path_join(data, KW_GENERAL_DB),
		     *x = kw_path_join(data, KW_SENSITIVE_DB);
		char *st = kw_path_join(data, KW_STATE_FILE);
		bool keyfile = false, state = false;

		ck_assert_msg(written_to(sc, g) > 100000, "the log shows no writes to %s", g);
		ck_assert_msg(written_to(sc, x) > 1000000, "the log shows no writes to %s", x);
		for (size_t i = 0; i < sc->nfiles; i++) {
			if (strncmp(sc->files[i].path, data, strlen(data)) == 0 &&
			    strstr(sc->files[i].path, KW_KEY_FILE ".tmp-") != NULL &&
			    sc->files[i].bytes > 0)
				keyfile = true;
			if (strncmp(sc->files[i].path, st, strlen(st)) == 0 &&
			    sc->files[i].bytes > 0)
				state = true;
		}
		ck_assert_msg(keyfile, "the log shows no write of the key file");
		ck_assert_msg(state, "the log shows no write of the unlock state file");
		ck_assert_msg(sc->truncated == 0, "strace cut %lu writes short (-s too small)",
			      sc->truncated);
		free(g);
		free(x);
		free(st);
	}
	free(strace);
	free(tmp);
	free(log);
	free(data);
	free(csv);
	free(t);
	*base_out = base;
}

static void scan_done(struct scan *sc, char *base)
{
	free((char *)sc->data_dir);
	free((char *)sc->tmp_dir);
	free((char *)sc->cwd);
	free((char *)sc->csv);
	scan_free(sc);
	if (getenv("KW_KEEP_TRACE") != NULL)
		printf("noplaintext: kept %s\n", base);
	else
		tu_rmdir(base);
}

START_TEST(test_no_marker_in_any_file)
{
	struct scan sc;
	char *base = NULL;
	unsigned long hits;

	run_and_scan(false, &sc, &base);
	hits = report(&sc, "normal", -1);
	ck_assert_msg(hits == 0,
		      "%lu plaintext marker(s) reached files keywork wrote (listed above)", hits);
	scan_done(&sc, base);
}
END_TEST

START_TEST(test_leak_is_visible)
{
	struct scan sc;
	char *base = NULL;
	unsigned long in_tmp, in_data;

	run_and_scan(true, &sc, &base);
	in_tmp = report(&sc, "leaky", W_TMP);
	in_data = 0;
	for (size_t i = 0; i < sc.nfiles; i++)
		if (sc.files[i].where == W_DATA)
			in_data += file_hits(&sc.files[i]);
	ck_assert_msg(in_data == 0,
		      "%lu plaintext marker(s) reached the data directory (listed above)", in_data);
	ck_assert_msg(in_tmp > 0,
		      "with temp_store = FILE no marker was seen in any file under TMPDIR: the "
		      "watch cannot see a temp-file leak (or SQLite no longer spills there)");
	printf("noplaintext[leaky]: %lu marker hit(s) under TMPDIR, as expected\n", in_tmp);
	scan_done(&sc, base);
}
END_TEST

static Suite *noplaintext_suite(void)
{
	Suite *s = suite_create("noplaintext");
	TCase *tc = tcase_create("strace");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_no_marker_in_any_file);
	tcase_add_test(tc, test_leak_is_visible);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	SRunner *sr;
	int failed;

	if (argc >= 3 && strcmp(argv[1], "--child") == 0)
		return child_main(argv[2], argc >= 4 && strcmp(argv[3], "--leaky") == 0);
	sr = srunner_create(noplaintext_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
