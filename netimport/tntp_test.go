package netimport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"corridor/errcode"
	"corridor/network"
)

// beckmann is the equilibrium objective of FORMAT.md:
// sum (t0 + tollF*toll + distF*length)*v + t0*b*c/(p+1)*(v/c)^(p+1).
func beckmann(t *TNTP, tollF, distF float64) float64 {
	z := 0.0
	for i := range t.Init {
		v, c, t0 := t.FlowVolume[i], t.Capacity[i], t.FreeFlowTime[i]
		z += (t0 + tollF*t.Toll[i] + distF*t.Length[i]) * v
		if c > 0 && t.B[i] != 0 {
			z += t0 * t.B[i] * c / (t.Power[i] + 1) * math.Pow(v/c, t.Power[i]+1)
		}
	}
	return z
}

// The statistics of ../shared/data/tntp/FORMAT.md, checked on every network
// present: counts, total demand, and the Beckmann objective recomputed from
// _net and _flow (which proves the BPR arrays and the link order).
func TestTNTPNetworks(t *testing.T) {
	root := sharedData(t, "tntp")
	cases := []struct {
		dir                string
		zones, nodes, used int
		links, ftn         int
		demand             float64 // 0: no trips file here
		z                  float64 // 0: no flow file
		tollF, distF       float64
		heavy              bool
	}{
		{"SiouxFalls", 24, 24, 24, 76, 1, 360600, 4231335.2871, 0, 0, false},
		{"Anaheim", 38, 416, 416, 914, 39, 104694.40, 1286032.1711, 0, 0, false},
		{"Chicago-Sketch", 387, 933, 933, 2950, 1, 1260907.44, 17313018.7387, 0.02, 0.04, false},
		{"Barcelona", 110, 1020, 930, 2522, 111, 184679.561, 0, 0, 0, false},
		{"Winnipeg", 147, 1052, 1040, 2836, 148, 64784, 827911.4946, 0, 0, false},
		{"chicago-regional", 1790, 12982, 12979, 39018, 1791, 0, 30792611.3864, 0.1, 0.25, true},
		{"Philadelphia", 1525, 13389, 13389, 40003, 1526, 18503872, 0, 0, 0, true},
		{"Austin", 7388, 7388, 7388, 18961, 1, 739350.6700032691, 0, 0, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.dir, func(t *testing.T) {
			if tc.heavy && testing.Short() {
				t.Skip("large network: skipped with -short")
			}
			dir := filepath.Join(root, tc.dir)
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("%s not present", dir)
			}
			tn, err := ReadTNTP(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			if tn.Zones != tc.zones || tn.Nodes != tc.nodes || tn.NumLinks() != tc.links || tn.FirstThruNode != tc.ftn {
				t.Errorf("zones %d nodes %d links %d ftn %d; want %d %d %d %d", tn.Zones, tn.Nodes, tn.NumLinks(), tn.FirstThruNode,
					tc.zones, tc.nodes, tc.links, tc.ftn)
			}
			sum := 0.0
			for _, d := range tn.Demand {
				sum += d
			}
			if math.Abs(sum-tc.demand) > 1e-6*math.Max(1, tc.demand) {
				t.Errorf("total demand %.4f, want %.4f", sum, tc.demand)
			}
			if tc.z != 0 {
				if z := beckmann(tn, tc.tollF, tc.distF); math.Abs(z-tc.z) > 1e-4 {
					t.Errorf("Beckmann objective %.4f, want %.4f", z, tc.z)
				}
				for i := 0; i < tn.NumLinks(); i += 97 { // the _flow costs are the BPR times plus the toll and distance terms
					want := tn.FlowCost[i]
					got := tn.BPRTime(i, tn.FlowVolume[i]) + tc.tollF*tn.Toll[i] + tc.distF*tn.Length[i]
					if math.Abs(got-want) > 1e-9*math.Max(1, want) {
						t.Fatalf("link %d: BPR cost %v, flow file %v", i+1, got, want)
					}
				}
			}
			g, rep, err := tn.Graph(context.Background(), GraphOptions{Country: "US"})
			if err != nil {
				t.Fatal(err)
			}
			if g.NumNodes() != tc.used || g.NumLinks() != tc.links || rep.UnusedNodes != tc.nodes-tc.used {
				t.Errorf("graph: %d nodes, %d links, %d unused", g.NumNodes(), g.NumLinks(), rep.UnusedNodes)
			}
			k := g.Link(0)
			if k.Mode != network.Road || k.From != mustNode(t, g, tn.Init[0]) || k.To != mustNode(t, g, tn.Term[0]) {
				t.Errorf("first link: %+v", k)
			}
		})
	}
}

