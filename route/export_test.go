package route

import "context"

// SearchLabels runs the search without building itineraries and returns
// how many labels it created and how many arrived; for benchmarks and the
// allocation test.
func (r *Router) SearchLabels(ctx context.Context, q Query) (labels, arrived int) {
	ws := r.pool.Get().(*workspace)
	defer r.pool.Put(ws)
	if _, err := r.run(ctx, ws, &q); err != nil {
		return 0, 0
	}
	return len(ws.labels), len(ws.results)
}
