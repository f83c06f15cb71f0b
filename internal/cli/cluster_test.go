package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"corridor/queue"
	"corridor/resilience"
	"corridor/store/sqlite"
)

// proc is a process of the cluster test.
type proc struct {
	cmd *exec.Cmd
	out *lockedBuffer
}

// lockedBuffer is a process's output, written by exec's copying goroutine
// and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startProc(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), out: &lockedBuffer{}}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	p.cmd.Env = append(os.Environ(), "GOMAXPROCS=2")
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	return p
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitHealthy(t *testing.T, base string, p *proc) {
	t.Helper()
	for i := 0; i < 200; i++ {
		if r, err := http.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not start:\n%s", p.out)
}

// TestClusterResilience runs a resilience analysis through `corridor serve
// --nats` and two `corridor worker`s (real binaries, a real NATS JetStream
// server, one SQLite store): one worker is killed with SIGKILL while the
// analysis runs and the API server is stopped and started again. The
// analysis completes, every case has exactly one stored task result, and
// the ranking equals an in-process analysis of the same request.
func TestClusterResilience(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a cluster of processes (LONG=1 runs it)")
	}
	bin := filepath.Join(t.TempDir(), "corridor")
	build := exec.Command("go", "build", "-o", bin, "corridor/cmd/corridor")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	// nats-server as its own process: three processes creating the stream
	// and consumer at once trip a data race inside nats-server itself
	// when it runs in this (race-instrumented) test binary.
	natsBin := filepath.Join(t.TempDir(), "nats-server")
	if out, err := exec.Command("go", "build", "-o", natsBin, "github.com/nats-io/nats-server/v2").CombinedOutput(); err != nil {
		t.Fatalf("build nats-server: %v\n%s", err, out)
	}
	natsAddr := freeAddr(t)
	host, port, _ := net.SplitHostPort(natsAddr)
	ns := startProc(t, natsBin, "-a", host, "-p", port, "-js", "-sd", t.TempDir())
	natsURL := "nats://" + natsAddr
	for i := 0; ; i++ {
		if c, err := net.Dial("tcp", natsAddr); err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("nats-server did not start:\n%s", ns.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	db := filepath.Join(t.TempDir(), "cluster.db")
	addr := freeAddr(t)
	base := "http://" + addr
	serveArgs := []string{"serve", "--addr", addr, "--db", db, "--nats", natsURL, "--jobs-per-minute", "0"}
	api := startProc(t, bin, serveArgs...)
	waitHealthy(t, base, api)
	w1 := startProc(t, bin, "worker", "--nats", natsURL, "--db", db, "--ack-wait", "3s")
	w2 := startProc(t, bin, "worker", "--nats", natsURL, "--db", db, "--ack-wait", "3s")

	body := `{"demand":"china-europe-2030","elements":["chokepoints","ferries","borders"]}`
	resp, err := http.Post(base+"/api/v1/resilience", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var started struct{ ID string }
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted || json.Unmarshal(b, &started) != nil {
		t.Fatalf("start: %d %s\n%s", resp.StatusCode, b, api.out)
	}
	poll := func() (status string, done, total int, raw []byte) {
		r, err := http.Get(base + "/api/v1/resilience/" + started.ID)
		if err != nil {
			return "", 0, 0, nil
		}
		defer r.Body.Close()
		raw, _ = io.ReadAll(r.Body)
		var j struct {
			Status      string `json:"status"`
			Done, Total int
		}
		_ = json.Unmarshal(raw, &j)
		return j.Status, j.Done, j.Total, raw
	}
	// kill a worker once some cases are done, then restart the API
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, done, total, _ := poll()
		if done >= 5 {
			t.Logf("SIGKILL worker 1 at %d of %d cases", done, total)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no progress:\napi:\n%s\nworker 1:\n%s\nworker 2:\n%s", api.out, w1.out, w2.out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = w1.cmd.Process.Signal(syscall.SIGKILL)
	_ = w1.cmd.Wait()
	if err := api.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = api.cmd.Wait()
	_, done, total, _ := poll()
	t.Logf("API stopped; restarting (last seen %d of %d)", done, total)
	api2 := startProc(t, bin, serveArgs...)
	waitHealthy(t, base, api2)
	var raw []byte
	for {
		var status string
		status, _, _, raw = poll()
		if status == "done" {
			break
		}
		if status == "failed" || status == "cancelled" || time.Now().After(deadline) {
			t.Fatalf("analysis %s: %s\napi:\n%s\napi (restarted):\n%s\nworker 2:\n%s", status, raw, api.out, api2.out, w2.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !strings.Contains(api2.out.String(), "resumed resilience analysis") {
		t.Errorf("the restarted server did not say it resumed the analysis:\n%s", api2.out)
	}
	var got struct {
		Result resilience.Report `json:"result"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	n := len(got.Result.Outcomes)
	if n < 50 {
		t.Fatalf("only %d cases", n)
	}
	// every task stored exactly once and done
	_ = api2.cmd.Process.Signal(syscall.SIGTERM)
	_ = api2.cmd.Wait()
	_ = w2.cmd.Process.Signal(syscall.SIGTERM)
	_ = w2.cmd.Wait()
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.ListRuns(context.Background(), queue.KindResilienceTask, 100000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range runs {
		if !strings.HasPrefix(r.ID, started.ID+"-") {
			continue
		}
		seen[r.ID]++
		if r.Status != "done" {
			t.Errorf("task %s is %s (%s)", r.ID, r.Status, r.Error)
		}
	}
	if len(seen) != n {
		t.Errorf("%d task runs stored for %d cases", len(seen), n)
	}
	for i := 0; i < n; i++ {
		if c := seen[queue.TaskID(started.ID, i)]; c != 1 {
			t.Errorf("task %d stored %d times", i, c)
		}
	}
	// the same analysis in one process
	code, out, errs := run(t, "resilience", "--demand", filepath.Join("..", "..", "data", "demand", "china-europe-2030.csv"),
		"--elements", "chokepoints,ferries,borders", "--format", "json")
	if code != 0 {
		t.Fatalf("in-process run: %s", errs)
	}
	var local resilience.Report
	if err := json.Unmarshal([]byte(out), &local); err != nil {
		t.Fatal(err)
	}
	if len(local.Outcomes) != n {
		t.Fatalf("in-process: %d cases, cluster %d", len(local.Outcomes), n)
	}
	for i := range local.Outcomes {
		a, b := local.Outcomes[i], got.Result.Outcomes[i]
		if a.ID != b.ID || !closeTo(a.Impact, b.Impact) {
			t.Errorf("rank %d: in-process %s %.6g, cluster %s %.6g", i+1, a.ID, a.Impact, b.ID, b.Impact)
		}
	}
	t.Logf("%d cases; top: %s", n, fmt.Sprint(local.Outcomes[0].ID))
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*max(math.Abs(a), math.Abs(b))+1e-6
}
