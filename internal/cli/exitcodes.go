package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"corridor/errcode"
)

// exitCodeDoc documents one exit code: what it means and which error
// codes (package errcode) lead to it.
type exitCodeDoc struct {
	Code    int
	Meaning string
	Errors  []errcode.Code
}

// exitCodes is the table 'corridor help exit-codes' prints; a test checks
// it against exitCode, so the two cannot drift apart.
var exitCodes = []exitCodeDoc{
	{ExitOK, "success", nil},
	{ExitFailure, "failure: an I/O error, an unreachable or timed-out store, a bug", []errcode.Code{errcode.Internal, errcode.Unavailable}},
	{ExitBadInput, "bad input: a wrong flag, argument or file; an unknown place or scenario", []errcode.Code{errcode.Invalid, errcode.NotFound}},
	{ExitNoRoute, "no feasible route; the message names the blocking constraint", []errcode.Code{errcode.NoRoute}},
	{ExitConflict, "store conflict: the name is taken, or a newer version was saved", []errcode.Code{errcode.Conflict}},
	{ExitCheck, "'corridor data check': too few observations in range", nil},
}

// exitCodeTable writes exitCodes as an aligned table.
func exitCodeTable() string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  code\terror kinds\tmeaning")
	for _, e := range exitCodes {
		kinds := make([]string, len(e.Errors))
		for i, k := range e.Errors {
			kinds[i] = k.String()
		}
		if len(kinds) == 0 {
			kinds = []string{"-"}
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\n", e.Code, strings.Join(kinds, ", "), e.Meaning)
	}
	tw.Flush()
	return b.String()
}

// exitCodeSummary is the one-line form for 'corridor --help'.
func exitCodeSummary() string {
	short := map[int]string{ExitOK: "success", ExitFailure: "failure", ExitBadInput: "bad input or unknown name",
		ExitNoRoute: "no feasible route", ExitConflict: "store conflict", ExitCheck: "data check below threshold"}
	parts := make([]string, len(exitCodes))
	for i, e := range exitCodes {
		parts[i] = fmt.Sprintf("%d %s", e.Code, short[e.Code])
	}
	return "Exit codes: " + strings.Join(parts, ", ") + " (see 'corridor help exit-codes')."
}

// newExitCodesTopic is the help topic 'corridor help exit-codes'.
func newExitCodesTopic() *cobra.Command {
	return &cobra.Command{
		Use:   "exit-codes",
		Short: "The exit codes of every corridor command",
		Long: `Every corridor command exits with one of these codes. The error kinds are those
of the HTTP API's problem responses (package errcode), so a script sees the same
classification as an API client: invalid and not_found are HTTP 400 and 404,
no_route 422, conflict 409, unavailable 503, internal 500.

` + exitCodeTable(),
	}
}

// wrap breaks s into lines of at most width characters, at spaces.
func wrap(s string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(s) {
		l := len([]rune(w))
		switch {
		case i == 0:
		case n+1+l > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}
