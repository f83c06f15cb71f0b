package route_test

import (
	"context"
	"math"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

func ratedRouter(t testing.TB) *route.Router {
	t.Helper()
	g, err := network.Load("../network/testdata/rated")
	if err != nil {
		t.Fatal(err)
	}
	return route.New(g)
}

// byCorridor returns the cheapest itinerary of a corridor.
func byCorridor(t *testing.T, its []route.Itinerary, c string) route.Itinerary {
	t.Helper()
	best := -1
	for i, it := range its {
		if it.Corridor == c && (best < 0 || it.Total.CostUSD < its[best].Total.CostUSD) {
			best = i
		}
	}
	if best < 0 {
		t.Fatalf("no %s itinerary among %d", c, len(its))
	}
	return its[best]
}

func line(it route.Itinerary, kind, id string) float64 {
	for _, l := range it.Total.Breakdown {
		if l.Kind == kind && l.ID == id {
			return l.USD
		}
	}
	return 0
}

// TestDatedTariffs prices Xi'an → Duisburg (network/testdata/rated) on
// several dates by hand: every figure below is the fixture's tariff times
// the series factor, for one FEU (1.6 TEU tariffs).
func TestDatedTariffs(t *testing.T) {
	r := ratedRouter(t)
	g := r.Graph()
	from, to := mustNode(t, g, "CNXIY"), mustNode(t, g, "DEDUI")
	const u = network.FEUTariffFactor
	static := map[string]float64{"L1": 100 + 0.3*3300, "L2": 50, "L5": 0.3 * 5400, "L6": 80 + 0.5*1100, "L3": 0.25 * 2900, "L4": 400, "L7": 200 + 0.05*3900, "L8": 0.05 * 6500}
	for _, c := range []struct {
		day          string
		railFactor   float64
		basis        string
		war, thcDest float64
	}{
		{"2017-03-01", 0.5, "carried-back", 0, 0},       // before the series: its first value, said so
		{"2019-01-15", 1, "published", 0, 0},            // the reference month: static tariffs
		{"2019-04-15", 1.5, "interpolated", 0, 0},       // between 2592 and 5184
		{"2024-06-01", 2, "carried-forward", 1000, 320}, // after the series; Red Sea surcharge in force
		{"2025-02-01", 2, "carried-forward", 0, 320},    // the war-risk surcharge has expired
	} {
		t.Run(c.day, func(t *testing.T) {
			day, _ := time.Parse(time.DateOnly, c.day)
			its, err := r.Search(context.Background(), route.NewQuery(from, to, day))
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range its {
				sum := 0.0
				for _, l := range it.Total.Breakdown {
					sum += l.USD
				}
				if math.Round(sum*100) != math.Round(it.Total.CostUSD*100) {
					t.Errorf("%s: breakdown sums to %.2f, cost is %.2f (%+v)", it.Corridor, sum, it.Total.CostUSD, it.Total.Breakdown)
				}
				if it.Rates == nil || it.Rates.Month != c.day[:7] {
					t.Errorf("%s: rates %+v, want the month %s", it.Corridor, it.Rates, c.day[:7])
				}
			}
			north := byCorridor(t, its, "northern")
			// L1, L2, L6 static; L5 follows rail-1520; THC at Xi'an (first link from CNXIY).
			wantRail := static["L5"] * c.railFactor * u
			if got := line(north, "tariff", "rail-1520"); math.Abs(got-wantRail) > 0.05 {
				t.Errorf("northern rail-1520 tariff %.2f, want %.2f", got, wantRail)
			}
			wantStatic := (static["L1"] + static["L2"] + static["L6"]) * u
			if got := line(north, "tariff", ""); math.Abs(got-wantStatic) > 0.05 {
				t.Errorf("northern static tariffs %.2f, want %.2f", got, wantStatic)
			}
			if got := line(north, "thc-origin", "thc-xian"); got != 160 {
				t.Errorf("THC at Xi'an %.2f, want 160", got)
			}
			if got := line(north, "thc-destination", "thc-duisburg"); got != c.thcDest {
				t.Errorf("THC at Duisburg %.2f, want %.2f", got, c.thcDest)
			}
			if len(north.Rates.Series) != 1 || north.Rates.Series[0].ID != "rail-1520" || north.Rates.Series[0].Basis != c.basis {
				t.Errorf("northern rates %+v, want rail-1520 %s", north.Rates.Series, c.basis)
			}
			q := route.NewQuery(from, to, day)
			q.Corridors = []string{"middle", "maritime-suez"} // by Aktau, the ferry and the sea via Suez
			via, err := r.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			mid := via[0]
			// The sea legs are the lane's reference trip: its published value
			// (the only one, 2024-01, carried back and forward).
			// In June 2024 a peak-season surcharge included in the all-in
			// series value is shown as its own line, taken out of the tariff.
			peak := 0.0
			if c.day == "2024-06-01" {
				peak = 500
			}
			if got := line(mid, "tariff", "sea-cn-eu"); math.Abs(got-(4000-peak)) > 0.05 {
				t.Errorf("middle sea tariff %.2f, want %.2f (%+v)", got, 4000-peak, mid.Total.Breakdown)
			}
			if got := line(mid, "peak-season", "sea-peak"); got != peak {
				t.Errorf("peak season %.2f, want %.2f", got, peak)
			}
			if got := line(mid, "war-risk", "suez-war-risk-2024"); got != c.war {
				t.Errorf("war-risk %.2f, want %.2f", got, c.war)
			}
		})
	}
}

// TestRatesLane: the lane-specific sea series prices a query on its lane
// (CN → EU); another query takes the lane-less fallback.
func TestRatesLane(t *testing.T) {
	r := ratedRouter(t)
	g := r.Graph()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	its, err := r.Search(context.Background(), route.NewQuery(mustNode(t, g, "KZSCO"), mustNode(t, g, "DEDUI"), day))
	if err != nil {
		t.Fatal(err)
	}
	sea := byCorridor(t, its, "maritime-suez")
	if got := line(sea, "tariff", "sea-any"); math.Abs(got-100) > 0.05 { // the reference trip AZBAK → DEDUI at 100 USD/FEU
		t.Errorf("KZ → DE sea tariff %.2f on sea-any, want 100 (%+v)", got, sea.Total.Breakdown)
	}
}

// TestReeferSurcharge: the reefer surcharge applies to reefer cargo only.
func TestReeferSurcharge(t *testing.T) {
	r := ratedRouter(t)
	g := r.Graph()
	q := route.NewQuery(mustNode(t, g, "CNXIY"), mustNode(t, g, "PLLOD"), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := line(its[0], "reefer", "reefer-rail"); got != 0 {
		t.Errorf("dry cargo pays a reefer surcharge of %.2f", got)
	}
	q.Cargo.Reefer = true
	its, err = r.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := line(its[0], "reefer", "reefer-rail"); got != 3*50 { // L1, L2, L5: 50 USD/FEU each
		t.Errorf("reefer surcharge %.2f, want 150 (%+v)", got, its[0].Total.Breakdown)
	}
}
