package main

import (
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestConn runs the lean client against net/http's server: the framings
// an answer can come in (length, chunked, none), gzip error bodies, the key
// header, and a keep-alive connection the server closes.
func TestConn(t *testing.T) {
	var dials atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /length", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Accept-Encoding") != "gzip" {
			http.Error(w, "headers "+r.Header.Get("Content-Type")+" "+r.Header.Get("Accept-Encoding"), 400)
			return
		}
		w.Header().Set("Content-Length", "5")
		w.Write([]byte(string(b)[:5]))
	})
	mux.HandleFunc("GET /chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			w.Write([]byte(strings.Repeat("x", 5000)))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("GET /gzip-error", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(422)
		zw := gzip.NewWriter(w)
		zw.Write([]byte(`{"detail":"cargo value out of range"}`))
		zw.Close()
	})
	mux.HandleFunc("PUT /key", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != "secret" {
			w.WriteHeader(401)
			return
		}
		w.WriteHeader(204)
	})
	mux.HandleFunc("GET /close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		w.Write([]byte("bye"))
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	k, err := newConn(srv.URL, "secret")
	if err != nil {
		t.Fatal(err)
	}
	defer k.close()
	cases := []struct {
		method, path, body string
		auth               bool
		code               int
		text               string
		bodyLen            int
	}{
		{"POST", "/length", `{"from":"CNXIY"}`, false, 200, "", 5},
		{"GET", "/chunked", "", false, 200, "", 15000},
		{"GET", "/gzip-error", "", false, 422, `{"detail":"cargo value out of range"}`, -1},
		{"PUT", "/key", `{}`, true, 204, "", 0},
		{"PUT", "/key", `{}`, false, 401, "", 0},
		{"GET", "/missing", "", false, 404, "404 page not found\n", -1},
		{"POST", "/length", `{"to":"DEDUI"}`, false, 200, "", 5},
	}
	for _, c := range cases {
		code, text, err := k.do(c.method, c.path, c.body, c.auth)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		if code != c.code || text != c.text {
			t.Errorf("%s %s: %d %q, want %d %q", c.method, c.path, code, text, c.code, c.text)
		}
		if c.bodyLen >= 0 && len(k.body) != c.bodyLen {
			t.Errorf("%s %s: read %d body bytes, want %d", c.method, c.path, len(k.body), c.bodyLen)
		}
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("%d connections for %d keep-alive requests, want 1", n, len(cases))
	}

	// The server says it closes: the next request dials again.
	if code, _, err := k.do("GET", "/close", "", false); err != nil || code != 200 {
		t.Fatalf("GET /close: %d %v", code, err)
	}
	if code, _, err := k.do("POST", "/length", `{"a":12345}`, false); err != nil || code != 200 {
		t.Fatalf("after a closed connection: %d %v", code, err)
	}
	if n := dials.Load(); n != 2 {
		t.Errorf("%d connections after Connection: close, want 2", n)
	}

	// The server drops idle keep-alive connections: the request is sent
	// again on a new connection, not counted as an error.
	srv.CloseClientConnections()
	if code, _, err := k.do("POST", "/length", `{"b":12345}`, false); err != nil || code != 200 {
		t.Fatalf("after the server dropped the connection: %d %v", code, err)
	}
	if n := dials.Load(); n != 3 {
		t.Errorf("%d connections after the drop, want 3", n)
	}
}

// TestConnRefusesHTTPS: the lean client speaks plain HTTP only and says so.
func TestConnRefusesHTTPS(t *testing.T) {
	if _, err := newConn("https://example.org", ""); err == nil || !strings.Contains(err.Error(), "plain HTTP") {
		t.Errorf("https URL: %v", err)
	}
}
