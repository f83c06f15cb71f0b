package cli

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storeName and redactURL never show a password, whatever form the DSN takes.
func TestRedactDSN(t *testing.T) {
	for _, dsn := range []string{
		"postgres://corridor:hunter2@db:5432/corridor",
		"postgresql://corridor:hun@ter2@db/corridor?sslmode=disable",
		"postgres://db/corridor?user=corridor&password=hunter2",
		"postgres://corridor:hunter2@/corridor?host=/var/run/postgresql",
		"host=db user=corridor password=hunter2 dbname=corridor",
		"nats://worker:hunter2@nats.example:4222",
	} {
		for _, got := range []string{storeName(dsn), redactURL(dsn)} {
			if strings.Contains(got, "hunter2") || strings.Contains(got, "ter2") {
				t.Errorf("%q shows the password: %q", dsn, got)
			}
		}
	}
	if got := storeName("data/corridor.db"); got != "data/corridor.db" {
		t.Errorf("a file path changed: %q", got)
	}
	if got := storeName("postgres://corridor:hunter2@db:5432/corridor"); !strings.Contains(got, "db:5432/corridor") || !strings.Contains(got, "corridor") {
		t.Errorf("redacted too much: %q", got)
	}
}

// serve reads the API key from --api-key-file or $CORRIDOR_API_KEY_FILE
// (never needing it on the command line), and writes then need that key.
func TestServeAPIKeyFile(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte("from-a-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, viaEnv := range []bool{false, true} {
		ctx, cancel := context.WithCancel(context.Background())
		var flags []string
		if viaEnv {
			t.Setenv("CORRIDOR_API_KEY_FILE", keyFile)
		} else {
			flags = []string{"--api-key-file", keyFile}
		}
		base, _, done := startServe(t, ctx, flags...)
		body := `{"name":"kf","edits":[{"op":"close_nodes","nodes":["CP-SUEZ"]}]}`
		for key, want := range map[string]int{"wrong": 401, "from-a-file": 201} {
			req, _ := http.NewRequest("POST", base+"/api/v1/scenarios", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-API-Key", key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("env=%v key %q: %d, want %d: %s", viaEnv, key, resp.StatusCode, want, b)
			}
		}
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
}

// The banner and the error for an unreachable PostgreSQL never show the password.
func TestServeBannerHidesPassword(t *testing.T) {
	var out, errb strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", "postgres://corridor:hun@ter2@127.0.0.1:1/corridor?connect_timeout=1"}, &out, &errb)
	if code == 0 {
		t.Fatal("serve started on an unreachable database")
	}
	if s := out.String() + errb.String(); strings.Contains(s, "ter2") {
		t.Errorf("the password shows: %s", s)
	}
}

// A NATS URL's password does not show in the worker's error either.
func TestWorkerHidesNATSPassword(t *testing.T) {
	var out, errb strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	code := Main(ctx, []string{"worker", "--nats", "nats://worker:hunter2@127.0.0.1:1", "--db", filepath.Join(t.TempDir(), "w.db")}, &out, &errb)
	if code == 0 {
		t.Fatal("worker started without NATS")
	}
	if s := out.String() + errb.String(); strings.Contains(s, "hunter2") {
		t.Errorf("the password shows: %s", s)
	}
}
