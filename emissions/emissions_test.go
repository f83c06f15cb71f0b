package emissions

import (
	"math"
	"math/rand"
	"strings"
	"testing"

	"corridor/network"
)

var energies = []network.Energy{network.Electric, network.Diesel, network.FuelOil, network.MGO, network.LNG, network.Mixed}

func TestTableWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range All() {
		if f.Key == "" || seen[f.Key] {
			t.Errorf("empty or duplicate key %q", f.Key)
		}
		seen[f.Key] = true
		if f.Intensity.TTW < 0 || f.Intensity.WTT <= 0 || f.Intensity.WTW() <= 0 {
			t.Errorf("%s: intensity %+v not positive", f.Key, f.Intensity)
		}
		if !strings.Contains(f.Source, "GLEC") {
			t.Errorf("%s: source does not cite GLEC: %q", f.Key, f.Source)
		}
		got, ok := Lookup(f.Key)
		if !ok || got != f {
			t.Errorf("Lookup(%q) = %+v, %v", f.Key, got, ok)
		}
	}
	if _, ok := Lookup("no-such-key"); ok {
		t.Error("Lookup of an unknown key succeeded")
	}
	if !strings.Contains(TableVersion, "GLEC") {
		t.Errorf("TableVersion %q does not name GLEC", TableVersion)
	}
}

// TestPublishedValues pins the WTW of each factor to the cited figure (after
// the conversion its Source states).
func TestPublishedValues(t *testing.T) {
	want := map[string]float64{
		"rail-electric":              6.4,
		"rail-diesel":                27.6,
		"rail-mixed":                 0.62*6.4 + 0.38*27.6,
		"road-truck-europe":          95,
		"road-truck-asia":            95 * 1.22,
		"sea-deep-asia-europe":       55.6 / 10,
		"sea-deep-asia-north-europe": 49.9 / 10,
		"sea-deep-asia-med":          61.4 / 10,
		"sea-feeder":                 200.3 / 10,
		"ferry-rail-roro":            43.4 * 2,
		"ferry-ropax":                128.0 * 2,
		"iww-container":              27.0,
	}
	if len(want) != len(All()) {
		t.Errorf("table has %d factors, test pins %d", len(All()), len(want))
	}
	for key, w := range want {
		f, ok := Lookup(key)
		if !ok {
			t.Errorf("missing factor %q", key)
			continue
		}
		if math.Abs(f.Intensity.WTW()-w) > 1e-9 {
			t.Errorf("%s: WTW %.4f g/tkm, want %.4f", key, f.Intensity.WTW(), w)
		}
	}
	if f, _ := Lookup("rail-electric"); f.Intensity.TTW != 0 {
		t.Errorf("electric rail TTW = %v, want 0", f.Intensity.TTW)
	}
}

func TestEveryModeEnergyHasFactor(t *testing.T) {
	for _, m := range network.Modes {
		for _, e := range append([]network.Energy{0}, energies...) {
			for _, tags := range [][]string{nil, {"europe"}, {"middle"}, {"maritime-suez"}} {
				l := &network.Link{Mode: m, Energy: e, Corridors: tags}
				f := LinkFactor(l)
				if f.Key == "" || f.Source == "" || f.Intensity.WTW() <= 0 {
					t.Errorf("%v/%v/%v: factor %+v", m, e, tags, f)
				}
			}
		}
	}
	if f := LinkFactor(&network.Link{Mode: 0}); f.Key != "" {
		t.Errorf("mode 0 got factor %q, want the zero Factor", f.Key)
	}
}

func TestWTWIsSum(t *testing.T) {
	tests := []struct {
		ttw, wtt float64
	}{{0, 0}, {0, 6.4}, {21.2, 6.4}, {1e6, 2.5}}
	for _, tc := range tests {
		i := Intensity{TTW: tc.ttw, WTT: tc.wtt}
		if i.WTW() != tc.ttw+tc.wtt {
			t.Errorf("Intensity%+v.WTW() = %v", i, i.WTW())
		}
		c := CO2e{TTW: tc.ttw, WTT: tc.wtt}
		if c.WTW() != tc.ttw+tc.wtt {
			t.Errorf("CO2e%+v.WTW() = %v", c, c.WTW())
		}
		if s := c.Add(CO2e{TTW: 1, WTT: 2}); s != (CO2e{TTW: tc.ttw + 1, WTT: tc.wtt + 2}) {
			t.Errorf("Add: %+v", s)
		}
	}
	for _, f := range All() {
		if got := f.Intensity.WTW(); got != f.Intensity.TTW+f.Intensity.WTT {
			t.Errorf("%s: WTW %v != TTW + WTT", f.Key, got)
		}
	}
}

