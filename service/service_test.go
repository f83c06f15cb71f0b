package service_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/data/scenarios"
	"corridor/errcode"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
	"corridor/service"
	"corridor/store"
	"corridor/store/sqlite"
)

var (
	graphOnce sync.Once
	graph     *network.Graph
	graphErr  error
)

func bundled(t testing.TB) *network.Graph {
	t.Helper()
	graphOnce.Do(func() { graph, graphErr = eurasia.Load() })
	if graphErr != nil {
		t.Fatal(graphErr)
	}
	return graph
}

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// brokenStore is a real store whose scenario reads fail as they do in an
// outage.
type brokenStore struct{ store.Store }

var errDown = errors.New("connection refused")

func (brokenStore) GetScenario(context.Context, string, int) (store.ScenarioRecord, error) {
	return store.ScenarioRecord{}, errDown
}
func (brokenStore) ListScenarios(context.Context) ([]store.ScenarioRecord, error) {
	return nil, errDown
}
func (brokenStore) ScenarioVersions(context.Context, string) ([]store.VersionInfo, error) {
	return nil, errDown
}

func TestScenarioSource(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	// A stored scenario named like a bundled one shadows it.
	own := &scenario.Scenario{Name: "red-sea-closed", Description: "stored copy", Edits: []scenario.Edit{{Op: scenario.OpCloseNodes, Nodes: []string{"CP-SUEZ"}}}}
	if _, err := st.CreateScenario(ctx, own); err != nil {
		t.Fatal(err)
	}
	src := service.ScenarioSource{Store: st}
	for _, c := range []struct {
		name    string
		version int
		origin  string
		code    errcode.Code
	}{
		{"red-sea-closed", 0, service.OriginStored, 0},
		{"red-sea-closed", 1, service.OriginStored, 0},
		{"red-sea-closed", 2, "", errcode.NotFound},
		{"northern-sanctioned", 0, service.OriginBundled, 0},
		{"northern-sanctioned", 2, "", errcode.NotFound},
		{"nope", 0, "", errcode.NotFound},
	} {
		info, err := src.Get(ctx, c.name, c.version)
		switch {
		case c.origin != "" && (err != nil || info.Origin != c.origin):
			t.Errorf("%s v%d: %+v %v, want %s", c.name, c.version, info, err, c.origin)
		case c.origin == "" && errcode.Of(err) != c.code:
			t.Errorf("%s v%d: %v (code %s), want %s", c.name, c.version, err, errcode.Of(err), c.code)
		}
	}
	list, err := src.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := scenarios.All()
	if len(list) != len(all) || list[0].Origin != service.OriginStored || list[0].Name != "red-sea-closed" {
		t.Errorf("list: %d scenarios, first %+v; want %d with the stored one first", len(list), list[0], len(all))
	}

	// An outage is an error, never a silent fallback to the bundled scenario.
	down := service.ScenarioSource{Store: brokenStore{st}}
	if _, err := down.Get(ctx, "northern-sanctioned", 0); errcode.Of(err) != errcode.Unavailable || !errors.Is(err, errDown) {
		t.Errorf("get during an outage: %v, want unavailable", err)
	}
	if _, err := down.List(ctx); errcode.Of(err) != errcode.Unavailable {
		t.Errorf("list during an outage: %v, want unavailable", err)
	}
	if _, err := down.Versions(ctx, "northern-sanctioned"); errcode.Of(err) != errcode.Unavailable {
		t.Errorf("versions during an outage: %v, want unavailable", err)
	}
	// Without a store, the bundled scenarios only.
	if info, err := (service.ScenarioSource{}).Get(ctx, "red-sea-closed", 0); err != nil || info.Origin != service.OriginBundled {
		t.Errorf("no store: %+v %v", info, err)
	}
}

