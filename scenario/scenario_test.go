package scenario_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/data/scenarios"
	"corridor/internal/nettest"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
)

func base(t testing.TB) *network.Graph {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func f(x float64) *float64 { return &x }

func query(t testing.TB, g *network.Graph, from, to string) route.Query {
	t.Helper()
	a, ok1 := g.NodeByID(from)
	b, ok2 := g.NodeByID(to)
	if !ok1 || !ok2 {
		t.Fatalf("unknown %s or %s", from, to)
	}
	return route.NewQuery(a, b, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
}

func apply(t *testing.T, g *network.Graph, edits ...scenario.Edit) *scenario.Applied {
	t.Helper()
	a, err := scenario.Apply(g, &scenario.Scenario{Name: "test", Edits: edits})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestEditTypes applies every operation and checks its effect on the
// derived graph, and that the base is untouched.
func TestEditTypes(t *testing.T) {
	g := base(t)
	id := func(s string) network.NodeID { n, _ := g.NodeByID(s); return n }
	lid := func(s string) network.LinkID { l, _ := g.LinkByID(s); return l }
	ferry := lid("A-CASP-SCO-BAK-FERRY")
	svc, _ := g.ServiceByID("A-S-CASP-SCO-BAK-FERRY")
	baseFerry := *g.Link(ferry)
	baseDos := *g.Node(id("KZDOS"))
	basePerWeek := g.Service(svc).PerWeek

	cases := []struct {
		name  string
		edit  scenario.Edit
		check func(*testing.T, *scenario.Applied)
	}{
		{"close_nodes", scenario.Edit{Op: scenario.OpCloseNodes, Nodes: []string{"CP-SUEZ"}}, func(t *testing.T, a *scenario.Applied) {
			if !a.Graph.Node(id("CP-SUEZ")).Closed {
				t.Error("Suez not closed")
			}
		}},
		{"close_links both directions", scenario.Edit{Op: scenario.OpCloseLinks, Links: []string{"A-CASP-SCO-BAK-FERRY"}}, func(t *testing.T, a *scenario.Applied) {
			if !a.Graph.Link(ferry).Closed || !a.Graph.Link(a.Graph.Link(ferry).Twin).Closed {
				t.Error("ferry not closed both ways")
			}
		}},
		{"avoid_countries", scenario.Edit{Op: scenario.OpAvoidCountries, Countries: []string{"RU"}}, func(t *testing.T, a *scenario.Applied) {
			if strings.Join(a.Settings.AvoidCountries, ",") != "RU" {
				t.Errorf("settings %+v", a.Settings)
			}
		}},
		{"avoid_groups", scenario.Edit{Op: scenario.OpAvoidGroups, Groups: []string{"EAEU"}}, func(t *testing.T, a *scenario.Applied) {
			if strings.Join(a.Settings.AvoidGroups, ",") != "EAEU" {
				t.Errorf("settings %+v", a.Settings)
			}
		}},
		{"scale_capacity nodes", scenario.Edit{Op: scenario.OpScaleCapacity, Nodes: []string{"KZDOS"}, Factor: f(2)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Node(id("KZDOS")).CapacityTEUYear != 2*baseDos.CapacityTEUYear {
				t.Error("capacity not doubled")
			}
		}},
		{"set_capacity links", scenario.Edit{Op: scenario.OpSetCapacity, Links: []string{"A-CASP-SCO-BAK-FERRY"}, Value: f(123)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Link(ferry).CapacityTEUYear != 123 {
				t.Error("capacity not set")
			}
		}},
		{"set_dwell", scenario.Edit{Op: scenario.OpSetDwell, Nodes: []string{"KZDOS"}, MedianHours: f(5), P90Hours: f(9)}, func(t *testing.T, a *scenario.Applied) {
			if n := a.Graph.Node(id("KZDOS")); n.BorderMedianHours != 5 || n.BorderP90Hours != 9 {
				t.Errorf("dwell %v %v", n.BorderMedianHours, n.BorderP90Hours)
			}
		}},
		{"scale_dwell", scenario.Edit{Op: scenario.OpScaleDwell, Nodes: []string{"KZDOS"}, Factor: f(0.5)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Node(id("KZDOS")).BorderMedianHours != baseDos.BorderMedianHours/2 {
				t.Error("dwell not halved")
			}
		}},
		{"set_handling", scenario.Edit{Op: scenario.OpSetHandling, Nodes: []string{"KZDOS"}, Hours: f(1), USD: f(2)}, func(t *testing.T, a *scenario.Applied) {
			if n := a.Graph.Node(id("KZDOS")); n.HandlingHours != 1 || n.HandlingUSD != 2 {
				t.Error("handling not set")
			}
		}},
		{"scale_handling", scenario.Edit{Op: scenario.OpScaleHandling, Nodes: []string{"KZDOS"}, Factor: f(0)}, func(t *testing.T, a *scenario.Applied) {
			if n := a.Graph.Node(id("KZDOS")); n.HandlingHours != 0 || n.HandlingUSD != 0 {
				t.Error("handling not scaled")
			}
		}},
		{"scale_tariff by corridor and mode", scenario.Edit{Op: scenario.OpScaleTariff, Corridor: "middle", Mode: "ferry", Factor: f(0.5)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Link(ferry).Cost() != baseFerry.Cost()/2 {
				t.Errorf("tariff %v, want %v", a.Graph.Link(ferry).Cost(), baseFerry.Cost()/2)
			}
		}},
		{"set_tariff", scenario.Edit{Op: scenario.OpSetTariff, Links: []string{"A-CASP-SCO-BAK-FERRY"}, FixedUSD: f(10), PerKmUSD: f(0)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Link(ferry).Cost() != 10 {
				t.Error("tariff not set")
			}
		}},
		{"scale_speed by country", scenario.Edit{Op: scenario.OpScaleSpeed, Country: "KZ", Mode: "ferry", Factor: f(2)}, func(t *testing.T, a *scenario.Applied) {
			if k := a.Graph.Link(ferry); k.Hours != baseFerry.Hours/2 {
				t.Errorf("hours %v, want %v", k.Hours, baseFerry.Hours/2)
			}
		}},
		{"set_speed", scenario.Edit{Op: scenario.OpSetSpeed, Links: []string{"A-CASP-SCO-BAK-FERRY"}, Value: f(45)}, func(t *testing.T, a *scenario.Applied) {
			if k := a.Graph.Link(ferry); k.SpeedKmh != 45 || k.Hours != k.DistanceKm/45 {
				t.Error("speed not set")
			}
		}},
		{"scale_frequency", scenario.Edit{Op: scenario.OpScaleFrequency, Services: []string{"A-S-CASP-SCO-BAK-FERRY"}, Factor: f(3)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Service(svc).PerWeek != 3*basePerWeek {
				t.Error("frequency not scaled")
			}
		}},
		{"set_frequency by link", scenario.Edit{Op: scenario.OpSetFrequency, Links: []string{"A-CASP-SCO-BAK-FERRY"}, Value: f(7)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Service(svc).PerWeek != 7 {
				t.Error("frequency not set")
			}
		}},
		{"set_service_capacity", scenario.Edit{Op: scenario.OpSetServiceLimit, Services: []string{"A-S-CASP-SCO-BAK-FERRY"}, Value: f(60)}, func(t *testing.T, a *scenario.Applied) {
			if a.Graph.Service(svc).CapacityTEU != 60 {
				t.Error("capacity not set")
			}
		}},
		{"set_carbon_price", scenario.Edit{Op: scenario.OpSetCarbonPrice, Value: f(100)}, func(t *testing.T, a *scenario.Applied) {
			if a.Settings.CarbonPrice == nil || *a.Settings.CarbonPrice != 100 {
				t.Error("carbon price not set")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, apply(t, g, tc.edit))
		})
	}
	// The base is untouched by all of that.
	if k := g.Link(ferry); k.Hours != baseFerry.Hours || k.Cost() != baseFerry.Cost() || k.Closed || k.CapacityTEUYear != baseFerry.CapacityTEUYear || g.Node(id("KZDOS")).BorderMedianHours != baseDos.BorderMedianHours ||
		g.Service(svc).PerWeek != basePerWeek || g.Node(id("CP-SUEZ")).Closed {
		t.Error("applying scenarios changed the base network")
	}
}

func TestAddNodeLinkService(t *testing.T) {
	g := base(t)
	a := apply(t, g,
		scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: "KZ-NEWPORT", Name: "New port", Kind: "seaport", Country: "KZ", Lon: 51, Lat: 44, HandlingHours: 6}},
		scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "NEW-FERRY", From: "KZ-NEWPORT", To: "AZBAK", Mode: "ferry", DistanceKm: 400, Hours: 10, Energy: "fuel_oil", Corridors: []string{"middle"}}},
		scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "NEW-RAIL", From: "KZ-MANGYSHLAK", To: "KZ-NEWPORT", Mode: "rail", GaugeMM: 1520, DistanceKm: 30, SpeedKmh: 30, Energy: "diesel", Corridors: []string{"middle"}}},
		scenario.Edit{Op: scenario.OpAddService, Service: &scenario.ServiceSpec{ID: "NEW-SVC", Name: "Daily ferry", Link: "NEW-FERRY", Days: []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, DepartureUTC: "06:00"}},
	)
	ng := a.Graph
	if ng.NumNodes() != g.NumNodes()+1 || ng.NumLinks() != g.NumLinks()+4 || ng.NumServices() != g.NumServices()+1 {
		t.Fatalf("counts %d %d %d", ng.NumNodes(), ng.NumLinks(), ng.NumServices())
	}
	if _, ok := g.NodeByID("KZ-NEWPORT"); ok {
		t.Error("the base gained the node")
	}
	n, _ := ng.NodeByID("KZ-NEWPORT")
	if len(ng.Out(n)) != 2 || len(ng.In(n)) != 2 {
		t.Errorf("new port has %d out, %d in links", len(ng.Out(n)), len(ng.In(n)))
	}
	l, _ := ng.LinkByID("NEW-FERRY~r")
	if len(ng.ServicesOn(l)) != 1 {
		t.Error("service not on the reverse ferry link")
	}
	// The new daily ferry is used by the router.
	r := route.New(ng)
	its, err := r.Search(context.Background(), query(t, ng, "CNXIY", "AZBAK"))
	if err != nil {
		t.Fatal(err)
	}
	used := false
	for _, it := range its {
		for _, leg := range it.Legs {
			used = used || leg.Service == "Daily ferry"
		}
	}
	if !used {
		t.Error("no itinerary uses the new daily ferry")
	}
}

