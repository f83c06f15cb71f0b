package emissions_test

import (
	"testing"

	"corridor/data/eurasia"
	"corridor/emissions"
	"corridor/network"
)

// TestBundledGridKZAboveFR: with the bundled countries.csv, a kilometre of
// electric rail inside Kazakhstan emits more than one inside France, and
// both differ from the EU default.
func TestBundledGridKZAboveFR(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	perKm := map[string]float64{}
	for i := 0; i < g.NumLinks(); i++ {
		k := g.Link(network.LinkID(i))
		if k.Mode != network.Rail || k.Energy != network.Electric {
			continue
		}
		from, to := g.Node(k.From).Country, g.Node(k.To).Country
		if from != to || (from != "KZ" && from != "FR") {
			continue
		}
		f := emissions.LinkFactor(k)
		if f.Key != "rail-electric-grid" {
			t.Errorf("%s (%s): factor %q, want rail-electric-grid", k.ID, from, f.Key)
		}
		perKm[from] = emissions.Leg(f, 1, 1).WTW()
	}
	kz, fr := perKm["KZ"], perKm["FR"]
	if kz == 0 || fr == 0 {
		t.Fatalf("no domestic electric rail link in KZ (%v) or FR (%v)", kz, fr)
	}
	eu, _ := emissions.Lookup("rail-electric")
	euKm := emissions.Leg(eu, 1, 1).WTW()
	if !(kz > euKm && euKm > fr) {
		t.Errorf("kg CO2e per tkm: KZ %v, EU default %v, FR %v; want KZ > EU > FR", kz, euKm, fr)
	}
}
