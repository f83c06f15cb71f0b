package route

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"corridor/errcode"
	"corridor/network"
)

// NoRouteError says that no itinerary satisfies a query, and which
// constraint blocks it.
type NoRouteError struct {
	// Constraint is the query field that blocks ("avoid_countries",
	// "avoid_nodes", "modes", "segment_modes", "via", "corridors", "max_transshipments",
	// "cargo"), or "" when no path exists even without constraints.
	Constraint string
	Msg        string
}

func (e *NoRouteError) Error() string { return e.Msg }

// ErrorCode classifies the error: errcode.NoRoute.
func (e *NoRouteError) ErrorCode() errcode.Code { return errcode.NoRoute }

// ErrorDetails names the blocking constraint, when one was found.
func (e *NoRouteError) ErrorDetails() []errcode.Detail {
	if e.Constraint == "" {
		return nil
	}
	return []errcode.Detail{{Field: e.Constraint, Reason: "this constraint blocks every route"}}
}

func (r *Router) name(n network.NodeID) string { return r.g.Node(n).Name }

// checkEnds refuses a query whose origin, destination or via node is itself
// excluded by the query.
func (r *Router) checkEnds(q *Query) error {
	avoid := q.avoidedCountries(r.g)
	ends := append([]network.NodeID{q.From, q.To}, q.Via...)
	for i, n := range ends {
		field := [...]string{"from", "to", "via"}[min(i, 2)]
		node := r.g.Node(n)
		if c, ok := node.InCountry(avoid); ok {
			if c != node.Country {
				return &NoRouteError{"avoid_countries", fmt.Sprintf("%s %s is controlled by %s, which is avoided", field, node.Name, c)}
			}
			return &NoRouteError{"avoid_countries", fmt.Sprintf("%s %s is in %s, which is avoided", field, node.Name, node.Country)}
		}
		if slices.Contains(q.AvoidNodes, n) {
			return &NoRouteError{"avoid_nodes", fmt.Sprintf("%s %s is also in avoid_nodes", field, node.Name)}
		}
	}
	return nil
}

// diagnose finds which constraint makes q infeasible by lifting the
// constraints one at a time and searching again.
func (r *Router) diagnose(ctx context.Context, q Query) error {
	return r.diagnoseFor(ctx, q, "")
}