func mustNode(t *testing.T, g *network.Graph, n int32) network.NodeID {
	id, ok := g.NodeByID("N" + strconv.Itoa(int(n)))
	if !ok {
		t.Fatalf("no node N%d", n)
	}
	return id
}

const sampleNet = `<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 3
<END OF METADATA>
~ init term cap len fft b power speed toll type ;
	1	3	100	6	6	0.15	4	0	0	1	;
	3	2	100	4	4	0.15	4	0	0	1	;
	2	1	100	5	5	0.15	4	0	0	1	;
`

func TestTNTPReaderErrors(t *testing.T) {
	net := func(s string) func(*TNTP) error {
		return func(tn *TNTP) error {
			tn.InferMetadata = true
			return tn.ReadNet(context.Background(), strings.NewReader(s), "x_net.tntp")
		}
	}
	strict := func(s string) func(*TNTP) error {
		return func(tn *TNTP) error { return tn.ReadNet(context.Background(), strings.NewReader(s), "x_net.tntp") }
	}
	trips := func(s string) func(*TNTP) error {
		return func(tn *TNTP) error {
			if err := tn.ReadNet(context.Background(), strings.NewReader(sampleNet), "x_net.tntp"); err != nil {
				return err
			}
			return tn.ReadTrips(context.Background(), strings.NewReader(s), "x_trips.tntp")
		}
	}
	flow := func(s string) func(*TNTP) error {
		return func(tn *TNTP) error {
			if err := tn.ReadNet(context.Background(), strings.NewReader(sampleNet), "x_net.tntp"); err != nil {
				return err
			}
			return tn.ReadFlow(context.Background(), strings.NewReader(s), "x_flow.tntp")
		}
	}
	nodes := func(s string) func(*TNTP) error {
		return func(tn *TNTP) error {
			if err := tn.ReadNet(context.Background(), strings.NewReader(sampleNet), "x_net.tntp"); err != nil {
				return err
			}
			return tn.ReadNodes(context.Background(), strings.NewReader(s), "x_node.tntp")
		}
	}
	cases := []struct {
		name string
		run  func(*TNTP) error
		want string // "" = no error
		line int
	}{
		{"good net", net(sampleNet), "", 0},
		{"too few columns", net("<NUMBER OF NODES> 3\n<END OF METADATA>\n1 2 3\n"), "x_net.tntp:3: expected 10 columns", 3},
		{"not a number", net("1 2 100 6 six 0.15 4 0 0 1 ;\n"), "x_net.tntp:1: free_flow_time: expected a number, got \"six\"", 1},
		{"node out of range", net("<NUMBER OF NODES> 3\n1 4 100 6 6 0.15 4 0 0 1 ;\n"), "x_net.tntp:2: term_node: expected a node number 1..3", 2},
		{"negative capacity", net("1 2 -100 6 6 0.15 4 0 0 1 ;\n"), "x_net.tntp:1: capacity: must not be negative", 1},
		{"link count", net("<NUMBER OF LINKS> 2\n1 2 100 6 6 0.15 4 0 0 1 ;\n"), "<NUMBER OF LINKS> says 2, the file has 1", 2},
		{"bad metadata", net("<NUMBER OF NODES> many\n1 2 100 6 6 0.15 4 0 0 1 ;\n"), "metadata <NUMBER OF NODES>: expected a whole number", 0},
		{"empty", net(""), "no links", 0},
		{"strict good net", strict(sampleNet), "", 0},
		{"missing nodes", strict("<NUMBER OF ZONES> 1\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 1\n<END OF METADATA>\n1 2 100 6 6 0.15 4 0 0 1 ;\n"),
			"x_net.tntp:0: missing metadata <NUMBER OF NODES>: a _net file must open with", 0},
		{"no metadata", strict("1 2 100 6 6 0.15 4 0 0 1 ;\n"), "missing metadata <NUMBER OF ZONES>", 0},
		{"absurd node claim", strict(absurdNet), "x_net.tntp:0: <NUMBER OF NODES> 49999999 is more than the file can hold: its 1 links use at most 2 nodes", 0},
		{"absurd zone claim", strict("<NUMBER OF ZONES> 40000000\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 1\n1 2 100 6 6 0.15 4 0 0 1 ;\n"),
			"<NUMBER OF ZONES> 40000000 is out of range (nodes: 2)", 0},
		{"inferred absurd nodes", net("1 49999999 100 6 6 0.15 4 0 0 1 ;\n"), "node numbers running to 49999999 is more than the file can hold", 0},
		{"good trips", trips("<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 30\nOrigin 1\n 1 : 0; 2 : 10.5;\nOrigin 2\n1:19.5;\n"), "", 0},
		{"trips: zone out of range", trips("Origin 1\n 3 : 5;\n"), "x_trips.tntp:2: destination 3 is not a zone (1..2)", 2},
		{"trips: before origin", trips("1 : 5;\n"), "x_trips.tntp:1: demand before the first \"Origin\" line", 1},
		{"trips: bad flow", trips("Origin 2\n 1 : -5;\n"), "x_trips.tntp:2: flow for destination 1", 2},
		{"trips: bad origin", trips("Origin x\n"), "x_trips.tntp:1: origin \"x\" is not a zone", 1},
		{"trips: zones differ", trips("<NUMBER OF ZONES> 5\nOrigin 1\n"), "<NUMBER OF ZONES> is 5 here but 2 in the _net file", 2},
		{"good flow", flow("From To Volume Cost\n1 3 10 6.1\n3 2 5 4\n2 1 0 5\n"), "", 0},
		{"flow: wrong order", flow("From To Volume Cost\n3 2 10 6.1\n"), "x_flow.tntp:2: row 1 is 3→2 but link 1 of the _net file is 1→3", 2},
		{"flow: too few rows", flow("1 3 10 6.1\n"), "1 flow rows for 3 links", 1},
		{"flow: negative volume", flow("1 3 -1 6\n"), "x_flow.tntp:1: link 1→3: expected a non-negative volume", 1},
		{"good nodes", nodes("Node X Y ;\n1 -96.7 43.6 ;\n2 -96.8 43.5 ;\n3 -96.9 43.4\n"), "", 0},
		{"nodes: twice", nodes("1 0 0\n1 0 0\n"), "x_node.tntp:2: node 1 is listed twice", 2},
		{"nodes: unknown", nodes("Node X Y\n9 0 0\n"), "x_node.tntp:2: node \"9\" is not a node number 1..3", 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(&TNTP{})
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			var le *LineError
			if errors.As(err, &le) && le.Line != tc.line {
				t.Errorf("line %d, want %d", le.Line, tc.line)
			}
		})
	}
}

