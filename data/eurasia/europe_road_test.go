package eurasia_test

import (
	"strings"
	"testing"

	"corridor/network"
)

// The road layer of Europe, Türkiye and the Caucasus (issue 14, section D).
// Figures and their sources: sources.csv, d-road-* derivations.

// Istanbul → Munich by truck: ~2,000 km; published door-to-door road transit
// Istanbul → major European business centres 4–7 days (TNT daily road line,
// d-verkehrsrundschau-tnt-istanbul), Germany → Istanbul about 5–7 days
// including consolidation (d-verkehrsrundschau-agility-istanbul). The lower
// bound 2.5 days is what a single driver can do under the EU drivers' hours
// (d-eu-561-2006) with short border waits.
func TestRoadIstanbulMunich(t *testing.T) {
	g := load(t)
	hours, km, path := byModes(g, "TRIST", "DEMUC", network.Road)
	if path == nil {
		t.Fatal("no road from Istanbul to Munich")
	}
	days := hours / 24
	t.Logf("%.1f days, %.0f km via %s", days, km, strings.Join(path, " "))
	if days < 2.5 || days > 7 {
		t.Errorf("Istanbul → Munich by road %.1f days; published 3–7 days", days)
	}
	if km < 1800 || km > 2400 {
		t.Errorf("Istanbul → Munich by road %.0f km; the motorway route is ~2,000 km", km)
	}
	if !strings.Contains(strings.Join(path, " "), "TR-KAPIKULE-ROAD BG-KAPITAN-ANDREEVO") {
		t.Errorf("Istanbul → Munich does not leave Türkiye at Kapıkule: %v", path)
	}
	// the Greek route through İpsala/Kipoi exists too
	if _, _, p := byModes(g, "TRIST", "GRSKG", network.Road); p == nil || !strings.Contains(strings.Join(p, " "), "TR-IPSALA GR-KIPOI") {
		t.Errorf("Istanbul → Thessaloniki by road does not cross at İpsala/Kipoi: %v", p)
	}
}

// Kapıkule / Kapitan Andreevo: queues of 240–550 trucks (6–14 km) are
// reported again and again (d-dunya-kapikule-queue, d-novinite-2017-
// kapitan-andreevo) and a crossing took ~26 h in December 2025 when İpsala
// was blocked (d-hurriyet-2025-kapikule). The pair's median must be hours,
// not days, and its p90 at least a day.
func TestRoadKapikuleDwell(t *testing.T) {
	g := load(t)
	tr, ok1 := g.NodeByID("TR-KAPIKULE-ROAD")
	bg, ok2 := g.NodeByID("BG-KAPITAN-ANDREEVO")
	if !ok1 || !ok2 {
		t.Fatal("no Kapıkule / Kapitan Andreevo road border nodes")
	}
	a, b := g.Node(tr), g.Node(bg)
	if a.Kind != network.Border || b.Kind != network.Border || a.BorderPair != bg || b.BorderPair != tr {
		t.Fatalf("Kapıkule road nodes are not a border pair: %+v %+v", a, b)
	}
	med, p90 := a.BorderMedianHours+b.BorderMedianHours, a.BorderP90Hours+b.BorderP90Hours
	if med < 4 || med > 26 {
		t.Errorf("Kapıkule truck median dwell %.0f h; published queues point to 4–26 h", med)
	}
	if p90 < 24 || p90 > 72 {
		t.Errorf("Kapıkule truck p90 dwell %.0f h; published peaks 26 h – 3 days", p90)
	}
	// the truck gate is not the rail border station
	if rail, ok := g.NodeByID("TR-KAPIKULE"); ok && rail == tr {
		t.Error("the road and rail Kapıkule nodes are the same")
	}
}