// diagnoseFor is diagnose; with tag set, a lifted search unblocks q only
// when it finds an itinerary Classify puts in that corridor. A constraint
// that blocks nothing is not lifted: the cargo (one TEU box, no reefer or
// DG) and its weight are searched again only when that changes which
// services take the cargo or which road links carry it — otherwise the
// search would find what q found, and a corridor search that found paths
// of other corridors blamed the default cargo (one 12 t FEU) for them.
func (r *Router) diagnoseFor(ctx context.Context, q Query, tag string) error {
	route := fmt.Sprintf("from %s to %s", r.name(q.From), r.name(q.To))
	relaxations := []struct {
		field string
		apply func(*Query) bool // lifts the constraint; false when it was not set
		msg   func(found []Itinerary) string
	}{
		{"avoid_countries", func(x *Query) bool {
			had := len(x.AvoidCountries)+len(x.AvoidGroups) > 0
			x.AvoidCountries, x.AvoidGroups = nil, nil
			return had
		}, func(found []Itinerary) string {
			avoid := q.avoidedCountries(r.g)
			var crossed []string
			for _, it := range found {
				for _, c := range it.Countries {
					if avoid[c] && !slices.Contains(crossed, c) {
						crossed = append(crossed, c)
					}
				}
			}
			// Chokepoints on the found paths closed by an avoided country
			// that controls them (their own country is usually empty).
			chokes, notes := q.ClosedChokepoints(r.g)
			var closed []string
			for i, n := range chokes {
				for _, it := range found {
					if itineraryVisits(r.g, &it, n) {
						closed = append(closed, notes[i])
						break
					}
				}
			}
			if len(crossed) == 0 && len(closed) > 0 {
				return fmt.Sprintf("every path %s needs a closed chokepoint: %s", route, strings.Join(closed, "; "))
			}
			slices.Sort(crossed)
			what := strings.Join(crossed, " or ")
			if len(q.AvoidGroups) > 0 {
				what += " (avoided with " + strings.Join(q.AvoidGroups, ", ") + ")"
			}
			msg := fmt.Sprintf("every path %s crosses %s, which %s avoided", route, what, isAre(len(crossed)))
			if len(closed) > 0 {
				msg += "; " + strings.Join(closed, "; ")
			}
			return msg
		}},
		{"avoid_nodes", func(x *Query) bool {
			had := len(x.AvoidNodes) > 0
			x.AvoidNodes = nil
			return had
		}, func(found []Itinerary) string {
			var names []string
			for _, it := range found {
				for _, n := range q.AvoidNodes {
					if itineraryVisits(r.g, &it, n) && !slices.Contains(names, r.name(n)) {
						names = append(names, r.name(n))
					}
				}
			}
			return fmt.Sprintf("every path %s passes %s, which %s avoided", route, strings.Join(names, " or "), isAre(len(names)))
		}},
		{"modes", func(x *Query) bool {
			had := len(x.Modes) > 0
			x.Modes = nil
			return had
		}, func([]Itinerary) string {
			var ms []string
			for _, m := range q.Modes {
				ms = append(ms, m.String())
			}
			return fmt.Sprintf("no path %s uses only %s", route, strings.Join(ms, ", "))
		}},
		{"segment_modes", func(x *Query) bool {
			had := len(x.SegmentModes) > 0
			x.SegmentModes = nil
			return had
		}, func([]Itinerary) string {
			var segs []string
			for _, ms := range q.SegmentModes {
				var names []string
				for _, m := range ms {
					names = append(names, m.String())
				}
				if len(names) == 0 {
					names = []string{"any mode"}
				}
				segs = append(segs, strings.Join(names, " or "))
			}
			return fmt.Sprintf("no path %s takes the modes given segment by segment (%s)", route, strings.Join(segs, ", then "))
		}},
		{"max_transshipments", func(x *Query) bool {
			had := x.MaxTransshipments >= 0
			x.MaxTransshipments = -1
			return had
		}, func(found []Itinerary) string {
			least := -1
			for _, it := range found {
				if least < 0 || it.Total.Transshipments < least {
					least = it.Total.Transshipments
				}
			}
			return fmt.Sprintf("every path %s needs at least %d transshipments; at most %d are allowed", route, least, q.MaxTransshipments)
		}},
		{"cargo", func(x *Query) bool {
			had := x.Cargo.Reefer || x.Cargo.DG || x.Cargo.TEUs() > 1
			x.Cargo.Reefer, x.Cargo.DG = false, false
			// One small box, as heavy as each of the cargo's boxes and of the
			// same type, so that the road payload limits (cargo.tonnes) still
			// apply as asked.
			if x.Cargo.Containers > 0 {
				x.Cargo.Tonnes /= float64(x.Cargo.Containers)
			}
			x.Cargo.Box = x.Cargo.BoxType()
			x.Cargo.Containers, x.Cargo.Size = 1, TEU
			return had
		}, func([]Itinerary) string {
			var what []string
			if q.Cargo.Reefer {
				what = append(what, "reefer")
			}
			if q.Cargo.DG {
				what = append(what, "dangerous goods")
			}
			what = append(what, fmt.Sprintf("%.0f TEU", q.Cargo.TEUs()))
			return fmt.Sprintf("every path %s uses a service that refuses this cargo (%s)", route, strings.Join(what, ", "))
		}},
		{"cargo.tonnes", func(x *Query) bool {
			had := x.Cargo.Tonnes > 0
			x.Cargo.Tonnes = 0
			return had
		}, func(found []Itinerary) string {
			var over []string
			for _, it := range found {
				for _, l := range it.Legs {
					if l.Mode != "road" {
						continue
					}
					for _, c := range []string{r.countryOf(l.From.ID), r.countryOf(l.To.ID)} {
						if lim, ok := RoadPayloadTonnes(c, q.Cargo.BoxType()); ok && q.Cargo.Tonnes/float64(q.Cargo.Containers) > lim &&
							!slices.Contains(over, fmt.Sprintf("%s %s t", c, tons(lim))) {
							over = append(over, fmt.Sprintf("%s %s t", c, tons(lim)))
						}
					}
				}
			}
			return fmt.Sprintf("every path %s needs a road leg where %s t per %s box is over the road payload limit (%s; %s)",
				route, tons(q.Cargo.Tonnes/float64(q.Cargo.Containers)), q.Cargo.BoxType().label(q.Cargo.Reefer), strings.Join(over, ", "), RoadPayloadSource)
		}},
		{"via", func(x *Query) bool {
			had := len(x.Via) > 0
			x.Via = nil
			return had
		}, func([]Itinerary) string {
			var names []string
			for _, v := range q.Via {
				names = append(names, r.name(v))
			}
			return fmt.Sprintf("no path %s passes %s in that order", route, strings.Join(names, ", then "))
		}},
		{"corridors", func(x *Query) bool {
			had := len(x.Corridors) > 0
			x.Corridors = nil
			return had
		}, func([]Itinerary) string {
			return fmt.Sprintf("no path %s stays on the %s", route, r.corridorNames(q.Corridors))
		}},
	}
	ws := r.pool.Get().(*workspace)
	defer r.pool.Put(ws)
	var blocking *NoRouteError
	lifted := 0
	for _, rel := range relaxations {
		x := q
		if rel.field == "corridors" && blocking != nil {
			continue // a corridor restriction is reported only when nothing else explains the block
		}
		if !rel.apply(&x) {
			continue
		}
		if (rel.field == "cargo" || rel.field == "cargo.tonnes") && r.sameCargoFilter(&q.Cargo, &x.Cargo) {
			continue
		}
		lifted++
		p, err := r.run(ctx, ws, &x)
		if err != nil {
			return err
		}
		found := make([]Itinerary, 0, len(ws.results))
		var path []network.LinkID
		for _, li := range ws.results {
			if tag != "" {
				if path = ws.linksBack(path, li); Classify(r.g, path) != tag {
					continue
				}
			}
			found = append(found, r.build(ws, p, li))
		}
		if len(found) == 0 {
			continue
		}
		// The first constraint that alone unblocks the query is the one
		// reported; others that would also do are added to the message.
		if blocking == nil {
			blocking = &NoRouteError{rel.field, rel.msg(found)}
		} else {
			blocking.Msg += "; also, " + rel.msg(found)
		}
	}
	if blocking != nil {
		return blocking
	}
	if lifted == 0 {
		return &NoRouteError{"", fmt.Sprintf("no path %s exists in this network (closed places and links included)", route)}
	}
	return &NoRouteError{"", fmt.Sprintf("no path %s exists under the given constraints together; lifting any one of them is not enough", route)}
}

// corridorNames names corridor tags for people: "Northern Corridor",
// "Middle Corridor or Northern Corridor". A corridor's name is cut at its
// first parenthesis ("Northern Corridor (Eurasian Land Bridge)" → "Northern
// Corridor"); an unknown tag is shown as it is. The European distribution
// tag that Compare adds to every corridor is left out beside another.
func (r *Router) corridorNames(tags []string) string {
	var names []string
	for _, t := range tags {
		if t == "europe" && len(tags) > 1 {
			continue
		}
		name := t
		for _, c := range r.g.Corridors() {
			if c.Tag == t && c.Name != "" {
				name = strings.TrimSpace(strings.Split(c.Name, " (")[0])
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, " or ")
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func itineraryVisits(g *network.Graph, it *Itinerary, n network.NodeID) bool {
	id := g.Node(n).ID
	for _, l := range it.Legs {
		if l.From.ID == id || l.To.ID == id || slices.Contains(l.Via, id) {
			return true
		}
	}
	return false
}