func TestOrdering(t *testing.T) {
	wtw := func(key string) float64 {
		f, ok := Lookup(key)
		if !ok {
			t.Fatalf("missing %q", key)
		}
		return f.Intensity.WTW()
	}
	less := []struct{ lo, hi string }{
		{"rail-electric", "rail-mixed"},
		{"rail-mixed", "rail-diesel"},
		{"rail-electric", "rail-diesel"},
		{"sea-deep-asia-europe", "sea-feeder"},
		{"sea-deep-asia-north-europe", "sea-deep-asia-europe"},
		{"sea-deep-asia-europe", "sea-deep-asia-med"},
		{"sea-deep-asia-med", "sea-feeder"},
		{"road-truck-europe", "road-truck-asia"},
		{"rail-diesel", "road-truck-europe"},
		{"ferry-rail-roro", "ferry-ropax"},
	}
	for _, p := range less {
		if !(wtw(p.lo) < wtw(p.hi)) {
			t.Errorf("%s (%.2f) not below %s (%.2f)", p.lo, wtw(p.lo), p.hi, wtw(p.hi))
		}
	}
}

func TestLinkFactorKeys(t *testing.T) {
	tests := []struct {
		mode   network.Mode
		energy network.Energy
		tags   []string
		want   string
	}{
		{network.Rail, network.Electric, []string{"middle"}, "rail-electric"},
		{network.Rail, network.Electric, []string{"northern"}, "rail-electric"},
		{network.Rail, network.Electric, []string{"europe"}, "rail-electric"},
		{network.Rail, network.Electric, []string{"maritime-suez", "maritime-cape", "europe"}, "rail-electric"},
		{network.Rail, network.Diesel, []string{"instc"}, "rail-diesel"},
		{network.Rail, network.Diesel, []string{"middle", "northern"}, "rail-diesel"},
		{network.Rail, network.LNG, []string{"northern"}, "rail-diesel"},
		{network.Rail, network.Mixed, []string{"middle", "instc"}, "rail-mixed"},
		{network.Rail, 0, nil, "rail-mixed"},
		{network.Road, network.Diesel, []string{"middle"}, "road-truck-asia"},
		{network.Road, network.Diesel, []string{"northern"}, "road-truck-asia"},
		{network.Road, network.Diesel, []string{"instc"}, "road-truck-asia"},
		{network.Road, network.Diesel, nil, "road-truck-asia"},
		{network.Road, network.Diesel, []string{"europe"}, "road-truck-europe"},
		{network.Road, network.Electric, []string{"middle", "europe"}, "road-truck-europe"},
		{network.Sea, network.FuelOil, []string{"maritime-suez"}, "sea-deep-asia-europe"},
		{network.Sea, network.FuelOil, []string{"maritime-cape"}, "sea-deep-asia-europe"},
		{network.Sea, network.FuelOil, []string{"maritime-suez", "maritime-cape"}, "sea-deep-asia-europe"},
		{network.Sea, network.LNG, []string{"maritime-suez", "instc"}, "sea-deep-asia-europe"},
		{network.Sea, network.FuelOil, []string{"middle"}, "sea-feeder"},
		{network.Sea, network.FuelOil, []string{"europe"}, "sea-feeder"},
		{network.Sea, network.FuelOil, []string{"europe", "middle"}, "sea-feeder"},
		{network.Sea, network.FuelOil, []string{"instc"}, "sea-feeder"},
		{network.Sea, network.FuelOil, []string{"northern"}, "sea-feeder"},
		{network.Sea, network.FuelOil, []string{"maritime-"}, "sea-feeder"},
		{network.Sea, network.FuelOil, nil, "sea-deep-asia-europe"}, // an imported lane: no trade lane known
		{network.Ferry, network.MGO, []string{"middle"}, "ferry-rail-roro"},
		{network.Ferry, network.FuelOil, []string{"europe"}, "ferry-rail-roro"},
		{network.InlandWater, network.Diesel, []string{"europe"}, "iww-container"},
	}
	for _, tc := range tests {
		l := &network.Link{Mode: tc.mode, Energy: tc.energy, Corridors: tc.tags}
		if got := LinkFactor(l).Key; got != tc.want {
			t.Errorf("LinkFactor(%v, %v, %v) = %q, want %q", tc.mode, tc.energy, tc.tags, got, tc.want)
		}
	}
}

