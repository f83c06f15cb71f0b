package queue

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"corridor/resilience"
	"corridor/service"
	"corridor/store"
)

// KindResilienceTask is one case of a resilience analysis run by a worker.
const KindResilienceTask = "resilience_task"

// ResilienceTask is the input of a resilience task: the analysis's request
// (every worker prepares the same plan from it: the baseline is
// deterministic) and the index of the case to solve.
type ResilienceTask struct {
	Parent  string                    `json:"parent"`
	Request service.ResilienceRequest `json:"request"`
	Case    int                       `json:"case"`
	Cases   int                       `json:"cases"` // the number of cases the submitter's plan has
}

// TaskID is the run id of case i of the analysis parent: fixed, so that a
// submitter that restarts finds the tasks already queued or done.
func TaskID(parent string, i int) string { return parent + "-" + strconv.Itoa(i) }

// planCache keeps the plans a worker prepared, by request, so that the
// tasks of one analysis share its baseline.
type planCache struct {
	mu    sync.Mutex
	plans map[[32]byte]*service.ResiliencePlan
	order [][32]byte
}

const plansKept = 4

func (c *planCache) get(ctx context.Context, svc *service.Service, req service.ResilienceRequest) (*service.ResiliencePlan, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(b)
	c.mu.Lock()
	defer c.mu.Unlock() // one preparation at a time: the others wait for it
	if p, ok := c.plans[key]; ok {
		return p, nil
	}
	p, err := svc.PrepareResilience(ctx, req)
	if err != nil {
		return nil, err
	}
	if c.plans == nil {
		c.plans = map[[32]byte]*service.ResiliencePlan{}
	}
	c.plans[key] = p
	c.order = append(c.order, key)
	if len(c.order) > plansKept {
		delete(c.plans, c.order[0])
		c.order = c.order[1:]
	}
	return p, nil
}

func (c *planCache) handler(svc *service.Service) Handler {
	return func(ctx context.Context, j Job) (any, error) {
		var t ResilienceTask
		if err := json.Unmarshal(j.Input, &t); err != nil {
			return nil, fmt.Errorf("resilience task: %w", err)
		}
		p, err := c.get(ctx, svc, t.Request)
		if err != nil {
			return nil, err
		}
		if len(p.Cases) != t.Cases {
			return nil, fmt.Errorf("resilience task: this worker's network gives %d cases, the submitter's %d: run workers on the same network", len(p.Cases), t.Cases)
		}
		return p.SolveCase(ctx, t.Case)
	}
}

// SubmitResilience queues one task per case of plan, as analysis parent
// (the id of the analysis's own run), skipping tasks already stored (a
// restarted submitter resubmits only what is missing; JetStream drops a
// message published twice within its duplicate window).
func (q *Queue) SubmitResilience(ctx context.Context, st store.Store, parent string, req service.ResilienceRequest, plan *service.ResiliencePlan) error {
	for i := range plan.Cases {
		id := TaskID(parent, i)
		if _, err := st.GetRun(ctx, id); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("read task %s: %w", id, err)
		}
		in, err := json.Marshal(ResilienceTask{Parent: parent, Request: req, Case: i, Cases: len(plan.Cases)})
		if err != nil {
			return err
		}
		if _, err := st.CreateRun(ctx, store.Run{ID: id, Kind: KindResilienceTask, Status: StatusQueued, Input: in}); err != nil {
			return fmt.Errorf("store task %s: %w", id, err)
		}
		body, _ := json.Marshal(Job{ID: id, Kind: KindResilienceTask, Input: in})
		if _, err := q.js.Publish(ctx, SubjectPrefix+KindResilienceTask, body, jetstream.WithMsgID(id)); err != nil {
			return fmt.Errorf("publish task %s: %w", id, err)
		}
	}
	return nil
}

// AwaitResilience waits until every task of the analysis parent has a
// stored result, reporting progress, and ranks the outcomes into the
// report. A task that failed becomes an outcome with its error (ranked
// last). It polls the store every interval (default 250 ms).
func AwaitResilience(ctx context.Context, st store.Store, parent string, plan *service.ResiliencePlan, interval time.Duration, progress func(done, total int)) (*resilience.Report, error) {
	if interval <= 0 {
		interval = 250 * time.Millisecond
	}
	t0 := time.Now()
	n := len(plan.Cases)
	outs := make([]resilience.Outcome, n)
	have := make([]bool, n)
	done := 0
	for {
		for i := range n {
			if have[i] {
				continue
			}
			run, err := st.GetRun(ctx, TaskID(parent, i))
			if err != nil {
				if errors.Is(err, store.ErrNotFound) {
					return nil, fmt.Errorf("task %s is missing from the store", TaskID(parent, i))
				}
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				continue // an outage: try again at the next poll
			}
			switch run.Status {
			case store.RunDone:
				if err := json.Unmarshal(run.Result, &outs[i]); err != nil {
					return nil, fmt.Errorf("task %s: result: %w", run.ID, err)
				}
			case store.RunFailed, store.RunCancelled:
				outs[i] = resilience.Outcome{Case: plan.Cases[i], Error: run.Error}
			default:
				continue
			}
			outs[i].Links, outs[i].Nodes = plan.Cases[i].Links, plan.Cases[i].Nodes
			have[i] = true
			done++
			if progress != nil {
				progress(done, n)
			}
		}
		if done == n {
			return plan.Report(outs, time.Since(t0).Seconds()), nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(interval):
		}
	}
}
