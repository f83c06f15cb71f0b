package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"corridor/store"
)

// The JetStream names.
const (
	StreamName    = "CORRIDOR_JOBS"
	SubjectPrefix = "corridor.jobs."
	ConsumerName  = "corridor-workers"
)

// Options configure a queue connection.
type Options struct {
	// AckWait is a job's lease: a worker that neither finishes nor renews it
	// within AckWait loses the job to another worker (default 30 s; the
	// worker renews it every AckWait/3 while it runs).
	AckWait time.Duration
	// MaxDeliver bounds the deliveries per job (default 5). A job that a
	// worker took MaxDeliver times without finishing it (each worker
	// stopped, crashed, panicked or lost its lease) is a dead letter: its
	// run is marked failed ("gave up after N deliveries: ...") and the
	// message is removed.
	MaxDeliver int
	// Replicas of the stream in a NATS cluster (default 1).
	Replicas int
	// SubmitOnly connects without creating or updating the worker
	// consumer, so that a submitter leaves the workers' AckWait and
	// MaxDeliver as they are.
	SubmitOnly bool
}

// Queue is a connection to the job queue.
type Queue struct {
	nc   *nats.Conn
	js   jetstream.JetStream
	cons jetstream.Consumer
	opt  Options
}

// Connect connects to NATS at url and makes sure the stream and the shared
// worker consumer exist.
func Connect(ctx context.Context, url string, opt Options) (*Queue, error) {
	if opt.AckWait <= 0 {
		opt.AckWait = 30 * time.Second
	}
	if opt.MaxDeliver <= 0 {
		opt.MaxDeliver = 5
	}
	if opt.Replicas <= 0 {
		opt.Replicas = 1
	}
	nc, err := nats.Connect(url, nats.Name("corridor"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("nats %s: %w", url, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	if _, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      StreamName,
		Subjects:  []string{SubjectPrefix + ">"},
		Retention: jetstream.WorkQueuePolicy,
		Storage:   jetstream.FileStorage,
		Replicas:  opt.Replicas,
		// Duplicate submissions of the same job id within an hour are dropped.
		Duplicates: time.Hour,
	}); err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream stream %s: %w", StreamName, err)
	}
	if opt.SubmitOnly {
		return &Queue{nc: nc, js: js, opt: opt}, nil
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, StreamName, jetstream.ConsumerConfig{
		Durable:       ConsumerName,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       opt.AckWait,
		MaxDeliver:    opt.MaxDeliver,
		MaxAckPending: 1000,
	})
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("jetstream consumer %s: %w", ConsumerName, err)
	}
	return &Queue{nc: nc, js: js, cons: cons, opt: opt}, nil
}

// Close closes the connection.
func (q *Queue) Close() { q.nc.Close() }

// Job is one unit of work as a worker receives it.
type Job struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Input   json.RawMessage `json:"input"`
	Attempt int             `json:"-"` // 1 on the first delivery
}

// Handler runs one kind of job and returns its result.
type Handler func(ctx context.Context, job Job) (any, error)

// Submit stores the job as a run (status "queued") and publishes it; it
// returns the run id under which the result will appear in the store.
func (q *Queue) Submit(ctx context.Context, st store.Store, kind string, input any) (string, error) {
	if strings.ContainsAny(kind, ". *>") || kind == "" {
		return "", fmt.Errorf("job kind %q: expected a word", kind)
	}
	in, err := json.Marshal(input)
	if err != nil {
		return "", err
	}
	id, err := st.CreateRun(ctx, store.Run{Kind: kind, Status: StatusQueued, Input: in})
	if err != nil {
		return "", fmt.Errorf("store the run: %w", err)
	}
	body, _ := json.Marshal(Job{ID: id, Kind: kind, Input: in})
	if _, err := q.js.Publish(ctx, SubjectPrefix+kind, body, jetstream.WithMsgID(id)); err != nil {
		_ = st.FinishRun(context.Background(), id, store.RunFailed, nil, "could not queue: "+err.Error())
		return "", fmt.Errorf("publish: %w", err)
	}
	return id, nil
}

// StatusQueued is a run waiting for a worker.
const StatusQueued = "queued"

