package api_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/api"
	"corridor/data/eurasia"
	"corridor/network"
	"corridor/store/sqlite"
)

// A method string a client invents is counted as "other": the label set
// stays fixed however many distinct methods arrive.
func TestMetricsMethodLabelFixed(t *testing.T) {
	ts := newServer(t, nil)
	for _, m := range []string{"FROBNICATE", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "GET"} {
		for _, path := range []string{"/api/v1/route", "/nowhere", "/healthz"} {
			req, _ := http.NewRequest(m, ts.URL+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
	}
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(b)
	if strings.Contains(text, "FROBNICATE") || strings.Contains(text, "XXXXXXXX") {
		t.Errorf("an unknown method became a label:\n%s", grepLines(text, "corridor_http_requests_total"))
	}
	if !strings.Contains(text, `method="other"`) {
		t.Errorf("no method=\"other\" series:\n%s", grepLines(text, "corridor_http_requests_total"))
	}
	if !strings.Contains(text, "go_goroutines ") {
		t.Error("/metrics lacks go_goroutines")
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// syncBuffer is a bytes.Buffer safe for a logger and a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// A write while another connection holds SQLite's write lock answers 503
// with Retry-After (not 500), and the log names the cause.
func TestLockedStoreIs503(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out SQLite's busy timeout (10 s)")
	}
	t.Parallel()
	path := filepath.Join(t.TempDir(), "locked.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var logs syncBuffer
	ts := newServer(t, func(c *api.Config) {
		c.Store, c.APIKey = st, "k"
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	// The server may still be writing at start-up (run recovery, pruning):
	// wait for it rather than failing to take the lock.
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	code, hdr, body := send(t, ts.URL, "POST", "/api/v1/scenarios", suezClosed, map[string]string{"X-API-Key": "k"})
	if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Fatalf("locked store: %d Retry-After %q, want 503 with Retry-After: %s", code, hdr.Get("Retry-After"), body)
	}
	if !strings.Contains(logs.String(), "locked") && !strings.Contains(logs.String(), "BUSY") {
		t.Errorf("the log does not name the cause:\n%s", logs.String())
	}
}

// A request body that arrives too slowly is a 408 whose message names no
// socket (addresses, "i/o timeout").
func TestSlowBodyIs408(t *testing.T) {
	srv := api.New(api.Config{Graph: mustGraph(t)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadTimeout: 300 * time.Millisecond}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = io.WriteString(c, "POST /api/v1/route HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"from\":")
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufioReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("slow body: %d, want 408: %s", resp.StatusCode, b)
	}
	if s := string(b); strings.Contains(s, "127.0.0.1") || strings.Contains(s, "i/o timeout") || strings.Contains(s, "tcp") {
		t.Errorf("the answer shows socket details: %s", s)
	}
}

func bufioReader(c net.Conn) *bufio.Reader { return bufio.NewReader(c) }

func mustGraph(t *testing.T) *network.Graph {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}
