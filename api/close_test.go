package api_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"corridor/api"
	"corridor/data/eurasia"
)

// Close cancels a running job and waits for it; afterwards jobs are refused
// with 503 and the job reads as cancelled.
func TestCloseCancelsJobs(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(api.Config{Graph: g})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	r := do(t, ts, "POST", "/api/v1/simulations", `{"from":"Xi'an","to":"Duisburg","runs":200000,"compare":true}`)
	if r.status != 202 {
		t.Fatalf("simulation: %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := srv.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("close took %s", took)
	}
	if r := do(t, ts, "GET", loc, ""); !strings.Contains(string(r.body), `"status":"cancelled"`) {
		t.Errorf("job after close: %s", r.body)
	}
	if r := do(t, ts, "POST", "/api/v1/simulations", `{"from":"Xi'an","to":"Duisburg","runs":100}`); r.status != 503 {
		t.Errorf("job after close: %d %s, want 503", r.status, r.body)
	}
}
