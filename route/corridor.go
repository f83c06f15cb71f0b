package route

import "corridor/network"

// Classify returns the corridor of a path given by its links in order:
// network.Graph.ClassifyCorridor, the one classification used for an
// Itinerary's Corridor, for Compare's buckets (and so the scenario diff) and
// for the freight assignment's corridor shares. In short: rounding the Cape
// → maritime-cape; a Suez Canal passage → maritime-suez; a Trans-Caspian
// crossing → middle; rail through Iran (or a Caspian crossing to Russia or
// Iran) → instc; 1520 mm rail in Russia or Belarus → northern; otherwise the
// tag with the most kilometres.
func Classify(g *network.Graph, links []network.LinkID) string {
	return g.ClassifyCorridor(links)
}
