package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"paygate/store"
	"paygate/store/storetest"
)

// The two engines' migrations have the same versions, and leave the same
// tables, columns, keys, checks and indexes, so that an operator's queries
// and reports work on either.
func TestSchemasAlike(t *testing.T) {
	versions := map[string][]string{}
	for _, engine := range storetest.Engines {
		names, err := fs.Glob(store.Migrations, "migrations/"+engine+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			v, _, _ := strings.Cut(n[strings.LastIndex(n, "/")+1:], "_")
			versions[engine] = append(versions[engine], v)
		}
	}
	if !slices.Equal(versions["sqlite"], versions["postgres"]) {
		t.Errorf("migration versions differ:\nsqlite   %v\npostgres %v", versions["sqlite"], versions["postgres"])
	}

	lite := sqliteCatalog(t, storetest.OpenEngine(t, "sqlite"))
	pg := postgresCatalog(t, storetest.OpenEngine(t, "postgres"))
	if len(lite) < 50 {
		t.Fatalf("read only %d facts from SQLite's catalog", len(lite))
	}
	for _, f := range lite {
		if !slices.Contains(pg, f) {
			t.Errorf("only on SQLite: %s", f)
		}
	}
	for _, f := range pg {
		if !slices.Contains(lite, f) {
			t.Errorf("only on PostgreSQL: %s", f)
		}
	}
}

// A catalog is a sorted list of facts, one line each, in terms both engines
// share: column types as integer, text or bytes; primary keys; foreign keys
// with their delete action; the number of CHECK constraints of each table;
// indexes by name (or, for those a UNIQUE constraint makes, by columns)
// with their uniqueness, columns and the words of their WHERE clause.

var sqliteTypes = map[string]string{"INTEGER": "integer", "TEXT": "text", "BLOB": "bytes"}

func sqliteCatalog(t *testing.T, db *store.DB) []string {
	ctx := t.Context()
	q := store.Raw(db)
	var facts []string
	for _, table := range strings.Split(scanString(t, q.QueryRowContext(ctx, `SELECT group_concat(name) FROM
		(SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name)`)), ",") {
		facts = append(facts, "table "+table)
		pk := map[int]string{}
		rows := queryAll(t, db, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table)
		for _, r := range rows {
			name, typ, notnull, pkPos := r[0], r[1], r[2] == "1", r[3]
			if pkPos != "0" {
				pk[atoi(pkPos)] = name
				notnull = true
			}
			facts = append(facts, fmt.Sprintf("column %s.%s %s null=%v", table, name, sqliteTypes[typ], !notnull))
		}
		var pkCols []string
		for i := 1; i <= len(pk); i++ {
			pkCols = append(pkCols, pk[i])
		}
		facts = append(facts, fmt.Sprintf("primary key %s(%s)", table, strings.Join(pkCols, ",")))
		for _, r := range queryAll(t, db, `SELECT "table", group_concat("from"), group_concat("to"), on_delete
			FROM (SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq) GROUP BY id`, table) {
			facts = append(facts, fmt.Sprintf("foreign key %s(%s) -> %s(%s) on delete %s", table, r[1], r[0], r[2], strings.ToLower(r[3])))
		}
		sql := scanString(t, q.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE name = ?`, table))
		facts = append(facts, fmt.Sprintf("checks %s %d", table, len(checkRE.FindAllString(stripComments(sql), -1))))
		for _, r := range queryAll(t, db, `SELECT name, "unique", origin FROM pragma_index_list(?) WHERE origin <> 'pk'`, table) {
			name, unique, origin := r[0], r[1] == "1", r[2]
			cols := scanString(t, q.QueryRowContext(ctx, `SELECT group_concat(name) FROM (SELECT name FROM pragma_index_info(?) ORDER BY seqno)`, name))
			where := ""
			if origin == "c" {
				def := scanString(t, q.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE name = ?`, name))
				if _, w, ok := strings.Cut(def, " WHERE "); ok {
					where = w
				}
			} else {
				name = "constraint"
			}
			facts = append(facts, indexFact(table, name, unique, cols, where))
		}
	}
	sort.Strings(facts)
	return facts
}

var pgTypes = map[string]string{"bigint": "integer", "integer": "integer", "text": "text", "bytea": "bytes"}

