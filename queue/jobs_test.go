package queue_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/errcode"
	"corridor/queue"
	"corridor/service"
	"corridor/store"
)

// scenarioOutage is a real store whose scenario reads fail, as they do when
// the database cannot be reached; runs still work, so that the failure can
// be recorded.
type scenarioOutage struct{ store.Store }

var errOutage = errors.New("dial tcp 10.0.0.7:5432: connect: connection refused")

func (s scenarioOutage) GetScenario(context.Context, string, int) (store.ScenarioRecord, error) {
	return store.ScenarioRecord{}, errOutage
}

// A worker whose store cannot be reached fails a job that names a scenario,
// with the store's error; it never runs the bundled scenario of that name
// in its place.
func TestWorkerFailsJobWhenStoreIsUnreachable(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	url := startNATS(t)
	st := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := connect(t, ctx, url, queue.Options{AckWait: 5 * time.Second})
	// "red-sea-closed" is also a bundled scenario: a silent fallback would
	// run it and succeed.
	id, err := q.Submit(ctx, st, queue.KindSimulation, map[string]any{"from": "Shanghai", "to": "Rotterdam", "runs": 100, "scenario": "red-sea-closed"})
	if err != nil {
		t.Fatal(err)
	}
	broken := scenarioOutage{st}
	go func() {
		_ = q.Work(ctx, broken, queue.Handlers(service.New(service.Config{Graph: g, Store: broken})), nil)
	}()
	runs := waitRuns(t, st, []string{id}, 30*time.Second)
	if r := runs[0]; r.Status != store.RunFailed || !strings.Contains(r.Error, "scenario store") || !strings.Contains(r.Error, "connection refused") {
		t.Fatalf("run %+v; want failed with the store's error", r)
	}

	// The handler's error says the store is unavailable.
	h := queue.Handlers(service.New(service.Config{Graph: g, Store: broken}))[queue.KindSweep]
	_, err = h(ctx, queue.Job{Kind: queue.KindSweep, Input: []byte(`{"scenarios":["red-sea-closed"],"pairs":[{"from":"Shanghai","to":"Rotterdam"}]}`)})
	if errcode.Of(err) != errcode.Unavailable || !errors.Is(err, errOutage) {
		t.Fatalf("sweep with the store down: %v (code %s), want unavailable wrapping the outage", err, errcode.Of(err))
	}
}

func TestDecodeInput(t *testing.T) {
	for _, c := range []struct {
		kind, input, want string
	}{
		{"simulation", `{"from":"A","to":"B","runs":10}`, ""},
		{"simulation", `{"from":"A","to":"B","runz":10}`, "runz"},
		{"sweep", `{"scenarios":["x"],"pairs":[]}`, ""},
		{"sweep", `{"scenarios":["x"],"pairz":[]}`, "pairz"},
		{"sweep", `{"scenarios":["x"]} {}`, "unexpected data"},
		{"dance", `{}`, "unknown job kind"},
	} {
		_, err := queue.DecodeInput(c.kind, []byte(c.input))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s %s: %v", c.kind, c.input, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want) || errcode.Of(err) != errcode.Invalid):
			t.Errorf("%s %s: %v, want an invalid error naming %q", c.kind, c.input, err, c.want)
		}
	}
}
