#!/bin/bash
# doc_schema.sh: in each compartment, every column that refers to another row (a foreign key) has
# an index that starts with it. Without one, deleting the row it refers to reads the whole
# referring table: a retention run deleting a woman's episodes read every contact for each one.
set -u
SRC=$(cd "$(dirname "$0")/.." && pwd)
KEYWORK_BIN=unused . "$SRC/tests/lib_cli.sh"
SQL=$(command -v sqlcipher || command -v sqlite3) || { echo "no sqlcipher shell"; exit 1; }
for c in general sensitive; do
	db="$T/$c.db"
	for f in "$SRC"/schema/$c/*.sql; do
		"$SQL" -bail "$db" <"$f" >"$T/err" 2>&1 || { bad "$f does not apply"; cat "$T/err" >&2; }
	done
	"$SQL" "$db" "SELECT m.name || '.' || f.\"from\" FROM sqlite_master m,
		pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND NOT EXISTS (SELECT 1
		FROM sqlite_master i, pragma_index_info(i.name) x WHERE i.type = 'index' AND
		i.tbl_name = m.name AND x.seqno = 0 AND x.name = f.\"from\")" >"$T/unindexed"
	if [ -s "$T/unindexed" ]; then
		bad "$c: a foreign key with no index: $(tr '\n' ' ' <"$T/unindexed")"
	else
		ok
	fi
done
finish
