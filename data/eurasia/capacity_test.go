package eurasia_test

import (
	"context"
	"regexp"
	"testing"

	"corridor/assign"
	"corridor/data/demand"
	"corridor/network"
	"corridor/resilience"
)

// Issue 14 item 5: capacities on the Northern (1520 mm) corridor and at
// China's western gateways, so that a disruption of the sea route can no
// longer put an unbounded flow on rail lines that had none. The figures,
// their conversion (84 TEU a train, 12 t a TEU, 2 TEU a truck) and what was
// searched without result are in sources.csv: c3-capacity-derivation and
// the c3-… rows it names.

// northernCapacities are the records section C3 set: the published figure
// (converted to TEU a year) and the source that publishes it.
var northernCapacities = []struct {
	kind, id string
	teu      float64
	source   string
}{
	{"node", "CNAKL", 1667000, "c3-silkroadnews-2016-alashankou"},
	{"node", "KZDOS", 1667000, "c3-silkroadnews-2016-alashankou"},
	{"node", "KZ-GANYUSHKINO", 1226000, "c3-railnewskz-2021-ganyushkino"},
	{"node", "RU-NAUSHKI", 613000, "c3-transru-2022-naushki"},
	{"node", "KZ-SARYAGASH", 2250000, "a-inform-2023-kz-transit"},
	{"node", "KG-IRKESHTAM", 73000, "c3-ritmeurasia-2023-irkeshtam"},
	{"node", "KG-TORUGART", 110000, "c3-kaktus-2023-torugart"},
	{"node", "KZ-DOSTYK-ROAD", 438000, "f-astanatimes-2024-alakol"},
	{"node", "KZ-NUR-ZHOLY", 36500, "f-intermodalnews-2021-kz-cn-road"},
	{"node", "KZ-BAKHTY", 29200, "f-intermodalnews-2021-kz-cn-road"},
	{"node", "PKKHI", 2210000, "c3-brecorder-2023-kpt"},
	{"link", "A-CN-BAOJI-LAN", 3750000, "c3-chinanews-2003-baolan"},
	{"link", "A-CN-HAMI-URC", 5833000, "c3-inen-lanxin-capacity"},
	{"link", "A-CN-LAN-HAMI", 2917000, "c3-inen-lanxin-capacity"},
	{"link", "AU-CN-LAN-WUWEI", 2917000, "c3-inen-lanxin-capacity"},
	{"link", "AU-CN-WUWEI-HAMI", 2917000, "c3-inen-lanxin-capacity"},
	{"link", "A-PK-KHI-HYD", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-BQM-HYD", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-HYD-ROHRI", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-ROHRI-MUX", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-MUX-LHE", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-LHE-ISB", 981000, "c3-pakistantoday-2017-ml1"},
	{"link", "A-PK-ISB-PEW", 981000, "c3-pakistantoday-2017-ml1"},
}

// TestNorthernCapacitiesSourced: each record carries its figure in both
// directions, cites the source that publishes it (with a year and an
// address that say where), and c3-capacity-derivation gives the record's
// exact value with its conversion.
func TestNorthernCapacitiesSourced(t *testing.T) {
	g := load(t)
	deriv := derivation(t, g, "c3-capacity-derivation")
	for _, c := range northernCapacities {
		t.Run(c.id, func(t *testing.T) {
			var capacity []float64
			var sources []string
			switch c.kind {
			case "node":
				n, ok := g.NodeByID(c.id)
				if !ok {
					t.Fatalf("no node %s", c.id)
				}
				capacity, sources = []float64{g.Node(n).CapacityTEUYear}, g.Node(n).Sources
			default:
				for _, id := range []string{c.id, c.id + "~r"} {
					l, ok := g.LinkByID(id)
					if !ok {
						t.Fatalf("no link %s", id)
					}
					capacity = append(capacity, g.Link(l).CapacityTEUYear)
					sources = g.Link(l).Sources
				}
			}
			for _, v := range capacity {
				if v != c.teu {
					t.Errorf("capacity %g TEU/yr, want %g", v, c.teu)
				}
			}
			cites := false
			for _, s := range sources {
				cites = cites || s == c.source
			}
			if !cites {
				t.Errorf("sources %v do not cite %s", sources, c.source)
			}
			src, ok := g.Source(c.source)
			if !ok {
				t.Fatalf("unknown source %s", c.source)
			}
			if src.Year < 2000 || src.URL == "" || !capacityWords.MatchString(src.Title+" "+src.Note) {
				t.Errorf("source %s (%d, %q) gives no dated, addressed capacity", c.source, src.Year, src.URL)
			}
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(c.id) + `\b[^;]*\b` + formatTEU(c.teu) + `\b`).MatchString(deriv.Note) {
				t.Errorf("c3-capacity-derivation does not give %s %s", c.id, formatTEU(c.teu))
			}
		})
	}
}

