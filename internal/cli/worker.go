package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"corridor/data/scenarios"
	"corridor/dist"
	"corridor/network"
	"corridor/route"
	"corridor/scenario"
	"corridor/sim"
	"corridor/store"
)

// simulationJob is the input of a queued simulation (the API's simulation body).
type simulationJob struct {
	route.Request
	Scenario string `json:"scenario,omitempty"`
	Runs     int    `json:"runs,omitempty"`
	Seed     uint64 `json:"seed,omitempty"`
	Deadline string `json:"deadline,omitempty"`
	Compare  bool   `json:"compare,omitempty"`
}

// sweepJob compares scenarios with the baseline over many origin–destination pairs.
type sweepJob struct {
	Scenarios []string        `json:"scenarios"`
	Pairs     []sweepPair     `json:"pairs"`
	Objective string          `json:"objective,omitempty"`
	Options   json.RawMessage `json:"options,omitempty"` // route request fields applied to every pair (cargo, modes, ...)
}

type sweepPair struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// sweepResult is one scenario × pair of a sweep.
type sweepResult struct {
	Scenario string                  `json:"scenario"`
	From     string                  `json:"from"`
	To       string                  `json:"to"`
	Error    string                  `json:"error,omitempty"`
	Diff     []scenario.CorridorDiff `json:"corridors,omitempty"`
}

// jobHandlers are the kinds of job a worker runs on network g.
func jobHandlers(g *network.Graph, st store.Store) map[string]dist.Handler {
	base := route.New(g)
	find := func(ctx context.Context, name string) (*scenario.Applied, *route.Router, error) {
		sc, err := lookupScenario(ctx, st, name)
		if err != nil {
			return nil, nil, err
		}
		a, err := scenario.Apply(g, sc)
		if err != nil {
			return nil, nil, err
		}
		return a, route.New(a.Graph), nil
	}
	return map[string]dist.Handler{
		"simulation": func(ctx context.Context, j dist.Job) (any, error) {
			var in simulationJob
			if err := strictJSON(j.Input, &in); err != nil {
				return nil, err
			}
			r, qg := base, g
			var settings *scenario.Settings
			if in.Scenario != "" {
				a, sr, err := find(ctx, in.Scenario)
				if err != nil {
					return nil, err
				}
				r, qg, settings = sr, a.Graph, &a.Settings
			}
			q, err := in.Query(qg, time.Now())
			if err != nil {
				return nil, err
			}
			if settings != nil {
				settings.ApplyTo(&q)
			}
			opt := sim.Options{Runs: in.Runs, Seed: in.Seed}
			if opt.Seed == 0 {
				opt.Seed = 1
			}
			if in.Deadline != "" {
				d, err := parseDay(in.Deadline)
				if err != nil {
					return nil, err
				}
				opt.Deadline = d
			}
			if in.Compare {
				return sim.Compare(ctx, r, q, opt)
			}
			res, _, err := sim.Simulate(ctx, r, q, opt)
			return res, err
		},
		"sweep": func(ctx context.Context, j dist.Job) (any, error) {
			var in sweepJob
			if err := strictJSON(j.Input, &in); err != nil {
				return nil, err
			}
			if len(in.Scenarios) == 0 || len(in.Pairs) == 0 {
				return nil, fmt.Errorf("a sweep needs scenarios and pairs")
			}
			obj := route.Fastest
			if in.Objective != "" {
				o, err := route.ParseObjective(in.Objective)
				if err != nil {
					return nil, err
				}
				obj = o
			}
			var out []sweepResult
			for _, name := range in.Scenarios {
				a, sr, err := find(ctx, name)
				if err != nil {
					return nil, err
				}
				for _, p := range in.Pairs {
					var req route.Request
					if len(in.Options) > 0 {
						if err := strictJSON(in.Options, &req); err != nil {
							return nil, fmt.Errorf("options: %w", err)
						}
					}
					req.From, req.To = p.From, p.To
					res := sweepResult{Scenario: name, From: p.From, To: p.To}
					q, err := req.Query(a.Graph, time.Now())
					if err == nil {
						var d *scenario.Diff
						d, err = scenario.Compare(ctx, base, a, sr, q, obj)
						if d != nil {
							res.Diff = d.Corridors
						}
					}
					if err != nil {
						if ctx.Err() != nil {
							return nil, ctx.Err()
						}
						res.Error = err.Error()
					}
					out = append(out, res)
				}
			}
			return out, nil
		},
	}
}

// lookupScenario finds a stored scenario, or a bundled one.
func lookupScenario(ctx context.Context, st store.Store, name string) (*scenario.Scenario, error) {
	if rec, err := st.GetScenario(ctx, name, 0); err == nil {
		return rec.Scenario, nil
	}
	if sc, ok := scenarios.Get(name); ok {
		return sc, nil
	}
	return nil, fmt.Errorf("no scenario %q in the store or among the bundled ones", name)
}

