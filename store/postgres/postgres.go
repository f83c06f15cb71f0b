// Package postgres opens corridor's store in PostgreSQL (driver pgx), for
// teams sharing scenarios and runs. The schema is the same as SQLite's.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"corridor/store/sqlstore"
)

// Dialect is PostgreSQL's.
var Dialect = sqlstore.Dialect{
	Name:     "postgres",
	Numbered: true,
	LockMigrations: func(ctx context.Context, tx *sql.Tx) error {
		// one migrator at a time across processes
		_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7262010)`)
		return err
	},
	IsUniqueViolation: func(err error) bool {
		var pe *pgconn.PgError
		return errors.As(err, &pe) && pe.Code == "23505"
	},
}

// Open connects to the PostgreSQL database at url (postgres://...) and
// applies pending migrations.
func Open(ctx context.Context, url string) (*sqlstore.DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	s, err := sqlstore.Open(ctx, db, Dialect)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres store: %w", err)
	}
	return s, nil
}
