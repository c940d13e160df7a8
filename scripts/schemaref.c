/*
 * schemaref.c: run by the build. Applies the embedded migrations to empty
 * in-memory databases and writes, as C, what they leave in each
 * compartment's sqlite_schema: the type, name, table and SQL of every table,
 * index, view and trigger, sorted by type and name. The store compares a
 * compartment with it when it opens, keywork check reports each difference,
 * and check --repair makes the indexes, views and triggers again from it.
 *
 * usage: schemaref OUT.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"

/* s as a C string literal, one literal per line of it. */
static void literal(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("NULL", f);
		return;
	}
	fputs("\"", f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\' || c == '"')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs(s[1] != '\0' ? "\\n\"\n\t\t\"" : "\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\%03o", c);
		else
			fputc(c, f);
	}
	fputs("\"", f);
}

static int one(FILE *f, const char *var, const struct kw_migration *m, size_t n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	size_t count = 0;
	int rc = -1;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *msg = NULL;

		if (sqlite3_exec(db, m[i].sql, NULL, NULL, &msg) != SQLITE_OK) {
			fprintf(stderr, "schemaref: %s: %s\n", m[i].name, msg);
			sqlite3_free(msg);
			goto out;
		}
	}
	if (sqlite3_prepare_v2(db, KW_SQL_SCHEMA_OBJECTS("main"), -1, &st, NULL) != SQLITE_OK)
		goto out;
	fprintf(f, "const struct kw_schema_object %s[] = {\n", var);
	while (sqlite3_step(st) == SQLITE_ROW) {
		fputs("\t{ ", f);
		for (int c = 0; c < 4; c++) {
			literal(f, (const char *)sqlite3_column_text(st, c));
			fputs(c < 3 ? ",\n\t\t" : " },\n", f);
		}
		count++;
	}
	fprintf(f, "};\nconst size_t %s_count = %zu;\n\n", var, count);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "schemaref: %s\n", db != NULL ? sqlite3_errmsg(db) : "no memory");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	char tmp[4096];
	FILE *f;

	if (argc != 2 || snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]) >= (int)sizeof(tmp)) {
		fprintf(stderr, "usage: schemaref OUT.c\n");
		return 2;
	}
	f = fopen(tmp, "w");
	if (f == NULL) {
		perror(tmp);
		return 1;
	}
	fputs("/* Generated from schema/ by scripts/schemaref.c. Do not edit. */\n"
	      "#include \"internal.h\"\n\n",
	      f);
	if (one(f, "kw_general_schema", kw_general_migrations, kw_general_migrations_count) != 0 ||
	    one(f, "kw_sensitive_schema", kw_sensitive_migrations, kw_sensitive_migrations_count) !=
		    0) {
		fclose(f);
		remove(tmp);
		return 1;
	}
	if (fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
		perror(argv[1]);
		remove(tmp);
		return 1;
	}
	return 0;
}
