package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"corridor/errcode"
	"corridor/service"
	"corridor/store"
)

// job is a long computation run in the background (a simulation): its
// progress is followed with GET .../{id} or as server-sent events.
type job struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Status  string          `json:"status"` // running, done, failed, cancelled
	Done    int             `json:"done"`
	Total   int             `json:"total"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   string          `json:"error,omitempty"`
	Created time.Time       `json:"created_at"`

	mu   sync.Mutex
	subs map[chan jobEvent]bool
}

// jobEvent is one server-sent event.
type jobEvent struct {
	name string // progress, done, failed
	data []byte
}

// jobs holds the server's recent jobs in memory (their results are also
// stored as runs when the server has a store).
type jobs struct {
	mu      sync.Mutex
	m       map[string]*job
	order   []string
	running int
	closed  bool

	// ctx is the parent of every job's context; Close cancels it and
	// waits for the jobs (wg) to end.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func (js *jobs) init() {
	js.ctx, js.cancel = context.WithCancel(context.Background())
	js.m = map[string]*job{}
}

// Close cancels the running jobs and waits until they have ended and their
// runs are marked cancelled in the store, or until ctx ends. New jobs are
// refused from the first call on. Close the store only after Close.
func (s *Server) Close(ctx context.Context) error {
	js := &s.jobs
	js.mu.Lock()
	js.closed = true
	js.mu.Unlock()
	js.cancel()
	done := make(chan struct{})
	go func() {
		js.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("jobs still running after shutdown began: %w", ctx.Err())
	}
}

// errShuttingDown refuses jobs once Close has been called.
var errShuttingDown = errcode.New(errcode.Unavailable, "the server is shutting down; try again when it is back")

const (
	maxJobsKept    = 256
	maxJobsRunning = 2
	jobTimeout     = 10 * time.Minute
)

func newJobID() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// start runs fn in the background as a new job, unless too many run already.
// progress reports done (of the job's total) and, optionally, details
// that the progress event carries (an assignment's gap, for instance).
func (s *Server) startJob(kind string, input any, total int, fn func(ctx context.Context, progress service.Progress) (any, error)) (*job, error) {
	return s.startJobWith(jobOptions{}, kind, input, total, fn)
}

// jobOptions vary startJob: ID gives the job's id (a new one when empty);
// Resumed picks up a run already in the store (not created again, not
// refused for the running limit); Detached is a job whose work runs on
// workers: when the server shuts down, its run stays "running" in the
// store so that the next server picks it up, instead of "cancelled".
type jobOptions struct {
	ID                string
	Resumed, Detached bool
}

func (s *Server) startJobWith(o jobOptions, kind string, input any, total int, fn func(ctx context.Context, progress service.Progress) (any, error)) (*job, error) {
	js := &s.jobs
	js.mu.Lock()
	if js.closed {
		js.mu.Unlock()
		return nil, errShuttingDown
	}
	if js.running >= maxJobsRunning && !o.Resumed {
		js.mu.Unlock()
		return nil, fmt.Errorf("%d jobs are running already; try again when one finishes", maxJobsRunning)
	}
	js.running++
	js.wg.Add(1)
	if o.ID == "" {
		o.ID = newJobID()
	}
	j := &job{ID: o.ID, Kind: kind, Status: store.RunRunning, Total: total, Created: s.cfg.Now().UTC(), subs: map[chan jobEvent]bool{}}
	js.m[j.ID] = j
	js.order = append(js.order, j.ID)
	if len(js.order) > maxJobsKept {
		delete(js.m, js.order[0])
		js.order = js.order[1:]
	}
	js.mu.Unlock()

	if s.cfg.Store != nil && !o.Resumed {
		in, _ := json.Marshal(input)
		if _, err := s.cfg.Store.CreateRun(js.ctx, store.Run{ID: j.ID, Kind: kind, Input: in}); err != nil {
			s.cfg.Logger.Error("store run", "id", j.ID, "err", err)
		}
	}
	go func() {
		defer js.wg.Done()
		defer func() {
			js.mu.Lock()
			js.running--
			js.mu.Unlock()
		}()
		ctx, cancel := context.WithTimeout(js.ctx, jobTimeout)
		defer cancel()
		var last time.Time
		res, err := fn(ctx, func(st service.Step) {
			j.mu.Lock()
			j.Done = st.Done
			now := time.Now()
			if now.Sub(last) < 100*time.Millisecond && st.Done < j.Total {
				j.mu.Unlock()
				return // at most ten progress events a second
			}
			last = now
			ev := map[string]any{"done": st.Done, "total": j.Total}
			if st.Assignment {
				ev["relative_gap"], ev["objective"] = st.RelativeGap, st.Objective
			}
			data, _ := json.Marshal(ev)
			j.broadcast(jobEvent{"progress", data})
			j.mu.Unlock()
		})
		j.mu.Lock()
		switch {
		case err != nil && js.ctx.Err() != nil:
			j.Status, j.Error = store.RunCancelled, "the server shut down before the job finished"
		case err != nil:
			j.Status, j.Error = store.RunFailed, err.Error()
		default:
			// A job is done only with its result: one that cannot be
			// encoded fails with the reason.
			if b, err := json.Marshal(res); err != nil {
				j.Status, j.Error = store.RunFailed, "encode the result: "+err.Error()
			} else {
				j.Status, j.Done, j.Result = store.RunDone, j.Total, b
			}
		}
		// Subscribers see their channel close and send the final state themselves.
		for ch := range j.subs {
			close(ch)
		}
		j.subs = nil
		status, result, msg := j.Status, j.Result, j.Error
		j.mu.Unlock()
		if o.Detached && status == store.RunCancelled {
			return // the workers go on; the next server picks the run up
		}
		if s.cfg.Store != nil {
			// The job's own context may be cancelled: the final state is
			// written on a fresh one, bounded.
			wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer wcancel()
			if err := s.cfg.Store.FinishRun(wctx, j.ID, status, result, msg); err != nil {
				s.cfg.Logger.Error("store run", "id", j.ID, "err", err)
			}
		}
	}()
	return j, nil
}

// broadcast sends ev to every subscriber that keeps up (mu held).
func (j *job) broadcast(ev jobEvent) {
	for ch := range j.subs {
		select {
		case ch <- ev:
		default: // a slow reader misses a progress event; the final state is sent on close
		}
	}
}

// snapshotLocked copies the job's public state (mu held).
func (j *job) snapshotLocked() map[string]any {
	out := map[string]any{"id": j.ID, "kind": j.Kind, "status": j.Status, "done": j.Done, "total": j.Total, "created_at": j.Created}
	if len(j.Result) > 0 {
		out["result"] = j.Result
	}
	if j.Error != "" {
		out["error"] = j.Error
	}
	return out
}

// findJob returns a job from memory, or a finished one from the store.
func (s *Server) findJob(r *http.Request, kind string) (map[string]any, *job, error) {
	id := r.PathValue("id")
	s.jobs.mu.Lock()
	j, ok := s.jobs.m[id]
	s.jobs.mu.Unlock()
	if ok && j.Kind == kind {
		j.mu.Lock()
		defer j.mu.Unlock()
		return j.snapshotLocked(), j, nil
	}
	notFound := errcode.New(errcode.NotFound, "no %s %s", kind, id)
	if s.cfg.Store == nil {
		return nil, nil, notFound
	}
	run, err := s.cfg.Store.GetRun(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, nil, notFound
	case err != nil:
		// An outage is not "no such job": 503, so that the client retries.
		s.cfg.Logger.Warn("read run", "id", id, "err", err)
		return nil, nil, service.StoreError(err)
	case run.Kind != kind:
		return nil, nil, notFound
	}
	out := map[string]any{"id": run.ID, "kind": run.Kind, "status": run.Status, "created_at": run.CreatedAt}
	if len(run.Result) > 0 {
		out["result"] = run.Result
	}
	if run.Error != "" {
		out["error"] = run.Error
	}
	return out, nil, nil
}

// streamJob serves a job's progress as server-sent events: progress events
// {done,total}, then one done or failed event carrying the job's state.
func (s *Server) streamJob(w http.ResponseWriter, r *http.Request, kind string) {
	snap, j, err := s.findJob(r, kind)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	send := func(name string, data []byte) {
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
		_ = rc.Flush()
	}
	var ch chan jobEvent
	if j != nil {
		j.mu.Lock()
		if j.subs != nil {
			ch = make(chan jobEvent, 16)
			j.subs[ch] = true
		}
		snap = j.snapshotLocked()
		j.mu.Unlock()
	}
	if ch == nil { // already finished
		data, _ := json.Marshal(snap)
		send(fmt.Sprint(snap["status"]), data)
		return
	}
	defer func() {
		j.mu.Lock()
		if j.subs != nil {
			delete(j.subs, ch)
		}
		j.mu.Unlock()
	}()
	data, _ := json.Marshal(map[string]any{"done": snap["done"], "total": snap["total"]})
	send("progress", data)
	for {
		select {
		case ev, open := <-ch:
			if !open {
				j.mu.Lock()
				final := j.snapshotLocked()
				j.mu.Unlock()
				data, _ := json.Marshal(final)
				send(fmt.Sprint(final["status"]), data)
				return
			}
			send(ev.name, ev.data)
		case <-r.Context().Done():
			return
		}
	}
}

// getJob answers GET .../{id} for jobs of one kind: the state and, when
// done, the result.
func (s *Server) getJob(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		snap, _, err := s.findJob(r, kind)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, snap)
	}
}

// jobEvents answers GET .../{id}/events for jobs of one kind.
func (s *Server) jobEvents(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.streamJob(w, r, kind) }
}
