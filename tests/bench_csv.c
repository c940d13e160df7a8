/*
 * bench_csv.c: measures the CSV reader (src/io/csvio.c) on the two files the
 * unit tests read whole (tests/test_csvio.c): 20,000 rows of a real export's
 * shape, and a 10 MB field it refuses. Writes them into a temporary directory,
 * reads each RUNS times and prints a Markdown table of the median and p95
 * wall times. The unit tests check what is read; how fast is measured here.
 *
 *   bench_csv [RUNS]      default 20
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "keywork/csvio.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int count(void *ctx, const struct kw_csv_row *row, struct kw_err *err)
{
	(void)row;
	(void)err;
	++*(long *)ctx;
	return 0;
}

static void die(const char *what, const struct kw_err *err)
{
	fprintf(stderr, "bench_csv: %s%s%s\n", what, err != NULL ? ": " : "",
		err != NULL ? err->msg : "");
	exit(1);
}

static void write_rows(const char *path)
{
	FILE *fp = fopen(path, "wb");
	const char *row[6] = { "id", "name", "phone", "notes", "worker", "status" };
	char id[16], phone[32];
	struct kw_err err;

	if (fp == NULL || kw_csv_write_row(fp, row, 6, &err) != 0)
		die("cannot write the rows file", NULL);
	for (int i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "%d", i);
		snprintf(phone, sizeof(phone), "+44 7700 9%05d", i);
		row[0] = id;
		row[1] = "Małgorzata \"Gosia\" Kowalska";
		row[2] = phone;
		row[3] = "Came in with her sister, asked about housing.\r\nFollow-up on Tuesday.";
		row[4] = "Worker 3";
		row[5] = "open";
		if (kw_csv_write_row(fp, row, 6, &err) != 0)
			die("cannot write a row", &err);
	}
	if (fclose(fp) != 0)
		die("cannot close the rows file", NULL);
}

static void write_huge(const char *path)
{
	const char *head = "name,notes\nAmina,\"";
	const size_t n = 10u * 1024 * 1024;
	FILE *fp = fopen(path, "wb");
	char *x = malloc(n);

	if (fp == NULL || x == NULL)
		die("cannot write the huge field file", NULL);
	memset(x, 'x', n);
	if (fputs(head, fp) < 0 || fwrite(x, 1, n, fp) != n || fputs("\"\n", fp) < 0 ||
	    fclose(fp) != 0)
		die("cannot write the huge field file", NULL);
	free(x);
}

/* Reads path runs times; want is the result kw_csv_read_file must give. Prints a table row. */
static void measure(const char *what, const char *path, int want, long rows, int runs)
{
	double *t = calloc((size_t)runs, sizeof(*t));
	struct kw_err err;
	struct stat sb;

	if (t == NULL || stat(path, &sb) != 0)
		die("out of memory", NULL);
	for (int i = 0; i < runs; i++) {
		long n = 0;
		double t0 = now();

		if (kw_csv_read_file(path, count, &n, &err) != want)
			die(what, want == 0 ? &err : NULL);
		t[i] = now() - t0;
		if (want == 0 && n != rows)
			die("the rows file read short", NULL);
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp);
	printf("| %s (%.1f MB) | %d | %.1f | %.1f |\n", what, (double)sb.st_size / 1e6, runs,
	       t[runs / 2] * 1000, t[(runs * 95 + 99) / 100 - 1] * 1000);
	free(t);
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 20;
	char dir[] = "/tmp/kw-bench-csv-XXXXXX", rows[64], huge[64];

	if (runs < 1 || runs > 10000) {
		fprintf(stderr, "usage: bench_csv [RUNS]  (1 to 10000)\n");
		return 64;
	}
	if (mkdtemp(dir) == NULL)
		die("cannot make a temporary directory", NULL);
	snprintf(rows, sizeof(rows), "%s/rows.csv", dir);
	snprintf(huge, sizeof(huge), "%s/huge.csv", dir);
	write_rows(rows);
	write_huge(huge);
	printf("| CSV reader | runs | median ms | p95 ms |\n");
	printf("| --- | ---: | ---: | ---: |\n");
	measure("read 20,000 rows", rows, 0, 20001, runs);
	measure("refuse a 10 MB field", huge, -1, 0, runs);
	unlink(rows);
	unlink(huge);
	rmdir(dir);
	return 0;
}