func TestNetworkCachesAppliedScenarios(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t)})
	ctx := context.Background()
	a, err := svc.Network(ctx, "red-sea-closed", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := svc.Network(ctx, "red-sea-closed", nil)
	if a != b || a.Applied == nil || a.Graph == svc.Graph() {
		t.Error("a scenario's network is not cached, or not applied")
	}
	doc, _ := scenarios.Get("red-sea-closed")
	if _, err := svc.Network(ctx, "red-sea-closed", doc); errcode.Of(err) != errcode.Invalid {
		t.Errorf("name and document: %v, want invalid", err)
	}
	bad := &scenario.Scenario{Name: "bad", Edits: []scenario.Edit{{Op: scenario.OpCloseNodes, Nodes: []string{"NOWHERE"}}}}
	var se *scenario.Error
	if _, err := svc.Network(ctx, "", bad); !errors.As(err, &se) || errcode.Of(err) != errcode.Invalid {
		t.Errorf("a broken scenario: %v, want a scenario.Error", err)
	}
}

// Route, Compare and Diff give what the router gives for the same query.
func TestOperationsMatchTheRouter(t *testing.T) {
	g := bundled(t)
	svc := service.New(service.Config{Graph: g})
	ctx := context.Background()
	req := route.Request{From: "Xi'an", To: "Duisburg", Depart: "2026-03-02"}
	res, err := svc.Route(ctx, service.RouteRequest{Request: req})
	if err != nil {
		t.Fatal(err)
	}
	q, _, err := req.Resolve(g, time.Now(), nil)
	if err != nil {
		t.Fatal(err)
	}
	its, err := route.New(g).Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Itineraries) != len(its) || res.Itineraries[0].Summary != its[0].Summary || res.Query.From.ID != "CNXIY" {
		t.Errorf("route: %d itineraries (first %q), router %d (first %q)", len(res.Itineraries), res.Itineraries[0].Summary, len(its), its[0].Summary)
	}
	cmpReq := service.RouteRequest{Request: req}
	cmpReq.Objective = "cost"
	cmp, err := svc.Compare(ctx, cmpReq)
	if err != nil {
		t.Fatal(err)
	}
	direct, _ := route.New(g).Compare(ctx, q, route.Cheapest)
	if cmp.Objective != direct.Objective || len(cmp.Corridors) != len(direct.Corridors) {
		t.Errorf("compare: %s %d corridors, router %s %d", cmp.Objective, len(cmp.Corridors), direct.Objective, len(direct.Corridors))
	}
	// The scenario's settings reach the query: avoiding RU and BY closes
	// the northern corridor.
	sres, err := svc.Route(ctx, service.RouteRequest{Request: req, Scenario: "northern-sanctioned"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range sres.Itineraries {
		for _, c := range it.Countries {
			if c == "RU" || c == "BY" {
				t.Fatalf("northern-sanctioned: itinerary through %s: %s", c, it.Summary)
			}
		}
	}
}

func TestOperationErrors(t *testing.T) {
	g := bundled(t)
	svc := service.New(service.Config{Graph: g, MaxRuns: 1000})
	ctx := context.Background()
	rr := func(from, to string) service.RouteRequest {
		return service.RouteRequest{Request: route.Request{From: from, To: to, Depart: "2026-03-02"}}
	}
	withObjective := rr("Xi'an", "Duisburg")
	withObjective.Objective = "cost"
	badObjective := rr("Xi'an", "Duisburg")
	badObjective.Objective = "speed"
	blocked := rr("Xi'an", "Duisburg")
	blocked.AvoidCountries = []string{"CN"}
	for _, c := range []struct {
		name string
		run  func() error
		code errcode.Code
		want string
	}{
		{"unknown node", func() error { _, err := svc.Route(ctx, rr("Atlantis", "Duisburg")); return err }, errcode.NotFound, "Atlantis"},
		{"objective on route", func() error { _, err := svc.Route(ctx, withObjective); return err }, errcode.Invalid, "objective"},
		{"unknown objective", func() error { _, err := svc.Compare(ctx, badObjective); return err }, errcode.Invalid, "speed"},
		{"no route", func() error { _, err := svc.Route(ctx, blocked); return err }, errcode.NoRoute, "CN"},
		{"unknown scenario", func() error {
			r := rr("Xi'an", "Duisburg")
			r.Scenario = "nope"
			_, err := svc.Route(ctx, r)
			return err
		}, errcode.NotFound, "nope"},
		{"diff without scenario", func() error { _, err := svc.Diff(ctx, rr("Xi'an", "Duisburg")); return err }, errcode.Invalid, "scenario"},
		{"too many runs", func() error {
			_, err := svc.PrepareSimulation(ctx, service.SimulateRequest{RouteRequest: rr("Xi'an", "Duisburg"), Runs: 1001})
			return err
		}, errcode.Invalid, "runs"},
		{"bad deadline", func() error {
			_, err := svc.PrepareSimulation(ctx, service.SimulateRequest{RouteRequest: rr("Xi'an", "Duisburg"), Deadline: "soon"})
			return err
		}, errcode.Invalid, "deadline"},
		{"deadline before departure", func() error {
			_, err := svc.PrepareSimulation(ctx, service.SimulateRequest{RouteRequest: rr("Xi'an", "Duisburg"), Deadline: "2026-03-01"})
			return err
		}, errcode.Invalid, "not after the departure"},
		{"simulation without route", func() error {
			r := rr("Xi'an", "Duisburg")
			r.AvoidCountries, r.Modes = []string{"RU", "BY", "KZ", "MN"}, []string{"rail"}
			_, err := svc.PrepareSimulation(ctx, service.SimulateRequest{RouteRequest: r, Compare: true})
			return err
		}, errcode.NoRoute, "no corridor"},
		{"no demand", func() error { _, err := svc.PrepareAssignment(ctx, service.AssignRequest{}); return err }, errcode.Invalid, "demand"},
		{"unknown demand set", func() error {
			_, err := svc.PrepareAssignment(ctx, service.AssignRequest{Demand: "atlantis"})
			return err
		}, errcode.Invalid, "unknown demand set"},
		{"unknown demand node", func() error {
			_, err := svc.PrepareAssignment(ctx, service.AssignRequest{Rows: []service.DemandRow{{Origin: "CNXIY", Destination: "NOWHERE", TEUPerYear: 1}}})
			return err
		}, errcode.Invalid, `line 1: destination: unknown place "NOWHERE"`},
		{"gap", func() error {
			_, err := svc.PrepareAssignment(ctx, service.AssignRequest{Demand: "china-europe-2024", Gap: 2})
			return err
		}, errcode.Invalid, "gap"},
		{"sweep without pairs", func() error {
			_, err := svc.Sweep(ctx, service.SweepRequest{Scenarios: []string{"x"}}, nil)
			return err
		}, errcode.Invalid, "pairs"},
	} {
		err := c.run()
		if errcode.Of(err) != c.code || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (code %s), want %s naming %q", c.name, err, errcode.Of(err), c.code, c.want)
		}
	}
}

