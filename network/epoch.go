package network

import (
	"slices"
	"strconv"
	"strings"
)

// DatedKey names the dated parameters in force in month m (their indexes
// in Params, joined), "" when none is: two months with the same key give
// the same graph under AtMonth, so callers may cache by it.
func (g *Graph) DatedKey(m Month) string {
	if g.undated != nil {
		return g.undated.DatedKey(m)
	}
	if g.pinned {
		return ""
	}
	var b strings.Builder
	for i := range g.params {
		if p := &g.params[i]; p.Dated() && p.InForce(m) {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(i))
		}
	}
	return b.String()
}

// AtMonth returns the graph as it is for queries departing in month m: g
// itself when no dated parameter is in force then, else a graph derived
// from g whose running, border, handling and service-wait times take the
// dated parameters in force in m where they apply (first in file order),
// in place of the undated ones g was loaded with. Called on a graph that
// AtMonth returned, it starts again from the undated graph. The result is
// not cached here: route.Router keeps one per DatedKey.
func (g *Graph) AtMonth(m Month) *Graph {
	if g.undated != nil {
		return g.undated.AtMonth(m)
	}
	key := g.DatedKey(m)
	if key == "" {
		return g
	}
	value := func(i int) float64 {
		if i < 0 {
			return 1
		}
		return g.params[i].Value
	}
	d, err := g.Derive(func(e *Editor) error {
		for i := range g.links {
			l := LinkID(i)
			if g.links[i].Hours <= 0 {
				continue
			}
			if old, now := g.ParamOfLink(RunTime, l), g.ParamOfLinkAt(RunTime, l, m); old != now {
				k := e.Link(l)
				k.Hours *= value(now) / value(old)
				k.SpeedKmh = k.DistanceKm / k.Hours
			}
		}
		for i := range g.services {
			s := &g.services[i]
			if len(s.Links) == 0 {
				continue
			}
			if old, now := g.ParamOfLink(ServiceWait, s.Links[0]), g.ParamOfLinkAt(ServiceWait, s.Links[0], m); old != now {
				e.Service(ServiceID(i)).WaitScale = value(now)
			}
		}
		for i := range g.nodes {
			n := NodeID(i)
			if old, now := g.ParamOfNode(BorderDwell, n), g.ParamOfNodeAt(BorderDwell, n, m); old != now {
				r := value(now) / value(old)
				k := e.Node(n)
				k.BorderMedianHours *= r
				k.BorderP90Hours *= r
			}
			old, now := g.ParamOfNode(HandlingTime, n), g.ParamOfNodeAt(HandlingTime, n, m)
			if old != now {
				e.Node(n).HandlingHours *= value(now) / value(old)
			}
			if onto := g.handlingOnto(n, g.nodes[i].HandlingHours/value(old), func(mode Mode, gauge Gauge) int {
				return g.ParamOfHandlingAt(n, mode, gauge, m)
			}); !slices.Equal(onto, g.nodes[i].HandlingOnto) {
				e.Node(n).HandlingOnto = onto
			}
		}
		return nil
	})
	if err != nil { // the edit above never fails
		return g
	}
	d.undated = g
	return d
}
