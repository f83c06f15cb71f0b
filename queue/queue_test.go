package queue_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"corridor/queue"
	"corridor/store"
	"corridor/store/sqlite"
)

// startNATS runs a real NATS server with JetStream in the test process.
func startNATS(t *testing.T) string {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server did not start")
	}
	t.Cleanup(s.Shutdown)
	return s.ClientURL()
}

// connect connects to the queue at url, closed when the test ends.
func connect(t *testing.T, ctx context.Context, url string, opt queue.Options) *queue.Queue {
	t.Helper()
	q, err := queue.Connect(ctx, url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

func openStore(t *testing.T, path string) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// waitRuns polls the store until every run is finished.
func waitRuns(t *testing.T, st store.Store, ids []string, limit time.Duration) []store.Run {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var runs []store.Run
		done := 0
		for _, id := range ids {
			r, err := st.GetRun(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, r)
			if r.Status == store.RunDone || r.Status == store.RunFailed {
				done++
			}
		}
		if done == len(ids) {
			return runs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d jobs finished in %s", done, len(ids), limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestWorkersShareTheQueue(t *testing.T) {
	url := startNATS(t)
	st := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := connect(t, ctx, url, queue.Options{AckWait: 5 * time.Second})
	var calls atomic.Int32
	workersUsed := sync.Map{}
	handlers := func(name string) map[string]queue.Handler {
		return map[string]queue.Handler{
			"square": func(ctx context.Context, j queue.Job) (any, error) {
				calls.Add(1)
				workersUsed.Store(name, true)
				var n int
				if err := json.Unmarshal(j.Input, &n); err != nil {
					return nil, err
				}
				time.Sleep(40 * time.Millisecond)
				if n < 0 {
					return nil, fmt.Errorf("negative input %d", n)
				}
				return map[string]int{"square": n * n}, nil
			},
		}
	}
	var wg sync.WaitGroup
	for _, name := range []string{"w1", "w2"} {
		wq, err := queue.Connect(ctx, url, queue.Options{AckWait: 5 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer wq.Close()
		wg.Add(1)
		go func() { defer wg.Done(); _ = wq.Work(ctx, st, handlers(name), nil) }()
	}
	var ids []string
	for n := -1; n < 12; n++ {
		id, err := q.Submit(ctx, st, "square", n)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := q.Submit(ctx, st, "bad.kind", 1); err == nil {
		t.Error("a kind with a dot was accepted")
	}
	runs := waitRuns(t, st, ids, 30*time.Second)
	cancel()
	wg.Wait()
	for i, r := range runs {
		n := i - 1
		if n < 0 {
			if r.Status != store.RunFailed || r.Error != "negative input -1" {
				t.Errorf("job %d: %+v, want failed", n, r)
			}
			continue
		}
		var res map[string]int
		if r.Status != store.RunDone || json.Unmarshal(r.Result, &res) != nil || res["square"] != n*n {
			t.Errorf("job %d: status %s result %s", n, r.Status, r.Result)
		}
	}
	if int(calls.Load()) != len(ids) {
		t.Errorf("%d handler calls for %d jobs: a job ran twice or not at all", calls.Load(), len(ids))
	}
	used := 0
	workersUsed.Range(func(_, _ any) bool { used++; return true })
	if used != 2 {
		t.Errorf("%d workers took jobs, want 2", used)
	}
}

// TestKilledWorkerChild is the worker that TestKilledWorkerJobIsRedelivered
// kills; it does nothing unless started by it.
func TestKilledWorkerChild(t *testing.T) {
	url, db := os.Getenv("CORRIDOR_DIST_NATS"), os.Getenv("CORRIDOR_DIST_DB")
	if url == "" {
		t.Skip("run by TestKilledWorkerJobIsRedelivered only")
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	q, err := queue.Connect(context.Background(), url, queue.Options{AckWait: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	_ = q.Work(context.Background(), st, map[string]queue.Handler{
		"slow": func(ctx context.Context, j queue.Job) (any, error) {
			fmt.Println("started", j.ID)
			<-ctx.Done() // never finishes: the parent kills this process
			return nil, ctx.Err()
		},
	}, nil)
}

// A worker killed with SIGKILL in the middle of a job never acknowledges
// it; the job is redelivered to another worker once its lease runs out.
func TestKilledWorkerJobIsRedelivered(t *testing.T) {
	url := startNATS(t)
	db := filepath.Join(t.TempDir(), "d.db")
	st := openStore(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := connect(t, ctx, url, queue.Options{AckWait: time.Second})

	child := exec.Command(os.Args[0], "-test.run=^TestKilledWorkerChild$", "-test.count=1")
	child.Env = append(os.Environ(), "CORRIDOR_DIST_NATS="+url, "CORRIDOR_DIST_DB="+db)
	out, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	id, err := q.Submit(ctx, st, "slow", map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var got string
			if _, err := fmt.Sscanf(sc.Text(), "started %s", &got); err == nil {
				started <- got
			}
		}
	}()
	select {
	case got := <-started:
		if got != id {
			t.Fatalf("the child started %s, want %s", got, id)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the child worker never took the job")
	}
	_ = child.Process.Signal(syscall.SIGKILL)
	_ = child.Wait()

	var attempt atomic.Int32
	go func() {
		_ = q.Work(ctx, st, map[string]queue.Handler{
			"slow": func(ctx context.Context, j queue.Job) (any, error) {
				attempt.Store(int32(j.Attempt))
				return map[string]string{"by": "the second worker"}, nil
			},
		}, nil)
	}()
	runs := waitRuns(t, st, []string{id}, 30*time.Second)
	if runs[0].Status != store.RunDone || string(runs[0].Result) != `{"by":"the second worker"}` {
		t.Errorf("run %+v", runs[0])
	}
	if attempt.Load() < 2 {
		t.Errorf("the second worker saw attempt %d, want a redelivery (2 or more)", attempt.Load())
	}
}

// A job whose handler panics every time is tried MaxDeliver times, then its
// run fails with the reason; the worker survives the panics.
func TestPanickingJobGivesUp(t *testing.T) {
	url := startNATS(t)
	st := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	q := connect(t, ctx, url, queue.Options{AckWait: 2 * time.Second, MaxDeliver: 3})
	var calls atomic.Int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = q.Work(ctx, st, map[string]queue.Handler{
			"boom": func(ctx context.Context, j queue.Job) (any, error) {
				calls.Add(1)
				panic("boom")
			},
		}, nil)
	}()
	id, err := q.Submit(ctx, st, "boom", 1)
	if err != nil {
		t.Fatal(err)
	}
	runs := waitRuns(t, st, []string{id}, 20*time.Second)
	if runs[0].Status != store.RunFailed || runs[0].Error != "gave up after 3 deliveries: panic: boom" {
		t.Errorf("run %+v", runs[0])
	}
	if calls.Load() != 3 {
		t.Errorf("%d attempts, want 3", calls.Load())
	}
	cancel()
	<-done
}

// A job that every worker drops (each stops in the middle of it) is a dead
// letter after MaxDeliver deliveries: JetStream's advisory reaches a
// running worker, which marks the run failed instead of leaving it queued.
func TestDroppedJobIsADeadLetter(t *testing.T) {
	url := startNATS(t)
	st := openStore(t, filepath.Join(t.TempDir(), "d.db"))
	opt := queue.Options{AckWait: time.Second, MaxDeliver: 2}
	q, err := queue.Connect(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	id, err := q.Submit(context.Background(), st, "slow", 1)
	if err != nil {
		t.Fatal(err)
	}
	// Two workers in turn take the job and stop before finishing it.
	for attempt := 1; attempt <= 2; attempt++ {
		wctx, wcancel := context.WithCancel(context.Background())
		wq, err := queue.Connect(wctx, url, opt)
		if err != nil {
			t.Fatal(err)
		}
		started := make(chan int, 1)
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = wq.Work(wctx, st, map[string]queue.Handler{
				"slow": func(ctx context.Context, j queue.Job) (any, error) {
					started <- j.Attempt
					<-ctx.Done()
					return nil, ctx.Err()
				},
			}, nil)
		}()
		select {
		case got := <-started:
			if got != attempt {
				t.Errorf("delivery %d, want %d", got, attempt)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("no worker took delivery %d", attempt)
		}
		wcancel()
		<-done
		wq.Close()
	}
	// A third worker is running when the second lease runs out.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = q.Work(ctx, st, map[string]queue.Handler{
			"slow": func(ctx context.Context, j queue.Job) (any, error) {
				return nil, fmt.Errorf("delivery %d after MaxDeliver", j.Attempt)
			},
		}, nil)
	}()
	runs := waitRuns(t, st, []string{id}, 20*time.Second)
	want := "gave up after 2 deliveries: no worker finished it (each stopped, crashed or lost its lease)"
	if runs[0].Status != store.RunFailed || runs[0].Error != want {
		t.Errorf("run %+v, want failed: %s", runs[0], want)
	}
	cancel()
	<-done
}

// A submitter connects without touching the workers' consumer: its
// MaxDeliver and AckWait stay as the workers set them.
func TestSubmitOnlyKeepsTheConsumer(t *testing.T) {
	url := startNATS(t)
	ctx := context.Background()
	w, err := queue.Connect(ctx, url, queue.Options{AckWait: 3 * time.Second, MaxDeliver: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	s, err := queue.Connect(ctx, url, queue.Options{SubmitOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	cons, err := js.Consumer(ctx, queue.StreamName, queue.ConsumerName)
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.MaxDeliver != 2 || info.Config.AckWait != 3*time.Second {
		t.Errorf("consumer MaxDeliver %d AckWait %s after a submitter connected, want 2 and 3s", info.Config.MaxDeliver, info.Config.AckWait)
	}
	if err := s.Work(ctx, nil, nil, nil); err == nil {
		t.Error("a submit-only connection worked jobs")
	}
}
