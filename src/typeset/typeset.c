/*
 * keywork-typeset: lays out one of keywork's documents (her plan, a letter)
 * on A4 pages with Pango and writes it as a PDF with cairo, on standard
 * output. Text is shaped by HarfBuzz through Pango, so Arabic, Cyrillic and
 * accented names print joined and in their order, and cairo maps each glyph
 * back to its text, so a PDF reader can search, copy and read the words
 * aloud. keywork runs it on pipes (src/io/typeset.c): nothing it reads or
 * writes touches the disk.
 *
 * The document, UTF-8 on standard input:
 *
 *	kwdoc 1			the first line
 *	@title TEXT		the PDF's title (plain text, on the same line)
 *	@KIND			a block: the lines after it, up to the next line
 *	BODY...			starting with '@', in Pango markup (&amp; &lt; &gt;,
 *				<b>, <i>, <span foreground="#666666">)
 *
 * KIND is h1 (her name), meta (the line under it), h2 (a heading, kept with
 * what follows it), p (a paragraph; its line breaks are kept), item (a
 * bulleted line) or sub (a bulleted line under an item). A paragraph whose
 * first strong character is right-to-left is laid out right to left.
 *
 * Exits 0 with the PDF written, 65 (EX_DATAERR) with "line N: why" on
 * standard error for a document it cannot read, 74 (EX_IOERR) when the
 * output cannot be written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define EX_OK 0
#define EX_DATAERR 65
#define EX_IOERR 74

#define DOC_MAX (16u * 1024u * 1024u)
#define MM(x) ((x)*72.0 / 25.4)
#define PAGE_W MM(210.0)
#define PAGE_H MM(297.0)
#define MARGIN_X MM(22.0)
#define MARGIN_TOP MM(22.0)
#define MARGIN_BOTTOM MM(24.0)
#define FONT "DejaVu Sans"

struct style {
	const char *kind;
	double size; /* points */
	bool bold;
	double grey;	      /* 0 black .. 1 white */
	double indent;	      /* points from the left margin to the text */
	const char *bullet;   /* drawn left of the text, or NULL */
	double before, after; /* space above and below, points */
	bool keep_with_next;  /* never the last thing on a page */
};

static const struct style STYLES[] = {
	{ "h1", 18, true, 0, 0, NULL, 0, 3, true },
	{ "meta", 10, false, 0.35, 0, NULL, 0, 8, false },
	{ "h2", 13, true, 0, 0, NULL, 10, 4, true },
	{ "p", 11, false, 0, 0, NULL, 0, 5, false },
	{ "item", 11, false, 0, 14, "\xe2\x80\xa2", 0, 3, false },
	{ "sub", 10.5, false, 0, 28, "\xe2\x80\x93", 0, 2, false },
};

struct block {
	const struct style *st;
	long line; /* where it starts in the document, for errors */
	PangoLayout *layout;
	PangoLayout *bullet;
};

struct doc {
	char *title;
	struct block *b;
	size_t n;
};

