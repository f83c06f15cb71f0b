// Package cli implements the corridor command line: one cobra command per
// sub-command, each parsing its flags and calling the library packages.
// cmd/corridor only wires signals and the exit code to Main.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"corridor/data/eurasia"
	"corridor/errcode"
	"corridor/network"
)

// Exit codes. Every error carries an errcode.Code; exitCode maps codes to
// exit codes, in this one place.
const (
	ExitOK       = 0
	ExitFailure  = 1 // the work failed: I/O, an unreachable store, an internal error
	ExitBadInput = 2 // bad flags, arguments or input; an unknown place or scenario
	ExitNoRoute  = 3 // no itinerary satisfies the constraints
	ExitConflict = 4 // a store write conflicts: the name is taken, or a newer version was saved
	ExitCheck    = 5 // corridor data check: the share of observations in range is below its threshold
)

// belowThreshold is the error of a data check below its threshold (ExitCheck).
type belowThreshold struct{ msg string }

func (b belowThreshold) Error() string { return b.msg }

// exitCode maps an error code to the process exit code.
func exitCode(c errcode.Code) int {
	switch c {
	case errcode.Invalid, errcode.NotFound:
		return ExitBadInput
	case errcode.NoRoute:
		return ExitNoRoute
	case errcode.Conflict:
		return ExitConflict
	}
	return ExitFailure // internal, unavailable
}

// badInput returns an errcode.Invalid error (exit 2).
func badInput(format string, args ...any) error {
	return errcode.New(errcode.Invalid, format, args...)
}

// invalid marks err, from reading the user's input, as errcode.Invalid
// unless it carries a code already.
func invalid(err error) error {
	if err == nil || errcode.Of(err) != errcode.Internal {
		return err
	}
	return errcode.Wrap(errcode.Invalid, err)
}

// silent is an error whose message has already been printed.
type silent struct{ code errcode.Code }

func (s silent) Error() string           { return "exit " + s.code.String() }
func (s silent) ErrorCode() errcode.Code { return s.code }

// Main runs corridor with args (without the program name) and returns the
// process exit code. All output goes to stdout and stderr.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	if isUsageError(err) {
		fmt.Fprintln(stderr, "corridor:", err)
		return ExitBadInput
	}
	var bt belowThreshold
	if errors.As(err, &bt) {
		fmt.Fprintln(stderr, "corridor:", bt.msg)
		return ExitCheck
	}
	code := errcode.Of(err)
	var s silent
	if !errors.As(err, &s) {
		msg := err.Error()
		if code == errcode.NoRoute && !strings.HasPrefix(msg, "no feasible route") {
			msg = "no feasible route: " + msg
		}
		for _, line := range strings.Split(msg, "\n") {
			fmt.Fprintln(stderr, "corridor:", flagField(cmd, line))
		}
	}
	return exitCode(code)
}

// flagField names the field a message starts with ("cargo.feu: must be at
// least 1") as the command's flag ("--feu: must be at least 1") when the
// command has that flag: the library and the API speak of request fields,
// a command-line user typed flags.
func flagField(cmd *cobra.Command, line string) string {
	field, rest, ok := strings.Cut(line, ": ")
	if !ok || cmd == nil || strings.ContainsAny(field, " \"'") {
		return line
	}
	name := strings.ReplaceAll(strings.TrimPrefix(field, "cargo."), "_", "-")
	if cmd.Flags().Lookup(name) == nil {
		return line
	}
	return "--" + name + ": " + rest
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
those corridors; every figure in it cites its source.

` + wrap(exitCodeSummary(), 80),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newDataCmd(), newNodesCmd(), newRouteCmd(), newCompareCmd(), newServeCmd(), newSimulateCmd(), newAssignCmd())
	root.AddCommand(newScenarioCmd(), newWorkerCmd(), newSubmitCmd(), newRatesCmd(), newCalibrateCmd(), newResilienceCmd(), newAppraiseCmd(), newVersionCmd(),
		newExitCodesTopic())
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Short = "Print a shell completion script (commands, flags, places, countries, scenarios, formats)"
		c.Long = completionLong
	}
	registerCompletions(root)
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
