/* typeset.c: new files written whole, and the PDF typesetter run on pipes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "keywork/io.h"

int kw_io_write_new(const char *path, const void *data, size_t len, struct kw_err *err)
{
	const char *p = data;
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return kw_err_set(err, errno == EEXIST ? KW_EUSAGE : KW_EIO,
				  "cannot create %s: %s%s", path, strerror(errno),
				  errno == EEXIST ? " (keywork never writes over a file)" : "");
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (done < len || fsync(fd) != 0) {
		int e = errno;

		close(fd);
		unlink(path);
		return kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(e));
	}
	if (close(fd) != 0) {
		int e = errno;

		unlink(path);
		return kw_err_set(err, KW_EIO, "cannot write %s: %s", path, strerror(e));
	}
	return 0;
}

/* The first line of what the typesetter said, for the error. */
static void first_line(const struct kw_buf *b, char *out, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; b->p != NULL && i < b->len && n + 1 < len; i++) {
		if (b->p[i] == '\n') {
			if (n > 0)
				break;
			continue;
		}
		if ((unsigned char)b->p[i] >= 0x20)
			out[n++] = b->p[i];
	}
	out[n] = '\0';
}

/*
 * The typesetter: $KEYWORK_TYPESETTER, else keywork-typeset beside the
 * running keywork (a build tree), else in ../libexec/keywork from it (an
 * installed tree, wherever its root), else where it was to be installed.
 */
static const char *typesetter(char *buf, size_t len)
{
	static const char *const near[] = { "/keywork-typeset",
					    "/../libexec/keywork/keywork-typeset" };
	const char *env = getenv("KEYWORK_TYPESETTER");
	char *slash;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", buf, len - 1);
	if (n <= 0)
		return KW_TYPESETTER;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return KW_TYPESETTER;
	for (size_t i = 0; i < sizeof(near) / sizeof(near[0]); i++) {
		if ((size_t)(slash - buf) + strlen(near[i]) + 1 > len)
			continue;
		strcpy(slash, near[i]);
		if (access(buf, X_OK) == 0)
			return buf;
	}
	return KW_TYPESETTER;
}

/* Appends s to b as text of a document for keywork-typeset (Pango markup, no '@' to start a line). */
void kw_io_doc_text(struct kw_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			kw_buf_adds(b, "&amp;");
		else if (c == '<')
			kw_buf_adds(b, "&lt;");
		else if (c == '>')
			kw_buf_adds(b, "&gt;");
		else if (c == '@')
			kw_buf_adds(b, "&#64;");
		else if (c >= 0x20 || c == '\n')
			kw_buf_add(b, s, 1);
	}
}

int kw_io_typeset_pdf(const char *doc, size_t len, struct kw_buf *pdf, struct kw_err *err)
{
	char where[4096];
	const char *prog = typesetter(where, sizeof(where));
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, ers[2] = { -1, -1 }, status = 0;
	struct kw_buf said = { 0 };
	size_t sent = 0;
	pid_t pid;
	int rc = -1;
	char line[200];

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(ers, O_CLOEXEC) != 0) {
		kw_err_set(err, KW_EIO, "cannot make a pipe: %s", strerror(errno));
		goto out;
	}
	pid = fork();
	if (pid < 0) {
		kw_err_set(err, KW_EIO, "cannot start %s: %s", prog, strerror(errno));
		goto out;
	}
	if (pid == 0) {
		/* The document on stdin, the PDF on stdout: no file on the way. */
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 || dup2(ers[1], 2) < 0)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		/* Its own scratch files (none hold the document) go to her private runtime dir. */
		if (getenv("XDG_RUNTIME_DIR") != NULL && *getenv("XDG_RUNTIME_DIR") != '\0')
			setenv("TMPDIR", getenv("XDG_RUNTIME_DIR"), 1);
		execlp(prog, prog, (char *)NULL);
		dprintf(2, "%s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(ers[1]);
	in[0] = out[1] = ers[1] = -1;
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	{
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		while (out[0] >= 0 || ers[0] >= 0) {
			struct pollfd pf[3] = { { out[0], POLLIN, 0 },
						{ ers[0], POLLIN, 0 },
						{ in[1], POLLOUT, 0 } };
			char buf[16384];

			if (poll(pf, 3, -1) < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			if (in[1] >= 0 && (pf[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
				ssize_t w = write(in[1], doc + sent, len - sent);

				if (w > 0)
					sent += (size_t)w;
				if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == len) {
					close(in[1]);
					in[1] = -1;
				}
			}
			for (int i = 0; i < 2; i++) {
				int *fd = i == 0 ? &out[0] : &ers[0];
				ssize_t r;

				if (*fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
					continue;
				r = read(*fd, buf, sizeof(buf));
				if (r > 0) {
					kw_buf_add(i == 0 ? pdf : &said, buf, (size_t)r);
				} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
					close(*fd);
					*fd = -1;
				}
			}
		}
		signal(SIGPIPE, old);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	first_line(&said, line, sizeof(line));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		kw_err_set(err, KW_EIO,
			   "cannot run %s to make a PDF (%s): keywork is not installed whole; "
			   "ask for --format text",
			   prog, line[0] ? line : "not found");
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || sent < len || pdf->len < 5 ||
	    memcmp(pdf->p, "%PDF-", 5) != 0) {
		kw_err_set(err, KW_EIO, "%s could not make the PDF%s%s", prog, line[0] ? ": " : "",
			   line);
		goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
		if (ers[i] >= 0)
			close(ers[i]);
	}
	kw_buf_free(&said);
	return rc;
}
