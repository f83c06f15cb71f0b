package route

import (
	"math"

	"corridor/network"
)

// RoadPayloadSource cites RoadPayloadTonnes.
const RoadPayloadSource = "MacAndrews, \"Maximum payloads per container\" by country of loading " +
	"(macandrews.com/business-tools/tools/maximum-payloads, read 2026): the goods a container may carry " +
	"on a road vehicle within the country's gross-weight and axle limits (EU Directive 96/53/EC: 40 t, 44 t in combined transport)"

// roadPayload is the published road payload per box, in tonnes, for a 20',
// a 40' (standard or high cube) and a 45' box, by the country whose roads
// are used. Countries without a published figure have no entry: there the
// box's own limit (MaxPayloadTonnes) is the only one.
var roadPayload = map[string][3]float64{
	"DE": {24, 22, 21},
	"EE": {25, 25, 25},
	"ES": {26, 25, 24},
	"FI": {26, 22.5, 21.5},
	"GB": {27.5, 26, 25.5},
	"LT": {23.5, 23.5, 23.5},
	"LV": {23, 23, 23},
	"NL": {28, 23, 23},
	"PL": {20, 22, 21.5},
	"PT": {24, 24, 24},
	"RU": {20, 20, 20},
}

// RoadPayloadTonnes is the most goods one box of type b may carry by road
// in the country (ISO 3166-1 alpha-2), and whether a figure is published
// for it (RoadPayloadSource).
func RoadPayloadTonnes(country string, b Box) (float64, bool) {
	lim, ok := roadPayload[country]
	if !ok {
		return 0, false
	}
	return lim[boxClass(b)], true
}

// boxClass is the index of box b in a roadPayload row.
func boxClass(b Box) int {
	switch b {
	case Box20:
		return 0
	case Box45:
		return 2
	}
	return 1
}

// roadLimits returns, per link of g, the road payload per box class (see
// roadPayload) that applies to it: the lower of the figures of the
// countries at its two ends, +Inf where neither publishes one or the link
// is not a road.
func roadLimits(g *network.Graph) [][3]float64 {
	out := make([][3]float64, g.NumLinks())
	for i := range out {
		out[i] = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
		k := g.Link(network.LinkID(i))
		if k.Mode != network.Road {
			continue
		}
		for _, n := range [2]network.NodeID{k.From, k.To} {
			if lim, ok := roadPayload[g.Node(n).Country]; ok {
				for j := range lim {
					out[i][j] = min(out[i][j], lim[j])
				}
			}
		}
	}
	return out
}

// roadTooHeavy reports whether the cargo's tonnes per box exceed the road
// payload of a country at either end of road link l.
func (r *Router) roadTooHeavy(c *Cargo, l network.LinkID) bool {
	if c.Containers <= 0 || c.Tonnes <= 0 {
		return false
	}
	return c.Tonnes/float64(c.Containers) > r.roadLim[l][boxClass(c.BoxType())]
}

// countryOf returns the country of the node with id ("" when unknown).
func (r *Router) countryOf(id string) string {
	if n, ok := r.g.NodeByID(id); ok {
		return r.g.Node(n).Country
	}
	return ""
}
