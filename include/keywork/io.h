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
 * Typesets the HTML document html (len bytes, UTF-8) as PDF into pdf
 * (appended): weasyprint, or $KEYWORK_TYPESETTER if set (a program taking the
 * same arguments), run with the document on a pipe and the PDF read from
 * another, so nothing is written to a file on the way. Returns 0, or -1 with
 * err set (KW_EIO: the typesetter is not installed, or failed, with the first
 * line it said).
 */
int kw_io_typeset_pdf(const char *html, size_t len, struct kw_buf *pdf, struct kw_err *err);

#endif
