package route_test

import (
	"context"
	"slices"
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
	"corridor/route"
)

// cabotageNet is two ports of one country (CN), a port of another (NL), a
// sea waypoint between them and a road along the coast of CN, with a city
// behind the second port reached by rail.
//
//	SHA ──sea── WP ──sea── NGB ──rail── YIW
//	 │           ╲
//	 └──road── NGB  ╲sea── RTM
func cabotageNet(t *testing.T) *network.Graph {
	t.Helper()
	b := network.NewBuilder()
	src := []string{"src"}
	b.AddSource(network.Source{ID: "src", Title: "t", Publisher: "p", Year: 2026})
	b.AddCountry(network.Country{Code: "CN", Name: "China", Sources: src})
	b.AddCountry(network.Country{Code: "NL", Name: "Netherlands", Sources: src})
	node := func(id string, kind network.NodeKind, country string, lon float64) network.NodeID {
		return b.AddNode(network.Node{ID: id, Name: id, Kind: kind, Country: country, Lon: lon, Lat: 30, HandlingHours: 6, HandlingUSD: 50, Sources: src})
	}
	sha := node("SHA", network.Seaport, "CN", 121)
	ngb := node("NGB", network.Seaport, "CN", 122)
	yiw := node("YIW", network.City, "CN", 120)
	rtm := node("RTM", network.Seaport, "NL", 4)
	w := node("WP", network.Waypoint, "", 123)
	link := func(id string, from, to network.NodeID, mode network.Mode, km, perKm float64) network.LinkID {
		s := network.LinkSpec{ID: id, From: from, To: to, Mode: mode, DistanceKm: km, SpeedKmh: 25,
			Energy: network.Diesel, TariffUSDPerKm: perKm, Sources: src, Both: true}
		if mode == network.Rail {
			s.Gauge, s.Energy = network.Standard, network.Electric
		}
		if mode == network.Sea {
			s.Energy = network.FuelOil
		}
		return b.AddLink(s)
	}
	link("SHA-W", sha, w, network.Sea, 150, 0.04)
	link("W-NGB", w, ngb, network.Sea, 120, 0.04)
	link("W-RTM", w, rtm, network.Sea, 19000, 0.04)
	link("SHA-NGB-ROAD", sha, ngb, network.Road, 220, 2)
	link("NGB-YIW", ngb, yiw, network.Rail, 300, 0.2)
	g, err := b.Build("cabotage")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// seaLegs returns an itinerary's sea stretches as from–to node ids,
// consecutive sea legs (a change of service at a port) joined.
func seaLegs(it route.Itinerary) [][2]string {
	var out [][2]string
	prevSea := false
	for _, l := range it.Legs {
		sea := l.Mode == network.Sea.String()
		switch {
		case sea && prevSea:
			out[len(out)-1][1] = l.To.ID
		case sea:
			out = append(out, [2]string{l.From.ID, l.To.ID})
		}
		prevSea = sea
	}
	return out
}

// TestNoDomesticSeaLeg: a sea leg may not start and end in one country
// (route/doc.go, "Sea legs and cabotage"); a leg that calls at a second
// port of its country on the way abroad, or arrives from abroad, may.
func TestNoDomesticSeaLeg(t *testing.T) {
	g := cabotageNet(t)
	r := route.New(g)
	tests := []struct {
		from, to string
		want     [][2]string // the sea legs of the front's itineraries, in any order
	}{
		{"SHA", "NGB", nil},                         // by road, not by sea via WP
		{"SHA", "YIW", nil},                         // not by sea to NGB and on by rail
		{"SHA", "RTM", [][2]string{{"SHA", "RTM"}}}, // abroad
		{"RTM", "NGB", [][2]string{{"RTM", "NGB"}}}, // from abroad
		{"RTM", "YIW", [][2]string{{"RTM", "NGB"}}},
		{"NGB", "RTM", [][2]string{{"NGB", "RTM"}}},
	}
	for _, tt := range tests {
		t.Run(tt.from+"-"+tt.to, func(t *testing.T) {
			a, _ := g.NodeByID(tt.from)
			b, _ := g.NodeByID(tt.to)
			its, err := r.Search(context.Background(), route.NewQuery(a, b, monday))
			if err != nil {
				t.Fatal(err)
			}
			var got [][2]string
			for _, it := range its {
				for _, s := range seaLegs(it) {
					if !slices.Contains(got, s) {
						got = append(got, s)
					}
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("sea legs %v, want %v", got, tt.want)
			}
		})
	}
}

// TestBundledNoDomesticSeaLeg: on the bundled network no itinerary of the
// full front between the benchmark pairs and a few coastal ones has a sea
// stretch that starts and ends in one country.
func TestBundledNoDomesticSeaLeg(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := route.New(g)
	pairs := append(slices.Clone(benchPairs), [2]string{"CNSHA", "DEDUI"}, [2]string{"CNSHA", "CNTSN"},
		[2]string{"CNSHA", "PLWAW"}, [2]string{"TRMER", "BGSOF"}, [2]string{"CNNGB", "KZALA"})
	for _, p := range pairs {
		a, ok1 := g.NodeByID(p[0])
		b, ok2 := g.NodeByID(p[1])
		if !ok1 || !ok2 {
			continue
		}
		its, err := r.Search(context.Background(), route.NewQuery(a, b, monday))
		if err != nil {
			continue
		}
		for _, it := range its {
			for _, s := range seaLegs(it) {
				x, _ := g.NodeByID(s[0])
				y, _ := g.NodeByID(s[1])
				if c := g.Node(x).Country; c != "" && c == g.Node(y).Country {
					t.Errorf("%s → %s: sea leg %s → %s within %s", p[0], p[1], s[0], s[1], c)
				}
			}
		}
	}
}