// TestGridKeys: a grid intensity on the link changes the factor of
// electric and mixed rail only.
func TestGridKeys(t *testing.T) {
	tests := []struct {
		mode   network.Mode
		energy network.Energy
		want   string
	}{
		{network.Rail, network.Electric, "rail-electric-grid"},
		{network.Rail, network.Mixed, "rail-mixed-grid"},
		{network.Rail, 0, "rail-mixed"}, // traction unknown: the EU average
		{network.Rail, network.Diesel, "rail-diesel"},
		{network.Road, network.Electric, "road-truck-asia"},
		{network.Sea, network.FuelOil, "sea-deep-asia-europe"},
		{network.Ferry, network.FuelOil, "ferry-rail-roro"},
		{network.InlandWater, network.Diesel, "iww-container"},
	}
	for _, tc := range tests {
		l := &network.Link{Mode: tc.mode, Energy: tc.energy, GridGCO2ePerKWh: 821}
		if got := LinkFactor(l).Key; got != tc.want {
			t.Errorf("LinkFactor(%v, %v, grid 821) = %q, want %q", tc.mode, tc.energy, got, tc.want)
		}
	}
}

// TestGridFactors: at the EU grid the grid-specific factors are the table's
// EU values; they scale with the grid, TTW stays 0 for electric traction.
func TestGridFactors(t *testing.T) {
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }
	if e := RailElectricAt(EUGridGCO2ePerKWh); !close(e.Intensity.WTT, factors[iRailElectric].Intensity.WTT) || e.Intensity.TTW != 0 {
		t.Errorf("RailElectricAt(EU) = %+v, want %+v", e.Intensity, factors[iRailElectric].Intensity)
	}
	if m := RailMixedAt(EUGridGCO2ePerKWh); !close(m.Intensity.WTT, factors[iRailMixed].Intensity.WTT) ||
		!close(m.Intensity.TTW, factors[iRailMixed].Intensity.TTW) {
		t.Errorf("RailMixedAt(EU) = %+v, want %+v", m.Intensity, factors[iRailMixed].Intensity)
	}
	if k := RailElectricKWhPerTkm; k < 0.015 || k > 0.04 {
		t.Errorf("RailElectricKWhPerTkm = %v, outside 15-40 Wh/tkm", k)
	}
	for _, g := range []float64{35, 56, 281, 441, 582, 821} {
		e := RailElectricAt(g)
		if e.Intensity.TTW != 0 || !close(e.Intensity.WTT, RailElectricKWhPerTkm*g) {
			t.Errorf("RailElectricAt(%v) = %+v", g, e.Intensity)
		}
		if !strings.Contains(e.Source, "GLEC") || !strings.Contains(RailMixedAt(g).Source, "GLEC") {
			t.Errorf("grid factor sources do not cite GLEC")
		}
		if d := RailMixedAt(g).Intensity.TTW; !close(d, 0.38*21.2) {
			t.Errorf("RailMixedAt(%v).TTW = %v, want the diesel share only", g, d)
		}
	}
	if _, ok := Lookup("rail-electric-grid"); ok {
		t.Error("rail-electric-grid is in the table; it depends on the grid")
	}
}

// TestGridOrdersElectricKm: one tonne-km of electric rail emits in the
// order of the grids' intensities (coal-heavy Kazakhstan above nuclear
// France); a link without a grid uses the EU value.
func TestGridOrdersElectricKm(t *testing.T) {
	km := func(grid float64, e network.Energy) float64 {
		l := &network.Link{Mode: network.Rail, Energy: e, DistanceKm: 1, GridGCO2ePerKWh: grid}
		return Leg(LinkFactor(l), 1, l.DistanceKm).WTW()
	}
	tests := []struct {
		name     string
		hi, lo   float64 // g CO2e/kWh (countries.csv values)
		energies []network.Energy
	}{
		{"KZ above FR", 821, 56, []network.Energy{network.Electric, network.Mixed}},
		{"CN above DE", 582, 381, []network.Energy{network.Electric, network.Mixed}},
		{"PL above AT", 662, 111, []network.Energy{network.Electric, network.Mixed}},
		{"RU above the EU default", 441, 0, []network.Energy{network.Electric, network.Mixed}},
		{"the EU default above FR", 0, 56, []network.Energy{network.Electric, network.Mixed}},
	}
	for _, tc := range tests {
		for _, e := range tc.energies {
			if hi, lo := km(tc.hi, e), km(tc.lo, e); !(hi > lo) {
				t.Errorf("%s (%v): %v kg/tkm not above %v", tc.name, e, hi, lo)
			}
		}
	}
	if got, want := km(821, network.Electric)/km(56, network.Electric), 821.0/56; math.Abs(got-want) > 1e-9 {
		t.Errorf("KZ/FR electric ratio %v, want %v (proportional to the grid)", got, want)
	}
	if d := km(821, network.Diesel); d != km(56, network.Diesel) {
		t.Errorf("diesel rail depends on the grid")
	}
}

