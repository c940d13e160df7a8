/*
 * io.h: files and programs outside keywork (src/io/typeset.c): a new file
 * written whole or not at all, and the typesetter that makes a PDF.
 */
#ifndef KEYWORK_IO_H
#define KEYWORK_IO_H

#include <stddef.h>

#include "keywork/err.h"
#include "keywork/util.h"

/*
 * Writes data (len bytes) to a new file path, created O_EXCL and O_NOFOLLOW
 * with mode 0600 and synced. On any error nothing is left at path. Returns 0
 * or -1 with err set (KW_EUSAGE: path exists; KW_EIO otherwise).
 */
int kw_io_write_new(const char *path, const void *data, size_t len, struct kw_err *err);

/*
 * Typesets doc (len bytes, UTF-8), a document in keywork-typeset's language
 * (src/typeset/typeset.c: "kwdoc 1", then blocks "@h1", "@meta", "@h2",
 * "@p", "@item", "@sub" of Pango markup), as an A4 PDF into pdf (appended).
 * The program is $KEYWORK_TYPESETTER if set, else keywork-typeset beside
 * keywork or where it is installed; the document goes on a pipe and the PDF
 * comes back on another, so nothing is written to a file on the way.
 * Returns 0, or -1 with err set (KW_EIO: the typesetter is missing, or
 * failed, with the first line it said).
 */
int kw_io_typeset_pdf(const char *doc, size_t len, struct kw_buf *pdf, struct kw_err *err);

/* Appends text s to a document for kw_io_typeset_pdf, escaped (markup and '@'). */
void kw_io_doc_text(struct kw_buf *b, const char *s);

#endif
