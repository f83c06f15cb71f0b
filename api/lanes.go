package api

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strconv"
	"time"
)

// heavyLane bounds how many multi-search requests (compare runs one search
// per corridor, a scenario diff two fronts) compute at once, so that they
// queue among themselves instead of taking every core from single route
// searches: a route request never waits for the lane. A request that cannot
// get a slot within its wait bound is answered 503 with Retry-After.
type heavyLane struct {
	slots chan struct{}
	wait  time.Duration
}

// DefaultHeavySearches is the default number of compare/diff requests
// computed at once: half the cores, at least one.
func DefaultHeavySearches() int { return max(1, runtime.GOMAXPROCS(0)/2) }

func newHeavyLane(n int, wait time.Duration) *heavyLane {
	return &heavyLane{slots: make(chan struct{}, n), wait: wait}
}

// errLaneBusy is returned when no slot freed within the wait bound.
var errLaneBusy = errors.New("too many comparisons and scenario diffs are being computed")

// acquire takes a slot; release it with the returned function.
func (l *heavyLane) acquire(ctx context.Context) (func(), error) {
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, errLaneBusy
	}
}

func (l *heavyLane) release() { <-l.slots }

// enterHeavy takes a heavy-lane slot for r, or answers 503 (busy) or lets a
// gone client go, and reports whether the handler may go on.
func (s *Server) enterHeavy(w http.ResponseWriter, r *http.Request) (func(), bool) {
	release, err := s.heavy.acquire(r.Context())
	if err == nil {
		return release, true
	}
	if errors.Is(err, errLaneBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.heavy.wait.Seconds()))))
		writeProblem(w, r, Problem{Type: "/problems/busy", Title: "Server busy", Status: http.StatusServiceUnavailable,
			Detail: errLaneBusy.Error() + "; retry shortly (single route searches are not affected)"})
	}
	return nil, false
}
