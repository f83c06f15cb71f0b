package api_test

import (
	"encoding/json"
	"testing"
)

// TestFullFront: the route endpoint thins the front by default and returns
// the exact one with "full_front": true (a field the OpenAPI document
// describes; do checks the answers against it).
func TestFullFront(t *testing.T) {
	ts := newServer(t, nil)
	count := func(body string) int {
		t.Helper()
		r := do(t, ts, "POST", "/api/v1/route", body)
		if r.status != 200 {
			t.Fatalf("%s: status %d: %s", body, r.status, r.body)
		}
		var out struct {
			Itineraries []json.RawMessage `json:"itineraries"`
		}
		if err := json.Unmarshal(r.body, &out); err != nil {
			t.Fatal(err)
		}
		return len(out.Itineraries)
	}
	def := count(`{"from":"KZALA","to":"AZBAK","depart":"2026-03-02"}`)
	full := count(`{"from":"KZALA","to":"AZBAK","depart":"2026-03-02","full_front":true}`)
	if def >= full {
		t.Errorf("default front %d itineraries, full front %d: want fewer by default", def, full)
	}
	r := do(t, ts, "POST", "/api/v1/route", `{"from":"KZALA","to":"AZBAK","full_front":"yes"}`)
	if r.status != 400 {
		t.Errorf(`"full_front":"yes": status %d, want 400`, r.status)
	}
}
