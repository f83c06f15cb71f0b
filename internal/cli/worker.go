package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"corridor/queue"
	"corridor/service"
	"corridor/store"
)

func newWorkerCmd() *cobra.Command {
	var natsURL, dsn, dir string
	var ackWait time.Duration
	var maxDeliver int
	c := &cobra.Command{
		Use:   "worker --nats URL --db DSN",
		Short: "Run queued jobs (simulations, scenario sweeps) from a NATS JetStream work queue",
		Long: `Take jobs from the NATS JetStream work queue one at a time, run them on the network
(--network, default the bundled one) and write each result to the store (--db; use the
same PostgreSQL as the submitters). Run as many workers, on as many machines, as you like.
A worker that dies mid-job loses it to another worker when its lease (--ack-wait) ends;
a job delivered --max-deliver times without finishing is given up: its run fails with the reason.
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
			q, err := queue.Connect(cmd.Context(), natsURL, queue.Options{AckWait: ackWait, MaxDeliver: maxDeliver})
			if err != nil {
				return redactedError(err, natsURL)
			}
			defer q.Close()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			fmt.Fprintf(cmd.OutOrStdout(), "corridor worker: %s, jobs from %s, results to %s\n", name, redactURL(natsURL), storeName(dsn))
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			svc := service.New(service.Config{Graph: g, Store: st})
			return q.Work(ctx, st, queue.Handlers(svc), log)
		},
	}
	c.Flags().StringVar(&natsURL, "nats", os.Getenv("CORRIDOR_NATS"), "NATS server URL (default $CORRIDOR_NATS)")
	c.Flags().DurationVar(&ackWait, "ack-wait", 30*time.Second, "a job's lease: redelivered to another worker when not renewed in this time")
	c.Flags().IntVar(&maxDeliver, "max-deliver", 5, "deliveries of a job before it is given up (its run marked failed)")
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
			if natsURL == "" || file == "" {
				return badInput("--nats URL and -f FILE are required")
			}
			b, err := os.ReadFile(file)
			if err != nil {
				return invalid(err)
			}
			if _, err := queue.DecodeInput(kind, b); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			q, err := queue.Connect(cmd.Context(), natsURL, queue.Options{SubmitOnly: true})
			if err != nil {
				return redactedError(err, natsURL)
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
					return service.StoreError(err)
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
