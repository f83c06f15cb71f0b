package cli

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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

// TestServeStartsAndStopsGracefully runs `corridor serve` on a free port,
// asks it for a route, then cancels its context (as SIGINT does) and checks
// that it stops cleanly.
func TestServeStartsAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{urls: make(chan string, 1)}
	done := make(chan int, 1)
	db := filepath.Join(t.TempDir(), "serve.db")
	go func() { done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, out, io.Discard) }()
	var base string
	select {
	case base = <-out.urls:
	case code := <-done:
		t.Fatalf("serve exited early with %d", code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not print its address")
	}
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
