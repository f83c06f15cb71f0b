// Package sqlstore implements store.Store on database/sql. store/sqlite and
// store/postgres open it with their driver and dialect; the schema comes
// from the shared migrations, and every method runs in one transaction.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"corridor/scenario"
	"corridor/store"
	"corridor/store/migrations"
)

// Dialect is what differs between SQL backends.
type Dialect struct {
	Name string
	// Numbered turns '?' placeholders into $1, $2, ... (PostgreSQL).
	Numbered bool
	// LockMigrations serialises migrations between processes (may be nil).
	LockMigrations func(ctx context.Context, tx *sql.Tx) error
	// IsUniqueViolation reports a primary-key or unique violation.
	IsUniqueViolation func(error) bool
}

// DB is a store.Store on a database/sql handle.
type DB struct {
	db  *sql.DB
	d   Dialect
	now func() time.Time
}

// Open wraps db, applies pending migrations and returns the store.
func Open(ctx context.Context, db *sql.DB, d Dialect) (*DB, error) {
	s := &DB{db: db, d: d, now: func() time.Time { return time.Now().UTC() }}
	if err := s.migrate(ctx); err != nil {
		return nil, fmt.Errorf("%s store: migrate: %w", d.Name, err)
	}
	return s, nil
}

// SQL returns the underlying handle (for tests and integrity checks).
func (s *DB) SQL() *sql.DB { return s.db }

// Close closes the database.
func (s *DB) Close() error { return s.db.Close() }

// q rewrites placeholders for the dialect.
func (s *DB) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// tx runs fn in one transaction, committing when it returns nil.
func (s *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations.Files, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for i, name := range names {
		version := i + 1
		err := s.tx(ctx, func(tx *sql.Tx) error {
			if s.d.LockMigrations != nil {
				if err := s.d.LockMigrations(ctx, tx); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := migrations.Files.ReadFile(name)
			if err != nil {
				return err
			}
			for _, stmt := range splitSQL(string(body)) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
			}
			_, err = tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`), version, name, s.stamp())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitSQL splits a migration into statements on ';' at line ends,
// dropping comment lines.
func splitSQL(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

func (s *DB) stamp() string { return s.now().Format(time.RFC3339Nano) }

func parseTime(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

func (s *DB) unique(err error) bool {
	return s.d.IsUniqueViolation != nil && s.d.IsUniqueViolation(err)
}

// CreateScenario implements store.Store.
func (s *DB) CreateScenario(ctx context.Context, sc *scenario.Scenario) (store.ScenarioRecord, error) {
	body, err := json.Marshal(sc)
	if err != nil {
		return store.ScenarioRecord{}, err
	}
	now := s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM scenarios WHERE name = ?`), sc.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("scenario %q: %w", sc.Name, store.ErrExists)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO scenarios (name, version, created_at, updated_at) VALUES (?, 1, ?, ?)`), sc.Name, now, now); err != nil {
			if s.unique(err) {
				return fmt.Errorf("scenario %q: %w", sc.Name, store.ErrExists)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO scenario_versions (name, version, body, edits, created_at) VALUES (?, 1, ?, ?, ?)`), sc.Name, string(body), len(sc.Edits), now)
		return err
	})
	if err != nil {
		return store.ScenarioRecord{}, err
	}
	t := parseTime(now)
	return store.ScenarioRecord{Name: sc.Name, Version: 1, Scenario: sc, CreatedAt: t, UpdatedAt: t}, nil
}

