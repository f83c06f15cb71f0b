package cli

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestRouteSegmentModes: --segment-modes gives the modes of each segment
// the --via places make ('/' between segments, ',' within one); every leg
// keeps to its segment's modes, the JSON echoes them, and a wrong count of
// segments is an error naming the flag.
func TestRouteSegmentModes(t *testing.T) {
	code, stdout, stderr := run(t, "route", "--from", "St Petersburg", "--to", "Nhava Sheva", "--via", "Astrakhan,Anzali,Bandar Abbas",
		"--segment-modes", "rail/sea,ferry/road/sea", "--depart", "2022-06-15", "--max-results", "3", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Query struct {
			SegmentModes [][]string `json:"segment_modes"`
		} `json:"query"`
		Itineraries []struct {
			Legs []struct {
				To   struct{ ID string } `json:"to"`
				Mode string              `json:"mode"`
				Via  []string            `json:"via"`
			} `json:"legs"`
		} `json:"itineraries"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"rail"}, {"sea", "ferry"}, {"road"}, {"sea"}}
	if !slices.EqualFunc(out.Query.SegmentModes, want, slices.Equal) {
		t.Errorf("echoed segment modes %v, want %v", out.Query.SegmentModes, want)
	}
	if len(out.Itineraries) == 0 {
		t.Fatal("no itinerary")
	}
	vias := []string{"RUASF", "IR-ANZALI", "IRBND"}
	for i, it := range out.Itineraries {
		seg := 0
		for _, leg := range it.Legs {
			if !slices.Contains(want[seg], leg.Mode) {
				t.Errorf("itinerary %d: a %s leg to %s on segment %d (%v)", i+1, leg.Mode, leg.To.ID, seg+1, want[seg])
			}
			if slices.ContainsFunc(leg.Via, func(v string) bool { return seg < len(vias) && v == vias[seg] }) {
				t.Errorf("itinerary %d: the %s leg to %s passes %s, where its segment ends", i+1, leg.Mode, leg.To.ID, vias[seg])
			}
			for seg < len(vias) && leg.To.ID == vias[seg] {
				seg++
			}
		}
	}
	code, _, stderr = run(t, "route", "--from", "Xi'an", "--to", "Duisburg", "--via", "Almaty", "--segment-modes", "rail")
	if code == 0 || !strings.Contains(stderr, "--segment-modes") || !strings.Contains(stderr, "1 list of modes for 2 segments") {
		t.Errorf("one list for two segments: exit %d, %q", code, stderr)
	}
}
