package api

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/service"
	"corridor/store"
	"corridor/store/sqlite"
)

// A job whose result cannot be encoded ends failed with the reason, in
// memory and in the store, never done without a result.
func TestJobWithUnencodableResultFails(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(Config{Graph: g, Store: st})
	j, err := s.startJob("simulation", map[string]int{"runs": 1}, 1, func(context.Context, service.Progress) (any, error) {
		return map[string]float64{"p50": math.NaN()}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(context.Background()); err != nil { // waits for the job
		t.Fatal(err)
	}
	j.mu.Lock()
	status, msg, res := j.Status, j.Error, j.Result
	j.mu.Unlock()
	if status != store.RunFailed || !strings.Contains(msg, "encode the result") || len(res) != 0 {
		t.Errorf("job: %s %q %s, want failed: encode the result", status, msg, res)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		run, err := st.GetRun(context.Background(), j.ID)
		if err == nil && run.Status == store.RunFailed && strings.Contains(run.Error, "encode the result") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stored run: %+v %v", run, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