func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func parseDay(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("expected a date YYYY-MM-DD or an RFC 3339 time, got %q", s)
	}
	return t.UTC(), nil
}

func newWorkerCmd() *cobra.Command {
	var natsURL, dsn, dir string
	var ackWait time.Duration
	c := &cobra.Command{
		Use:   "worker --nats URL --db DSN",
		Short: "Run queued jobs (simulations, scenario sweeps) from a NATS JetStream work queue",
		Long: `Take jobs from the NATS JetStream work queue one at a time, run them on the network
(--network, default the bundled one) and write each result to the store (--db; use the
same PostgreSQL as the submitters). Run as many workers, on as many machines, as you like.
A worker that dies mid-job loses it to another worker when its lease (--ack-wait) ends.
Stops on SIGINT or SIGTERM; a job in progress then goes back to the queue.`,
		Example: `  corridor worker --nats nats://127.0.0.1:4222 --db postgres://corridor@db/corridor
  corridor submit sweep -f sweep.json --nats nats://127.0.0.1:4222 --db postgres://corridor@db/corridor --wait`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if natsURL == "" {
				return badInput("--nats URL is required")
			}
			g, name, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			q, err := dist.Connect(cmd.Context(), natsURL, dist.Options{AckWait: ackWait})
			if err != nil {
				return err
			}
			defer q.Close()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			fmt.Fprintf(cmd.OutOrStdout(), "corridor worker: %s, jobs from %s, results to %s\n", name, natsURL, storeName(dsn))
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return q.Work(ctx, st, jobHandlers(g, st), log)
		},
	}
	c.Flags().StringVar(&natsURL, "nats", os.Getenv("CORRIDOR_NATS"), "NATS server URL (default $CORRIDOR_NATS)")
	c.Flags().DurationVar(&ackWait, "ack-wait", 30*time.Second, "a job's lease: redelivered to another worker when not renewed in this time")
	dbFlag(c.Flags(), &dsn)
	networkFlag(c, &dir)
	return c
}

func newSubmitCmd() *cobra.Command {
	var natsURL, dsn, file string
	var wait bool
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "submit simulation|sweep -f FILE --nats URL --db DSN",
		Short: "Queue a job for the workers; print its run id (or, with --wait, its result)",
		Long: `Queue a simulation (the body of POST /api/v1/simulations) or a scenario sweep
({"scenarios": [...], "pairs": [{"from","to"}], "objective": "time", "options": {route fields}})
for 'corridor worker'. The job is stored as a run in --db; its result lands there.`,
		Example: `  corridor submit sweep -f sweep.json --nats nats://127.0.0.1:4222 --db postgres://corridor@db/corridor --wait
  corridor submit simulation -f sim.json --nats nats://127.0.0.1:4222 --db postgres://corridor@db/corridor`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			kind := a[0]
			if kind != "simulation" && kind != "sweep" {
				return badInput("unknown job kind %q (expected simulation or sweep)", kind)
			}
			if natsURL == "" || file == "" {
				return badInput("--nats URL and -f FILE are required")
			}
			b, err := os.ReadFile(file)
			if err != nil {
				return &exitError{ExitBadInput, err}
			}
			var probe any
			if kind == "sweep" {
				probe = &sweepJob{}
			} else {
				probe = &simulationJob{}
			}
			if err := strictJSON(b, probe); err != nil {
				return badInput("%s: %v", file, err)
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			q, err := dist.Connect(cmd.Context(), natsURL, dist.Options{})
			if err != nil {
				return err
			}
			defer q.Close()
			id, err := q.Submit(cmd.Context(), st, kind, json.RawMessage(b))
			if err != nil {
				return err
			}
			if !wait {
				fmt.Fprintln(cmd.OutOrStdout(), id)
				return nil
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			for {
				r, err := st.GetRun(ctx, id)
				if err != nil {
					return storeError(err)
				}
				switch r.Status {
				case store.RunDone:
					var v any
					_ = json.Unmarshal(r.Result, &v)
					return writeJSON(cmd.OutOrStdout(), map[string]any{"id": id, "status": r.Status, "result": v})
				case store.RunFailed:
					return fmt.Errorf("job %s failed: %s", id, r.Error)
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("job %s: no result within %s (it stays queued; see the run in the store)", id, timeout)
				case <-time.After(200 * time.Millisecond):
				}
			}
		},
	}
	c.Flags().StringVar(&natsURL, "nats", os.Getenv("CORRIDOR_NATS"), "NATS server URL (default $CORRIDOR_NATS)")
	c.Flags().StringVarP(&file, "file", "f", "", "the job's input (JSON)")
	c.Flags().BoolVar(&wait, "wait", false, "wait for the result and print it")
	c.Flags().DurationVar(&timeout, "timeout", 10*time.Minute, "longest --wait")
	dbFlag(c.Flags(), &dsn)
	return c
}
