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
	head := strings.Join(network.ParamColumns(), ",") + "\n"
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(head+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestParamsApply: each kind scales what it says, on the elements its
// selector picks and no others; the first matching row of a kind wins.
func TestParamsApply(t *testing.T) {
	base := loadRated(t)
	g, err := network.Load(withParams(t, `rt,run_time,mode=rail gauge=1520,0.5,3,1.5,,,
rt2,run_time,mode=rail,0.5,3,2,,,
bd,border_dwell,nodes=KZDOS,0.3,4,2,,,
ht,handling_time,kind=seaport,0.3,4,0.5,,,
tf,tariff,links=L1,0.5,3,1.25,,,
tf2,tariff,links=L5|L3,0.5,3,2,,,
sw,service_wait,mode=ferry,0.5,8,3,,,
`))
	if err != nil {
		t.Fatal(err)
	}
	link := func(g *network.Graph, id string) *network.Link {
		l, ok := g.LinkByID(id)
		if !ok {
			t.Fatalf("no link %s", id)
		}
		return g.Link(l)
	}
	node := func(g *network.Graph, id string) *network.Node {
		n, _ := g.NodeByID(id)
		return g.Node(n)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %g, want %g", what, got, want)
		}
	}
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
		{"kind", "a1,speed,mode=rail,0.5,2,1,,,", "parameters.csv:2: kind: expected one of run_time"},
		{"selector key", "a1,run_time,colour=red,0.5,2,1,,,", `parameters.csv:2: select: condition "colour=red": unknown key "colour"`},
		{"empty selector", "a1,run_time,,0.5,2,1,,,", "parameters.csv:2: select: expected at least one condition"},
		{"node selector", "a1,border_dwell,nodes=NOWHERE,0.5,2,1,,,", `parameters.csv:2: select: condition "nodes=NOWHERE": unknown node "NOWHERE"`},
		{"node kind", "a1,border_dwell,kind=castle,0.5,2,1,,,", `parameters.csv:2: select: condition "kind=castle"`},
		{"bounds", "a1,run_time,mode=rail,2,0.5,1,,,", "parameters.csv:2: high: must be at least low (2), got 0.5"},
		{"outside bounds", "a1,run_time,mode=rail,0.5,2,3,,,", "parameters.csv:2: value: must be within its bounds 0.5–2, got 3"},
		{"not a number", "a1,run_time,mode=rail,0.5,2,x,,,", `parameters.csv:2: value: expected a number, got "x"`},
		{"zero", "a1,tariff,mode=rail,0,2,1,,,", "parameters.csv:2: low: must be between 0.05 and 20, got 0"},
		{"duplicate", "a1,run_time,mode=rail,0.5,2,1,,,\na1,tariff,mode=rail,0.5,2,1,,,", `parameters.csv:3: id: parameter "a1" appears twice`},
		{"source", "a1,run_time,mode=rail,0.5,2,1,,nobody,", `parameters.csv:2: source: unknown source "nobody"`},
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
