// Package cli implements the corridor command line: one cobra command per
// sub-command, each parsing its flags and calling the library packages.
// cmd/corridor only wires signals and the exit code to Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"corridor/data/eurasia"
	"corridor/network"
)

// Exit codes.
const (
	ExitOK       = 0
	ExitFailure  = 1 // the work failed (an invalid network, an I/O error)
	ExitBadInput = 2 // bad flags or arguments
)

// exitError carries an exit code with the error to print.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(format string, args ...any) error {
	return &exitError{ExitBadInput, fmt.Errorf(format, args...)}
}

// silent is an error whose message has already been printed.
type silent struct{ code int }

func (s silent) Error() string { return fmt.Sprintf("exit %d", s.code) }

// Main runs corridor with args (without the program name) and returns the
// process exit code. All output goes to stdout and stderr.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var s silent
	if errors.As(err, &s) {
		return s.code
	}
	fmt.Fprintln(stderr, "corridor:", err)
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	if isUsageError(err) {
		return ExitBadInput
	}
	return ExitFailure
}

// isUsageError reports whether cobra rejected the command line itself.
func isUsageError(err error) bool {
	var ue usageError
	return errors.As(err, &ue)
}

type usageError struct{ error }

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "corridor",
		Short: "Plan and compare freight routes across the China–Central Asia–Europe corridors",
		Long: `corridor plans freight across the trade corridors that link China, Central Asia
and Europe: the Middle Corridor (Trans-Caspian route), the Northern Corridor, the
sea routes via Suez or the Cape, and the INSTC. It ships a sourced network of
those corridors; every figure in it cites its source.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(newDataCmd(), newNodesCmd(), newRouteCmd(), newCompareCmd(), newServeCmd(), newSimulateCmd(), newAssignCmd())
	root.AddCommand(newScenarioCmd(), newWorkerCmd(), newSubmitCmd())
	return root
}

// networkFlag adds --network to a command.
func networkFlag(c *cobra.Command, dir *string) {
	c.Flags().StringVar(dir, "network", "", "network folder in the CSV format of docs/DATA.md (default: the bundled Eurasian network)")
}

// loadNetwork loads the folder dir, or the bundled network when dir is empty.
// A GeoJSON file (.geojson or .json) or a folder of TNTP files is imported
// with the defaults of 'corridor data import' (see import.go), stopping
// when ctx is done.
func loadNetwork(ctx context.Context, dir string) (*network.Graph, string, error) {
	if dir == "" {
		g, err := eurasia.Load()
		return g, eurasia.Name, err
	}
	if g, ok, err := loadImported(ctx, dir); ok {
		return g, dir, err
	}
	g, err := network.Load(dir)
	return g, dir, err
}

// checkFormat returns a bad-input error unless format is one of allowed.
func checkFormat(format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return badInput("unknown --format %q (expected one of %v)", format, allowed)
}

// args wraps a cobra argument check so that a wrong argument count is a
// usage error (exit 2).
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, a []string) error {
		if err := check(c, a); err != nil {
			return usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
		}
		return nil
	}
}