func TestLegLinear(t *testing.T) {
	r := rand.New(rand.NewSource(14083))
	close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
	all := All()
	for i := 0; i < 2000; i++ {
		f := all[r.Intn(len(all))]
		tonnes, km, k := r.Float64()*30, r.Float64()*12000, 0.1+r.Float64()*10
		base := Leg(f, tonnes, km)
		for _, c := range []struct {
			name string
			got  CO2e
		}{
			{"tonnes", Leg(f, k*tonnes, km)},
			{"km", Leg(f, tonnes, k*km)},
		} {
			if !close(c.got.TTW, k*base.TTW) || !close(c.got.WTT, k*base.WTT) {
				t.Fatalf("%s: scaling %s by %v: %+v, want %v x %+v", f.Key, c.name, k, c.got, k, base)
			}
		}
		// Additivity in distance: two halves make the whole.
		half := Leg(f, tonnes, km/2)
		if sum := half.Add(half); !close(sum.WTW(), base.WTW()) {
			t.Fatalf("%s: halves %v != whole %v", f.Key, sum.WTW(), base.WTW())
		}
		if want := f.Intensity.WTW() * tonnes * km / 1000; !close(base.WTW(), want) {
			t.Fatalf("%s: Leg WTW %v kg, want %v", f.Key, base.WTW(), want)
		}
	}
	if got := Leg(factors[iRailDiesel], 0, 1000); got != (CO2e{}) {
		t.Errorf("zero tonnes: %+v", got)
	}
}

func TestHub(t *testing.T) {
	tests := []struct {
		kind network.NodeKind
		want float64 // kg WTW for 10 t
	}{
		{network.Seaport, 10.7},
		{network.City, 6},
		{network.DryPort, 6},
		{network.Border, 6},
		{network.Junction, 6},
		{network.Waypoint, 0},
		{network.Chokepoint, 0},
	}
	for _, tc := range tests {
		if got := HubAt(tc.kind, 10).WTW(); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("HubAt(%v, 10 t) = %v kg, want %v", tc.kind, got, tc.want)
		}
	}
	if got := Hub(10).WTW(); math.Abs(got-6) > 1e-9 {
		t.Errorf("Hub(10 t) = %v kg, want 6", got)
	}
	if got := Hub(25).WTW(); math.Abs(got-2.5*Hub(10).WTW()) > 1e-9 {
		t.Errorf("Hub not linear: %v", got)
	}
}

func TestContainerTonnes(t *testing.T) {
	tests := []struct {
		teu, cargo, want float64
	}{
		{1, 0, 10},
		{2, 0, 20},
		{2, 18.5, 18.5},
		{1, -1, 10},
		{0, 0, 0},
	}
	for _, tc := range tests {
		if got := ContainerTonnes(tc.teu, tc.cargo); got != tc.want {
			t.Errorf("ContainerTonnes(%v, %v) = %v, want %v", tc.teu, tc.cargo, got, tc.want)
		}
	}
}

var sink Factor

func allocLinks() []*network.Link {
	return []*network.Link{
		{Mode: network.Rail, Energy: network.Electric, Corridors: []string{"middle", "northern", "europe"}},
		{Mode: network.Rail, Energy: network.Mixed, Corridors: []string{"middle"}},
		{Mode: network.Rail, Energy: network.Electric, Corridors: []string{"middle"}, GridGCO2ePerKWh: 821},
		{Mode: network.Rail, Energy: network.Mixed, Corridors: []string{"middle"}, GridGCO2ePerKWh: 441},
		{Mode: network.Road, Energy: network.Diesel, Corridors: []string{"middle", "europe"}},
		{Mode: network.Sea, Energy: network.FuelOil, Corridors: []string{"europe", "maritime-suez", "maritime-cape"}},
		{Mode: network.Sea, Energy: network.FuelOil, Corridors: []string{"europe", "middle"}},
		{Mode: network.Ferry, Energy: network.MGO, Corridors: []string{"middle"}},
		{Mode: network.InlandWater, Energy: network.Diesel},
	}
}

func TestLinkFactorAllocs(t *testing.T) {
	links := allocLinks()
	n := testing.AllocsPerRun(200, func() {
		for _, l := range links {
			sink = LinkFactor(l)
		}
	})
	if n != 0 {
		t.Errorf("LinkFactor allocates: %v allocs per run", n)
	}
}

func BenchmarkLinkFactor(b *testing.B) {
	links := allocLinks()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sink = LinkFactor(links[i%len(links)])
	}
}
