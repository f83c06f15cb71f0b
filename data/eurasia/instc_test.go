package eurasia_test

import (
	"slices"
	"strings"
	"testing"

	"corridor/network"
)

// Section B of issue 14: the International North–South Transport Corridor
// (INSTC) with its trans-Caspian, western (Azerbaijan) and eastern branches,
// Chabahar, Russia's sea gateways, Iran's roads to its neighbours and India.
// Published figures are cited by their source ids in sources.csv.

// nodesIn returns the ids of the nodes in the given countries.
func nodesIn(g *network.Graph, countries ...string) []string {
	want := map[string]bool{}
	for _, c := range countries {
		want[c] = true
	}
	var ids []string
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if want[n.Country] {
			ids = append(ids, n.ID)
		}
	}
	return ids
}

// euCountries lists the members of the EU group in countries.csv.
func euCountries(g *network.Graph) []string {
	var eu []string
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if n.Country == "" {
			continue
		}
		if c, ok := g.Country(n.Country); ok && slices.Contains(c.Groups, "EU") && !slices.Contains(eu, n.Country) {
			eu = append(eu, n.Country)
		}
	}
	return eu
}

func TestINSTCCountries(t *testing.T) {
	g := load(t)
	// every SCO member this section looks after keeps at least three places
	for _, c := range []string{"IN", "RU", "IR", "BY"} {
		if n := len(nodesIn(g, c)); n < 3 {
			t.Errorf("%s has %d nodes, want at least 3", c, n)
		}
	}
	for _, name := range []string{"Astrakhan", "Makhachkala", "Olya", "Anzali", "Amirabad", "Nowshahr", "Rasht",
		"Qazvin", "Astara", "Chabahar", "Mundra", "Delhi", "St Petersburg", "Ust-Luga", "Novorossiysk",
		"Vladivostok", "Vostochny", "Yerevan", "Bazargan", "Gürbulak", "Agarak", "Yarag-Kazmalyar"} {
		if ms := g.FindNodes(name); len(ms) == 0 || ms[0].Score > 4 {
			t.Errorf("no node for %q", name)
		}
	}
}