// derivation returns the source id (a derivation note) and checks that every source
// its note draws on (an id such as a-…, c2-… or f-…) exists.
func derivation(t *testing.T, g *network.Graph, id string) *network.Source {
	t.Helper()
	deriv, ok := g.Source(id)
	if !ok {
		t.Fatalf("no source %s", id)
	}
	for _, ref := range regexp.MustCompile(`\b(?:a|b|c|c2|c3|d|f)-[a-z0-9]+(?:-[a-z0-9]+)*`).FindAllString(deriv.Note, -1) {
		if _, ok := g.Source(ref); !ok {
			t.Errorf("%s draws on unknown source %q", id, ref)
		}
	}
	return deriv
}

// disrupted2030 assigns the bundled 2030 demand with the elements named by
// spec (resilience.Select syntax, e.g. CP-SUEZ+CP-BAB-EL-MANDEB) removed,
// and returns the model, the baseline and the disrupted result.
func disrupted2030(t *testing.T, spec string) (*network.Graph, *assign.FreightModel, *assign.FreightResult, *assign.FreightResult) {
	t.Helper()
	g := load(t)
	d, err := demand.Load("china-europe-2030")
	if err != nil {
		t.Fatal(err)
	}
	md, err := assign.NewFreightModel(g, d, assign.DefaultFreightParams())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	base, err := md.Solve(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := resilience.Select(g, []string{spec}, nil)
	if err != nil || len(cases) != 1 {
		t.Fatalf("select %s: %d cases, %v", spec, len(cases), err)
	}
	c := cases[0]
	res, err := md.Solve(ctx, []assign.Change{{Links: c.Links, Nodes: c.Nodes, Remove: true}}, base)
	if err != nil {
		t.Fatal(err)
	}
	if !base.Converged || !res.Converged {
		t.Fatalf("%s: assignments did not converge (baseline %v, disrupted %v)", spec, base.Converged, res.Converged)
	}
	if res.Totals.UnservedTEU != 0 {
		t.Fatalf("%s leaves %g TEU unserved; every pair should find another way", spec, res.Totals.UnservedTEU)
	}
	return g, md, base, res
}

// corridorGain is the change in TEU a corridor carries from base to res.
func corridorGain(base, res *assign.FreightResult, corridor string) float64 {
	teu := func(r *assign.FreightResult) float64 {
		for _, c := range r.Corridors {
			if c.Corridor == corridor {
				return c.TEU
			}
		}
		return 0
	}
	return teu(res) - teu(base)
}

// TestSuezClosureGoesRoundTheCape: with the Suez route closed, the 1520 mm
// gateways' capacities leave the Northern rail corridor a small part of the
// diverted flow and send most of it round the Cape. Before section C3 the
// Northern lines, having no capacity, took 6.8 of the 15.6 million TEU
// (43%); now they take about 1.7 million (11%) and the Cape 13.1 million.
func TestSuezClosureGoesRoundTheCape(t *testing.T) {
	_, _, base, res := disrupted2030(t, "CP-SUEZ+CP-BAB-EL-MANDEB")
	lost := -corridorGain(base, res, "maritime-suez")
	north, cape := corridorGain(base, res, "northern"), corridorGain(base, res, "maritime-cape")
	t.Logf("Suez route loses %.0f TEU; northern %+.0f, cape %+.0f", lost, north, cape)
	if lost < 15e6 {
		t.Fatalf("the Suez route loses only %.0f TEU a year; the closure should move all of it (about 15.6 million)", lost)
	}
	if north > 0.2*lost {
		t.Errorf("the Northern corridor gains %.0f TEU, %.0f%% of the diverted %.0f: its gateways' capacities should keep it under 20%%", north, 100*north/lost, lost)
	}
	if cape < 0.75*lost {
		t.Errorf("the Cape route gains %.0f TEU, %.0f%% of the diverted %.0f; want at least 75%%", cape, 100*cape/lost, lost)
	}
}

// TestPearlRiverDiversionBounded: with the Pearl River sea lane closed, most
// of its flow sails east of the Philippines and through the Lombok Strait,
// and what goes by land can no longer pile onto the China–Kazakhstan crossing, the
// Kazakhstan–Russia crossing at Ganyushkino and the Lanzhou–Xinjiang line.
// Before section C3 they carried 12.8, 13.1 and 10.9 million TEU a year
// (7.7, 10.7 and 1.9 times the capacities now set). With BPR delays a
// capacity is not a hard limit (a border node at three times its capacity
// delays a train by 40 times its free-flow dwell), so the test bounds each at
// three times its published capacity.
func TestPearlRiverDiversionBounded(t *testing.T) {
	g, md, base, res := disrupted2030(t, "C-PEARL-RIVER-SOUTH-CHINA-SEA")
	nodes, links := res.NodeFlows(md), res.LinkFlows(md)
	for _, id := range []string{"CNAKL", "KZDOS", "KZ-GANYUSHKINO"} {
		n, _ := g.NodeByID(id)
		c := g.Node(n).CapacityTEUYear
		t.Logf("%s: %.0f TEU, %.0f%% of %.0f", id, nodes[n], 100*nodes[n]/c, c)
		if c <= 0 || nodes[n] > 3*c {
			t.Errorf("%s carries %.0f TEU a year, more than three times its capacity %.0f", id, nodes[n], c)
		}
	}
	// the Lanzhou–Hami stretch is two parallel rows (direct and via Wuwei)
	// sharing the line's capacity
	line := 0.0
	for _, id := range []string{"A-CN-LAN-HAMI", "AU-CN-WUWEI-HAMI"} {
		l, _ := g.LinkByID(id)
		line += links[l]
	}
	if c := 5833000.0; line > 3*c {
		t.Errorf("Lanzhou–Hami westbound carries %.0f TEU a year, more than three times the line's capacity %.0f", line, c)
	}
	// and the case is not empty: most of the lane's flow goes on by sea east
	// of the Philippines (section c2-marnet-east-of-philippines), the rest to
	// land
	sea := 0.0
	for _, id := range []string{"C-MAKASSAR-STRAIT-LOMBOK-STRAIT", "C-MAKASSAR-STRAIT-LOMBOK-STRAIT~r"} {
		if l, ok := g.LinkByID(id); ok {
			sea += links[l]
		}
	}
	lost := -corridorGain(base, res, "maritime-suez")
	t.Logf("Lombok Strait %.0f TEU; %.0f TEU leave the Suez route", sea, lost)
	if sea < 5e6 {
		t.Errorf("closing the Pearl River lane sends only %.0f TEU a year through the Lombok Strait", sea)
	}
	if lost < 5e5 {
		t.Errorf("closing the Pearl River lane moves only %.0f TEU off the Suez route", lost)
	}
}
