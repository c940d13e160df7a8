/*
 * sar.h: a subject-access request: everything keywork holds about one woman,
 * written for her to read (plain text and one self-contained HTML page) and
 * for a machine (JSON), with the passages that name other people listed for
 * a manager to review and, in the release copy, withheld.
 */
#ifndef KEYWORK_SAR_H
#define KEYWORK_SAR_H

#include "keywork/app.h"
#include "keywork/form.h"

/* What a SAR wrote. */
struct kw_sar_result {
	unsigned long records;	/* her records, of every kind */
	unsigned long changes;	/* changes in their history */
	unsigned long audit;	/* audit rows about her */
	unsigned long passages; /* passages naming someone else, in the review */
	unsigned long withheld; /* passages withheld (the release copy) */
};

/*
 * Writes the SAR of the woman with reference ref into dir, a new directory
 * (mode 0700; it must not exist), files mode 0600: sar.txt, sar.html and
 * sar.json, and review.txt listing each passage that names a third party
 * (the people recorded about her, her children, another woman she is kept
 * apart from) with its id and where it appears. With withhold (ids from a
 * review, comma-separated; NULL for none) it writes the release copy
 * instead: the same files with those passages replaced by "[withheld: third
 * party]", and no review. Another woman she is kept apart from is never
 * named, withheld or not. Managers only; audited ("sar", and "sar-release"
 * with the ids withheld). An id that is not in the review is refused,
 * writing nothing. Returns 0 or -1.
 */
int kw_sar_write(struct kw_session *s, const struct kw_form_pack *pack, const char *ref,
		 const char *dir, const char *withhold, struct kw_sar_result *res,
		 struct kw_err *err);

#endif
