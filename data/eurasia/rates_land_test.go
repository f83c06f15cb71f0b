package eurasia_test

import (
	"context"
	"testing"
	"time"

	"corridor/network"
	"corridor/route"
)

// northern1520 prices one FEU Xi'an → Duisburg on the Northern Corridor by
// its cheapest itinerary on the first of month, and returns the total and
// the 1520 mm transit section as ERAI prices it: the tariff line that
// follows rail-1520-erai plus the reference trip's handling.
func northern1520(t *testing.T, r *route.Router, month string) (total, tariff, section float64) {
	t.Helper()
	g := r.Graph()
	from, ok1 := g.NodeByID("CNXIY")
	to, ok2 := g.NodeByID("DEDUI")
	if !ok1 || !ok2 {
		t.Fatal("no node CNXIY or DEDUI")
	}
	day, err := time.Parse("2006-01", month)
	if err != nil {
		t.Fatal(err)
	}
	q := route.NewQuery(from, to, day)
	q.Corridors = []string{"northern", "europe"}
	its, err := r.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Xi'an → Duisburg in %s: %v", month, err)
	}
	it := route.Best(its, route.Cheapest)
	for _, l := range it.Total.Breakdown {
		if l.Kind == "tariff" && l.ID == "rail-1520-erai" {
			tariff += l.USD
		}
	}
	s, ok := g.RateSeriesByID("rail-1520-erai")
	if !ok {
		t.Fatal("no series rail-1520-erai")
	}
	return it.Total.CostUSD, tariff, tariff + s.HandlingUSD
}

// TestBackcastNorthernERAI: the Northern Corridor Xi'an → Duisburg in June
// 2019, April 2022 and July 2024 moves as ERAI did (up each time: 2,783 in
// Sep 2018 and about 2,670 in Jan 2021, about 2,900 through 2023, 3,289 in
// Jul 2024), its 1520 mm section lies within the published readings of each
// period, and every 1520 mm link of the trip follows the index (the section
// moves in proportion to the series factor). The ranges, 5% wider because
// the trip's 1520 mm section is not the index's reference trip:
//   - 2019-06: 2,670–2,783: the readings around it (Sep 2018 at the index
//     launch, Global Central Asia; Jan 2021, TELS Group);
//   - 2022-04: 2,691–3,295: the 3-year minimum and maximum of the ERAI page
//     of 15 Jul 2024 (Jul 2021 – Jul 2024, index1520.com);
//   - 2024-07: 3,289: the weekly value of 15 Jul 2024 (index1520.com).
func TestBackcastNorthernERAI(t *testing.T) {
	r := route.New(load(t))
	s, _ := r.Graph().RateSeriesByID("rail-1520-erai")
	cases := []struct {
		month  string
		lo, hi float64
	}{{"2019-06", 2670, 2783}, {"2022-04", 2691, 3295}, {"2024-07", 3289, 3289}}
	var prevTotal, prevTariff, prevFactor float64
	for i, c := range cases {
		total, tariff, section := northern1520(t, r, c.month)
		m, err := network.ParseMonth(c.month)
		if err != nil {
			t.Fatal(err)
		}
		factor := s.Factor(m)
		t.Logf("%s: total %.0f USD/FEU, 1520 mm section %.0f, ERAI factor %.3f", c.month, total, section, factor)
		if section < c.lo*0.95 || section > c.hi*1.05 {
			t.Errorf("%s: 1520 mm section %.0f USD/FEU, ERAI published %v–%v (±5%%)", c.month, section, c.lo, c.hi)
		}
		if i > 0 {
			if total <= prevTotal {
				t.Errorf("%s: total %.0f after %.0f: want a rise as ERAI rose", c.month, total, prevTotal)
			}
			want, got := factor/prevFactor, tariff/prevTariff
			if got < want*0.995 || got > want*1.005 {
				t.Errorf("%s: the 1520 mm tariff moved ×%.4f, the ERAI factor ×%.4f: some 1520 mm link does not follow the index", c.month, got, want)
			}
		}
		prevTotal, prevTariff, prevFactor = total, tariff, factor
	}
}

// TestBackcastCaspianFerry: the Caspian crossing follows ASCO's published
// truck tariffs (one 16.5 m truck, by the project convention one FEU):
// 1,072 USD Türkmenbaşy → Alat before the cut of 1 March 2023 and 1,000
// after it (Metbuat.az, ASCO), so the crossing costs them within 5% in
// February and April 2023. The Aktau → Alat ferry or feeder, a trip the
// tariff does not price directly, falls with it from June 2019 (between
// the 1,200 of December 2015, Haber24, and the 1,072) to April 2023, in
// proportion, and in April 2023 lies within the range of ASCO's current
// tariff page for the Kazakh line (899 USD for a 16.5 m truck Kuryk → Alat
// at 54.5 USD per metre, 1,200 USD for a 40 ft container Alat–Kuryk).
func TestBackcastCaspianFerry(t *testing.T) {
	r := route.New(load(t))
	for _, c := range []struct {
		month string
		want  float64
	}{{"2023-02", 1072}, {"2023-04", 1000}} {
		total, tariff := backcast(t, r, "TMKRW", "AZBAK", c.month, "caspian-ferry", network.Ferry, network.Sea)
		if tariff < c.want*0.95 || tariff > c.want*1.05 {
			t.Errorf("%s: Türkmenbaşy → Alat crossing %.0f USD/FEU (total %.0f), ASCO published %.0f (±5%%)", c.month, tariff, total, c.want)
		}
	}
	s, _ := r.Graph().RateSeriesByID("caspian-ferry")
	var prevTotal, prevTariff, prevFactor float64
	for i, month := range []string{"2019-06", "2023-02", "2023-04"} {
		total, tariff := backcast(t, r, "KZSCO", "AZBAK", month, "caspian-ferry", network.Ferry, network.Sea)
		m, _ := network.ParseMonth(month)
		factor := s.Factor(m)
		t.Logf("%s: Aktau → Alat %.0f USD/FEU, caspian-ferry tariff line %.0f, factor %.3f", month, total, tariff, factor)
		if i > 0 {
			if total >= prevTotal {
				t.Errorf("%s: Aktau → Alat %.0f after %.0f: want a fall as the ASCO tariff fell", month, total, prevTotal)
			}
			want, got := factor/prevFactor, tariff/prevTariff
			if got < want*0.995 || got > want*1.005 {
				t.Errorf("%s: the Aktau → Alat tariff moved ×%.4f, the series factor ×%.4f", month, got, want)
			}
		}
		prevTotal, prevTariff, prevFactor = total, tariff, factor
	}
	if lo, hi := 899*0.95, 1200*1.05; prevTotal < lo || prevTotal > hi {
		t.Errorf("2023-04: Aktau → Alat %.0f USD/FEU, ASCO's tariff page %.0f–%.0f", prevTotal, lo, hi)
	}
}