// A search that runs out of the service's time is unavailable, and says so.
func TestSearchTimeout(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t), SearchTimeout: time.Nanosecond})
	_, err := svc.Compare(context.Background(), service.RouteRequest{Request: route.Request{From: "Xi'an", To: "Duisburg"}})
	if errcode.Of(err) != errcode.Unavailable || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "narrow the query") {
		t.Fatalf("%v, want an unavailable timeout", err)
	}
}

// Simulate and Assign run and report progress up to their totals.
func TestLongOperationsReportProgress(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t)})
	ctx := context.Background()
	var last service.Step
	res, err := svc.Simulate(ctx, service.SimulateRequest{RouteRequest: service.RouteRequest{Request: route.Request{From: "Xi'an", To: "Duisburg", Depart: "2026-03-02"}},
		Runs: 2000, Deadline: "2026-04-01"}, func(s service.Step) { last = s })
	if err != nil {
		t.Fatal(err)
	}
	if last.Done != 2000 || last.Total != 2000 || res.Result == nil || res.Result.OnTimeProbability == nil || res.Itinerary == nil {
		t.Errorf("simulation: last step %+v, result %v", last, res.Result != nil)
	}
	var steps int
	a, err := svc.Assign(ctx, service.AssignRequest{Demand: "china-europe-2024", MaxIter: 5}, func(s service.Step) {
		steps++
		if !s.Assignment || s.Total != 5 {
			t.Errorf("assignment step %+v", s)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if steps == 0 || steps != len(a.Convergence) || a.Summary.Iterations != a.Convergence[len(a.Convergence)-1].N {
		t.Errorf("assignment: %d steps, %d iterations recorded, summary %+v", steps, len(a.Convergence), a.Summary)
	}
}