// TestINSTCRoutes checks whole INSTC journeys against published transit
// times. The `fastest` helper counts running time, border dwell medians,
// handling at changes of mode or gauge and half the headway of scheduled
// services; it does not count port customs beyond the node's handling time,
// so the model sits at the fast end of the published range.
func TestINSTCRoutes(t *testing.T) {
	g := load(t)
	eu := nodesIn(g, euCountries(g)...)
	western := []string{"AZ-ASTARA", "IR-ASTARA", "AZ-YALAMA", "AZ-SAMUR"}
	eastern := []string{"IR-INCHE-BURUN", "IR-SARAKHS"}
	caspianPorts := []string{"RUASF", "RU-OLYA", "RU-MAKHACHKALA", "IR-ANZALI", "IR-AMIRABAD", "IR-NOWSHAHR"}
	cases := []struct {
		name           string
		from, to       string
		corridors      []string
		avoid          []string
		mustPass       []string // at least one of these
		minDays        float64
		maxDays        float64
		minKm, maxKm   float64
		publishedNotes string
	}{
		{"INSTC trans-Caspian Nhava Sheva–Moscow", "INNSA", "RUMOW", []string{"instc"},
			append(append([]string{}, western...), eastern...), caspianPorts, 12, 30, 5000, 8000,
			"sb-bs-2020-concor-instc / sb-cbn-2022-instc-first-shipment: about 25 days; sb-heavylift-rzd-ady: 19 days; INSTC 7,200 km St Petersburg–Mumbai"},
		{"INSTC western branch Nhava Sheva–Moscow", "INNSA", "RUMOW", []string{"instc"},
			append([]string{"IR-ANZALI", "IR-AMIRABAD", "IR-NOWSHAHR"}, eastern...), []string{"AZ-ASTARA"}, 8, 30, 5000, 8000,
			"sb-ceo-2021-finland-india: Vuosaari–Mumbai about 22 days (Vuosaari–Astara 8 days by rail); sb-heavylift-rzd-ady: 19 days"},
		{"Sea via St Petersburg avoiding the EU", "INNSA", "RUMOW", []string{"maritime-suez", "maritime-cape", "instc"},
			append(append(append([]string{}, eu...), "IRBND", "IRZBR"), caspianPorts...), []string{"RULED", "RUULU"}, 22, 38, 14000, 17500,
			"sb-informare-2022-modul: India–St Petersburg 25 days by sea; sb-heavylift-rzd-ady: Nhava Sheva–Moscow by sea averages 40 days; sb-bs-2020-concor-instc: about 50 days by the traditional route"},
		{"Bandar Abbas–Astrakhan", "IRBND", "RUASF", []string{"instc"}, nil, nil, 3, 16, 2000, 4500,
			"sb-cbn-2022-instc-first-shipment: Astrakhan–Anzali by sea, road through Iran to Bandar Abbas"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hours, km, path := fastest(g, tc.from, tc.to, tc.corridors, tc.avoid)
			if path == nil {
				t.Fatalf("no path from %s to %s on %v avoiding %d nodes", tc.from, tc.to, tc.corridors, len(tc.avoid))
			}
			days := hours / 24
			t.Logf("%.1f days, %.0f km via %s", days, km, strings.Join(path, " "))
			if len(tc.mustPass) > 0 {
				passes := false
				for _, p := range path {
					passes = passes || slices.Contains(tc.mustPass, p)
				}
				if !passes {
					t.Errorf("path does not pass any of %v", tc.mustPass)
				}
			}
			for _, p := range path {
				if slices.Contains(eu, p) && strings.Contains(tc.name, "EU") {
					t.Errorf("path passes %s, an EU node", p)
				}
			}
			if days < tc.minDays || days > tc.maxDays {
				t.Errorf("%.1f days; published: %s (accepted %v–%v days)", days, tc.publishedNotes, tc.minDays, tc.maxDays)
			}
			if km < tc.minKm || km > tc.maxKm {
				t.Errorf("%.0f km; published: %s (accepted %v–%v km)", km, tc.publishedNotes, tc.minKm, tc.maxKm)
			}
		})
	}
}

// TestINSTCSeaViaStPetersburgAvoidingEU documents why the sea route to
// St Petersburg survives an EU avoidance: the Danish straits (WP-GREAT-BELT)
// are a waypoint, not a chokepoint controlled by Denmark, because merchant
// ships have a right of transit through them (Copenhagen Convention 1857);
// Suez is Egyptian and Gibraltar is controlled by no one in the model. The
// alternative through the Bosphorus to Novorossiysk depends on Türkiye only.
func TestINSTCSeaViaStPetersburgAvoidingEU(t *testing.T) {
	g := load(t)
	for _, id := range []string{"WP-GREAT-BELT", "WP-GULF-OF-FINLAND"} {
		n, ok := g.NodeByID(id)
		if !ok {
			t.Fatalf("no node %s", id)
		}
		if k := g.Node(n).Kind; k == network.Chokepoint {
			t.Errorf("%s is a chokepoint: avoiding the EU would close the Baltic", id)
		}
	}
	// Novorossiysk by the Bosphorus is the other non-EU sea gateway.
	eu := nodesIn(g, euCountries(g)...)
	hours, _, path := fastest(g, "INNSA", "RUNVS", []string{"maritime-suez", "europe"}, eu)
	if path == nil {
		t.Fatal("no sea path Nhava Sheva → Novorossiysk avoiding the EU")
	}
	if !slices.Contains(path, "CP-BOSPHORUS") {
		t.Errorf("Nhava Sheva → Novorossiysk does not pass the Bosphorus: %v", path)
	}
	// sb-forward-2023-fesco-baltorient: 16–18 days quoted by an NVO; sb-meatcommerce-fesco-indian-line: about 25 days with calls
	t.Logf("Nhava Sheva → Novorossiysk %.1f days via %s", hours/24, strings.Join(path, " "))
	if d := hours / 24; d < 14 || d > 28 {
		t.Errorf("Nhava Sheva → Novorossiysk %.1f days; published 16–25", d)
	}
}
