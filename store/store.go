// Package store keeps what corridor users save: scenarios (every version),
// saved queries and the results of runs. Store is the contract; the
// implementations are store/sqlite (the default, an embedded file) and
// store/postgres (for teams), both built on store/sqlstore with the same
// embedded migrations. Every method is one transaction.
package store

import (
	"context"
	"encoding/json"
	"time"

	"corridor/errcode"
	"corridor/scenario"
)

// Errors that callers can test with errors.Is; each carries its errcode.
var (
	ErrNotFound error = &errcode.Error{Code: errcode.NotFound, Msg: "not found"}
	ErrExists   error = &errcode.Error{Code: errcode.Conflict, Msg: "already exists"}
	ErrConflict error = &errcode.Error{Code: errcode.Conflict, Msg: "conflict: the record changed since it was read"}
)

// Store is the storage contract.
type Store interface {
	// CreateScenario stores version 1 of a new scenario (ErrExists if the name is taken).
	CreateScenario(ctx context.Context, s *scenario.Scenario) (ScenarioRecord, error)
	// UpdateScenario stores a new version of a scenario. baseVersion is the
	// version the caller read: when another update came first the call
	// fails with ErrConflict instead of overwriting it (optimistic locking).
	// baseVersion 0 skips the check.
	UpdateScenario(ctx context.Context, s *scenario.Scenario, baseVersion int) (ScenarioRecord, error)
	// GetScenario returns one version (0 = the latest).
	GetScenario(ctx context.Context, name string, version int) (ScenarioRecord, error)
	// ListScenarios returns the latest version of every scenario, by name.
	ListScenarios(ctx context.Context) ([]ScenarioRecord, error)
	// ScenarioVersions lists a scenario's versions, oldest first.
	ScenarioVersions(ctx context.Context, name string) ([]VersionInfo, error)
	// DeleteScenario removes a scenario and its versions. With baseVersion
	// other than 0 it fails with ErrConflict unless that is the latest version.
	DeleteScenario(ctx context.Context, name string, baseVersion int) error

	// SaveQuery stores (or replaces) a named query (a route request as JSON).
	SaveQuery(ctx context.Context, name string, request json.RawMessage) error
	// GetQuery returns a saved query.
	GetQuery(ctx context.Context, name string) (SavedQuery, error)
	// ListQueries returns every saved query, by name.
	ListQueries(ctx context.Context) ([]SavedQuery, error)

	// CreateRun stores a new run (status "running" unless set) and returns its id.
	CreateRun(ctx context.Context, r Run) (string, error)
	// FinishRun records a run's result or error.
	FinishRun(ctx context.Context, id, status string, result json.RawMessage, errMsg string) error
	// GetRun returns a run.
	GetRun(ctx context.Context, id string) (Run, error)
	// ListRuns returns the newest runs of a kind ("" = all), newest first.
	ListRuns(ctx context.Context, kind string, limit int) ([]Run, error)
	// PruneRuns deletes finished runs (done, failed, cancelled: input and
	// result) that are not among the newest keep runs or were created
	// before olderThan, and returns how many it deleted. keep <= 0 and a
	// zero olderThan disable the respective limit. Queued and running
	// runs are never deleted.
	PruneRuns(ctx context.Context, keep int, olderThan time.Time) (int, error)

	// Close releases the store.
	Close() error
}

// ScenarioRecord is one stored version of a scenario.
type ScenarioRecord struct {
	Name      string             `json:"name"`
	Version   int                `json:"version"`
	Scenario  *scenario.Scenario `json:"scenario"`
	CreatedAt time.Time          `json:"created_at"` // of the scenario (version 1)
	UpdatedAt time.Time          `json:"updated_at"` // of this version
}

// VersionInfo describes one version of a scenario.
type VersionInfo struct {
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	Edits     int       `json:"edits"`
}

// SavedQuery is a named route request.
type SavedQuery struct {
	Name      string          `json:"name"`
	Request   json.RawMessage `json:"request"`
	UpdatedAt time.Time       `json:"updated_at"`
}

// Run statuses.
const (
	RunRunning = "running"
	RunDone    = "done"
	RunFailed  = "failed"
	// RunCancelled is a run stopped before it finished (the server shut
	// down, or the job was cancelled).
	RunCancelled = "cancelled"
)

// Run is a stored job (an assignment, a simulation, a scenario sweep) with
// its input and, when finished, its result.
type Run struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	Status     string          `json:"status"`
	Input      json.RawMessage `json:"input"`
	Result     json.RawMessage `json:"result,omitempty"`
	Error      string          `json:"error,omitempty"`
	CreatedAt  time.Time       `json:"created_at"`
	FinishedAt *time.Time      `json:"finished_at,omitempty"`
}
