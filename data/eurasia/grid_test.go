package eurasia_test

import (
	"slices"
	"testing"

	"corridor/network"
)

// noGrid lists the countries with electric rail whose grid intensity is
// deliberately left empty (docs/DATA.md says why): their links use the EU
// default factor.
var noGrid = []string{
	"UZ", // the published value is inconsistent with the source's own factors
}

// TestGridIntensityCoverage: every country at an end of an electric or
// mixed-traction rail link has a grid intensity with its year and the
// source that gives it, except those in noGrid; and the links carry it.
func TestGridIntensityCoverage(t *testing.T) {
	g := load(t)
	need := map[string]bool{}
	for i := 0; i < g.NumLinks(); i++ {
		k := g.Link(network.LinkID(i))
		if k.Mode != network.Rail || (k.Energy != network.Electric && k.Energy != network.Mixed) {
			continue
		}
		a, b := g.Node(k.From).Country, g.Node(k.To).Country
		need[a], need[b] = true, true
		ga, gb := grid(g, a), grid(g, b)
		want := gb // the mean of the two ends, or the one known
		switch {
		case ga > 0 && gb > 0:
			want = (ga + gb) / 2
		case ga > 0:
			want = ga
		}
		if k.GridGCO2ePerKWh != want {
			t.Errorf("%s (%s-%s): link grid %v, want %v", k.ID, a, b, k.GridGCO2ePerKWh, want)
		}
	}
	for code := range need {
		c, ok := g.Country(code)
		if !ok {
			continue
		}
		switch {
		case slices.Contains(noGrid, code):
			if c.GridGCO2ePerKWh != 0 {
				t.Errorf("%s has a grid intensity; remove it from noGrid", code)
			}
		case c.GridGCO2ePerKWh == 0:
			t.Errorf("%s has electric rail but no grid_gco2e_per_kwh", code)
		case c.GridYear < 2020:
			t.Errorf("%s: grid year %d, want a recent year", code, c.GridYear)
		case !slices.Contains(c.Sources, "owid-ember-grid-intensity"):
			t.Errorf("%s: grid intensity without its source (sources %v)", code, c.Sources)
		}
	}
	// The brief's countries (issue 16 item 5), some without electric links
	// in the bundled network yet.
	for _, code := range []string{"CN", "KZ", "RU", "BY", "PL", "DE", "NL", "CZ", "SK", "HU", "AT", "RO", "BG", "TR",
		"GE", "AZ", "IR", "IT", "FR", "BE", "LT", "LV", "MN"} {
		if grid(g, code) == 0 {
			t.Errorf("%s: no grid intensity", code)
		}
	}
	if kz, fr := grid(g, "KZ"), grid(g, "FR"); !(kz > 10*fr) {
		t.Errorf("KZ grid %v not well above FR %v", kz, fr)
	}
}

func grid(g *network.Graph, code string) float64 {
	if c, ok := g.Country(code); ok {
		return c.GridGCO2ePerKWh
	}
	return 0
}
