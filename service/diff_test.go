package service_test

import (
	"context"
	"strings"
	"testing"

	"corridor/data/eurasia"
	"corridor/route"
	"corridor/service"
)

// The bundled scenarios move results the expected way, as a diff against
// the baseline shows.
func TestBundledScenarioDiffs(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Config{Graph: g})
	ctx := context.Background()
	diff := func(name, from, to string, obj route.Objective) *service.Diff {
		t.Helper()
		d, err := svc.Diff(ctx, service.RouteRequest{Request: route.Request{From: from, To: to, Depart: "2026-03-01", Objective: obj.String()}, Scenario: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return d
	}
	corridor := func(d *service.Diff, tag string) service.CorridorDiff {
		for _, c := range d.Corridors {
			if c.Corridor == tag {
				return c
			}
		}
		t.Fatalf("no corridor %s", tag)
		return service.CorridorDiff{}
	}
	d := diff("red-sea-closed", "CNSHA", "NLRTM", route.Fastest)
	if c := corridor(d, "maritime-suez"); c.ScenarioFeasible || !c.BaselineFeasible {
		t.Errorf("red-sea-closed: Suez corridor %+v", c)
	}
	if c := corridor(d, "maritime-cape"); !c.ScenarioFeasible {
		t.Error("red-sea-closed: no Cape route")
	}
	seaBase, seaScen := fastestSea(d.Baseline), fastestSea(d.ScenarioFront)
	if seaScen <= seaBase+7 {
		t.Errorf("red-sea-closed: fastest sea route %.1f → %.1f days; want the Cape's +7 days or more", seaBase, seaScen)
	}

	d = diff("northern-sanctioned", "CNXIY", "DEDUI", route.Fastest)
	if c := corridor(d, "northern"); !c.BaselineFeasible || c.ScenarioFeasible {
		t.Errorf("northern-sanctioned: northern %+v", c)
	}
	if len(d.Disappeared) == 0 {
		t.Error("northern-sanctioned: no itinerary disappeared")
	}

	d = diff("caspian-ferry-expansion", "CNXIY", "AZBAK", route.Fastest)
	if c := corridor(d, "middle"); c.Delta == nil || c.Delta.Days >= 0 {
		t.Errorf("caspian-ferry-expansion: middle %+v", c)
	}
	d = diff("dostyk-fast-border", "CNXIY", "DEDUI", route.Fastest)
	if c := corridor(d, "northern"); c.Delta == nil || c.Delta.Days >= 0 {
		t.Errorf("dostyk-fast-border: northern %+v", c)
	}
	d = diff("carbon-price-100", "CNXIY", "DEDUI", route.Fastest)
	if c := corridor(d, "northern"); c.Delta == nil || c.Delta.CostUSD <= 0 {
		t.Errorf("carbon-price-100: northern %+v", c)
	}
	d = diff("cku-railway-open", "CN-KASHGAR", "UZTAS", route.Fastest)
	if d.BaselineError == "" || len(d.ScenarioFront) == 0 || len(d.Appeared) == 0 {
		t.Errorf("cku-railway-open: baseline %q, scenario %d itineraries", d.BaselineError, len(d.ScenarioFront))
	}
}

func fastestSea(its []route.Itinerary) float64 {
	best := 1e9
	for _, it := range its {
		if strings.HasPrefix(it.Corridor, "maritime") && it.Total.Days < best {
			best = it.Total.Days
		}
	}
	return best
}
