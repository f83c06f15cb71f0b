package route

import (
	"context"
	"errors"
	"fmt"

	"corridor/network"
)

// CorridorBest is the best itinerary of one corridor, or why it has none.
type CorridorBest struct {
	Corridor   string     `json:"corridor"`
	Name       string     `json:"name"`
	Best       *Itinerary `json:"best"`
	Infeasible string     `json:"infeasible,omitempty"` // why the corridor has no itinerary
}

// Comparison is the best itinerary per corridor for one query.
type Comparison struct {
	Objective string         `json:"objective"`
	Corridors []CorridorBest `json:"corridors"`
}

// Compare finds, for every corridor tag of the network except the European
// distribution tag, the best itinerary by obj among all itineraries that
// Classify puts in that corridor.
//
// The candidates are the whole Pareto front of q (so whatever Search lists
// for a corridor, Compare finds too, and a corridor's best is never worse
// than it) and, per corridor, a second search: for a corridor with a
// passage rule (see network.Graph.ClassifyCorridor) one that may not use the
// passages of the other corridors, first and last miles on any link (left
// out when no itinerary of the front makes one of those passages: its
// front would be the front itself); for any other tag one that stays on
// its links (and europe's). Every candidate
// counts for the corridor it is classified as, whichever search found it. A
// corridor is infeasible only when no candidate is classified as it, with
// the corridor's name and the constraint of q whose lifting gives its own
// search an itinerary of the corridor, if one does, else what its own
// search established (noCorridorMsg); when q itself has no itinerary every
// corridor carries the reason Search gives.
func (r *Router) Compare(ctx context.Context, q Query, obj Objective) (*Comparison, error) {
	c, _, err := r.compare(ctx, q, obj, nil)
	return c, err
}

// CompareFront is Compare and Search of q in one: the comparison, and the
// itineraries Search(ctx, q) returns, built from the exact search that the
// comparison runs first (Search's search is that one: Margins and
// MaxResults only thin its front afterwards), so a caller that needs both
// saves a search. When q has no itinerary, the comparison names the reason
// for every corridor and err is Search's *NoRouteError; any other error
// (bad input, cancellation) comes with neither.
func (r *Router) CompareFront(ctx context.Context, q Query, obj Objective) (*Comparison, []Itinerary, error) {
	var front []Itinerary
	c, noRoute, err := r.compare(ctx, q, obj, &front)
	if err != nil {
		return nil, nil, err
	}
	if noRoute != nil {
		return c, nil, noRoute
	}
	return c, front, nil
}

