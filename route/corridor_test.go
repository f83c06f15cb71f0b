package route_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"corridor/network"
	"corridor/route"
)

// pathOf returns the link ids of the test's path; a missing id fails the test.
func pathOf(t *testing.T, g *network.Graph, ids ...string) []network.LinkID {
	t.Helper()
	out := make([]network.LinkID, len(ids))
	for i, id := range ids {
		l, ok := g.LinkByID(id)
		if !ok {
			t.Fatalf("no link %s", id)
		}
		out[i] = l
	}
	return out
}

// seaNhavaShevaQingdao is the deep-sea lane Nhava Sheva → Qingdao through
// Malacca: no Suez passage.
var seaNhavaShevaQingdao = []string{
	"C-INNSA-ARABIAN-SEA", "C-DONDRA-ARABIAN-SEA~r", "C-MALACCA-NORTH-DONDRA~r", "C-MALACCA-MALACCA-NORTH~r",
	"C-SINGAPORE-STRAIT-MALACCA~r", "C-SOUTH-CHINA-SEA-SINGAPORE-STRAIT~r", "C-PEARL-RIVER-SOUTH-CHINA-SEA~r",
	"C-TAIWAN-STRAIT-PEARL-RIVER~r", "C-EAST-CHINA-SEA-TAIWAN-STRAIT~r", "C-YELLOW-SEA-EAST-CHINA-SEA~r", "C-YELLOW-SEA-CNTAO",
}

// transSiberianQingdaoMoscow is rail Qingdao → Manzhouli → Moscow.
var transSiberianQingdaoMoscow = []string{
	"B-TAO-TSN", "B-TSN-HRB", "B-HRB-MZH", "B-MZH-ZBK", "B-ZBK-HTA", "B-HTA-UUD", "B-UUD-IKT", "B-IKT-KJA",
	"B-KJA-OVB", "B-OVB-OMS", "B-OMS-EKB", "B-EKB-MOW",
}