// absurdNet is a 200-byte _net file whose header claims 49,999,999 nodes.
const absurdNet = `<NUMBER OF ZONES> 1
<NUMBER OF NODES> 49999999
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 1
<END OF METADATA>
~ init term cap len fft b power speed toll type ;
	1	2	100	6	6	0.15	4	0	0	1	;
`

// TestTNTPHeaderClaimBoundedMemory: a header's node count is checked against
// what the file holds before anything is sized from it. The reader, the
// node file and the graph together allocated 2.96 GB for absurdNet before.
func TestTNTPHeaderClaimBoundedMemory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x_net.tntp"), []byte(absurdNet), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "x_node.tntp"), []byte("Node X Y\n1 0 0\n2 1 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tn, err := ReadTNTP(context.Background(), dir)
	if err == nil {
		_, _, err = tn.Graph(context.Background(), GraphOptions{})
	}
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "<NUMBER OF NODES> 49999999 is more than the file can hold") ||
		!strings.Contains(err.Error(), "x_net.tntp") {
		t.Errorf("err = %v, want the absurd <NUMBER OF NODES> refused naming the file", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("allocated %d bytes for a %d-byte file; want at most 1 MiB", got, len(absurdNet))
	}
}

func TestTNTPGraphUnits(t *testing.T) {
	tn := &TNTP{Name: "Anaheim"}
	if err := tn.ReadNet(context.Background(), strings.NewReader(sampleNet), "x_net.tntp"); err != nil {
		t.Fatal(err)
	}
	g, rep, err := tn.Graph(context.Background(), GraphOptions{})
	if err != nil {
		t.Fatal(err)
	}
	k := g.Link(0) // 6 feet, 6 minutes (Anaheim's units)
	if math.Abs(k.DistanceKm-6*0.0003048) > 1e-12 || math.Abs(k.Hours-0.1) > 1e-12 || rep.Coordinates != "none" {
		t.Errorf("link %v km %v h, coordinates %s", k.DistanceKm, k.Hours, rep.Coordinates)
	}
	if g.Node(0).Kind != network.City || g.Node(2).Kind != network.Junction {
		t.Error("zones should be city nodes, others junctions")
	}
}

