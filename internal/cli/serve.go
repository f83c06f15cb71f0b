package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"corridor/api"
	"corridor/queue"
	"corridor/web"
)

func newServeCmd() *cobra.Command {
	var (
		dir, addr   string
		timeout     time.Duration
		maxBody     int64
		heavy       int
		logFormat   string
		shutdownMax time.Duration
		dsn, apiKey string
		apiKeyFile  string
		jobsPerMin  int
		runsKeep    int
		runsMaxAge  time.Duration
		natsURL     string
	)
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the HTTP API and the web UI",
		Long: `Serve corridor's JSON API under /api/v1 (described at /api/openapi.json), the web UI
at /, /healthz and Prometheus /metrics. Stops gracefully on SIGINT or SIGTERM.
Set CORRIDOR_WEB_DIR to serve the UI from a folder (e.g. web/dist) instead of the
copy built into the binary.`,
		Example: `  corridor serve
  corridor serve --addr 127.0.0.1:9000 --network ./my-network
  curl -s localhost:8080/api/v1/route -d '{"from":"Xi''an","to":"Duisburg"}'`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			var h slog.Handler
			switch logFormat {
			case "text":
				h = slog.NewTextHandler(cmd.ErrOrStderr(), nil)
			case "json":
				h = slog.NewJSONHandler(cmd.ErrOrStderr(), nil)
			default:
				return badInput("unknown --log-format %q (expected text or json)", logFormat)
			}
			logger := slog.New(h)
			if os.Getenv("GOGC") == "" {
				// The heap is small (tens of MB) and every request allocates
				// its answer; collecting less often buys throughput cheaply.
				debug.SetGCPercent(400)
			}
			g, name, err := loadNetwork(cmd.Context(), dir)
			if err != nil {
				return err
			}
			setMemoryLimit(logger)
			var ui fs.FS = web.Assets()
			if d := os.Getenv("CORRIDOR_WEB_DIR"); d != "" {
				ui = os.DirFS(d)
			}
			st, err := openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			apiKey, err := readAPIKey(apiKey, apiKeyFile)
			if err != nil {
				return err
			}
			var q *queue.Queue
			if natsURL != "" {
				if q, err = queue.Connect(cmd.Context(), natsURL, queue.Options{SubmitOnly: true}); err != nil {
					return redactedError(err, natsURL)
				}
				defer q.Close()
			}
			srv := api.New(api.Config{Graph: g, NetworkName: name, Logger: logger, SearchTimeout: timeout, HeavySearches: heavy, MaxBodyBytes: maxBody, Web: ui,
				Store: st, APIKey: apiKey, JobsPerMinute: orNoLimit(jobsPerMin), RunsKeep: orNoLimit(runsKeep), RunsMaxAge: orNoLimit(runsMaxAge), Queue: q})
			if n, err := srv.ResumeResilience(cmd.Context()); err != nil {
				return err
			} else if n > 0 {
				logger.Info("resumed resilience analyses left running", "count", n)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", addr, err)
			}
			// Requests (server-sent event streams above all) derive their
			// context from base: cancelling it on shutdown ends the streams.
			base, cancelBase := context.WithCancel(context.Background())
			defer cancelBase()
			hs := &http.Server{
				Handler:           srv.Handler(),
				BaseContext:       func(net.Listener) context.Context { return base },
				ReadHeaderTimeout: 5 * time.Second,
				ReadTimeout:       15 * time.Second,
				WriteTimeout:      timeout + 20*time.Second,
				IdleTimeout:       120 * time.Second,
				ErrorLog:          slog.NewLogLogger(h, slog.LevelWarn),
			}
			uiState := "built in"
			if os.Getenv("CORRIDOR_WEB_DIR") != "" {
				uiState = "from " + os.Getenv("CORRIDOR_WEB_DIR")
			}
			if ui == nil {
				uiState = "not built (run make run)"
			}
			writes := fmt.Sprintf("read-only, jobs for anyone (no --api-key; %d a minute per client)", jobsPerMin)
			if jobsPerMin == 0 {
				writes = "read-only, jobs for anyone (no --api-key)"
			}
			if apiKey != "" {
				writes = "writes and jobs need the API key"
			}
			fmt.Fprintf(cmd.OutOrStdout(), "corridor: serving %s (%d nodes) on http://%s (UI %s; store %s, %s)\n", name, g.NumNodes(), ln.Addr(), uiState, storeName(dsn), writes)
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-cmd.Context().Done():
			}
			logger.Info("shutting down", "grace", shutdownMax)
			ctx, cancel := context.WithTimeout(context.Background(), shutdownMax)
			defer cancel()
			// Stop taking requests; cancel the jobs (their runs are marked
			// cancelled and their event streams get the final event); then
			// end whatever still holds a connection, so that shutdown does
			// not wait out the grace period; the store closes last.
			shut := make(chan error, 1)
			go func() { shut <- hs.Shutdown(ctx) }()
			jobsErr := srv.Close(ctx)
			cancelBase()
			if err := <-shut; err != nil {
				return fmt.Errorf("shutdown: %w", err)
			}
			if jobsErr != nil {
				return fmt.Errorf("shutdown: %w", jobsErr)
			}
			if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	networkFlag(c, &dir)
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	c.Flags().DurationVar(&timeout, "search-timeout", 10*time.Second, "longest a route or compare search may run")
	c.Flags().IntVar(&heavy, "heavy-searches", api.DefaultHeavySearches(), "comparisons and scenario diffs computed at once (others wait up to --search-timeout, then 503); route searches never wait for them")
	c.Flags().Int64Var(&maxBody, "max-body", 1<<20, "largest request body in bytes")
	c.Flags().StringVar(&logFormat, "log-format", "text", "access log format on stderr: text or json")
	c.Flags().DurationVar(&shutdownMax, "shutdown-timeout", 10*time.Second, "how long to wait for requests in flight when stopping")
	dbFlag(c.Flags(), &dsn)
	c.Flags().StringVar(&natsURL, "nats", "", "NATS URL: run resilience analyses on workers (corridor worker) through JetStream, one task per case; needs --db shared with the workers")
	c.Flags().StringVar(&apiKey, "api-key", "", "key that writes (scenarios, simulation and assignment jobs) must present; prefer --api-key-file "+
		"or $CORRIDOR_API_KEY (a command line is visible to every user); none = a read-only store, jobs for anyone within --jobs-per-minute")
	c.Flags().StringVar(&apiKeyFile, "api-key-file", "", "file holding the API key (default $CORRIDOR_API_KEY_FILE)")
	c.Flags().IntVar(&jobsPerMin, "jobs-per-minute", api.DefaultJobsPerMinute, "without --api-key: jobs a client (by address) may start a minute; 0 = no limit")
	c.Flags().IntVar(&runsKeep, "runs-keep", api.DefaultRunsKeep, "keep the newest N finished runs (job inputs and results) in the store; 0 = no limit")
	c.Flags().DurationVar(&runsMaxAge, "runs-max-age", api.DefaultRunsMaxAge, "delete finished runs older than this (checked at start and hourly); 0 = no limit")
	return c
}

