package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
)

// While every heavy slot is taken, a comparison waits its bound and gets a
// 503 busy problem with Retry-After, a scenario diff too, and a single route
// search is answered at once; once the slot frees, comparisons run again.
func TestHeavyLaneKeepsRoutesFlowing(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Graph: g, HeavySearches: 1})
	s.heavy.wait = 300 * time.Millisecond // searches keep the default timeout: a loaded machine must not fail them
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	post := func(path, body string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	od := `{"from":"Xi'an","to":"Duisburg"}`
	s.heavy.slots <- struct{}{} // a long comparison holds the only slot
	start := time.Now()
	resp, body := post("/api/v1/compare", od)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "/problems/busy") {
		t.Fatalf("compare while the lane is full: %d Retry-After %q: %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("answered busy after %v, before its wait bound", waited)
	}
	if resp, body := post("/api/v1/scenarios/red-sea-closed/diff", od); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("diff while the lane is full: %d %s", resp.StatusCode, body)
	}
	if resp, body := post("/api/v1/route", od); resp.StatusCode != http.StatusOK {
		t.Errorf("route while the lane is full: %d %s", resp.StatusCode, body)
	}
	<-s.heavy.slots
	if resp, body := post("/api/v1/compare", od); resp.StatusCode != http.StatusOK {
		t.Errorf("compare after the slot freed: %d %.200s", resp.StatusCode, body)
	}
}
