package network_test

import (
	"testing"

	"corridor/data/eurasia"
	"corridor/network"
)

// TestSelectorCountries: a countries condition takes a link when every end
// with a country is in the list and one end has one. A link between two
// open-sea waypoints is in no country: before this rule every country
// selector took the oceans' lanes (the Caspian ferry series priced the Sea
// of Marmara, and the Black Sea running-time factor the Red Sea).
func TestSelectorCountries(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	link := func(id string) network.LinkID {
		t.Helper()
		for i := range g.NumLinks() {
			if g.Link(network.LinkID(i)).ID == id {
				return network.LinkID(i)
			}
		}
		t.Fatalf("no link %s", id)
		return -1
	}
	cases := []struct {
		sel, link string
		want      bool
	}{
		{"mode=ferry|sea countries=KZ|AZ|TM", "A-CASP-SCO-BAK-FERRY", true},    // KZ → AZ
		{"mode=ferry|sea countries=KZ|AZ|TM", "C-MARMARA-BOSPHORUS", false},    // two waypoints
		{"mode=ferry|sea countries=KZ|AZ|TM", "C-RED-SEA-GULF-OF-SUEZ", false}, // two waypoints
		{"mode=sea countries=GE|RO|BG|TR|UA", "C-MARMARA-TRIST", true},         // waypoint → Istanbul
		{"mode=sea countries=GE|RO|BG|TR|UA", "SB-RUNVS-BOSPHORUS", false},     // Novorossiysk is in RU
		{"mode=sea", "C-RED-SEA-GULF-OF-SUEZ", true},                           // no country condition
	}
	for _, c := range cases {
		s, err := network.ParseSelector(g, c.sel)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Match(g, link(c.link)); got != c.want {
			t.Errorf("%q on %s: %v, want %v", c.sel, c.link, got, c.want)
		}
	}
	// Every link the Caspian ferry series drives touches the Caspian states.
	for _, sr := range g.RateSeries() {
		if sr.ID != "caspian-ferry" {
			continue
		}
		n := 0
		for i := range g.NumLinks() {
			l := g.Link(network.LinkID(i))
			if !sr.Drives.Match(g, network.LinkID(i)) {
				continue
			}
			n++
			if a, b := g.Node(l.From).Country, g.Node(l.To).Country; a != "KZ" && a != "AZ" && a != "TM" && b != "KZ" && b != "AZ" && b != "TM" {
				t.Errorf("caspian-ferry drives %s (%s → %s)", l.ID, a, b)
			}
		}
		if n == 0 {
			t.Error("caspian-ferry drives no link")
		}
	}
}