// compare is Compare; with front non-nil it also fills it with Search's
// answer to q, and returns the diagnosis Search gives when q has no
// itinerary as noRoute.
func (r *Router) compare(ctx context.Context, q Query, obj Objective, front *[]Itinerary) (out *Comparison, noRoute error, err error) {
	if d := r.At(q.Depart); d != r {
		return d.compare(ctx, q, obj, front)
	}
	if err := q.check(r.g); err != nil {
		return nil, nil, err
	}
	if err := r.checkEnds(&q); err != nil {
		return nil, nil, err
	}
	g := r.g
	out = &Comparison{Objective: obj.String()}
	tags := g.Corridors()
	best := make([]*Itinerary, len(tags))
	all := q
	all.MaxResults = 0
	// The best by obj comes from the exact front: thinning it (Margins) may
	// drop the cheapest or greenest itinerary for a near neighbour.
	all.Margins = Margins{}
	var thin *thinning
	if front != nil {
		thin = &thinning{margins: q.Margins, max: q.MaxResults, out: front}
	}
	found, used, err := r.searchBest(ctx, all, obj, best, thin)
	if err != nil {
		return nil, nil, err
	}
	if !found {
		// The diagnosis reads neither Margins nor MaxResults: it is the
		// one Search(q) gives.
		var nr *NoRouteError
		if err := r.diagnose(ctx, all); !errors.As(err, &nr) {
			return nil, nil, err
		}
		for _, c := range tags {
			if c.Tag != network.TagEurope {
				out.Corridors = append(out.Corridors, CorridorBest{Corridor: c.Tag, Name: c.Name, Infeasible: nr.Msg})
			}
		}
		return out, nr, nil
	}
	distribution := g.HasCorridor(network.TagEurope)
	own := make([]Query, len(tags))     // each corridor's own search
	ownFound := make([]bool, len(tags)) // whether it found any itinerary
	for j, c := range tags {
		if c.Tag == network.TagEurope {
			continue
		}
		x := all
		if p := network.PassageFor(c.Tag); p != network.NoPassage {
			x.excluded = network.AllPassages &^ (1 << p)
			if used&x.excluded == 0 && !r.searchAll {
				// Every itinerary of the exact front keeps off the passages
				// x excludes, so x's front is that front (each path x may
				// take is one of q's, dominated by a front itinerary x may
				// take too): its candidates are in best already.
				own[j], ownFound[j] = x, true
				continue
			}
		} else {
			x.Corridors = []string{c.Tag}
			if distribution {
				x.Corridors = append(x.Corridors, network.TagEurope)
			}
		}
		own[j] = x
		if ownFound[j], _, err = r.searchBest(ctx, x, obj, best, nil); err != nil {
			return nil, nil, err
		}
	}
	for j, c := range tags {
		if c.Tag == network.TagEurope {
			continue
		}
		cb := CorridorBest{Corridor: c.Tag, Name: c.Name, Best: best[j]}
		if best[j] == nil {
			msg, err := r.noCorridorMsg(ctx, own[j], c.Tag, c.Name, ownFound[j])
			if err != nil {
				return nil, nil, err
			}
			cb.Infeasible = msg
		}
		out.Corridors = append(out.Corridors, cb)
	}
	return out, nil, nil
}

// thinning asks searchBest for Search's answer as well: the exact front
// thinned by margins and cut to max itineraries (Search's steps), into out.
type thinning struct {
	margins Margins
	max     int
	out     *[]Itinerary
}

// searchBest runs q and classifies every itinerary of its Pareto front
// (from the labels, without building it); per corridor it builds the best
// by obj and puts it in best (indexed like the network's corridors) when
// best has none or a worse one. found says whether q has any itinerary.
// With thin non-nil (q's margins zero and no cut), it then builds the
// itineraries Search gives for q with thin's margins and cut. used has the
// bit 1<<p of every passage p an itinerary of the front makes.
func (r *Router) searchBest(ctx context.Context, q Query, obj Objective, best []*Itinerary, thin *thinning) (found bool, used uint8, err error) {
	ws := r.pool.Get().(*workspace)
	defer r.pool.Put(ws)
	p, err := r.run(ctx, ws, &q)
	if err != nil {
		return false, 0, err
	}
	ws.paretoResults()
	g, tags := r.g, r.g.Corridors()
	rate := q.TimeValueRate
	if rate == 0 {
		rate = DefaultTimeValueRate
	}
	key := func(l *label) float64 {
		switch obj {
		case Cheapest:
			return l.cost
		case Greenest:
			return l.co2
		case Generalised:
			return l.cost + q.Cargo.ValueUSD*rate*l.hours/8760
		}
		return l.hours
	}
	pick := make([]int32, len(tags))
	for j := range pick {
		pick[j] = -1
	}
	var path []network.LinkID
	for _, li := range ws.results {
		path = ws.linksBack(path, li)
		for _, l := range path {
			used |= 1 << r.passage[l]
		}
		c := Classify(g, path)
		for j := range tags {
			if tags[j].Tag == c {
				if pick[j] < 0 || key(&ws.labels[li]) < key(&ws.labels[pick[j]]) {
					pick[j] = li
				}
				break
			}
		}
	}
	for j, li := range pick {
		if li < 0 {
			continue
		}
		it := r.build(ws, p, li)
		if best[j] == nil || objectiveKey(&it.Total, obj) < objectiveKey(&best[j].Total, obj) {
			best[j] = &it
		}
	}
	if thin != nil && len(ws.results) > 0 {
		// Search's steps after its run, on the same labels: p.q is &q.
		q.Margins, q.MaxResults = thin.margins, thin.max
		ws.fuzzyResults(p)
		ws.keepLabels(p, q.MaxResults)
		its := make([]Itinerary, 0, len(ws.results))
		for _, li := range ws.results {
			its = append(its, r.build(ws, p, li))
		}
		*thin.out = selectResults(its, q.MaxResults)
	}
	return len(ws.results) > 0, used &^ 1, nil
}