// Work takes jobs until ctx ends: it runs each with the handler for its
// kind, stores the result (or the error) as the job's run, then
// acknowledges it. Jobs of kinds it has no handler for are left for other
// workers (negatively acknowledged after a delay).
func (q *Queue) Work(ctx context.Context, st store.Store, handlers map[string]Handler, log *slog.Logger) error {
	if q.cons == nil {
		return errors.New("queue: connected with SubmitOnly; workers need the consumer")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// JetStream announces each job that reached MaxDeliver; one worker of
	// the group marks its run failed.
	sub, err := q.nc.QueueSubscribe(MaxDeliveriesSubject, "corridor-dead-letters", func(m *nats.Msg) {
		q.deadLetter(st, log, m.Data)
	})
	if err != nil {
		return fmt.Errorf("subscribe to %s: %w", MaxDeliveriesSubject, err)
	}
	defer func() { _ = sub.Unsubscribe() }()
	for ctx.Err() == nil {
		batch, err := q.cons.Fetch(1, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			log.Warn("fetch", "err", err)
			time.Sleep(time.Second)
			continue
		}
		for msg := range batch.Messages() {
			q.handle(ctx, st, handlers, log, msg)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && ctx.Err() == nil {
			log.Warn("fetch batch", "err", err)
		}
	}
	return nil
}

// MaxDeliveriesSubject is JetStream's advisory for the worker consumer's
// jobs that reached MaxDeliver.
const MaxDeliveriesSubject = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + StreamName + "." + ConsumerName

// deadLetter marks failed the run of a job that reached MaxDeliver (data is
// the advisory) and removes its message.
func (q *Queue) deadLetter(st store.Store, log *slog.Logger, data []byte) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(data, &adv); err != nil || adv.StreamSeq == 0 {
		log.Error("max deliveries advisory not understood", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stream, err := q.js.Stream(ctx, StreamName)
	if err != nil {
		log.Error("dead letter", "seq", adv.StreamSeq, "err", err)
		return
	}
	raw, err := stream.GetMsg(ctx, adv.StreamSeq)
	if err != nil {
		log.Error("dead letter", "seq", adv.StreamSeq, "err", err) // another worker removed it
		return
	}
	var job Job
	if err := json.Unmarshal(raw.Data, &job); err == nil && job.ID != "" {
		run, err := st.GetRun(ctx, job.ID)
		if err != nil || (run.Status != store.RunDone && run.Status != store.RunFailed) {
			msg := fmt.Sprintf("gave up after %d deliveries: no worker finished it (each stopped, crashed or lost its lease)", adv.Deliveries)
			if err := st.FinishRun(ctx, job.ID, store.RunFailed, nil, msg); err != nil {
				log.Error("dead letter: store the failure", "id", job.ID, "err", err)
				return
			}
			log.Warn("job given up", "id", job.ID, "kind", job.Kind, "deliveries", adv.Deliveries)
		}
	}
	if err := stream.DeleteMsg(ctx, adv.StreamSeq); err != nil {
		log.Warn("dead letter: remove the message", "seq", adv.StreamSeq, "err", err)
	}
}

// runHandler runs h, turning a panic into an error.
func runHandler(ctx context.Context, h Handler, job Job) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return h(ctx, job)
}

func (q *Queue) handle(ctx context.Context, st store.Store, handlers map[string]Handler, log *slog.Logger, msg jetstream.Msg) {
	var job Job
	if err := json.Unmarshal(msg.Data(), &job); err != nil || job.ID == "" {
		log.Error("malformed job; dropped", "subject", msg.Subject(), "err", err)
		_ = msg.Term()
		return
	}
	if md, err := msg.Metadata(); err == nil {
		job.Attempt = int(md.NumDelivered)
	}
	h, ok := handlers[job.Kind]
	if !ok {
		_ = msg.NakWithDelay(5 * time.Second)
		return
	}
	// A finished run was done by another worker that died before its ack.
	if run, err := st.GetRun(ctx, job.ID); err == nil && (run.Status == store.RunDone || run.Status == store.RunFailed) {
		_ = msg.Ack()
		return
	}
	// Keep the lease while the job runs.
	jobCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		t := time.NewTicker(q.opt.AckWait / 3)
		defer t.Stop()
		for {
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	log.Info("job", "id", job.ID, "kind", job.Kind, "attempt", job.Attempt)
	start := time.Now()
	res, err := runHandler(jobCtx, h, job)
	if ctx.Err() != nil {
		return // shutting down: the job goes back to the queue when the lease ends
	}
	if err != nil && strings.HasPrefix(err.Error(), "panic: ") {
		// A panic may be this worker's fault: the job is tried again (up
		// to MaxDeliver, then given up with this reason).
		log.Error("job panicked", "id", job.ID, "attempt", job.Attempt, "err", err)
		if job.Attempt >= q.opt.MaxDeliver {
			msgText := fmt.Sprintf("gave up after %d deliveries: %s", job.Attempt, err)
			if err := st.FinishRun(context.Background(), job.ID, store.RunFailed, nil, msgText); err != nil {
				log.Error("store result", "id", job.ID, "err", err)
			}
			_ = msg.Term()
			return
		}
		_ = msg.NakWithDelay(time.Second)
		return
	}
	status, msgText := store.RunDone, ""
	var body json.RawMessage
	if err != nil {
		status, msgText = store.RunFailed, err.Error()
	} else if body, err = json.Marshal(res); err != nil {
		status, msgText = store.RunFailed, "encode result: "+err.Error()
	}
	if err := st.FinishRun(context.Background(), job.ID, status, body, msgText); err != nil {
		log.Error("store result; the job will be redelivered", "id", job.ID, "err", err)
		_ = msg.Nak()
		return
	}
	_ = msg.Ack()
	log.Info("job done", "id", job.ID, "status", status, "seconds", time.Since(start).Seconds())
}