// UpdateScenario implements store.Store.
func (s *DB) UpdateScenario(ctx context.Context, sc *scenario.Scenario, baseVersion int) (store.ScenarioRecord, error) {
	body, err := json.Marshal(sc)
	if err != nil {
		return store.ScenarioRecord{}, err
	}
	now := s.stamp()
	var rec store.ScenarioRecord
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var current int
		var created string
		err := tx.QueryRowContext(ctx, s.q(`SELECT version, created_at FROM scenarios WHERE name = ?`), sc.Name).Scan(&current, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("scenario %q: %w", sc.Name, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if baseVersion != 0 && baseVersion != current {
			return fmt.Errorf("scenario %q is at version %d, the update was based on version %d: %w", sc.Name, current, baseVersion, store.ErrConflict)
		}
		// The version in the WHERE clause makes a concurrent update fail here
		// rather than be lost, whatever the isolation level.
		res, err := tx.ExecContext(ctx, s.q(`UPDATE scenarios SET version = ?, updated_at = ? WHERE name = ? AND version = ?`), current+1, now, sc.Name, current)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("scenario %q changed during the update: %w", sc.Name, store.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO scenario_versions (name, version, body, edits, created_at) VALUES (?, ?, ?, ?, ?)`), sc.Name, current+1, string(body), len(sc.Edits), now); err != nil {
			if s.unique(err) {
				return fmt.Errorf("scenario %q: %w", sc.Name, store.ErrConflict)
			}
			return err
		}
		rec = store.ScenarioRecord{Name: sc.Name, Version: current + 1, Scenario: sc, CreatedAt: parseTime(created), UpdatedAt: parseTime(now)}
		return nil
	})
	return rec, err
}

// GetScenario implements store.Store.
func (s *DB) GetScenario(ctx context.Context, name string, version int) (store.ScenarioRecord, error) {
	var rec store.ScenarioRecord
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var latest int
		var created string
		err := tx.QueryRowContext(ctx, s.q(`SELECT version, created_at FROM scenarios WHERE name = ?`), name).Scan(&latest, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		if version == 0 {
			version = latest
		}
		var body, at string
		err = tx.QueryRowContext(ctx, s.q(`SELECT body, created_at FROM scenario_versions WHERE name = ? AND version = ?`), name, version).Scan(&body, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("scenario %q version %d (latest is %d): %w", name, version, latest, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		sc, err := scenario.Decode([]byte(body))
		if err != nil {
			return fmt.Errorf("stored scenario %q version %d: %w", name, version, err)
		}
		rec = store.ScenarioRecord{Name: name, Version: version, Scenario: sc, CreatedAt: parseTime(created), UpdatedAt: parseTime(at)}
		return nil
	})
	return rec, err
}

// ListScenarios implements store.Store.
func (s *DB) ListScenarios(ctx context.Context) ([]store.ScenarioRecord, error) {
	out := []store.ScenarioRecord{}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.name, s.version, s.created_at, v.created_at, v.body
			FROM scenarios s JOIN scenario_versions v ON v.name = s.name AND v.version = s.version ORDER BY s.name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, created, at, body string
			var version int
			if err := rows.Scan(&name, &version, &created, &at, &body); err != nil {
				return err
			}
			sc, err := scenario.Decode([]byte(body))
			if err != nil {
				return fmt.Errorf("stored scenario %q: %w", name, err)
			}
			out = append(out, store.ScenarioRecord{Name: name, Version: version, Scenario: sc, CreatedAt: parseTime(created), UpdatedAt: parseTime(at)})
		}
		return rows.Err()
	})
	return out, err
}

// ScenarioVersions implements store.Store.
func (s *DB) ScenarioVersions(ctx context.Context, name string) ([]store.VersionInfo, error) {
	var out []store.VersionInfo
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT version, created_at, edits FROM scenario_versions WHERE name = ? ORDER BY version`), name)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v store.VersionInfo
			var at string
			if err := rows.Scan(&v.Version, &at, &v.Edits); err != nil {
				return err
			}
			v.CreatedAt = parseTime(at)
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
		}
		return nil
	})
	return out, err
}

// DeleteScenario implements store.Store.
func (s *DB) DeleteScenario(ctx context.Context, name string, baseVersion int) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if baseVersion != 0 {
			var current int
			err := tx.QueryRowContext(ctx, s.q(`SELECT version FROM scenarios WHERE name = ?`), name).Scan(&current)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
			}
			if err != nil {
				return err
			}
			if current != baseVersion {
				return fmt.Errorf("scenario %q is at version %d, the delete was based on version %d: %w", name, current, baseVersion, store.ErrConflict)
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM scenario_versions WHERE name = ?`), name); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM scenarios WHERE name = ?`), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("scenario %q: %w", name, store.ErrNotFound)
		}
		return nil
	})
}