static void fail(int code, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)))
__attribute__((noreturn));
static void fail(int code, long line, const char *fmt, ...)
{
	va_list ap;

	fputs("keywork-typeset: ", stderr);
	if (line > 0)
		fprintf(stderr, "line %ld: ", line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static char *read_all(size_t *len)
{
	size_t cap = 65536, n = 0;
	char *p = malloc(cap + 1);

	if (p == NULL)
		fail(EX_IOERR, 0, "out of memory");
	for (;;) {
		size_t got;

		if (n == cap) {
			char *q;

			if (cap >= DOC_MAX)
				fail(EX_DATAERR, 0, "the document is over %u MiB",
				     DOC_MAX / 1024u / 1024u);
			cap *= 2;
			if ((q = realloc(p, cap + 1)) == NULL)
				fail(EX_IOERR, 0, "out of memory");
			p = q;
		}
		got = fread(p + n, 1, cap - n, stdin);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(stdin))
		fail(EX_IOERR, 0, "cannot read the document: %s", strerror(errno));
	p[n] = '\0';
	*len = n;
	return p;
}

static const struct style *style_of(const char *kind, size_t len)
{
	for (size_t i = 0; i < sizeof(STYLES) / sizeof(STYLES[0]); i++)
		if (strlen(STYLES[i].kind) == len && strncmp(STYLES[i].kind, kind, len) == 0)
			return &STYLES[i];
	return NULL;
}

static PangoLayout *layout_new(PangoContext *ctx, const struct style *st, double width)
{
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);

	pango_font_description_set_size(fd, (gint)(st->size * PANGO_SCALE));
	if (st->bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_line_spacing(l, 1.2f);
	return l;
}

/* Sets the block's body (Pango markup, len bytes), or fails naming its line. */
static void block_body(struct block *b, PangoContext *ctx, const char *body, size_t len)
{
	double width = PAGE_W - 2 * MARGIN_X - b->st->indent;
	PangoAttrList *attrs = NULL;
	char *text = NULL;
	GError *ge = NULL;

	while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == '\r'))
		len--;
	if (!pango_parse_markup(body, (int)len, 0, &attrs, &text, NULL, &ge))
		fail(EX_DATAERR, b->line, "the %s's text is not Pango markup: %s", b->st->kind,
		     ge->message);
	b->layout = layout_new(ctx, b->st, width);
	pango_layout_set_text(b->layout, text, -1);
	pango_layout_set_attributes(b->layout, attrs);
	pango_attr_list_unref(attrs);
	g_free(text);
	if (b->st->bullet != NULL) {
		b->bullet = layout_new(ctx, b->st, b->st->indent);
		pango_layout_set_text(b->bullet, b->st->bullet, -1);
	}
}

static void parse(char *p, size_t len, PangoContext *ctx, struct doc *d)
{
	long line = 1;
	char *end = p + len, *body = NULL;
	struct block *cur = NULL;

	if (!g_utf8_validate(p, (gssize)len, NULL))
		fail(EX_DATAERR, 0, "the document is not UTF-8");
	if (strncmp(p, "kwdoc 1\n", 8) != 0)
		fail(EX_DATAERR, 1, "a document starts with the line \"kwdoc 1\"");
	for (char *q = p + 8; q <= end; line++) {
		char *nl = memchr(q, '\n', (size_t)(end - q));
		char *eol = nl != NULL ? nl : end;

		if (q < end && *q == '@') {
			const char *kind = q + 1;
			size_t klen = strcspn(kind, " \n");

			if (cur != NULL)
				block_body(cur, ctx, body, (size_t)(q - body));
			cur = NULL;
			if (klen == 5 && strncmp(kind, "title", 5) == 0) {
				const char *t = kind + 5 + (kind[5] == ' ');

				g_free(d->title);
				d->title = g_strndup(t, (gsize)(eol - t));
			} else {
				const struct style *st = style_of(kind, klen);

				if (st == NULL || kind + klen != eol)
					fail(EX_DATAERR, line + 1,
					     "'@%.*s' is not a kind of block (h1, meta, h2, p, "
					     "item, sub or title)",
					     (int)(eol - kind), kind);
				d->b = g_realloc_n(d->b, d->n + 1, sizeof(*d->b));
				cur = &d->b[d->n++];
				memset(cur, 0, sizeof(*cur));
				cur->st = st;
				cur->line = line + 1;
				body = nl != NULL ? nl + 1 : end;
			}
		} else if (cur == NULL && q < eol) {
			fail(EX_DATAERR, line + 1,
			     "text outside a block (a block starts with a line '@KIND')");
		}
		if (nl == NULL)
			break;
		q = nl + 1;
	}
	if (cur != NULL)
		block_body(cur, ctx, body, (size_t)(end - body));
	if (d->n == 0)
		fail(EX_DATAERR, 0, "the document has no blocks");
}

/* The height of a layout's first line, in points. */
static double first_line_height(PangoLayout *l)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	PangoRectangle r;

	pango_layout_iter_get_line_extents(it, NULL, &r);
	pango_layout_iter_free(it);
	return (double)r.height / PANGO_SCALE;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle r;

	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

