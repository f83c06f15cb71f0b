package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/store"
)

// lineWriter passes what serve prints to a channel, line by line.
type lineWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	urls chan string
}

var urlRe = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if u := urlRe.FindString(w.buf.String()); u != "" {
		select {
		case w.urls <- u:
		default:
		}
	}
	return len(p), nil
}

// startServe runs `corridor serve` on a free port with a store in a
// temporary folder until ctx ends; it returns the server's URL, the store's
// path and the channel that receives the exit code.
func startServe(t *testing.T, ctx context.Context, flags ...string) (base, db string, done chan int) {
	t.Helper()
	out := &lineWriter{urls: make(chan string, 1)}
	done = make(chan int, 1)
	db = filepath.Join(t.TempDir(), "serve.db")
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, flags...)
	go func() { done <- Main(ctx, args, out, io.Discard) }()
	select {
	case base = <-out.urls:
	case code := <-done:
		t.Fatalf("serve exited early with %d", code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not print its address")
	}
	return base, db, done
}

// TestServeStartsAndStopsGracefully runs `corridor serve` on a free port,
// asks it for a route, then cancels its context (as SIGINT does) and checks
// that it stops cleanly.
func TestServeStartsAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	base, _, done := startServe(t, ctx)
	resp, err := http.Post(base+"/api/v1/route", "application/json", strings.NewReader(`{"from":"Xi'an","to":"Duisburg"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"itineraries"`) {
		t.Fatalf("route: %d %.200s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d after a graceful stop", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServeShutdownCancelsJobs starts a long simulation and follows its
// event stream, then stops the server: the stream ends with a "cancelled"
// event, the run is marked cancelled in the store, and serve returns well
// within its grace period instead of waiting for the job or the stream.
func TestServeShutdownCancelsJobs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const grace = 8 * time.Second
	base, db, done := startServe(t, ctx, "--shutdown-timeout", grace.String())
	// The largest simulation the API takes, on every corridor: minutes of work.
	resp, err := http.Post(base+"/api/v1/simulations", "application/json",
		strings.NewReader(`{"from":"Xi'an","to":"Duisburg","runs":200000,"compare":true}`))
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		ID    string            `json:"id"`
		Links map[string]string `json:"links"`
	}
	err = json.NewDecoder(resp.Body).Decode(&job)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("simulation: %d %v", resp.StatusCode, err)
	}
	events, err := http.Get(base + job.Links["events"])
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	lastEvent := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(events.Body)
		last := ""
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				last = name
			}
		}
		lastEvent <- last
	}()
	time.Sleep(300 * time.Millisecond) // the job is running
	stop := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited with %d", code)
		}
	case <-time.After(2 * grace):
		t.Fatal("serve did not stop")
	}
	took := time.Since(stop)
	if took >= grace {
		t.Errorf("shutdown took %s, the whole grace period", took)
	}
	t.Logf("shutdown took %s with a job running and its event stream open", took)
	select {
	case ev := <-lastEvent:
		if ev != "cancelled" {
			t.Errorf("the event stream ended with %q, want cancelled", ev)
		}
	case <-time.After(5 * time.Second):
		t.Error("the event stream did not end")
	}
	st, err := openStore(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run, err := st.GetRun(context.Background(), job.ID)
	if err != nil || run.Status != store.RunCancelled || run.FinishedAt.IsZero() {
		t.Fatalf("run after shutdown: %+v %v; want cancelled", run, err)
	}
}

// serve --runs-keep prunes the stored runs when it starts.
func TestServeRunsRetention(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "runs.db")
	st, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for range 4 {
		id, err := st.CreateRun(ctx, store.Run{Kind: "simulation", Input: json.RawMessage(`{"runs":100}`)})
		if err != nil {
			t.Fatal(err)
		}
		_ = st.FinishRun(ctx, id, store.RunDone, json.RawMessage(`{}`), "")
		time.Sleep(2 * time.Millisecond)
	}
	_, _, done := startServe(t, ctx, "--db", db, "--runs-keep", "1", "--runs-max-age", "0")
	deadline := time.Now().Add(10 * time.Second)
	for {
		rs, err := st.ListRuns(ctx, "", 10)
		if err == nil && len(rs) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d runs left (%v), want 1", len(rs), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	st.Close()
}
