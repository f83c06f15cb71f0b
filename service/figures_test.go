package service

import (
	"encoding/json"
	"strings"
	"testing"

	"corridor/route"
)

// An unknown cost stays unknown in a diff: null in JSON, never 0.
func TestFiguresKeepUnknownCost(t *testing.T) {
	known := &route.Itinerary{Summary: "known", Total: route.Total{Days: 3, CostUSD: 120}}
	unknown := &route.Itinerary{Summary: "unknown", Total: route.Total{Days: 2, CostUSD: 80, CostUnknown: true}}
	if f := figures(known); f.CostUSD == nil || *f.CostUSD != 120 {
		t.Errorf("known cost: %+v", f)
	}
	f := figures(unknown)
	if f.CostUSD != nil {
		t.Errorf("unknown cost shown as %v", *f.CostUSD)
	}
	b, _ := json.Marshal(f)
	if !strings.Contains(string(b), `"cost_usd":null`) {
		t.Errorf("JSON %s, want cost_usd null", b)
	}
	refs := missing([]route.Itinerary{*unknown}, nil)
	if len(refs) != 1 || refs[0].CostUSD != nil {
		t.Errorf("itinerary ref %+v, want an unknown cost", refs)
	}
}
