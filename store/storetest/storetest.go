// Package storetest is the storage contract test suite: every Store
// implementation runs the same tests (store/sqlite always, store/postgres
// when a database URL is given).
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"corridor/scenario"
	"corridor/store"
)

func scen(name string, nEdits int) *scenario.Scenario {
	s := &scenario.Scenario{Name: name, Description: "test " + name}
	for i := 0; i < nEdits; i++ {
		v := float64(i + 1)
		s.Edits = append(s.Edits, scenario.Edit{Op: scenario.OpSetCarbonPrice, Value: &v})
	}
	return s
}

// Run runs the contract tests; open must return a new, empty store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("ScenarioLifecycle", func(t *testing.T) { lifecycle(t, open(t)) })
	t.Run("OptimisticConflict", func(t *testing.T) { conflict(t, open(t)) })
	t.Run("ConcurrentUpdatesLoseNothing", func(t *testing.T) { concurrent(t, open(t)) })
	t.Run("QueriesAndRuns", func(t *testing.T) { queriesAndRuns(t, open(t)) })
	t.Run("PruneRuns", func(t *testing.T) { pruneRuns(t, open(t)) })
}

func lifecycle(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.GetScenario(ctx, "nope", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("get missing: %v, want ErrNotFound", err)
	}
	rec, err := s.CreateScenario(ctx, scen("alpha", 1))
	if err != nil || rec.Version != 1 {
		t.Fatalf("create: %+v %v", rec, err)
	}
	if _, err := s.CreateScenario(ctx, scen("alpha", 1)); !errors.Is(err, store.ErrExists) {
		t.Errorf("create twice: %v, want ErrExists", err)
	}
	rec, err = s.UpdateScenario(ctx, scen("alpha", 2), 1)
	if err != nil || rec.Version != 2 {
		t.Fatalf("update: %+v %v", rec, err)
	}
	if _, err := s.UpdateScenario(ctx, scen("beta", 1), 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update missing: %v, want ErrNotFound", err)
	}
	latest, err := s.GetScenario(ctx, "alpha", 0)
	if err != nil || latest.Version != 2 || len(latest.Scenario.Edits) != 2 || latest.Scenario.Description != "test alpha" {
		t.Errorf("latest: %+v %v", latest, err)
	}
	v1, err := s.GetScenario(ctx, "alpha", 1)
	if err != nil || v1.Version != 1 || len(v1.Scenario.Edits) != 1 {
		t.Errorf("version 1 kept: %+v %v", v1, err)
	}
	if _, err := s.GetScenario(ctx, "alpha", 9); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("version 9: %v, want ErrNotFound", err)
	}
	vs, err := s.ScenarioVersions(ctx, "alpha")
	if err != nil || len(vs) != 2 || vs[0].Version != 1 || vs[1].Edits != 2 {
		t.Errorf("versions: %+v %v", vs, err)
	}
	if _, err := s.CreateScenario(ctx, scen("beta", 3)); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListScenarios(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "alpha" || list[0].Version != 2 || list[1].Name != "beta" {
		t.Errorf("list: %+v %v", list, err)
	}
	if err := s.DeleteScenario(ctx, "alpha", 1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("delete based on an old version: %v, want ErrConflict", err)
	}
	if err := s.DeleteScenario(ctx, "alpha", 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteScenario(ctx, "alpha", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
	if _, err := s.ScenarioVersions(ctx, "alpha"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("versions after delete: %v", err)
	}
	if _, err := s.CreateScenario(ctx, scen("alpha", 1)); err != nil {
		t.Errorf("re-create after delete: %v", err)
	}
}

func conflict(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.CreateScenario(ctx, scen("gamma", 1)); err != nil {
		t.Fatal(err)
	}
	// Two editors read version 1; the first update wins, the second conflicts.
	if _, err := s.UpdateScenario(ctx, scen("gamma", 2), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateScenario(ctx, scen("gamma", 3), 1); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
	rec, _ := s.GetScenario(ctx, "gamma", 0)
	if rec.Version != 2 || len(rec.Scenario.Edits) != 2 {
		t.Errorf("after the conflict: %+v", rec)
	}
}

// concurrent runs many updaters that each read, then update with the
// version they read, retrying on conflict: every success must be a distinct
// version, none lost.
func concurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.CreateScenario(ctx, scen("delta", 1)); err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 5
	var wg sync.WaitGroup
	var mu sync.Mutex
	conflicts := 0
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < each; {
				rec, err := s.GetScenario(ctx, "delta", 0)
				if err != nil {
					errs <- err
					return
				}
				_, err = s.UpdateScenario(ctx, scen("delta", 1), rec.Version)
				switch {
				case errors.Is(err, store.ErrConflict):
					mu.Lock()
					conflicts++
					mu.Unlock()
				case err != nil:
					errs <- fmt.Errorf("update: %w", err)
					return
				default:
					done++
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	vs, err := s.ScenarioVersions(ctx, "delta")
	if err != nil || len(vs) != 1+workers*each {
		t.Errorf("%d versions (%v), want %d; %d conflicts retried", len(vs), err, 1+workers*each, conflicts)
	}
}

func queriesAndRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	req := json.RawMessage(`{"from":"Xi'an","to":"Duisburg"}`)
	if err := s.SaveQuery(ctx, "q1", req); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveQuery(ctx, "q1", json.RawMessage(`{"from":"Xi'an","to":"Madrid"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveQuery(ctx, "bad", json.RawMessage(`{`)); err == nil {
		t.Error("invalid JSON saved")
	}
	q, err := s.GetQuery(ctx, "q1")
	if err != nil || string(q.Request) != `{"from":"Xi'an","to":"Madrid"}` {
		t.Errorf("get query: %+v %v", q, err)
	}
	if qs, err := s.ListQueries(ctx); err != nil || len(qs) != 1 {
		t.Errorf("list queries: %+v %v", qs, err)
	}
	id, err := s.CreateRun(ctx, store.Run{Kind: "simulation", Input: json.RawMessage(`{"runs":100}`)})
	if err != nil || id == "" {
		t.Fatal(err)
	}
	r, err := s.GetRun(ctx, id)
	if err != nil || r.Status != store.RunRunning || r.FinishedAt != nil || string(r.Input) != `{"runs":100}` {
		t.Errorf("new run: %+v %v", r, err)
	}
	if err := s.FinishRun(ctx, id, store.RunDone, json.RawMessage(`{"p50":18.2}`), ""); err != nil {
		t.Fatal(err)
	}
	r, _ = s.GetRun(ctx, id)
	if r.Status != store.RunDone || string(r.Result) != `{"p50":18.2}` || r.FinishedAt == nil {
		t.Errorf("finished run: %+v", r)
	}
	if err := s.FinishRun(ctx, "nope", store.RunFailed, nil, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("finish missing run: %v", err)
	}
	if _, err := s.CreateRun(ctx, store.Run{Kind: "assignment"}); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.ListRuns(ctx, "simulation", 10); err != nil || len(rs) != 1 {
		t.Errorf("list simulation runs: %d %v", len(rs), err)
	}
	if rs, err := s.ListRuns(ctx, "", 10); err != nil || len(rs) != 2 {
		t.Errorf("list all runs: %d %v", len(rs), err)
	}
}

// pruneRuns: retention by count and by age deletes finished runs only.
func pruneRuns(t *testing.T, s store.Store) {
	ctx := context.Background()
	var ids []string
	for i := range 6 {
		id, err := s.CreateRun(ctx, store.Run{Kind: "simulation", Input: json.RawMessage(`{"runs":100}`)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if i != 0 { // the oldest stays running
			if err := s.FinishRun(ctx, id, store.RunDone, json.RawMessage(`{}`), ""); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(2 * time.Millisecond) // distinct creation times
	}
	if n, err := s.PruneRuns(ctx, 0, time.Time{}); err != nil || n != 0 {
		t.Errorf("prune without limits: %d %v, want 0", n, err)
	}
	// Keep the newest 3: runs 1 and 2 go, run 0 is still running.
	if n, err := s.PruneRuns(ctx, 3, time.Time{}); err != nil || n != 2 {
		t.Errorf("prune keep 3: %d %v, want 2", n, err)
	}
	for i, id := range ids {
		_, err := s.GetRun(ctx, id)
		if gone := errors.Is(err, store.ErrNotFound); gone != (i == 1 || i == 2) {
			t.Errorf("run %d after keep 3: %v", i, err)
		}
	}
	if n, err := s.PruneRuns(ctx, 0, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("prune older than an hour ago: %d %v, want 0", n, err)
	}
	if n, err := s.PruneRuns(ctx, 100, time.Now().Add(time.Hour)); err != nil || n != 3 {
		t.Errorf("prune older than in an hour: %d %v, want 3", n, err)
	}
	if rs, err := s.ListRuns(ctx, "", 10); err != nil || len(rs) != 1 || rs[0].ID != ids[0] {
		t.Errorf("left: %+v %v, want the running run", rs, err)
	}
}