// noCorridorMsg says why the corridor tag (named name) has no itinerary,
// as far as its own search x establishes it (found: whether x found any
// itinerary, of any corridor). When lifting one constraint of x would give
// it an itinerary classified as tag, it names that constraint (the
// diagnosis of Search, counting only such itineraries). Otherwise: when x
// found itineraries, every path of the corridor that x may take is
// dominated by one that is not of the corridor (none of the corridor's is
// on x's Pareto front), and the message says so rather than that no path
// exists; when x found none, or no path of x's links makes the corridor's
// passage (passageReachable: a closed canal), no path takes the corridor
// within x's restriction, and the message says whether the network has
// closed nodes or links. The restriction is named where it leaves paths of the
// corridor out: the passages of corridors that ClassifyCorridor ranks after
// tag (a Trans-Caspian path on to Tehran by road is middle, but the
// middle search keeps off Iran), or the links of other tags.
func (r *Router) noCorridorMsg(ctx context.Context, x Query, tag, name string, found bool) (string, error) {
	from, to := r.name(x.From), r.name(x.To)
	var nr *NoRouteError
	if err := r.diagnoseFor(ctx, x, tag); !errors.As(err, &nr) {
		return "", err
	}
	within := ""
	p := network.PassageFor(tag)
	switch {
	case p == network.NoPassage:
		within = " while keeping to its links"
	case x.excluded>>(p+1) != 0: // passages ranked after p, which its paths may make
		within = " without another corridor's passage"
	}
	var msg string
	switch {
	case nr.Constraint != "" && nr.Constraint != "corridors":
		msg = fmt.Sprintf("no path from %s to %s takes the %s: %s", from, to, name, nr.Msg)
	case found && (p == network.NoPassage || r.passageReachable(&x, p)):
		if within != "" {
			within = "," + within + ","
		}
		msg = fmt.Sprintf("every path from %s to %s by the %s%s is no faster, no cheaper and no greener than one that does not take it", from, to, name, within)
	default:
		msg = fmt.Sprintf("no path from %s to %s takes the %s%s", from, to, name, within)
		if r.hasClosures() {
			msg += ", with the closed nodes and links of this network"
		}
	}
	return msg, nil
}

// hasClosures reports whether a node or link of the network is closed.
func (r *Router) hasClosures() bool {
	for i := 0; i < r.g.NumNodes(); i++ {
		if r.g.Node(network.NodeID(i)).Closed {
			return true
		}
	}
	for i := 0; i < r.g.NumLinks(); i++ {
		if r.g.Link(network.LinkID(i)).Closed {
			return true
		}
	}
	return false
}

// objectiveKey is the figure of t that obj minimises.
func objectiveKey(t *Total, obj Objective) float64 {
	switch obj {
	case Cheapest:
		return t.CostUSD
	case Greenest:
		return t.CO2eKg
	case Generalised:
		return t.GeneralisedUSD
	}
	return t.Hours
}

// ObjectiveValue is the figure of t that obj minimises (hours, USD, kg
// CO2e or generalised USD).
func ObjectiveValue(t *Total, obj Objective) float64 { return objectiveKey(t, obj) }

// Best returns the itinerary of its that is best by obj; its must not be empty.
func Best(its []Itinerary, obj Objective) Itinerary {
	best := 0
	for i := range its {
		if objectiveKey(&its[i].Total, obj) < objectiveKey(&its[best].Total, obj) {
			best = i
		}
	}
	return its[best]
}