func postgresCatalog(t *testing.T, db *store.DB) []string {
	var facts []string
	for _, r := range queryAll(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`) {
		facts = append(facts, "table "+r[0])
	}
	for _, r := range queryAll(t, db, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`) {
		facts = append(facts, fmt.Sprintf("column %s.%s %s null=%v", r[0], r[1], pgTypes[r[2]], r[3] == "YES"))
	}
	const cols = `array_to_string(array(SELECT a.attname FROM unnest(%s) WITH ORDINALITY k(n, o)
		JOIN pg_attribute a ON a.attrelid = %s AND a.attnum = k.n ORDER BY k.o), ',')`
	for _, r := range queryAll(t, db, `SELECT cl.relname, c.contype, `+fmt.Sprintf(cols, "c.conkey", "c.conrelid")+`,
			COALESCE(rt.relname, ''), `+fmt.Sprintf(cols, "c.confkey", "c.confrelid")+`, c.confdeltype
		FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid
		JOIN pg_namespace n ON n.oid = cl.relnamespace LEFT JOIN pg_class rt ON rt.oid = c.confrelid
		WHERE n.nspname = 'public' AND cl.relname <> 'goose_db_version' AND c.contype IN ('p', 'f')`) {
		switch r[1] {
		case "p":
			facts = append(facts, fmt.Sprintf("primary key %s(%s)", r[0], r[2]))
		case "f":
			action := map[string]string{"a": "no action", "c": "cascade", "r": "restrict", "n": "set null", "d": "set default"}[r[5]]
			facts = append(facts, fmt.Sprintf("foreign key %s(%s) -> %s(%s) on delete %s", r[0], r[2], r[3], r[4], action))
		}
	}
	for _, r := range queryAll(t, db, `SELECT cl.relname, count(c.oid) FROM pg_class cl
		JOIN pg_namespace n ON n.oid = cl.relnamespace LEFT JOIN pg_constraint c ON c.conrelid = cl.oid AND c.contype = 'c'
		WHERE n.nspname = 'public' AND cl.relkind = 'r' AND cl.relname <> 'goose_db_version' GROUP BY cl.relname`) {
		facts = append(facts, fmt.Sprintf("checks %s %s", r[0], r[1]))
	}
	for _, r := range queryAll(t, db, `SELECT t.relname, i.relname, ix.indisunique, `+fmt.Sprintf(cols, "ix.indkey", "ix.indrelid")+`,
			COALESCE(pg_get_expr(ix.indpred, ix.indrelid), ''),
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
		FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND t.relname <> 'goose_db_version' AND NOT ix.indisprimary`) {
		name := r[1]
		if r[5] == "true" {
			name = "constraint"
		}
		facts = append(facts, indexFact(r[0], name, r[2] == "true", r[3], r[4]))
	}
	sort.Strings(facts)
	return facts
}

var (
	checkRE   = regexp.MustCompile(`(?i)\bCHECK\s*\(`)
	commentRE = regexp.MustCompile(`--[^\n]*`)
	// The words of a WHERE clause, without what PostgreSQL adds when it
	// prints one back: state IN ('a', 'b') reads as
	// (state = ANY (ARRAY['a'::text, 'b'::text])).
	wordRE    = regexp.MustCompile(`'[^']*'|[a-z_]+|\d+`)
	pgPrinted = map[string]bool{"any": true, "array": true, "text": true, "bigint": true, "in": true}
)

func stripComments(sql string) string { return commentRE.ReplaceAllString(sql, "") }

func indexFact(table, name string, unique bool, cols, where string) string {
	var words []string
	for _, w := range wordRE.FindAllString(strings.ToLower(where), -1) {
		if !pgPrinted[w] {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	return fmt.Sprintf("index %s %s(%s) unique=%v where %v", name, table, cols, unique, words)
}

func scanString(t *testing.T, row interface{ Scan(...any) error }) string {
	t.Helper()
	var s string
	if err := row.Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

func queryAll(t *testing.T, db *store.DB, query string, args ...any) [][]string {
	t.Helper()
	rows, err := store.RawQuery(db, context.Background(), query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return rows
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// Schema tells pending and unknown migrations apart, and asking writes nothing.
func TestSchema(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := db.Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Pending) == 0 || s.Current() || len(s.Unknown) != 0 {
		t.Fatalf("unmigrated: %+v", s)
	}
	var tables int
	if err := store.Raw(db).QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("asking wrote to the database: %d tables (%v)", tables, err)
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(s.Pending) {
		t.Errorf("%d migrations ran, %d were pending", n, len(s.Pending))
	}
	if s, err = db.Schema(ctx); err != nil || !s.Current() {
		t.Fatalf("migrated: %+v %v", s, err)
	}
	storetest.MigrateNewer(t, db, 99990)
	if s, err = db.Schema(ctx); err != nil || !slices.Equal(s.Unknown, []int64{99990}) || len(s.Pending) != 0 {
		t.Fatalf("after a newer binary: %+v %v", s, err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.Ping(ctx); err == nil {
		t.Error("a closed database answered")
	}
}
