package cli

import (
	"encoding/json"
	"testing"
)

// TestRouteFullFront: corridor route thins the front unless --full-front.
func TestRouteFullFront(t *testing.T) {
	count := func(extra ...string) int {
		t.Helper()
		args := append([]string{"route", "--from", "KZALA", "--to", "AZBAK", "--depart", "2026-03-02",
			"--max-results", "0", "--format", "json"}, extra...)
		code, stdout, stderr := run(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var out struct {
			Itineraries []json.RawMessage `json:"itineraries"`
		}
		if err := json.Unmarshal([]byte(stdout), &out); err != nil {
			t.Fatal(err)
		}
		return len(out.Itineraries)
	}
	def, full := count(), count("--full-front")
	if def >= full {
		t.Errorf("default front %d itineraries, --full-front %d: want fewer by default", def, full)
	}
}