// readAPIKey picks the API key: --api-key, else the file named by
// --api-key-file, else $CORRIDOR_API_KEY, else the file named by
// $CORRIDOR_API_KEY_FILE; none is read-only. A file's surrounding
// whitespace (its final newline) is not part of the key.
func readAPIKey(flagKey, flagFile string) (string, error) {
	if flagKey != "" {
		if flagFile != "" {
			return "", badInput("give --api-key or --api-key-file, not both")
		}
		return flagKey, nil
	}
	file := flagFile
	if file == "" {
		if k := os.Getenv("CORRIDOR_API_KEY"); k != "" {
			return k, nil
		}
		file = os.Getenv("CORRIDOR_API_KEY_FILE")
	}
	if file == "" {
		return "", nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", badInput("API key file: %v", err)
	}
	k := strings.TrimSpace(string(b))
	if k == "" {
		return "", badInput("API key file %s is empty", file)
	}
	return k, nil

}

// orNoLimit maps a flag's 0 (no limit) to api.Config's negative.
func orNoLimit[T int | time.Duration](v T) T {
	if v == 0 {
		return -1
	}
	return v
}

// setMemoryLimit gives the Go runtime a soft memory limit when GOMEMLIMIT
// is not set: six times the heap the loaded network takes, at least 512
// MiB. With GOGC at 400 the heap may otherwise grow to five times what is
// live before a collection; the limit makes the server collect earlier once
// its caches (applied scenarios, lower bounds) have filled, so its memory
// levels off instead of creeping up to that ceiling.
func setMemoryLimit(logger *slog.Logger) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	limit := max(int64(512<<20), 6*int64(ms.HeapAlloc))
	debug.SetMemoryLimit(limit)
	logger.Info("memory limit", "MiB", limit>>20, "heap_after_load_MiB", ms.HeapAlloc>>20)
}