func TestInvalidEdits(t *testing.T) {
	g := base(t)
	cases := []struct {
		edit  scenario.Edit
		field string
		msg   string
	}{
		{scenario.Edit{Op: "close_everything"}, "op", "unknown operation"},
		{scenario.Edit{}, "op", "an operation is required"},
		{scenario.Edit{Op: scenario.OpCloseNodes}, "nodes", "at least one node"},
		{scenario.Edit{Op: scenario.OpCloseNodes, Nodes: []string{"Dustyk"}}, "nodes", `unknown place "Dustyk" (did you mean KZDOS?)`},
		{scenario.Edit{Op: scenario.OpCloseLinks, Links: []string{"NOPE"}}, "links", `unknown link "NOPE"`},
		{scenario.Edit{Op: scenario.OpAvoidCountries, Countries: []string{"XX"}}, "countries", "not an ISO 3166-1"},
		{scenario.Edit{Op: scenario.OpAvoidGroups, Groups: []string{"NATO"}}, "groups", `unknown group "NATO"`},
		{scenario.Edit{Op: scenario.OpScaleTariff, Corridor: "middle"}, "factor", "value is required"},
		{scenario.Edit{Op: scenario.OpScaleTariff, Factor: f(2)}, "links", "a link selector is required"},
		{scenario.Edit{Op: scenario.OpScaleTariff, Corridor: "silk-road", Factor: f(2)}, "corridor", `unknown corridor tag "silk-road"`},
		{scenario.Edit{Op: scenario.OpScaleTariff, Mode: "zeppelin", Factor: f(2)}, "mode", "unknown mode"},
		{scenario.Edit{Op: scenario.OpScaleTariff, Mode: "iww", Country: "PL", Factor: f(2)}, "links", "matches no link"},
		{scenario.Edit{Op: scenario.OpScaleSpeed, Mode: "rail", Factor: f(0)}, "factor", "must be more than 0"},
		{scenario.Edit{Op: scenario.OpSetCapacity, Nodes: []string{"KZDOS"}, Value: f(-1)}, "value", "must be at least 0"},
		{scenario.Edit{Op: scenario.OpSetDwell, Nodes: []string{"KZDOS"}, MedianHours: f(10), P90Hours: f(5)}, "p90_hours", "must not be below"},
		{scenario.Edit{Op: scenario.OpSetTariff, Mode: "ferry"}, "fixed_usd", "give fixed_usd and/or per_km_usd"},
		{scenario.Edit{Op: scenario.OpScaleFrequency, Services: []string{"NOPE"}, Factor: f(2)}, "services", `unknown service "NOPE"`},
		{scenario.Edit{Op: scenario.OpSetFrequency, Services: []string{"A-S-CASP-SCO-BAK-FERRY"}, Value: f(500)}, "value", "at most 168"},
		{scenario.Edit{Op: scenario.OpAddNode}, "node", "the node to add is required"},
		{scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: "KZDOS", Name: "x", Kind: "city", Country: "KZ"}}, "node.id", `duplicate id "KZDOS"`},
		{scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: "X1", Name: "x", Kind: "castle", Country: "KZ"}}, "node.kind", "unknown kind"},
		{scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: "X1", Name: "x", Kind: "city", Country: "FR", Lon: 200}}, "node.lon", "between -180 and 180"},
		{scenario.Edit{Op: scenario.OpAddNode, Node: &scenario.NodeSpec{ID: "X1", Name: "x", Kind: "border", Country: "KZ"}}, "node.border_pair", "needs the id"},
		{scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "X", From: "KZDOS", To: "NOWHERE", Mode: "rail", GaugeMM: 1520, DistanceKm: 1, SpeedKmh: 1, Energy: "diesel"}}, "link.to", `unknown node "NOWHERE"`},
		{scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "X", From: "KZDOS", To: "KZSCO", Mode: "sea", GaugeMM: 1520, DistanceKm: 1, SpeedKmh: 1, Energy: "diesel"}}, "link.gauge_mm", "only rail links"},
		{scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "X", From: "KZDOS", To: "KZSCO", Mode: "rail", GaugeMM: 1000, DistanceKm: 1, SpeedKmh: 1, Energy: "diesel"}}, "link.gauge_mm", "expected 1435, 1520, 1668 or 1676"},
		{scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "X", From: "KZDOS", To: "KZSCO", Mode: "rail", GaugeMM: 1520, DistanceKm: -3, SpeedKmh: 1, Energy: "diesel"}}, "link.distance_km", "greater than 0"},
		{scenario.Edit{Op: scenario.OpAddLink, Link: &scenario.LinkSpec{ID: "X", From: "KZDOS", To: "KZSCO", Mode: "rail", GaugeMM: 1520, DistanceKm: 3, Energy: "diesel"}}, "link.speed_kmh", "needs speed_kmh"},
		{scenario.Edit{Op: scenario.OpAddService, Service: &scenario.ServiceSpec{ID: "S", Name: "s", Link: "NOPE", PerWeek: 1}}, "service.link", `unknown link "NOPE"`},
		{scenario.Edit{Op: scenario.OpAddService, Service: &scenario.ServiceSpec{ID: "S", Name: "s", Link: "A-CASP-SCO-BAK-FERRY", Days: []string{"Mon"}, PerWeek: 1}}, "service.days", "not both"},
		{scenario.Edit{Op: scenario.OpAddService, Service: &scenario.ServiceSpec{ID: "S", Name: "s", Link: "A-CASP-SCO-BAK-FERRY", Days: []string{"Mon"}, DepartureUTC: "7pm"}}, "service.departure_utc", "expected a time"},
	}
	for i, tc := range cases {
		_, err := scenario.Apply(g, &scenario.Scenario{Name: "bad", Edits: []scenario.Edit{{Op: scenario.OpSetCarbonPrice, Value: f(1)}, tc.edit}})
		var se *scenario.Error
		if !errors.As(err, &se) {
			t.Errorf("case %d (%s): want *scenario.Error, got %v", i, tc.edit.Op, err)
			continue
		}
		found := false
		for _, p := range se.Problems {
			if p.Edit == 1 && p.Field == tc.field && strings.Contains(p.Msg, tc.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("case %d (%s): no problem at edits[1] %s %q in:\n%v", i, tc.edit.Op, tc.field, tc.msg, err)
		}
	}
	// The scenario itself.
	for _, s := range []scenario.Scenario{{Name: "Bad Name", Edits: []scenario.Edit{{Op: scenario.OpSetCarbonPrice, Value: f(1)}}}, {Name: "empty"}} {
		if _, err := scenario.Apply(g, &s); err == nil {
			t.Errorf("scenario %q accepted", s.Name)
		}
	}
}

