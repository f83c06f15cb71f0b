package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"corridor/store"
	"corridor/store/postgres"
	"corridor/store/sqlite"
	"corridor/store/storetest"
)

// adminURL is the PostgreSQL server the tests use: set CORRIDOR_TEST_POSTGRES
// (make test does, from a throwaway cluster started by scripts/pg.sh).
func adminURL(t *testing.T) string {
	u := os.Getenv("CORRIDOR_TEST_POSTGRES")
	if u == "" {
		t.Skip("CORRIDOR_TEST_POSTGRES is not set: no PostgreSQL to test against (make test starts one with scripts/pg.sh)")
	}
	return u
}

// freshDB creates an empty database for one test and drops it afterwards.
func freshDB(t *testing.T) string {
	admin := adminURL(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "corridor_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", admin)
		if err == nil {
			_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestContract(t *testing.T) {
	adminURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), freshDB(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestSchemaDrift: the same migrations must give the same tables and
// columns (and comparable types) on SQLite and PostgreSQL.
func TestSchemaDrift(t *testing.T) {
	ctx := context.Background()
	pg, err := postgres.Open(ctx, freshDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "drift.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()

	pgCols := map[string]string{}
	rows, err := pg.SQL().QueryContext(ctx, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tbl, col, typ, null string
		if err := rows.Scan(&tbl, &col, &typ, &null); err != nil {
			t.Fatal(err)
		}
		pgCols[tbl+"."+col] = norm(typ) + " null=" + null
	}
	rows.Close()

	liteCols := map[string]string{}
	tables, err := lite.SQL().QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		_ = tables.Scan(&n)
		names = append(names, n)
	}
	tables.Close()
	for _, tbl := range names {
		r, err := lite.SQL().QueryContext(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, tbl)
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var col, typ string
			var notnull, pk int
			if err := r.Scan(&col, &typ, &notnull, &pk); err != nil {
				t.Fatal(err)
			}
			null := "YES"
			if notnull == 1 || pk > 0 {
				null = "NO"
			}
			liteCols[tbl+"."+col] = norm(typ) + " null=" + null
		}
		r.Close()
	}
	keys := func(m map[string]string) []string {
		var k []string
		for x := range m {
			k = append(k, x)
		}
		sort.Strings(k)
		return k
	}
	if strings.Join(keys(pgCols), ",") != strings.Join(keys(liteCols), ",") {
		t.Fatalf("tables and columns differ:\npostgres: %v\nsqlite:   %v", keys(pgCols), keys(liteCols))
	}
	for k, v := range pgCols {
		if liteCols[k] != v {
			t.Errorf("%s: postgres %s, sqlite %s", k, v, liteCols[k])
		}
	}
	t.Logf("%d columns agree", len(pgCols))
}

// norm maps each backend's type names to one vocabulary.
func norm(t string) string {
	switch strings.ToLower(t) {
	case "text", "character varying":
		return "text"
	case "integer", "int", "int4", "bigint", "int8":
		return "integer"
	}
	return strings.ToLower(t)
}
