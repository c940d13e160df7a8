/*
 * date.h: keywork's one date library (src/util/date.c). Dates are stored as
 * "YYYY-MM-DD" (local calendar days), times as UTC "YYYY-MM-DDTHH:MM:SSZ".
 * Screens format dates for people themselves; the arithmetic and the reading
 * of what people type are here, once.
 */
#ifndef KEYWORK_DATE_H
#define KEYWORK_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the current UTC time as ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" into out. */
void kw_now_iso(char out[21]);
/* Today's local date as "YYYY-MM-DD". */
void kw_today(char out[11]);
/* True if s is a valid calendar date "YYYY-MM-DD". */
bool kw_date_valid(const char *s);
/* Days since 1970-01-01 of the date starting s ("YYYY-MM-DD..."), or LONG_MIN if it is not one. */
long kw_date_days(const char *s);
/* The date "YYYY-MM-DD" of day number days (days since 1970-01-01), into out. */
void kw_date_of_days(long days, char out[11]);
/* iso plus days into out; false (out empty) if iso is not a date. */
bool kw_date_add_days(const char *iso, long days, char out[11]);
/*
 * The n characters at w read as a date written "1985-03-02", "02/03/1985" or
 * "2/3/1985" (day first, as in the UK), into iso as "YYYY-MM-DD". False if
 * they are not a valid date written so.
 */
bool kw_date_parse(const char *w, size_t n, char iso[11]);

#endif