// Sarp / Sarpi (Georgia ↔ Türkiye) and Red Bridge (Georgia ↔ Azerbaijan)
// carry the trucks of the Caucasus: Batumi → Trabzon and Tbilisi → Baku by
// road. CAREC measured 54.9 h (mean) at Tsiteli Khidi outbound in 2023
// (d-cpmm-2023-bcp-monitor).
func TestRoadCaucasus(t *testing.T) {
	g := load(t)
	if _, _, p := byModes(g, "GEBUS", "TRTZX", network.Road); p == nil || !strings.Contains(strings.Join(p, " "), "GE-SARPI TR-SARP") {
		t.Errorf("Batumi → Trabzon by road does not cross at Sarp: %v", p)
	}
	hours, km, p := byModes(g, "GETBS", "AZBAK", network.Road)
	if p == nil || !strings.Contains(strings.Join(p, " "), "GE-TSITELI-KHIDI AZ-QIRMIZI-KORPU") {
		t.Fatalf("Tbilisi → Baku by road does not cross at Red Bridge: %v", p)
	}
	if hours < 24 || hours > 96 || km < 450 || km > 700 {
		t.Errorf("Tbilisi → Baku by road %.0f h, %.0f km; want 1–4 days (Red Bridge dwell) over 450–700 km", hours, km)
	}
}

// A distribution centre inland is reachable from Shanghai by sea then road,
// and from Xi'an by rail then road: the new DC cities have their first and
// last mile.
func TestRoadLastMileFromChina(t *testing.T) {
	g := load(t)
	for _, dc := range []string{"DEMUC", "DESTR", "SKBTS", "HRZAG"} {
		hours, km, p := byModes(g, "CNSHA", dc, network.Sea, network.Road)
		if p == nil {
			t.Errorf("Shanghai → %s by sea + road: no path", dc)
			continue
		}
		t.Logf("Shanghai → %s by sea + road: %.1f days, %.0f km via %s", dc, hours/24, km, strings.Join(p, " "))
		// Deep sea to the Mediterranean or North Sea (25–35 days) plus a day
		// or two by truck; since the Pakistani and Iranian roads, trucking to
		// Karachi, a feeder to Iran and trucks through Iran and Türkiye is
		// faster (about 22 days): both are sea + road.
		if d := hours / 24; d < 15 || d > 45 {
			t.Errorf("Shanghai → %s by sea + road %.1f days; want 15–45", dc, d)
		}
	}
	if _, _, p := byModes(g, "CNXIY", "DESTR", network.Rail, network.Road); p == nil {
		t.Error("Xi'an → Stuttgart by rail + road: no path")
	}
}

// The countries section D brings in have at least two nodes each, and every
// node of them is joined to Munich by road.
func TestRoadNewCountries(t *testing.T) {
	g := load(t)
	count := map[string]int{}
	for i := 0; i < g.NumNodes(); i++ {
		count[g.Node(network.NodeID(i)).Country]++
	}
	reached := roadReach(g, "DEMUC")
	for _, cc := range []string{"SK", "LT", "LV", "EE", "DK", "SE", "HR", "BA", "MK", "AL", "ME", "MD", "UA"} {
		if count[cc] < 2 {
			t.Errorf("%s has %d nodes; want at least 2", cc, count[cc])
		}
		for i := 0; i < g.NumNodes(); i++ {
			if n := g.Node(network.NodeID(i)); n.Country == cc && !reached[network.NodeID(i)] {
				t.Errorf("%s (%s) is not joined to Munich by road", n.ID, cc)
			}
		}
	}
}

// Every terminal (city, dry port, seaport) in continental Europe, Türkiye
// and Georgia has a road link, so a route can start at a factory and end at
// a warehouse.
func TestRoadFirstLastMile(t *testing.T) {
	g := load(t)
	europe := "AL AT BA BE BG CH CZ DE DK EE ES FR GE GR HR HU IT LT LV MD ME MK NL PL PT RO RS SE SI SK TR UA"
	reached := roadReach(g, "DEMUC")
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if n.Kind != network.City && n.Kind != network.DryPort && n.Kind != network.Seaport {
			continue
		}
		if !strings.Contains(europe, n.Country) {
			continue
		}
		if !reached[network.NodeID(i)] {
			t.Errorf("%s (%s, %s) has no road to the European network", n.ID, n.Name, n.Country)
		}
	}
}

// roadReach is the set of nodes reachable from id by road.
func roadReach(g *network.Graph, id string) map[network.NodeID]bool {
	from, _ := g.NodeByID(id)
	seen := map[network.NodeID]bool{from: true}
	stack := []network.NodeID{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, l := range g.Out(n) {
			if k := g.Link(l); k.Mode == network.Road && !seen[k.To] {
				seen[k.To] = true
				stack = append(stack, k.To)
			}
		}
	}
	return seen
}
