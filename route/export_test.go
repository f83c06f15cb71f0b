package route

import "context"

// Probe runs searches on one workspace of its own (not the pool, which the
// race detector empties at random), for benchmarks and the allocation test.
type Probe struct {
	r  *Router
	ws *workspace
}

// NewProbe returns a Probe for r.
func NewProbe(r *Router) *Probe { return &Probe{r, newWorkspace(r.g)} }

// Labels runs the search without building itineraries and returns how many
// labels it created and how many arrived.
func (p *Probe) Labels(ctx context.Context, q Query) (labels, arrived int) {
	if _, err := p.r.run(ctx, p.ws, &q); err != nil {
		return 0, 0
	}
	return len(p.ws.labels), len(p.ws.results)
}

// ColdLabels is Labels with the router's bounds cache emptied first, so that
// the search computes its lower bounds (three Dijkstra searches) again.
func (p *Probe) ColdLabels(ctx context.Context, q Query) (labels, arrived int) {
	p.r.clearBounds()
	return p.Labels(ctx, q)
}