func TestDecode(t *testing.T) {
	y := `
name: yaml-one
description: written in YAML
edits:
  - op: close_nodes
    nodes: [CP-SUEZ]
  - op: scale_tariff
    corridor: middle
    factor: 0.8
`
	s, err := scenario.Decode([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "yaml-one" || len(s.Edits) != 2 || *s.Edits[1].Factor != 0.8 {
		t.Errorf("decoded %+v", s)
	}
	for _, bad := range []struct{ in, msg string }{
		{`{"name":"x","edits":[{"op":"close_nodes","nodez":["A"]}]}`, `unknown field "nodez"`},
		{"{\n\"name\": \"x\",\n\"edits\": [}", "line 3"},
		{`{"name":"x","edits":[{"op":"scale_tariff","factor":"half"}]}`, "field edits.factor: expected float64"},
		{"name: [unclosed", "YAML"},
		{"", "empty"},
	} {
		if _, err := scenario.Decode([]byte(bad.in)); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("Decode(%q) = %v, want an error with %q", bad.in, err, bad.msg)
		}
	}
}

// The bundled scenarios apply cleanly and move results the expected way.
func TestBundledScenarios(t *testing.T) {
	g := base(t)
	all, err := scenarios.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 6 {
		t.Fatalf("%d bundled scenarios, want 6", len(all))
	}
	for _, s := range all {
		if len(s.Sources) == 0 || s.Description == "" {
			t.Errorf("bundled scenario %s lacks a description or sources", s.Name)
		}
		if _, err := scenario.Apply(g, s); err != nil {
			t.Errorf("bundled scenario %s: %v", s.Name, err)
		}
	}
}

// BenchmarkApplyAndQuery applies a scenario with additions to the bundled
// network and runs a Pareto query on it: the what-if round trip.
func BenchmarkApplyAndQuery(b *testing.B) {
	g := base(b)
	s, _ := scenarios.Get("cku-railway-open")
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a, err := scenario.Apply(g, s)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := route.New(a.Graph).Search(ctx, query(b, a.Graph, "CNXIY", "DEDUI")); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHandlingEditsDirectional: on a network with a directional handling
// factor (westbound reload onto 1520 mm at Dostyk), scale_handling scales
// every direction and set_handling sets the hours for every direction;
// the base graph's directional times stay as they were.
func TestHandlingEditsDirectional(t *testing.T) {
	g := nettest.Rated(t, "ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,20,3,,,,,\n")
	kz, _ := g.NodeByID("KZDOS")
	h := g.Node(kz).HandlingHours
	west := g.Node(kz).HandlingFor(network.Rail, network.Russian)
	if west != 3*h {
		t.Fatalf("fixture: westbound handling %g, want %g", west, 3*h)
	}
	scaled := apply(t, g, scenario.Edit{Op: scenario.OpScaleHandling, Nodes: []string{"KZDOS"}, Factor: f(2)})
	n := scaled.Graph.Node(kz)
	if n.HandlingFor(network.Rail, network.Russian) != 2*west || n.HandlingFor(network.Rail, network.Standard) != 2*h {
		t.Errorf("scale_handling ×2: westbound %g, eastbound %g; want %g and %g", n.HandlingFor(network.Rail, network.Russian),
			n.HandlingFor(network.Rail, network.Standard), 2*west, 2*h)
	}
	set := apply(t, g, scenario.Edit{Op: scenario.OpSetHandling, Nodes: []string{"KZDOS"}, Hours: f(5)})
	n = set.Graph.Node(kz)
	if n.HandlingFor(network.Rail, network.Russian) != 5 || n.HandlingFor(network.Rail, network.Standard) != 5 {
		t.Errorf("set_handling 5 h: westbound %g, eastbound %g", n.HandlingFor(network.Rail, network.Russian), n.HandlingFor(network.Rail, network.Standard))
	}
	if got := g.Node(kz).HandlingFor(network.Rail, network.Russian); got != west {
		t.Errorf("the base graph's westbound handling changed to %g, want %g", got, west)
	}
}
