package service_test

import (
	"context"
	"slices"
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
	if c := corridor(d, "northern"); c.Delta == nil || c.Delta.CostUSD == nil || *c.Delta.CostUSD <= 0 {
		t.Errorf("carbon-price-100: northern %+v", c)
	}
	d = diff("cku-railway-open", "CN-KASHGAR", "UZTAS", route.Fastest)
	// Kashgar reaches Tashkent by road (Irkeshtam, Osh) without the
	// railway; with it, an itinerary on the new line appears.
	onCKU := func(it route.Itinerary) bool {
		for _, l := range it.Legs {
			for _, id := range l.Links {
				if strings.HasPrefix(id, "CKU-") {
					return true
				}
			}
		}
		return false
	}
	if d.BaselineError != "" || len(d.Appeared) == 0 || !slices.ContainsFunc(d.ScenarioFront, onCKU) {
		t.Errorf("cku-railway-open: baseline error %q, scenario %d itineraries, %d appeared, none on the CKU railway", d.BaselineError, len(d.ScenarioFront), len(d.Appeared))
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

// TestDiffAgreesWithDrawnRoutes: a diff never calls a corridor infeasible
// on a side whose drawn itineraries include one of that corridor, and a
// feasible corridor's best is no worse than any drawn itinerary of it.
func TestDiffAgreesWithDrawnRoutes(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(service.Config{Graph: g})
	ctx := context.Background()
	pairs := [][2]string{{"CNSHA", "NLRTM"}, {"INNSA", "RUMOW"}, {"CNXIY", "DEDUI"}, {"CNCTU", "HUBUD"}}
	scenarios := []string{"red-sea-closed", "northern-sanctioned", "caspian-ferry-expansion", "dostyk-fast-border", "carbon-price-100"}
	for _, sc := range scenarios {
		for _, p := range pairs {
			d, err := svc.Diff(ctx, service.RouteRequest{Request: route.Request{From: p[0], To: p[1], Depart: "2026-03-01"}, Scenario: sc})
			if err != nil {
				t.Fatalf("%s %s→%s: %v", sc, p[0], p[1], err)
			}
			for _, c := range d.Corridors {
				check := func(side string, feasible bool, best *service.Figures, why string, drawn []route.Itinerary) {
					for _, it := range drawn {
						if it.Corridor != c.Corridor {
							continue
						}
						if !feasible {
							t.Errorf("%s %s→%s: %s %s infeasible (%s) but draws %q", sc, p[0], p[1], side, c.Corridor, why, it.Summary)
							return
						}
						if best.Days > it.Total.Days+0.01 {
							t.Errorf("%s %s→%s: %s %s best %.2f days, a drawn itinerary takes %.2f", sc, p[0], p[1], side, c.Corridor, best.Days, it.Total.Days)
						}
					}
				}
				check("baseline", c.BaselineFeasible, c.Baseline, c.BaselineInfeasible, d.Baseline)
				check("scenario", c.ScenarioFeasible, c.Scenario, c.ScenarioInfeasible, d.ScenarioFront)
			}
		}
	}
}
