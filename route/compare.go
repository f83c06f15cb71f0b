package route

import (
	"context"
	"errors"
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
// distribution tag, the best itinerary by obj that stays on that corridor's
// links (plus European distribution links and untagged links).
func (r *Router) Compare(ctx context.Context, q Query, obj Objective) (*Comparison, error) {
	if err := q.check(r.g); err != nil {
		return nil, err
	}
	if err := r.checkEnds(&q); err != nil {
		return nil, err
	}
	out := &Comparison{Objective: obj.String()}
	distribution := false
	for _, c := range r.g.Corridors() {
		distribution = distribution || c.Tag == "europe"
	}
	for _, c := range r.g.Corridors() {
		if c.Tag == "europe" {
			continue
		}
		x := q
		x.Corridors = []string{c.Tag}
		if distribution {
			x.Corridors = append(x.Corridors, "europe")
		}
		x.MaxResults = 0
		its, err := r.Search(ctx, x)
		cb := CorridorBest{Corridor: c.Tag, Name: c.Name}
		var nr *NoRouteError
		switch {
		case errors.As(err, &nr):
			cb.Infeasible = nr.Msg
		case err != nil:
			return nil, err
		default:
			best := Best(its, obj)
			cb.Best = &best
		}
		out.Corridors = append(out.Corridors, cb)
	}
	return out, nil
}

// Best returns the itinerary of its that is best by obj; its must not be empty.
func Best(its []Itinerary, obj Objective) Itinerary {
	key := func(t *Total) float64 {
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
	best := 0
	for i := range its {
		if key(&its[i].Total) < key(&its[best].Total) {
			best = i
		}
	}
	return its[best]
}
