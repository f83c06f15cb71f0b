package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"corridor/network"
)

// flagExpect says what a numeric flag takes, for the message when its value
// does not parse. Flags not listed are described by their type (typeExpect).
var flagExpect = map[string]string{
	"feu":                "a positive whole number of FEU",
	"teu":                "a positive whole number of TEU",
	"tonnes":             "a number of tonnes",
	"value-usd":          "an amount in USD",
	"carbon-price":       "a price in USD per tonne CO2e",
	"time-value-rate":    "a yearly rate such as 0.15",
	"max-transshipments": "a whole number of transshipments (-1 = no limit)",
	"max-results":        "a whole number of itineraries (0 = the whole Pareto front)",
	"runs":               "a positive whole number of runs",
	"seed":               "a whole number of 0 or more",
	"workers":            "a whole number of workers (0 = one per CPU)",
	"repeat":             "a positive whole number",
}

// typeExpect describes the values of a pflag type.
var typeExpect = map[string]string{
	"int":      "a whole number",
	"int64":    "a whole number",
	"uint":     "a whole number of 0 or more",
	"uint64":   "a whole number of 0 or more",
	"float64":  "a number",
	"bool":     "true or false",
	"duration": "a duration such as 90s, 5m or 1h30m",
}

// flagError rewrites cobra's and pflag's flag errors into corridor's words:
// an unparsable value says what was expected (not strconv's text), an
// unknown flag suggests the command's flags that come close.
func flagError(c *cobra.Command, err error) error {
	var inv *pflag.InvalidValueError
	var unknown *pflag.NotExistError
	switch {
	case errors.As(err, &inv):
		f := inv.GetFlag()
		want := flagExpect[f.Name]
		if want == "" {
			want = typeExpect[f.Value.Type()]
		}
		if want == "" {
			want = "a valid value"
		}
		err = fmt.Errorf("--%s: expected %s, got %q", f.Name, want, inv.GetValue())
	case errors.As(err, &unknown):
		name := unknown.GetSpecifiedName()
		if name == "" { // a shorthand: -x
			err = fmt.Errorf("unknown flag -%s", unknown.GetSpecifiedShortnames())
			break
		}
		msg := "unknown flag --" + name
		if s := suggestFlags(c, name); len(s) > 0 {
			msg += "; did you mean " + orList(s) + "?"
		}
		err = errors.New(msg)
	}
	return usageError{fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
}

// suggestFlags returns the flags of c (its own and inherited) whose names
// are within a third of their length in edits of name (at least two), or
// that start with it, closest first, as "--name"; at most three.
func suggestFlags(c *cobra.Command, name string) []string {
	type cand struct {
		name    string
		d, dlen int // edits; difference in length
	}
	var cs []cand
	visit := func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		d := network.EditDistance(name, f.Name)
		if d <= max(2, len(f.Name)/3) || len(name) >= 3 && strings.HasPrefix(f.Name, name) {
			cs = append(cs, cand{f.Name, d, abs(len(f.Name) - len(name))})
		}
	}
	c.Flags().VisitAll(visit)
	c.InheritedFlags().VisitAll(visit)
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		if a.dlen != b.dlen { // at equal edits a same-length name is a typo ("form": "from" before "format")
			return a.dlen - b.dlen
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, x := range cs {
		if s := "--" + x.name; !slices.Contains(out, s) && len(out) < 3 {
			out = append(out, s)
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// orList joins "a", "a or b", "a, b or c".
func orList(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
