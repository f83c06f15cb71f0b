package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"corridor/errcode"
	"corridor/service"
	"corridor/store"
	"corridor/store/postgres"
	"corridor/store/sqlite"
)

// defaultDB is the SQLite file used when neither --db nor CORRIDOR_DB is
// given: $XDG_DATA_HOME/corridor/corridor.db, or ~/.local/share/corridor/corridor.db.
func defaultDB() string {
	if v := os.Getenv("CORRIDOR_DB"); v != "" {
		return v
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "corridor.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "corridor", "corridor.db")
}

// dbFlag adds --db to a flag set.
func dbFlag(fs *pflag.FlagSet, dsn *string) {
	fs.StringVar(dsn, "db", "", "store: an SQLite file path or a postgres:// URL (default $CORRIDOR_DB, else "+
		"~/.local/share/corridor/corridor.db)")
}

// openStore opens the store named by dsn (or the default).
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	if dsn == "" {
		dsn = defaultDB()
	}
	var st store.Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	}
	if err != nil {
		return nil, errcode.New(errcode.Unavailable, "store %s: %w", storeName(dsn), err)
	}
	return st, nil
}

// storeError gives a store failure its code (see service.StoreError).
func storeError(err error) error { return service.StoreError(err) }

// storeName describes the store for messages, without credentials.
func storeName(dsn string) string {
	if dsn == "" {
		dsn = defaultDB()
	}
	if i := strings.Index(dsn, "@"); i >= 0 && strings.Contains(dsn, "://") {
		return dsn[:strings.Index(dsn, "://")+3] + "…" + dsn[i:]
	}
	return dsn
}