func concat(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// TestClassifyRules checks each rule of the classification on paths of the
// bundled network written out link by link.
func TestClassifyRules(t *testing.T) {
	g := bundled(t).Graph()
	tests := []struct {
		name  string
		links []string
		want  string
	}{
		{"Suez passage", []string{"C-RED-SEA-GULF-OF-SUEZ", "C-GULF-OF-SUEZ-SUEZ", "C-SUEZ-PORT-SAID", "C-PORT-SAID-EAST-MED"}, "maritime-suez"},
		{"rounding the Cape", []string{"C-INDIAN-OCEAN-MADAGASCAR-S", "C-MADAGASCAR-S-AGULHAS", "C-AGULHAS-CAPE", "C-CAPE-GULF-OF-GUINEA"}, "maritime-cape"},
		{"Caspian rail ferry Aktau–Alat", []string{"A-KZ-MANG-SCO", "A-CASP-SCO-BAK-FERRY", "A-AZ-BAK-GANJA"}, "middle"},
		{"Caspian container feeder, westbound", []string{"A-CASP-SCO-BAK-FEEDER"}, "middle"},
		{"Caspian ferry from Türkmenbaşy, eastbound", []string{"A-AZ-BAK-GANJA~r", "A-CASP-KRW-BAK-FERRY~r", "A-TM-BEREKET-KRW~r"}, "middle"},
		{"Trans-Siberian via Manzhouli after a ship through Malacca", concat(seaNhavaShevaQingdao, transSiberianQingdaoMoscow), "northern"},
		{"Trans-Mongolian", []string{"B-BJS-JNG", "B-JNG-ERL", "B-ERL-ZUU", "B-ZUU-ULN", "B-ULN-SUK", "B-SUK-NAU", "B-NAU-UUD"}, "northern"},
		{"Belarus to Poland", []string{"B-MSQ-BQT", "B-BQT-MAL", "B-MAL-WAW"}, "northern"},
		{"Iran then Russian rail is INSTC", []string{
			"C-INNSA-IRBND", "A-IR-BAFQ-BND~r", "A-IR-MHD-BAFQ~r", "A-IR-SARAKHS-MHD~r", "A-BX-SARAHS-SARAKHS~r",
			"A-TM-TEJEN-SARAHS~r", "A-TM-MARY-TEJEN~r", "A-TM-CRZ-MARY~r", "A-TM-FARAP-CRZ~r", "A-BX-KHOJA-FARAP~r",
		}, "instc"},
		{"Suez takes precedence over Russian rail after it", []string{"C-GULF-OF-SUEZ-SUEZ", "C-SUEZ-PORT-SAID", "B-MAL-WAW~r", "B-BQT-MAL~r"}, "maritime-suez"},
		{"Caspian takes precedence over Iran", []string{"A-IR-SARAKHS-MHD~r", "A-BX-SARAHS-SARAKHS~r", "A-CASP-KRW-BAK-FERRY"}, "middle"},
		{"China–Kazakhstan rail: km share, tie to the first listed", []string{"A-CN-URC-JINGHE", "A-CN-JINGHE-AKL", "A-BX-AKL-DOS"}, "middle"},
		{"China–Kazakhstan via Karaganda: km share", []string{"A-KZ-MOY-ZHARYK", "A-KZ-ZHARYK-KAR", "A-KZ-KAR-NQZ"}, "northern"},
		{"sea Shanghai–Singapore: no passage, km share", []string{"C-CNSHA-EAST-CHINA-SEA", "C-EAST-CHINA-SEA-TAIWAN-STRAIT", "C-TAIWAN-STRAIT-PEARL-RIVER", "C-PEARL-RIVER-SOUTH-CHINA-SEA", "C-SOUTH-CHINA-SEA-SINGAPORE-STRAIT", "C-SINGAPORE-STRAIT-SGSIN"}, "maritime-suez"},
		{"Duisburg–Rotterdam is distribution", []string{"B-DUI-RTM"}, "europe"},
		{"feeder Rotterdam–Gdańsk is distribution", []string{"C-NLRTM-PLGDN-FDR"}, "europe"},
		{"Istanbul–Budapest is distribution", []string{"A-TR-IST-KAPIKULE", "A-BX-KAPIKULE-SVILENGRAD", "A-BG-SVILENGRAD-DIMITROVGRAD"}, "europe"},
		{"Bandar Abbas by sea: INSTC by km", []string{"C-INNSA-IRBND"}, "instc"},
		{"empty path", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := route.Classify(g, pathOf(t, g, tt.links...)); got != tt.want {
				t.Errorf("Classify = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClassifyNeedsTheTag: on the small test network, which defines no
// maritime-cape or instc, a rule never returns a tag the network lacks, and
// the Caspian crossing followed by Suez is a Suez itinerary.
func TestClassifyNeedsTheTag(t *testing.T) {
	g := smallRouter(t).Graph()
	tests := []struct {
		name  string
		links []string
		want  string
	}{
		{"Caspian then Suez", []string{"L1", "L2", "L3", "L4", "L7", "L8"}, "maritime-suez"},
		{"Caspian only", []string{"L1", "L2", "L3", "L4"}, "middle"},
		{"Kazakhstan to Poland (no Russian or Belarusian node): km share", []string{"L1", "L2", "L5"}, "northern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := route.Classify(g, pathOf(t, g, tt.links...)); got != tt.want {
				t.Errorf("Classify = %q, want %q", got, tt.want)
			}
		})
	}
}

// itineraryLinks returns the links of it, in order.
func itineraryLinks(t *testing.T, g *network.Graph, it *route.Itinerary) []network.LinkID {
	t.Helper()
	var ids []string
	for _, l := range it.Legs {
		ids = append(ids, l.Links...)
	}
	return pathOf(t, g, ids...)
}

// objectiveValue is the figure obj minimises.
func objectiveValue(t *route.Total, obj route.Objective) float64 {
	switch obj {
	case route.Cheapest:
		return t.CostUSD
	case route.Greenest:
		return t.CO2eKg
	case route.Generalised:
		return t.GeneralisedUSD
	}
	return t.Hours
}

// invariantPairs are the named origin–destination pairs of the invariant
// test; random pairs are added to them.
var invariantPairs = [][2]string{
	{"CNSHA", "NLRTM"}, {"INNSA", "RUMOW"}, {"CNXIY", "DEDUI"}, {"CNCTU", "HUBUD"}, {"CNCKG", "PLLOD"},
	{"CNYIW", "ESMAD"}, {"CNTSN", "DEHAM"}, {"CNURC", "GEPTI"}, {"KZALA", "TRIST"}, {"UZTAS", "ROCND"},
	{"CNCGO", "ITMIL"}, {"CNLYG", "AZBAK"}, {"CNWUH", "BEANR"}, {"SGSIN", "NLRTM"}, {"INNSA", "DEHAM"},
	{"CNSZX", "PLGDN"}, {"KGFRU", "BYMSQ"}, {"IRTHR", "RUMOW"}, {"DEDUI", "CNXIY"}, {"NLRTM", "CNSHA"},
}

// invariantAndDrawnPairs is invariantPairs and seeded random pairs of
// places (cities, dry ports, seaports) of g, 60 in all.
func invariantAndDrawnPairs(g *network.Graph, seed uint64) [][2]string {
	pairs := append([][2]string(nil), invariantPairs...)
	var ends []string
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		if n.Kind == network.City || n.Kind == network.DryPort || n.Kind == network.Seaport {
			ends = append(ends, n.ID)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 2026))
	for len(pairs) < 60 {
		a, b := ends[rng.IntN(len(ends))], ends[rng.IntN(len(ends))]
		if a != b {
			pairs = append(pairs, [2]string{a, b})
		}
	}
	return pairs
}

// TestCompareAgreesWithSearch is the invariant of issue 12: for every
// corridor with an itinerary in the full Pareto front, Compare reports the
// corridor feasible with a best at least as good by the objective, labelled
// with that corridor; every itinerary's label is Classify of its links.
func TestCompareAgreesWithSearch(t *testing.T) {
	r := bundled(t)
	g := r.Graph()
	pairs := invariantAndDrawnPairs(g, 12)
	ctx := context.Background()
	objectives := []route.Objective{route.Fastest, route.Cheapest, route.Greenest, route.Generalised}
	for i, p := range pairs {
		q := bq(t, r, p[0], p[1])
		if i == 1 { // Nhava Sheva → Moscow avoiding the EU, Iran and Central Asia
			q.AvoidGroups = []string{"EU"}
			q.AvoidCountries = []string{"IR", "KZ", "UZ", "TM", "KG"}
		}
		front, err := r.Search(ctx, q)
		var nr *route.NoRouteError
		if errors.As(err, &nr) {
			front = nil
		} else if err != nil {
			t.Fatalf("%s→%s: %v", p[0], p[1], err)
		}
		for k := range front {
			if want := route.Classify(g, itineraryLinks(t, g, &front[k])); front[k].Corridor != want {
				t.Errorf("%s→%s: itinerary labelled %s, Classify says %s", p[0], p[1], front[k].Corridor, want)
			}
		}
		obj := objectives[i%len(objectives)]
		cmp, err := r.Compare(ctx, q, obj)
		if err != nil {
			t.Fatalf("%s→%s: compare: %v", p[0], p[1], err)
		}
		byTag := map[string]route.CorridorBest{}
		for _, c := range cmp.Corridors {
			byTag[c.Corridor] = c
			if c.Best != nil && c.Best.Corridor != c.Corridor {
				t.Errorf("%s→%s: %s's best is labelled %s", p[0], p[1], c.Corridor, c.Best.Corridor)
			}
			if c.Best == nil && (c.Infeasible == "" || strings.Contains(c.Infeasible, "stays on the")) {
				t.Errorf("%s→%s: %s infeasible with reason %q", p[0], p[1], c.Corridor, c.Infeasible)
			}
		}
		for k := range front {
			it := &front[k]
			if it.Corridor == "europe" || it.Corridor == "" {
				continue
			}
			c, ok := byTag[it.Corridor]
			switch {
			case !ok:
				t.Errorf("%s→%s: compare has no entry for %s", p[0], p[1], it.Corridor)
			case c.Best == nil:
				t.Errorf("%s→%s: compare says %s is infeasible (%s) while search lists %q", p[0], p[1], it.Corridor, c.Infeasible, it.Summary)
			case objectiveValue(&c.Best.Total, obj) > objectiveValue(&it.Total, obj)+1e-6:
				t.Errorf("%s→%s: compare's best %s by %s is %.2f, search lists %.2f (%s)", p[0], p[1], it.Corridor, obj,
					objectiveValue(&c.Best.Total, obj), objectiveValue(&it.Total, obj), it.Summary)
			}
		}
	}
}

// TestNhavaShevaMoscowAvoidingIranAndCentralAsia: with the EU, Iran and
// Central Asia avoided, every itinerary's label matches its path (a
// maritime-suez one passes the Suez Canal, on to Novorossiysk through the
// Bosphorus; a northern one rides Russian 1520 mm rail after a sea leg
// that does not pass Suez), and compare finds every corridor the route
// answer shows. With Türkiye and Egypt avoided too (the Bosphorus and Suez
// closed) the cargo sails through Malacca to take the Trans-Siberian
// (northern) or round the Cape to St Petersburg (maritime-cape).
func TestNhavaShevaMoscowAvoidingIranAndCentralAsia(t *testing.T) {
	r := bundled(t)
	passes := func(it route.Itinerary, node string) bool {
		for _, l := range it.Legs {
			if l.From.ID == node || l.To.ID == node || slices.Contains(l.Via, node) {
				return true
			}
		}
		return false
	}
	for _, avoid := range [][]string{{"IR", "KZ", "UZ", "TM", "KG"}, {"IR", "KZ", "UZ", "TM", "KG", "TR", "EG"}} {
		q := bq(t, r, "INNSA", "RUMOW")
		q.AvoidGroups = []string{"EU"}
		q.AvoidCountries = avoid
		its, err := r.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		cmp, err := r.Compare(context.Background(), q, route.Fastest)
		if err != nil {
			t.Fatal(err)
		}
		feasible := map[string]bool{}
		for _, c := range cmp.Corridors {
			feasible[c.Corridor] = c.Best != nil
		}
		for _, it := range its {
			t.Logf("avoid %v: %s %s", avoid, it.Corridor, it.Summary)
			switch it.Corridor {
			case "maritime-suez":
				if !passes(it, "CP-SUEZ") {
					t.Errorf("%q is labelled maritime-suez but does not pass Suez", it.Summary)
				}
			case "northern", "maritime-cape":
				if passes(it, "CP-SUEZ") {
					t.Errorf("%q passes Suez but is labelled %s", it.Summary, it.Corridor)
				}
			default:
				t.Errorf("%s itinerary %q, want maritime-suez, maritime-cape or northern", it.Corridor, it.Summary)
			}
			if !feasible[it.Corridor] {
				t.Errorf("route shows a %s itinerary, compare calls %s infeasible", it.Corridor, it.Corridor)
			}
		}
		if len(avoid) > 5 && (feasible["maritime-suez"] || !feasible["northern"]) {
			t.Errorf("with the Black Sea and Suez closed: %v feasible, want northern and no maritime-suez", feasible)
		}
	}
}
