package network_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"corridor/network"
)

// base adds a source, a country and two nodes; it returns the builder and the nodes.
func base() (*network.Builder, network.NodeID, network.NodeID) {
	b := network.NewBuilder()
	b.AddSource(network.Source{ID: "src", Title: "t", Publisher: "p", Year: 2026})
	b.AddCountry(network.Country{Code: "KZ", Name: "Kazakhstan", Sources: []string{"src"}})
	a := b.AddNode(network.Node{ID: "A1", Name: "Alpha", Kind: network.City, Country: "KZ", Lon: 70, Lat: 45, Sources: []string{"src"}})
	c := b.AddNode(network.Node{ID: "B1", Name: "Beta", Kind: network.Waypoint, Lon: 71, Lat: 46, Sources: []string{"src"}})
	return b, a, c
}

func TestBuilderBuildsAGraph(t *testing.T) {
	b, a, c := base()
	l := b.AddLink(network.LinkSpec{ID: "AB", From: a, To: c, Mode: network.Rail, Gauge: network.Russian, DistanceKm: 140,
		SpeedKmh: 35, Energy: network.Electric, TariffUSDPerKm: 0.5, Sources: []string{"src"}, Both: true})
	b.AddService(network.ServiceSpec{ID: "S1", Name: "shuttle", Link: l, PerWeek: 3, Reefer: true, Sources: []string{"src"}})
	g, err := b.Build("test")
	if err != nil {
		t.Fatal(err)
	}
	if g.NumNodes() != 2 || g.NumLinks() != 2 || g.NumServices() != 1 {
		t.Fatalf("got %d nodes, %d links, %d services", g.NumNodes(), g.NumLinks(), g.NumServices())
	}
	rev, ok := g.LinkByID("AB~r")
	if !ok || g.Link(rev).From != c || g.Link(rev).Twin != l || !g.Link(rev).Reverse {
		t.Errorf("reverse link: %+v", g.Link(rev))
	}
	if k := g.Link(l); math.Abs(k.Hours-4) > 1e-12 || k.Cost() != 70 {
		t.Errorf("hours %v cost %v, want 4 and 70", k.Hours, k.Cost())
	}
	if len(g.Out(a)) != 1 || len(g.In(a)) != 1 || len(g.ServicesOn(rev)) != 1 {
		t.Error("adjacency or services not indexed")
	}
	if n, _, ok := g.Resolve("alpha"); !ok || n != a {
		t.Error("name index not built")
	}
	if _, err := b.Build("again"); err == nil {
		t.Error("second Build succeeded")
	}
}

