package route

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/network"
)

// Messages speak of places, not nodes, and offer a way on when nothing
// matches.
func TestUnknownPlaceMessages(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		from, to string
		want     []string
		not      []string
	}{
		{"Atlantis", "Duisburg", []string{`from: no place matches "Atlantis"`, "corridor nodes --country KZ", "start from a main hub: "}, []string{"did you mean", "no node"}},
		{"Xi'an", "Duisbrg", []string{`to: no place matches "Duisbrg"; did you mean Duisburg (DEDUI)?`}, []string{"main hub", "node"}},
		{"", "Duisburg", []string{"from: a place is required"}, []string{"node"}},
		{"Xi'an", "Xian", []string{"origin and destination are the same place"}, []string{"node"}},
	}
	for _, tc := range cases {
		_, err := (&Request{From: tc.from, To: tc.to}).Query(g, time.Now())
		if err == nil {
			t.Errorf("%s → %s: accepted", tc.from, tc.to)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s → %s: %q lacks %q", tc.from, tc.to, err, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(err.Error(), w) {
				t.Errorf("%s → %s: %q has %q", tc.from, tc.to, err, w)
			}
		}
	}
	var ue *UnknownNodeError
	if _, err := (&Request{From: "Atlantis", To: "Duisburg"}).Query(g, time.Now()); !errors.As(err, &ue) || len(ue.Hubs) != 6 || len(ue.Suggestions) != 0 {
		t.Errorf("hubs for Atlantis: %+v", ue)
	}
}

// The hubs are terminals and ports, the best connected first.
func TestMainHubs(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	hubs := MainHubs(g, 6)
	if len(hubs) != 6 {
		t.Fatalf("%d hubs", len(hubs))
	}
	for i, h := range hubs {
		n := g.Node(h)
		if n.Kind != network.City && n.Kind != network.DryPort && n.Kind != network.Seaport {
			t.Errorf("hub %s is a %s", n.ID, n.Kind)
		}
		if i > 0 && len(g.Out(h)) > len(g.Out(hubs[i-1])) {
			t.Errorf("hub %s has more links than %s before it", n.ID, g.Node(hubs[i-1]).ID)
		}
	}
	if n := len(MainHubs(g, 10000)); n == 0 || n > g.NumNodes() {
		t.Errorf("MainHubs(10000) = %d hubs", n)
	}
}

// A corridor restriction that blocks is named with the corridor's name.
func TestNoRouteNamesCorridor(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := New(g)
	q, err := (&Request{From: "LKCMB", To: "NLRTM"}).Query(g, time.Now()) // Colombo: an island port, only the sea reaches it
	if err != nil {
		t.Fatal(err)
	}
	q.Corridors = []string{"northern", "europe"} // as Compare asks
	_, err = r.Search(context.Background(), q)
	var nr *NoRouteError
	if !errors.As(err, &nr) {
		t.Fatalf("got %v", err)
	}
	if nr.Constraint != "corridors" || !strings.HasSuffix(nr.Msg, "stays on the Northern Corridor") || strings.Contains(nr.Msg, "europe") {
		t.Errorf("got %s: %s", nr.Constraint, nr.Msg)
	}
	if got := r.corridorNames([]string{"northern", "middle", "europe", "nosuch"}); got != "Northern Corridor or Middle Corridor or nosuch" {
		t.Errorf("corridorNames = %q", got)
	}
}