func TestImportErrorsAreInvalid(t *testing.T) {
	cases := []struct {
		err   error
		field string
	}{
		{&LineError{File: "x_net.tntp", Line: 7, Msg: "no links"}, "x_net.tntp:7"},
		{&FeatureError{Feature: 3, Msg: "bad"}, "features[3]"},
		{&FeatureError{Feature: -1, Msg: "not GeoJSON"}, ""},
	}
	for _, tc := range cases {
		if c := errcode.Of(tc.err); c != errcode.Invalid {
			t.Errorf("%v: code %v, want invalid", tc.err, c)
		}
		d := errcode.Details(tc.err)
		switch {
		case tc.field == "" && d != nil:
			t.Errorf("%v: details %v, want none", tc.err, d)
		case tc.field != "" && (len(d) != 1 || d[0].Field != tc.field):
			t.Errorf("%v: details %v, want field %s", tc.err, d, tc.field)
		}
	}
}

func TestImportStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var net strings.Builder
	net.WriteString(fmt.Sprintf("<NUMBER OF ZONES> 0\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> %d\n<END OF METADATA>\n", 3*checkEvery))
	for i := 0; i < 3*checkEvery; i++ {
		net.WriteString("1 2 100 1 1 0.15 4 0 0 1 ;\n")
	}
	cases := map[string]func() error{
		"geojson": func() error {
			_, _, err := ReadGeoJSON(ctx, strings.NewReader(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}]}`), GeoJSONOptions{})
			return err
		},
		"tntp net": func() error { return (&TNTP{}).ReadNet(ctx, strings.NewReader(net.String()), "x_net.tntp") },
		"tntp graph": func() error {
			tn := &TNTP{}
			if err := tn.ReadNet(context.Background(), strings.NewReader(net.String()), "x_net.tntp"); err != nil {
				return err
			}
			_, _, err := tn.Graph(ctx, GraphOptions{})
			return err
		},
	}
	for name, run := range cases {
		if err := run(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", name, err)
		}
	}
}

// The byte-level reading of demand lines gives exactly the entries and
// flows (bit for bit) that splitting on white space, ';' and ':' and
// strconv.ParseFloat give, and hands every other form to that path.
func TestReadTripsPlainLines(t *testing.T) {
	lines := []string{
		"2 : 1365.90; 1 : 407.40;",
		"1:0;2:10.5",
		"1 :\t0.1 ;; 2 : 0.30000000000000004",
		"1 : 123456789012345.6",       // 16 significant digits: general path
		"1 : 0.000000000000000000001", // 21 decimals
		"2 : 1e3; 1 : +2",             // exponent and sign: general path
		"+1 : 5",
		"1 : .5; 2 : 5.",
		"1 : 007.250",
		"01 : 3",
		"1 : 99999999999999.99",
		"1 : 0.1 2 : 0.2",
	}
	for _, line := range lines {
		t.Run(line, func(t *testing.T) {
			tn := &TNTP{Zones: 2}
			if err := tn.ReadTrips(context.Background(), strings.NewReader("Origin 1\n"+line+"\n"), "x_trips.tntp"); err != nil {
				t.Fatal(err)
			}
			// the reference: the general path's splitting and parsing
			f := strings.Fields(strings.NewReplacer(";", " ", ":", " : ").Replace(line))
			if len(f) != 3*len(tn.Demand) {
				t.Fatalf("%d entries read, %d fields", len(tn.Demand), len(f))
			}
			for i := range tn.Demand {
				d, _ := strconv.Atoi(f[3*i])
				x, _ := strconv.ParseFloat(f[3*i+2], 64)
				if tn.Origin[i] != 1 || int(tn.Dest[i]) != d || math.Float64bits(tn.Demand[i]) != math.Float64bits(x) {
					t.Errorf("entry %d: %d→%d %v, want 1→%d %v", i, tn.Origin[i], tn.Dest[i], tn.Demand[i], d, x)
				}
			}
		})
	}
	for _, c := range []struct{ line, err string }{
		{"3 : 5;", "x_trips.tntp:2: destination 3 is not a zone (1..2)"},
		{"1 : 5; 2 : -5;", "x_trips.tntp:2: flow for destination 2"},
		{"1 : 5; 2 5", "x_trips.tntp:2: expected entries"},
		{"1 : 5x", "x_trips.tntp:2: flow for destination 1: expected a non-negative number, got \"5x\""},
		{"12345678901 : 5", "x_trips.tntp:2: destination 12345678901 is not a zone"},
	} {
		tn := &TNTP{Zones: 2}
		err := tn.ReadTrips(context.Background(), strings.NewReader("Origin 1\n"+c.line+"\n"), "x_trips.tntp")
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: error %v, want %q", c.line, err, c.err)
		}
	}
}
