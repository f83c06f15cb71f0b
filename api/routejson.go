package api

import (
	"encoding/json"
	"net/http"
	"sync"

	"corridor/route"
	"corridor/service"
)

// routeBufs holds route answer buffers between requests (see jsonBufs).
var routeBufs = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// writeRoute answers a route search: what writeJSON writes, byte for byte,
// with the itineraries encoded by route.AppendItinerariesJSON instead of
// reflection (they are most of the answer and most of its encoding time).
// An answer it cannot encode goes to writeJSON, which logs it and answers
// 500.
func (s *Server) writeRoute(w http.ResponseWriter, r *http.Request, res *service.RouteResult) {
	bp := routeBufs.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= maxPooledJSON {
			routeBufs.Put(bp)
		}
	}()
	b, ok := appendRouteJSON((*bp)[:0], res)
	*bp = b
	if !ok {
		s.writeJSON(w, r, http.StatusOK, res)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

// appendRouteJSON appends res as json.Encoder writes it, newline included;
// ok is false where encoding/json would fail (a non-finite number).
func appendRouteJSON(b []byte, res *service.RouteResult) (out []byte, ok bool) {
	q, err := json.Marshal(res.Query)
	if err != nil {
		return b, false
	}
	b = append(b, `{"query":`...)
	b = append(b, q...)
	if len(res.Snaps) > 0 {
		sn, err := json.Marshal(res.Snaps)
		if err != nil {
			return b, false
		}
		b = append(b, `,"snaps":`...)
		b = append(b, sn...)
	}
	b = append(b, `,"itineraries":`...)
	if b, ok = route.AppendItinerariesJSON(b, res.Itineraries); !ok {
		return b, false
	}
	if res.EmissionsMethod != "" {
		m, _ := json.Marshal(res.EmissionsMethod)
		b = append(b, `,"emissions_method":`...)
		b = append(b, m...)
	}
	return append(b, '}', '\n'), true
}
