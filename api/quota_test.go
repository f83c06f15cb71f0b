package api_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"corridor/api"
	"corridor/store"
	"corridor/store/sqlite"
)

const smallSimulation = `{"from":"Xi'an","to":"Duisburg","depart":"2026-03-01","runs":1000,"seed":1}`

// With an API key configured, jobs need it like every other write.
func TestJobsNeedTheAPIKey(t *testing.T) {
	ts := newServer(t, withStore(t, "s3cret"))
	for _, path := range []string{"/api/v1/simulations", "/api/v1/assignments"} {
		r := do(t, ts, "POST", path, `{}`)
		if r.status != 401 || r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("%s without the key: %d %s, want 401", path, r.status, r.body)
		}
	}
	code, _, body := send(t, ts.URL, "POST", "/api/v1/simulations", smallSimulation, map[string]string{"X-API-Key": "wrong"})
	if code != 401 {
		t.Errorf("wrong key: %d %s", code, body)
	}
	code, _, body = send(t, ts.URL, "POST", "/api/v1/simulations", smallSimulation, map[string]string{"Authorization": "Bearer s3cret"})
	if code != 202 {
		t.Errorf("with the key: %d %s, want 202", code, body)
	}
}

// An open server (no key) runs jobs for anyone, within a quota per client.
func TestOpenServerJobQuota(t *testing.T) {
	ts := newServer(t, func(c *api.Config) { c.JobsPerMinute = 2 })
	// Requests that start no job (bad input) count too: checking them costs
	// the server as well. None of them is refused for jobs running.
	for i := range 2 {
		if r := do(t, ts, "POST", "/api/v1/simulations", `{"from":"Xi'an"}`); r.status != 400 {
			t.Fatalf("request %d: %d %s, want 400", i+1, r.status, r.body)
		}
	}
	r := do(t, ts, "POST", "/api/v1/assignments", `{}`)
	if r.status != 429 {
		t.Fatalf("third request in a minute: %d %s, want 429", r.status, r.body)
	}
	if s, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
		t.Errorf("Retry-After %q, want 1..60 s", r.header.Get("Retry-After"))
	}
	// An open server still runs jobs (the UI uses them).
	ts = newServer(t, nil)
	if r := do(t, ts, "POST", "/api/v1/simulations", smallSimulation); r.status != 202 {
		t.Errorf("open server: %d %s, want 202", r.status, r.body)
	}
}

// The server deletes finished runs beyond its retention when it starts.
func TestRunsRetention(t *testing.T) {
	for _, tc := range []struct {
		name   string
		keep   int
		maxAge time.Duration
		left   int // of 4 finished runs and 1 running
	}{
		{"keep 2", 2, -1, 3},
		{"max age", -1, time.Nanosecond, 1},
		{"no limits", -1, -1, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "api.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			for i := range 5 {
				id, err := st.CreateRun(ctx, store.Run{Kind: "simulation", Input: json.RawMessage(`{"runs":1000}`)})
				if err != nil {
					t.Fatal(err)
				}
				if i > 0 {
					_ = st.FinishRun(ctx, id, store.RunDone, json.RawMessage(`{}`), "")
				}
				time.Sleep(2 * time.Millisecond)
			}
			newServer(t, func(c *api.Config) { c.Store, c.RunsKeep, c.RunsMaxAge = st, tc.keep, tc.maxAge })
			deadline := time.Now().Add(10 * time.Second)
			for {
				rs, err := st.ListRuns(ctx, "", 100)
				if err != nil {
					t.Fatal(err)
				}
				if len(rs) == tc.left && (tc.left < 5 || time.Now().After(deadline.Add(-9500*time.Millisecond))) {
					break // pruned, or nothing pruned for half a second
				}
				if time.Now().After(deadline) {
					t.Fatalf("%d runs left, want %d", len(rs), tc.left)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}
