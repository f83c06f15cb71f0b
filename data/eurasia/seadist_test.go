package eurasia_test

import (
	"math"
	"testing"

	"corridor/network"
)

// seaPairTolerance is how much a direct port-to-port sea link may differ
// from the shipping lanes between the same two ports: 10%, room for a call
// on the way, not for a lane that runs the wrong way.
const seaPairTolerance = 0.10

// seaPairExceptions are port pairs whose direct link follows another
// physical route than the lanes, with the reason.
var seaPairExceptions = map[[2]string]string{
	{"NLRTM", "PLGDN"}: "feeders pass the Kiel Canal; mainline ships, too large for it, go round the Skaw",
	{"DEHAM", "PLGDN"}: "feeders pass the Kiel Canal; mainline ships, too large for it, go round the Skaw",
	{"DEBRV", "PLGDN"}: "feeders pass the Kiel Canal; mainline ships, too large for it, go round the Skaw",
}

// TestSeaDistancesAgree: one port pair, one sea distance, whichever service
// carries the box. Every sea link that joins two ports directly (a liner or
// feeder service's link) agrees within seaPairTolerance with the shortest
// way between the same ports along the lanes (port spurs, waypoints and
// chokepoints, calling at no other port).
func TestSeaDistancesAgree(t *testing.T) {
	g := load(t)
	// lanes returns the shortest lane distance from port a to port b.
	lanes := func(a, b network.NodeID) float64 {
		dist := map[network.NodeID]float64{a: 0}
		done := map[network.NodeID]bool{}
		for {
			n, best := network.NodeID(-1), math.Inf(1)
			for m, d := range dist {
				if !done[m] && d < best {
					n, best = m, d
				}
			}
			if n < 0 || n == b {
				return best
			}
			done[n] = true
			if n != a && !g.Node(n).Kind.AtSea() {
				continue // another port: the lanes call at no other port
			}
			for _, l := range g.Out(n) {
				k := g.Link(l)
				if k.Mode != network.Sea || (n == a && !g.Node(k.To).Kind.AtSea()) {
					continue // not sea, or a's own direct link
				}
				if d, ok := dist[k.To]; !ok || best+k.DistanceKm < d {
					dist[k.To] = best + k.DistanceKm
				}
			}
		}
	}
	checked := 0
	for i := range g.NumLinks() {
		k := g.Link(network.LinkID(i))
		from, to := g.Node(k.From), g.Node(k.To)
		if k.Mode != network.Sea || from.Kind.AtSea() || to.Kind.AtSea() {
			continue
		}
		lane := lanes(k.From, k.To)
		if math.IsInf(lane, 1) {
			continue // no lane joins them: nothing to agree with
		}
		if seaPairExceptions[[2]string{from.ID, to.ID}] != "" || seaPairExceptions[[2]string{to.ID, from.ID}] != "" {
			continue
		}
		checked++
		if lo, hi := min(k.DistanceKm, lane), max(k.DistanceKm, lane); hi > lo*(1+seaPairTolerance) {
			t.Errorf("%s → %s: link %s is %.0f km, the lanes %.0f km: more than %.0f%% apart",
				from.ID, to.ID, k.ID, k.DistanceKm, lane, 100*seaPairTolerance)
		}
	}
	if checked == 0 {
		t.Error("no direct port-to-port sea link has a lane to agree with: the check checks nothing")
	}
	t.Logf("%d direct port-to-port sea links checked against the lanes", checked)
}
