package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"corridor/queue"
	"corridor/store/sqlite"
)

// startNATS runs a real NATS server with JetStream in the test process
// until the test ends and returns its URL.
func startNATS(t *testing.T) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats did not start")
	}
	t.Cleanup(ns.Shutdown)
	return ns.ClientURL()
}

// TestWorkerRunsSubmittedJobs starts a real NATS server with JetStream,
// a `corridor worker`, and submits a scenario sweep and a simulation with
// `corridor submit --wait`.
func TestWorkerRunsSubmittedJobs(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"worker", "--nats", url, "--db", db}, io.Discard, io.Discard) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the worker did not stop")
		}
	}()

	sweep := filepath.Join(dir, "sweep.json")
	_ = os.WriteFile(sweep, []byte(`{"scenarios":["red-sea-closed","northern-sanctioned"],
		"pairs":[{"from":"Shanghai","to":"Rotterdam"},{"from":"Xi'an","to":"Duisburg"}],"options":{"cargo":{"feu":2}}}`), 0o644)
	code, out, errOut := run(t, "submit", "sweep", "-f", sweep, "--nats", url, "--db", db, "--wait", "--timeout", "60s")
	if code != 0 {
		t.Fatalf("submit sweep: exit %d %s", code, errOut)
	}
	var res struct {
		Status string
		Result []struct {
			Scenario, From, To string
			Corridors          []struct {
				Corridor         string
				ScenarioFeasible bool `json:"scenario_feasible"`
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Status != "done" || len(res.Result) != 4 {
		t.Fatalf("sweep result: %v %.300s", err, out)
	}
	for _, r := range res.Result {
		for _, c := range r.Corridors {
			if r.Scenario == "red-sea-closed" && r.From == "Shanghai" && c.Corridor == "maritime-suez" && c.ScenarioFeasible {
				t.Error("Suez feasible with the Red Sea closed")
			}
			if r.Scenario == "northern-sanctioned" && c.Corridor == "northern" && c.ScenarioFeasible {
				t.Error("Northern feasible with RU and BY avoided")
			}
		}
	}
	simFile := filepath.Join(dir, "sim.json")
	_ = os.WriteFile(simFile, []byte(`{"from":"Xi'an","to":"Duisburg","runs":500,"compare":true}`), 0o644)
	code, out, errOut = run(t, "submit", "simulation", "-f", simFile, "--nats", url, "--db", db, "--wait", "--timeout", "60s")
	if code != 0 || !strings.Contains(out, `"transit_days"`) {
		t.Fatalf("submit simulation: exit %d %s %.300s", code, errOut, out)
	}
	// Bad input is refused before anything is queued.
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"scenarios":["x"],"pairz":[]}`), 0o644)
	if code, _, errOut := run(t, "submit", "sweep", "-f", bad, "--nats", url, "--db", db); code != ExitBadInput || !strings.Contains(errOut, "pairz") {
		t.Errorf("bad sweep: exit %d %s", code, errOut)
	}
	if code, _, _ := run(t, "submit", "dance", "-f", bad, "--nats", url, "--db", db); code != ExitBadInput {
		t.Errorf("unknown kind: exit %d", code)
	}
}

// `submit --wait` returns at once, exit 1, when the workers give a job up
// (here: its handler panics on its only delivery), instead of waiting out
// its timeout with the run left queued.
func TestSubmitWaitEndsOnGivenUpJob(t *testing.T) {
	url := startNATS(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(context.Background())
	q, err := queue.Connect(ctx, url, queue.Options{MaxDeliver: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = q.Work(ctx, st, map[string]queue.Handler{
			"simulation": func(context.Context, queue.Job) (any, error) { panic("out of luck") },
		}, nil)
	}()
	defer func() { cancel(); <-done }()

	simFile := filepath.Join(dir, "sim.json")
	_ = os.WriteFile(simFile, []byte(`{"from":"Xi'an","to":"Duisburg","runs":500}`), 0o644)
	start := time.Now()
	code, out, errOut := run(t, "submit", "simulation", "-f", simFile, "--nats", url, "--db", db, "--wait", "--timeout", "60s")
	if code != ExitFailure || !strings.Contains(errOut, "gave up after 1 deliveries: panic: out of luck") {
		t.Errorf("submit: exit %d %s %s", code, out, errOut)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("submit --wait took %s", d)
	}
}
