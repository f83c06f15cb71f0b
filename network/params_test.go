package network_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/network"
)

// withParams copies the rated test network with its parameters.csv
// replaced by body (after the header).
func withParams(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "testdata/rated", dir)
	head := "id,kind,select,low,high,value,from,to,fitted,source,note\n"
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(head+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// lookups returns helpers for the param tests: a link and a node of a
// graph by id, and a check that two figures agree to 1e-9 relatively.
func lookups(t *testing.T) (func(*network.Graph, string) *network.Link, func(*network.Graph, string) *network.Node, func(string, float64, float64)) {
	link := func(g *network.Graph, id string) *network.Link {
		l, ok := g.LinkByID(id)
		if !ok {
			t.Fatalf("no link %s", id)
		}
		return g.Link(l)
	}
	node := func(g *network.Graph, id string) *network.Node {
		n, ok := g.NodeByID(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		return g.Node(n)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %g, want %g", what, got, want)
		}
	}
	return link, node, near
}

// TestParamsApply: each kind scales what it says, on the elements its
// selector picks and no others; the first matching row of a kind wins.
func TestParamsApply(t *testing.T) {
	base := loadRated(t)
	g, err := network.Load(withParams(t, `rt,run_time,mode=rail gauge=1520,0.5,3,1.5,,,,,
rt2,run_time,mode=rail,0.5,3,2,,,,,
bd,border_dwell,nodes=KZDOS,0.3,4,2,,,,,
ht,handling_time,kind=seaport,0.3,4,0.5,,,,,
tf,tariff,links=L1,0.5,3,1.25,,,,,
tf2,tariff,links=L5|L3,0.5,3,2,,,,,
sw,service_wait,mode=ferry,0.5,8,3,,,,,
`))
	if err != nil {
		t.Fatal(err)
	}
	link, node, near := lookups(t)
	near("L3 hours (1520: first row)", link(g, "L3").Hours, 1.5*link(base, "L3").Hours)
	near("L1 hours (1435: second row)", link(g, "L1").Hours, 2*link(base, "L1").Hours)
	near("L3 speed", link(g, "L3").SpeedKmh, link(base, "L3").SpeedKmh/1.5)
	near("L4 hours (ferry: no row)", link(g, "L4").Hours, link(base, "L4").Hours)
	near("KZDOS median", node(g, "KZDOS").BorderMedianHours, 2*node(base, "KZDOS").BorderMedianHours)
	near("KZDOS p90", node(g, "KZDOS").BorderP90Hours, 2*node(base, "KZDOS").BorderP90Hours)
	near("CNAKL median", node(g, "CNAKL").BorderMedianHours, node(base, "CNAKL").BorderMedianHours)
	near("KZSCO handling", node(g, "KZSCO").HandlingHours, 0.5*node(base, "KZSCO").HandlingHours)
	near("CNXIY handling", node(g, "CNXIY").HandlingHours, node(base, "CNXIY").HandlingHours)
	near("L1 tariff", link(g, "L1").Cost(), 1.25*link(base, "L1").Cost())
	near("L5 tariff (the rail-1520 reference trip: the index prices it)", link(g, "L5").Cost(), link(base, "L5").Cost())
	near("L3 tariff (the caspian-through reference trip)", link(g, "L3").Cost(), link(base, "L3").Cost())
	s, _ := g.ServiceByID("S1")
	near("S1 wait", g.Service(s).ExpectedWaitHours(2), 3*168/2/2)
	if ps := g.Params(); len(ps) != 7 || ps[4].Value != 1.25 {
		t.Errorf("Params() = %+v", ps)
	}
	l3, _ := g.LinkByID("L3")
	if i := g.ParamOfLink(network.RunTime, l3); i != 0 {
		t.Errorf("ParamOfLink(run_time, L3) = %d, want 0", i)
	}
}

// TestParamsBad: every bad row is reported with its line and column, and
// nothing is loaded.
func TestParamsBad(t *testing.T) {
	for _, c := range []struct{ name, row, want string }{
		{"kind", "a1,speed,mode=rail,0.5,2,1,,,,,", "parameters.csv:2: kind: expected one of run_time"},
		{"selector key", "a1,run_time,colour=red,0.5,2,1,,,,,", `parameters.csv:2: select: condition "colour=red": unknown key "colour"`},
		{"empty selector", "a1,run_time,,0.5,2,1,,,,,", "parameters.csv:2: select: expected at least one condition"},
		{"node selector", "a1,border_dwell,nodes=NOWHERE,0.5,2,1,,,,,", `parameters.csv:2: select: condition "nodes=NOWHERE": unknown node "NOWHERE"`},
		{"node kind", "a1,border_dwell,kind=castle,0.5,2,1,,,,,", `parameters.csv:2: select: condition "kind=castle"`},
		{"bounds", "a1,run_time,mode=rail,2,0.5,1,,,,,", "parameters.csv:2: high: must be at least low (2), got 0.5"},
		{"outside bounds", "a1,run_time,mode=rail,0.5,2,3,,,,,", "parameters.csv:2: value: must be within its bounds 0.5–2, got 3"},
		{"not a number", "a1,run_time,mode=rail,0.5,2,x,,,,,", `parameters.csv:2: value: expected a number, got "x"`},
		{"zero", "a1,tariff,mode=rail,0,2,1,,,,,", "parameters.csv:2: low: must be between 0.05 and 20, got 0"},
		{"month", "a1,run_time,mode=rail,0.5,2,1,2022-13,,,,", `parameters.csv:2: from: expected a month as YYYY-MM, got "2022-13"`},
		{"month range", "a1,run_time,mode=rail,0.5,2,1,1850-01,,,,", `parameters.csv:2: from: month "1850-01" is outside 1900–2100`},
		{"to before from", "a1,run_time,mode=rail,0.5,2,1,2022-06,2022-01,,,", "parameters.csv:2: to: must not be before from (2022-06), got 2022-01"},
		{"dated tariff", "a1,tariff,mode=rail,0.5,2,1,2022-01,2022-12,,,", "parameters.csv:2: from: only run_time, border_dwell, handling_time and service_wait parameters can be dated; tariff is not"},
		{"duplicate", "a1,run_time,mode=rail,0.5,2,1,,,,,\na1,tariff,mode=rail,0.5,2,1,,,,,", `parameters.csv:3: id: parameter "a1" appears twice`},
		{"source", "a1,run_time,mode=rail,0.5,2,1,,,,nobody,", `parameters.csv:2: source: unknown source "nobody"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := network.Load(withParams(t, c.row+"\n"))
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\ndoes not contain\n%s", err, c.want)
			}
		})
	}
}

// TestParamsDated: a dated parameter is left out of the loaded graph and
// of ParamOfLink; AtMonth applies it in its months only, in place of the
// undated parameter of its kind (first row in force wins), and leaves the
// graph it derives from unchanged.
func TestParamsDated(t *testing.T) {
	base := loadRated(t)
	g, err := network.Load(withParams(t, `rt-2022,run_time,mode=rail gauge=1520,0.5,3,2,2022-01,2022-12,,,
rt,run_time,mode=rail,0.5,3,1.5,,,,,
bd-2022,border_dwell,nodes=KZDOS,0.3,4,3,2022-03,,,,
bd,border_dwell,nodes=KZDOS,0.3,4,2,,,,,
sw-2019,service_wait,mode=ferry,0.5,8,4,,2019-12,,,
`))
	if err != nil {
		t.Fatal(err)
	}
	link, node, near := lookups(t)
	month := func(s string) network.Month {
		m, err := network.ParseMonth(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	s1, _ := g.ServiceByID("S1")
	// loaded: undated rows only
	near("L3 hours", link(g, "L3").Hours, 1.5*link(base, "L3").Hours)
	near("KZDOS median", node(g, "KZDOS").BorderMedianHours, 2*node(base, "KZDOS").BorderMedianHours)
	near("S1 wait", g.Service(s1).ExpectedWaitHours(2), 168/2/2)
	l3, _ := g.LinkByID("L3")
	if i := g.ParamOfLink(network.RunTime, l3); i != 1 {
		t.Errorf("ParamOfLink(run_time, L3) = %d, want 1 (the undated row)", i)
	}
	if i := g.ParamOfLinkAt(network.RunTime, l3, month("2022-05")); i != 0 {
		t.Errorf("ParamOfLinkAt(run_time, L3, 2022-05) = %d, want 0", i)
	}

	for _, c := range []struct {
		month         string
		key           string
		l3, l1, kzdos float64 // factors on the base records
		wait          float64
	}{
		{"2021-06", "", 1.5, 1.5, 2, 168 / 2 / 2},
		{"2019-12", "4", 1.5, 1.5, 2, 4 * 168 / 2 / 2},
		{"2022-01", "0", 2, 1.5, 2, 168 / 2 / 2},
		{"2022-03", "0,2", 2, 1.5, 3, 168 / 2 / 2},
		{"2022-12", "0,2", 2, 1.5, 3, 168 / 2 / 2},
		{"2023-01", "2", 1.5, 1.5, 3, 168 / 2 / 2},
	} {
		m := month(c.month)
		if k := g.DatedKey(m); k != c.key {
			t.Errorf("%s: DatedKey = %q, want %q", c.month, k, c.key)
		}
		d := g.AtMonth(m)
		if (d == g) != (c.key == "") {
			t.Errorf("%s: AtMonth returned the loaded graph: %v, want %v", c.month, d == g, c.key == "")
		}
		near(c.month+" L3 hours", link(d, "L3").Hours, c.l3*link(base, "L3").Hours)
		near(c.month+" L3 speed", link(d, "L3").SpeedKmh, link(base, "L3").SpeedKmh/c.l3)
		near(c.month+" L1 hours", link(d, "L1").Hours, c.l1*link(base, "L1").Hours)
		near(c.month+" KZDOS median", node(d, "KZDOS").BorderMedianHours, c.kzdos*node(base, "KZDOS").BorderMedianHours)
		near(c.month+" KZDOS p90", node(d, "KZDOS").BorderP90Hours, c.kzdos*node(base, "KZDOS").BorderP90Hours)
		near(c.month+" S1 wait", d.Service(s1).ExpectedWaitHours(2), c.wait)
		// from a derived graph, AtMonth starts again from the loaded one
		near(c.month+" L3 hours from 2022-05", link(g.AtMonth(month("2022-05")).AtMonth(m), "L3").Hours, c.l3*link(base, "L3").Hours)
	}
	// the loaded graph is unchanged
	near("L3 hours after", link(g, "L3").Hours, 1.5*link(base, "L3").Hours)
	near("KZDOS median after", node(g, "KZDOS").BorderMedianHours, 2*node(base, "KZDOS").BorderMedianHours)
	// a graph derived from a dated one keeps its times
	d := g.AtMonth(month("2022-05"))
	e, err := d.Derive(func(*network.Editor) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if e.AtMonth(month("2019-01")) != e || e.DatedKey(month("2019-01")) != "" {
		t.Error("a graph derived from a dated graph should be pinned to its times")
	}
	near("derived L3 hours", link(e, "L3").Hours, 2*link(base, "L3").Hours)
}

// TestParamsPrior: the prior column weighs a factor's pull towards 1 (1
// when empty) and must be a positive number.
func TestParamsPrior(t *testing.T) {
	dir := withParams(t, "")
	head := strings.Join(network.ParamColumns(), ",") + "\n"
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(head+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a1,run_time,mode=rail,0.5,2,1,,,0.05,,,\na2,run_time,mode=road,0.5,2,1,,,,,,\n")
	g, err := network.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ps := g.Params(); ps[0].Prior != 0.05 || ps[1].Prior != 1 {
		t.Errorf("priors %g and %g, want 0.05 and 1 (the default)", ps[0].Prior, ps[1].Prior)
	}
	for _, c := range []struct{ v, want string }{
		{"0", "parameters.csv:2: prior: must be between 0.001 and 100, got 0"},
		{"x", `parameters.csv:2: prior: expected a number, got "x"`},
	} {
		write("a1,run_time,mode=rail,0.5,2,1,,," + c.v + ",,,\n")
		if _, err := network.Load(dir); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("prior %q: got %v, want %s", c.v, err, c.want)
		}
	}
}

// TestParamsOnto: a handling_time row with an onto condition sets the
// handling of transshipments onto the legs it names (westbound onto the
// 1520 mm line at Dostyk, eastbound onto 1435 mm), ahead of the undirected
// row after it; dated, it applies in its months only; an undirected row
// before it shadows it.
func TestParamsOnto(t *testing.T) {
	base := loadRated(t)
	g, err := network.Load(withParams(t, `ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,20,3,,,,,
ht-east-2022,handling_time,nodes=KZDOS onto=rail:1435,0.5,20,5,2022-01,2022-12,,,
ht,handling_time,nodes=KZDOS|CNAKL,0.5,20,2,,,,,
`))
	if err != nil {
		t.Fatal(err)
	}
	_, node, near := lookups(t)
	h0 := node(base, "KZDOS").HandlingHours
	kz := node(g, "KZDOS")
	near("KZDOS handling", kz.HandlingHours, 2*h0)
	near("KZDOS onto 1520", kz.HandlingFor(network.Rail, network.Russian), 3*h0)
	near("KZDOS onto 1435 (undated)", kz.HandlingFor(network.Rail, network.Standard), 2*h0)
	near("KZDOS onto road", kz.HandlingFor(network.Road, 0), 2*h0)
	near("KZDOS least handling", kz.MinHandlingHours(), 2*h0)
	near("CNAKL onto 1520", node(g, "CNAKL").HandlingFor(network.Rail, network.Russian), 2*node(base, "CNAKL").HandlingHours)
	id, _ := g.NodeByID("KZDOS")
	if p := g.ParamOfNode(network.HandlingTime, id); p != 2 {
		t.Errorf("ParamOfNode(handling_time, KZDOS) = %d, want 2 (the undirected row)", p)
	}
	if p := g.ParamOfHandling(id, network.Rail, network.Russian); p != 0 {
		t.Errorf("ParamOfHandling(KZDOS, rail 1520) = %d, want 0", p)
	}
	m, _ := network.ParseMonth("2022-06")
	if p := g.ParamOfHandlingAt(id, network.Rail, network.Standard, m); p != 1 {
		t.Errorf("ParamOfHandlingAt(KZDOS, rail 1435, 2022-06) = %d, want 1", p)
	}
	if k := g.DatedKey(m); k != "1" {
		t.Errorf("DatedKey(2022-06) = %q, want 1", k)
	}
	d := node(g.AtMonth(m), "KZDOS")
	near("2022 KZDOS onto 1435", d.HandlingFor(network.Rail, network.Standard), 5*h0)
	near("2022 KZDOS onto 1520", d.HandlingFor(network.Rail, network.Russian), 3*h0)
	near("2022 KZDOS handling", d.HandlingHours, 2*h0)
	near("2022 KZDOS least handling", d.MinHandlingHours(), 2*h0)
	near("KZDOS onto 1435 after AtMonth", kz.HandlingFor(network.Rail, network.Standard), 2*h0)

	shadow, err := network.Load(withParams(t, `ht,handling_time,nodes=KZDOS,0.5,20,2,,,,,
ht-west,handling_time,nodes=KZDOS onto=rail:1520,0.5,20,3,,,,,
`))
	if err != nil {
		t.Fatal(err)
	}
	near("KZDOS onto 1520 behind an undirected row", node(shadow, "KZDOS").HandlingFor(network.Rail, network.Russian), 2*h0)
	if n := len(node(shadow, "KZDOS").HandlingOnto); n != 0 {
		t.Errorf("a shadowed onto row left %d directional handling times", n)
	}
}

// TestParamsOntoBad: onto names a mode (rail with a known gauge) and only
// handling_time takes it.
func TestParamsOntoBad(t *testing.T) {
	for _, c := range []struct{ name, row, want string }{
		{"kind", "a1,border_dwell,nodes=KZDOS onto=rail:1520,0.5,2,1,,,,,", "parameters.csv:2: select: onto applies to handling_time only, not to border_dwell"},
		{"gauge on sea", "a1,handling_time,nodes=KZDOS onto=sea:1435,0.5,2,1,,,,,", `parameters.csv:2: select: condition "onto=sea:1435": "sea:1435": only rail has a gauge`},
		{"gauge", "a1,handling_time,nodes=KZDOS onto=rail:1000,0.5,2,1,,,,,", `condition "onto=rail:1000": "rail:1000": expected a gauge of 1435, 1520, 1668 or 1676 after rail:`},
		{"mode", "a1,handling_time,nodes=KZDOS onto=plane,0.5,2,1,,,,,", `condition "onto=plane": unknown mode "plane"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := network.Load(withParams(t, c.row+"\n"))
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a *ValidationError, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error\n%v\ndoes not contain\n%s", err, c.want)
			}
		})
	}
}
