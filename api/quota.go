package api

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of the job limits and the run retention (Config).
const (
	DefaultJobsPerMinute = 10
	DefaultRunsKeep      = 1000
	DefaultRunsMaxAge    = 30 * 24 * time.Hour
	runsPruneEvery       = time.Hour
)

// keyOK reports whether r carries the API key (X-API-Key or Authorization: Bearer).
func (s *Server) keyOK(r *http.Request) bool {
	key := r.Header.Get("X-API-Key")
	if auth := r.Header.Get("Authorization"); key == "" && strings.HasPrefix(auth, "Bearer ") {
		key = strings.TrimPrefix(auth, "Bearer ")
	}
	return subtle.ConstantTimeCompare([]byte(key), []byte(s.cfg.APIKey)) == 1
}

// jobAllowed admits a new job (a simulation, an assignment): with an API key
// configured the request must carry it; an open server (no key) admits
// JobsPerMinute jobs per client address and minute, then answers 429 with
// Retry-After.
func (s *Server) jobAllowed(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.APIKey != "" {
		if s.keyOK(r) {
			return true
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="corridor"`)
		writeProblem(w, r, Problem{Type: "/problems/unauthorized", Title: "Unauthorized", Status: http.StatusUnauthorized,
			Detail: "jobs need the API key in an X-API-Key or Authorization: Bearer header"})
		return false
	}
	if s.cfg.JobsPerMinute < 0 {
		return true
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if wait := s.quota.take(host, time.Now(), s.cfg.JobsPerMinute); wait > 0 {
		secs := int((wait + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeProblem(w, r, Problem{Type: "/problems/quota", Title: "Too many jobs", Status: http.StatusTooManyRequests,
			Detail: fmt.Sprintf("at most %d jobs a minute per client; try again in %d s", s.cfg.JobsPerMinute, secs)})
		return false
	}
	return true
}

// quota counts each client's job starts over the last minute.
type quota struct {
	mu     sync.Mutex
	starts map[string][]time.Time
}

// take records a start by client at now and returns 0, or, when the client
// has had limit starts in the last minute, how long until the oldest ages out.
func (q *quota) take(client string, now time.Time, limit int) time.Duration {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.starts == nil {
		q.starts = map[string][]time.Time{}
	}
	since := now.Add(-time.Minute)
	if len(q.starts) > 10_000 { // forget clients that have been quiet for a minute
		for c, ts := range q.starts {
			if len(ts) == 0 || ts[len(ts)-1].Before(since) {
				delete(q.starts, c)
			}
		}
	}
	ts := q.starts[client]
	i := 0
	for i < len(ts) && !ts[i].After(since) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= limit {
		q.starts[client] = ts
		return ts[0].Sub(since)
	}
	q.starts[client] = append(ts, now)
	return 0
}

// pruneRuns deletes stored runs beyond the retention now and then every
// hour, until the server is closed.
func (s *Server) pruneRuns() {
	if s.cfg.Store == nil || (s.cfg.RunsKeep < 0 && s.cfg.RunsMaxAge < 0) {
		return
	}
	prune := func() {
		keep, before := s.cfg.RunsKeep, time.Time{}
		if s.cfg.RunsMaxAge > 0 {
			before = time.Now().Add(-s.cfg.RunsMaxAge) // the store's clock, not Config.Now
		}
		ctx, cancel := context.WithTimeout(s.jobs.ctx, time.Minute)
		defer cancel()
		n, err := s.cfg.Store.PruneRuns(ctx, keep, before)
		if err != nil {
			if s.jobs.ctx.Err() == nil {
				s.cfg.Logger.Error("prune runs", "err", err)
			}
			return
		}
		if n > 0 {
			s.cfg.Logger.Info("pruned runs", "deleted", n, "keep", keep, "max_age", s.cfg.RunsMaxAge)
		}
	}
	go func() {
		prune()
		t := time.NewTicker(runsPruneEvery)
		defer t.Stop()
		for {
			select {
			case <-s.jobs.ctx.Done():
				return
			case <-t.C:
				prune()
			}
		}
	}()
}