// SaveQuery implements store.Store.
func (s *DB) SaveQuery(ctx context.Context, name string, request json.RawMessage) error {
	if !json.Valid(request) {
		return errors.New("saved query: the request is not valid JSON")
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`UPDATE saved_queries SET request = ?, updated_at = ? WHERE name = ?`), string(request), s.stamp(), name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO saved_queries (name, request, updated_at) VALUES (?, ?, ?)`), name, string(request), s.stamp())
		return err
	})
}

// GetQuery implements store.Store.
func (s *DB) GetQuery(ctx context.Context, name string) (store.SavedQuery, error) {
	var q store.SavedQuery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var req, at string
		err := tx.QueryRowContext(ctx, s.q(`SELECT request, updated_at FROM saved_queries WHERE name = ?`), name).Scan(&req, &at)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("saved query %q: %w", name, store.ErrNotFound)
		}
		q = store.SavedQuery{Name: name, Request: json.RawMessage(req), UpdatedAt: parseTime(at)}
		return err
	})
	return q, err
}

// ListQueries implements store.Store.
func (s *DB) ListQueries(ctx context.Context) ([]store.SavedQuery, error) {
	out := []store.SavedQuery{}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT name, request, updated_at FROM saved_queries ORDER BY name`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var name, req, at string
			if err := rows.Scan(&name, &req, &at); err != nil {
				return err
			}
			out = append(out, store.SavedQuery{Name: name, Request: json.RawMessage(req), UpdatedAt: parseTime(at)})
		}
		return rows.Err()
	})
	return out, err
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CreateRun implements store.Store.
func (s *DB) CreateRun(ctx context.Context, r store.Run) (string, error) {
	if r.ID == "" {
		r.ID = newID()
	}
	if r.Status == "" {
		r.Status = store.RunRunning
	}
	if len(r.Input) == 0 {
		r.Input = json.RawMessage("{}")
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO runs (id, kind, status, input, created_at) VALUES (?, ?, ?, ?, ?)`), r.ID, r.Kind, r.Status, string(r.Input), s.stamp())
		if s.unique(err) {
			return fmt.Errorf("run %q: %w", r.ID, store.ErrExists)
		}
		return err
	})
	return r.ID, err
}

// FinishRun implements store.Store.
func (s *DB) FinishRun(ctx context.Context, id, status string, result json.RawMessage, errMsg string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		var res any
		if len(result) > 0 {
			res = string(result)
		}
		r, err := tx.ExecContext(ctx, s.q(`UPDATE runs SET status = ?, result = ?, error = ?, finished_at = ? WHERE id = ?`), status, res, errMsg, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("run %q: %w", id, store.ErrNotFound)
		}
		return nil
	})
}

func scanRun(sc interface{ Scan(...any) error }) (store.Run, error) {
	var r store.Run
	var input, created string
	var result, finished sql.NullString
	if err := sc.Scan(&r.ID, &r.Kind, &r.Status, &input, &result, &r.Error, &created, &finished); err != nil {
		return r, err
	}
	r.Input = json.RawMessage(input)
	if result.Valid {
		r.Result = json.RawMessage(result.String)
	}
	r.CreatedAt = parseTime(created)
	if finished.Valid {
		t := parseTime(finished.String)
		r.FinishedAt = &t
	}
	return r, nil
}

const runCols = `id, kind, status, input, result, error, created_at, finished_at`

// GetRun implements store.Store.
func (s *DB) GetRun(ctx context.Context, id string) (store.Run, error) {
	var r store.Run
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRun(tx.QueryRowContext(ctx, s.q(`SELECT `+runCols+` FROM runs WHERE id = ?`), id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("run %q: %w", id, store.ErrNotFound)
		}
		return err
	})
	return r, err
}

// ListRuns implements store.Store.
func (s *DB) ListRuns(ctx context.Context, kind string, limit int) ([]store.Run, error) {
	if limit <= 0 {
		limit = 50
	}
	out := []store.Run{}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var rows *sql.Rows
		var err error
		if kind == "" {
			rows, err = tx.QueryContext(ctx, s.q(`SELECT `+runCols+` FROM runs ORDER BY created_at DESC LIMIT ?`), limit)
		} else {
			rows, err = tx.QueryContext(ctx, s.q(`SELECT `+runCols+` FROM runs WHERE kind = ? ORDER BY created_at DESC LIMIT ?`), kind, limit)
		}
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRun(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	return out, err
}

// PruneRuns implements store.Store.
func (s *DB) PruneRuns(ctx context.Context, keep int, olderThan time.Time) (int, error) {
	if keep <= 0 && olderThan.IsZero() {
		return 0, nil
	}
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var conds []string
		var args []any
		if keep > 0 {
			conds = append(conds, `id NOT IN (SELECT id FROM (SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT ?) AS newest)`)
			args = append(args, keep)
		}
		if !olderThan.IsZero() {
			conds = append(conds, `created_at < ?`)
			args = append(args, olderThan.UTC().Format(time.RFC3339Nano))
		}
		args = append(args, store.RunDone, store.RunFailed, store.RunCancelled)
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM runs WHERE (`+strings.Join(conds, ` OR `)+`) AND status IN (?, ?, ?)`), args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

var _ store.Store = (*DB)(nil)