func TestBuilderReportsEveryProblem(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		name string
		add  func(b *network.Builder, a, c network.NodeID)
		want []string // substrings of the problems, in order
	}{
		{"bad source id", func(b *network.Builder, a, c network.NodeID) {
			b.AddSource(network.Source{ID: "Bad Id", Title: "t", Publisher: "p", Year: 2026})
		}, []string{"sources:2: id: must be lower-case"}},
		{"source year and title", func(b *network.Builder, a, c network.NodeID) {
			b.AddSource(network.Source{ID: "s2", Publisher: "p", Year: 1800})
		}, []string{"sources:2: title: value is required", "sources:2: year: must be between 1900 and 2100"}},
		{"unknown country", func(b *network.Builder, a, c network.NodeID) {
			b.AddNode(network.Node{ID: "C1", Name: "c", Kind: network.City, Country: "DE", Lon: 1, Lat: 1, Sources: []string{"src"}})
		}, []string{"nodes:3: country: country \"DE\" is not in countries"}},
		{"controlled_by on a city", func(b *network.Builder, a, c network.NodeID) {
			b.AddNode(network.Node{ID: "C1", Name: "c", Kind: network.City, Country: "KZ", ControlledBy: []string{"KZ"}, Lon: 1, Lat: 1, Sources: []string{"src"}})
		}, []string{"nodes:3: controlled_by: only a chokepoint is controlled by countries (kind is city)"}},
		{"controlled_by codes", func(b *network.Builder, a, c network.NodeID) {
			b.AddNode(network.Node{ID: "C1", Name: "c", Kind: network.Chokepoint, ControlledBy: []string{"KZ", "XX", "KZ", "DE"}, Lon: 1, Lat: 1, Sources: []string{"src"}})
		}, []string{`nodes:3: controlled_by: "XX" is not an ISO 3166-1`, "nodes:3: controlled_by: KZ is listed twice", `nodes:3: controlled_by: country "DE" is not in countries`}},
		{"node coordinates and kind", func(b *network.Builder, a, c network.NodeID) {
			b.AddNode(network.Node{ID: "C1", Name: "c", Lon: 200, Lat: nan, Sources: []string{"nope"}})
		}, []string{"nodes:3: kind: unknown kind", "nodes:3: lon: must be between -180 and 180", "nodes:3: lat: expected a finite number",
			"nodes:3: source: unknown source \"nope\""}},
		{"duplicate node", func(b *network.Builder, a, c network.NodeID) {
			if id := b.AddNode(network.Node{ID: "A1", Name: "again", Kind: network.City, Sources: []string{"src"}}); id != network.None {
				panic("duplicate accepted")
			}
		}, []string{"nodes:3: id: duplicate id \"A1\""}},
		{"link figures", func(b *network.Builder, a, c network.NodeID) {
			b.AddLink(network.LinkSpec{ID: "L1", From: a, To: c, Mode: network.Sea, Gauge: network.Standard, DistanceKm: -3,
				Energy: network.FuelOil, Sources: []string{"src"}})
		}, []string{"links:1: gauge_mm: only rail links have a gauge", "links:1: distance_km: must be greater than 0", "links:1: speed_kmh: a link needs speed_kmh or hours"}},
		{"link ends", func(b *network.Builder, a, c network.NodeID) {
			b.AddLink(network.LinkSpec{ID: "L1", From: a, To: a, Mode: network.Road, DistanceKm: 3, Hours: 1, Energy: network.Diesel, Sources: []string{"src"}})
			b.AddLink(network.LinkSpec{ID: "L2", From: a, To: 99, Mode: network.Road, DistanceKm: 3, Hours: inf(), Energy: network.Diesel, Sources: []string{"src"}})
		}, []string{"links:1: to: a link cannot start and end at the same node", "links:2: to: unknown node \"99\"", "links:2: hours: expected a finite number"}},
		{"rail without gauge, both speed and hours", func(b *network.Builder, a, c network.NodeID) {
			b.AddLink(network.LinkSpec{ID: "L1", From: a, To: c, Mode: network.Rail, DistanceKm: 3, Hours: 1, SpeedKmh: 3, Energy: network.Diesel, Sources: []string{"src"}})
		}, []string{"links:1: gauge_mm: a rail link needs its gauge", "links:1: speed_kmh: give speed_kmh or hours, not both"}},
		{"service", func(b *network.Builder, a, c network.NodeID) {
			l := b.AddLink(network.LinkSpec{ID: "L1", From: a, To: c, Mode: network.Ferry, DistanceKm: 3, Hours: 1, Energy: network.MGO, Sources: []string{"src"}})
			b.AddService(network.ServiceSpec{ID: "S1", Name: "f", Link: l, Days: 1 << 1, PerWeek: 2, Sources: []string{"src"}})
			b.AddService(network.ServiceSpec{ID: "S2", Name: "f", Link: 77, PerWeek: 2, Sources: []string{"src"}})
		}, []string{"services:1: days: give days (a timetable) or per_week", "services:2: link: unknown link \"77\""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, a, c := base()
			tc.add(b, a, c)
			if !strings.Contains(tc.name, "link") && !strings.Contains(tc.name, "service") {
				b.AddLink(network.LinkSpec{ID: "OK", From: a, To: c, Mode: network.Road, DistanceKm: 3, Hours: 1, Energy: network.Diesel, Sources: []string{"src"}})
			}
			_, err := b.Build("test")
			var ve *network.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a ValidationError", err)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.String())
			}
			i := 0
			for _, p := range got {
				if i < len(tc.want) && strings.Contains(p, tc.want[i]) {
					i++
				}
			}
			if i != len(tc.want) {
				t.Errorf("problems:\n  %s\nwant, in order:\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
		})
	}
}

// A chokepoint lists the countries that control it; InCountry sees them.
func TestChokepointControlledBy(t *testing.T) {
	b, a, w := base()
	b.AddCountry(network.Country{Code: "EG", Name: "Egypt", Sources: []string{"src"}})
	cp := b.AddNode(network.Node{ID: "CP-X", Name: "Canal", Kind: network.Chokepoint, ControlledBy: []string{"EG"}, Lon: 72, Lat: 47, Sources: []string{"src"}})
	b.AddLink(network.LinkSpec{ID: "AX", From: a, To: cp, Mode: network.Sea, DistanceKm: 10, Hours: 1, Energy: network.FuelOil, Sources: []string{"src"}, Both: true})
	b.AddLink(network.LinkSpec{ID: "XW", From: cp, To: w, Mode: network.Sea, DistanceKm: 10, Hours: 1, Energy: network.FuelOil, Sources: []string{"src"}, Both: true})
	g, err := b.Build("test")
	if err != nil {
		t.Fatal(err)
	}
	n := g.Node(cp)
	cases := []struct {
		avoid map[string]bool
		by    string
		ok    bool
	}{
		{map[string]bool{"EG": true}, "EG", true},
		{map[string]bool{"KZ": true}, "", false},
		{map[string]bool{"": true}, "", false}, // no country is not a country
		{nil, "", false},
	}
	for _, tc := range cases {
		if by, ok := n.InCountry(tc.avoid); by != tc.by || ok != tc.ok {
			t.Errorf("InCountry(%v) = %q, %v; want %q, %v", tc.avoid, by, ok, tc.by, tc.ok)
		}
	}
	if by, ok := g.Node(a).InCountry(map[string]bool{"KZ": true}); by != "KZ" || !ok {
		t.Errorf("a city in KZ: %q, %v", by, ok)
	}
}

func inf() float64 { return math.Inf(1) }