static void footer(cairo_t *cr, PangoContext *ctx, int page, int pages)
{
	static const struct style st = { "footer", 8.5, false, 0.45, 0, NULL, 0, 0, false };
	PangoLayout *l = layout_new(ctx, &st, PAGE_W - 2 * MARGIN_X);
	char text[64];

	snprintf(text, sizeof(text), "%d / %d", page, pages);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	cairo_set_source_rgb(cr, st.grey, st.grey, st.grey);
	cairo_move_to(cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + MM(8.0));
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

/*
 * Places every block's lines on pages, top to bottom; draws them when cr is
 * not NULL (with page numbers when there is more than one page). Returns the
 * number of pages.
 */
static int place(const struct doc *d, cairo_t *cr, PangoContext *ctx, int pages)
{
	const double bottom = PAGE_H - MARGIN_BOTTOM;
	double y = MARGIN_TOP;
	int page = 1;

	for (size_t i = 0; i < d->n; i++) {
		const struct block *b = &d->b[i];
		PangoLayoutIter *it;
		bool first = true;

		if (y > MARGIN_TOP)
			y += b->st->before;
		/* A heading goes with the first line of what follows it. */
		if (b->st->keep_with_next && i + 1 < d->n && y > MARGIN_TOP &&
		    y + layout_height(b->layout) + b->st->after + d->b[i + 1].st->before +
				    first_line_height(d->b[i + 1].layout) >
			    bottom) {
			if (cr != NULL) {
				footer(cr, ctx, page, pages);
				cairo_show_page(cr);
			}
			page++;
			y = MARGIN_TOP;
		}
		it = pango_layout_get_iter(b->layout);
		do {
			PangoRectangle r;
			double h, base;

			pango_layout_iter_get_line_extents(it, NULL, &r);
			h = (double)r.height / PANGO_SCALE;
			base = (double)(pango_layout_iter_get_baseline(it) - r.y) / PANGO_SCALE;
			if (y + h > bottom && y > MARGIN_TOP) {
				if (cr != NULL) {
					footer(cr, ctx, page, pages);
					cairo_show_page(cr);
				}
				page++;
				y = MARGIN_TOP;
			}
			if (cr != NULL) {
				double x = MARGIN_X + b->st->indent;
				double g = b->st->grey;

				cairo_set_source_rgb(cr, g, g, g);
				if (first && b->bullet != NULL) {
					cairo_move_to(cr, MARGIN_X + b->st->indent - MM(4.0),
						      y + base);
					pango_cairo_show_layout_line(
						cr, pango_layout_get_line_readonly(b->bullet, 0));
				}
				cairo_move_to(cr, x + (double)r.x / PANGO_SCALE, y + base);
				pango_cairo_show_layout_line(
					cr, pango_layout_iter_get_line_readonly(it));
			}
			first = false;
			y += h;
		} while (pango_layout_iter_next_line(it));
		pango_layout_iter_free(it);
		y += b->st->after;
	}
	if (cr != NULL && pages > 1)
		footer(cr, ctx, page, pages);
	return page;
}

static cairo_status_t to_stdout(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	return fwrite(data, 1, len, stdout) == len ? CAIRO_STATUS_SUCCESS
						   : CAIRO_STATUS_WRITE_ERROR;
}

int main(int argc, char **argv)
{
	struct rlimit none = { 0, 0 };
	struct doc d = { 0 };
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *ctx;
	size_t len;
	char *p;
	int pages;

	/* Her words are in this process: no core file, no ptrace by others. */
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (argc > 1) {
		fprintf(stderr,
			"usage: %s <DOCUMENT >PDF\n(run by keywork to print her plan and letters; "
			"see keywork(1))\n",
			argv[0]);
		return 64;
	}
	p = read_all(&len);
	surface = cairo_pdf_surface_create_for_stream(to_stdout, NULL, PAGE_W, PAGE_H);
	cr = cairo_create(surface);
	ctx = pango_cairo_create_context(cr);
	/* One point of type is one unit of the page (PDF's), not 96 dpi's. */
	pango_cairo_context_set_resolution(ctx, 72.0);
	parse(p, len, ctx, &d);
	explicit_bzero(p, len);
	free(p);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       d.title != NULL ? d.title : "");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "keywork");
	pages = place(&d, NULL, ctx, 0);
	place(&d, cr, ctx, pages);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS || fflush(stdout) != 0)
		fail(EX_IOERR, 0, "cannot write the PDF: %s",
		     cairo_status_to_string(cairo_surface_status(surface)));
	cairo_surface_destroy(surface);
	for (size_t i = 0; i < d.n; i++) {
		g_object_unref(d.b[i].layout);
		if (d.b[i].bullet != NULL)
			g_object_unref(d.b[i].bullet);
	}
	g_free(d.b);
	g_free(d.title);
	g_object_unref(ctx);
	return EX_OK;
}
