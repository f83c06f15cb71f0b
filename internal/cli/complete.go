package cli

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"corridor/assign"
	"corridor/data/scenarios"
	"corridor/network"
	"corridor/service"
)

// completionLong is the Long help of 'corridor completion': what completes
// and how to install it in each shell.
const completionLong = `Print a shell completion script for corridor. Besides commands and flags it
completes place names and ids (--from, --to, --via, --avoid-nodes; from the
bundled network, or from --network when it is given before the flag), country
codes (--avoid-countries, --country), country groups (--avoid-groups), scenario
names (--scenario and the NAME of 'scenario show|delete|diff': the bundled ones
and those in the store of --db when it can be reached) and the values of
--format, --objective, --algorithm, --shortest, --modes and --box.

Install it once (then open a new shell):

  bash        corridor completion bash > ~/.local/share/bash-completion/completions/corridor
              (needs the bash-completion package; or add 'source <(corridor completion bash)' to ~/.bashrc)
  zsh         corridor completion zsh > "${fpath[1]}/_corridor"
              (needs 'autoload -U compinit; compinit' in ~/.zshrc)
  fish        corridor completion fish > ~/.config/fish/completions/corridor.fish
  PowerShell  corridor completion powershell | Out-String | Invoke-Expression
              (add that line to $PROFILE to keep it)

Try it: type 'corridor route --from Xi' and press Tab.`

// completionTimeout bounds the work one completion may do (loading a
// network, asking a store): a shell waits for it.
const completionTimeout = 3 * time.Second

// flagCompletions maps a flag name to its completion, for every command
// that has the flag.
var flagCompletions = map[string]cobra.CompletionFunc{
	"from":            completePlaces(false),
	"to":              completePlaces(false),
	"via":             completePlaces(true),
	"avoid-nodes":     completePlaces(true),
	"avoid-countries": completeCountries(true),
	"country":         completeCountries(false),
	"avoid-groups":    completeGroups,
	"scenario":        completeScenarios,
	"format":          completeFormat,
	"objective":       fixedValues(false, "time", "cost", "co2e", "generalised"),
	"algorithm":       completeAlgorithms,
	"shortest":        fixedValues(false, "distance", "time"),
	"modes":           fixedValues(true, "rail", "road", "sea", "ferry", "iww"),
	"box":             fixedValues(false, "20", "40", "40hc", "45"),
	"gap-definition":  fixedValues(false, "tstt", "sptt"),
	"action":          fixedValues(false, "remove", "capacity", "delay"),
	"elements":        completeElements,
	"projects":        completeProjects,
}

// registerCompletions gives every flag of root's command tree that
// flagCompletions knows its completion, and the scenario commands their
// NAME argument.
func registerCompletions(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if fn, ok := flagCompletions[f.Name]; ok {
				// Registering twice is the only error, and each flag is
				// visited once.
				_ = c.RegisterFlagCompletionFunc(f.Name, fn)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for _, path := range [][]string{{"scenario", "show"}, {"scenario", "delete"}, {"scenario", "diff"}} {
		if c, _, err := root.Find(path); err == nil {
			c.ValidArgsFunction = func(c *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return completeScenarios(c, args, toComplete)
			}
		}
	}
}

// splitList splits what is being completed in a comma-separated list flag
// into the items already written ("Suez,") and the one being typed.
func splitList(toComplete string, list bool) (done, typed string) {
	if !list {
		return "", toComplete
	}
	i := strings.LastIndexByte(toComplete, ',')
	return toComplete[:i+1], toComplete[i+1:]
}

// completionNetwork loads the network the command would use: that of its
// --network flag when set, else the bundled one.
func completionNetwork(c *cobra.Command) (*network.Graph, error) {
	dir := ""
	if f := c.Flags().Lookup("network"); f != nil {
		dir = f.Value.String()
	}
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	g, _, err := loadNetwork(ctx, dir)
	return g, err
}

// completePlaces completes place names, aliases and ids that start with
// what was typed, ignoring case and accents; each with a description
// (id, kind, country). list completes the last item of a comma-separated
// list.
func completePlaces(list bool) cobra.CompletionFunc {
	return func(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		g, err := completionNetwork(c)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		done, typed := splitList(toComplete, list)
		return placeCompletions(g, done, typed), listDirective(list)
	}
}

// listDirective tells the shell not to offer files and, for a list flag,
// to keep the cursor after the completed item so that a comma can follow.
func listDirective(list bool) cobra.ShellCompDirective {
	if list {
		return cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
	return cobra.ShellCompDirectiveNoFileComp
}

// placeCompletions lists the names and aliases of g's nodes that start
// with typed (folded: case and accents ignored), and the ids when typed is
// in capitals, each prefixed with done. With nothing typed it lists every
// name.
func placeCompletions(g *network.Graph, done, typed string) []cobra.Completion {
	q := network.Fold(strings.TrimSpace(typed))
	seen := map[string]bool{}
	var out []cobra.Completion
	add := func(word, desc string) {
		if !seen[word] {
			seen[word] = true
			out = append(out, cobra.CompletionWithDesc(done+word, desc))
		}
	}
	// Ids are offered when what was typed looks like one: capitals
	// ("CNX" → CNXIY), so that "Ba" lists names, not the ids of Bosnia.
	ids := q != "" && typed == strings.ToUpper(typed)
	for i := 0; i < g.NumNodes(); i++ {
		n := g.Node(network.NodeID(i))
		where := n.Kind.String()
		if n.Country != "" {
			where += " · " + n.Country
		}
		if strings.HasPrefix(network.Fold(n.Name), q) {
			add(n.Name, n.ID+" · "+where)
		}
		if q == "" {
			continue
		}
		if ids && strings.HasPrefix(network.Fold(n.ID), q) {
			add(n.ID, n.Name+" · "+where)
		}
		for _, a := range n.Aliases {
			if strings.HasPrefix(network.Fold(a), q) {
				add(a, "another name of "+n.Name+" ("+n.ID+")")
			}
		}
	}
	slices.SortStableFunc(out, func(a, b cobra.Completion) int {
		return strings.Compare(strings.ToLower(string(a)), strings.ToLower(string(b)))
	})
	return out
}

// completeCountries completes ISO country codes of the network, with
// their names.
func completeCountries(list bool) cobra.CompletionFunc {
	return func(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		g, err := completionNetwork(c)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		done, typed := splitList(toComplete, list)
		var out []cobra.Completion
		for _, ct := range g.Countries() {
			if strings.HasPrefix(ct.Code, strings.ToUpper(typed)) {
				out = append(out, cobra.CompletionWithDesc(done+ct.Code, ct.Name))
			}
		}
		return out, listDirective(list)
	}
}

// completeGroups completes the network's country groups, with their names.
func completeGroups(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	g, err := completionNetwork(c)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	done, typed := splitList(toComplete, true)
	var out []cobra.Completion
	for _, gr := range g.Groups() {
		if strings.HasPrefix(gr.Code, strings.ToUpper(typed)) {
			out = append(out, cobra.CompletionWithDesc(done+gr.Code, gr.Name))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeScenarios completes scenario names: the bundled ones, and those
// stored in the command's --db store (or the default one) when it exists
// and answers in time. A store error leaves the bundled names.
func completeScenarios(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	seen := map[string]bool{}
	add := func(name, desc string) {
		if !seen[name] && strings.HasPrefix(name, toComplete) {
			seen[name] = true
			out = append(out, cobra.CompletionWithDesc(name, desc))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), completionTimeout)
	defer cancel()
	for _, s := range storedScenarios(ctx, c) {
		add(s.Name, fmt.Sprintf("stored, version %d", s.Version))
	}
	if all, err := scenarios.All(); err == nil {
		for _, s := range all {
			add(s.Name, "bundled")
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// storedScenarios lists the scenarios in the command's store, or nothing
// when there is none or it fails. An SQLite store is opened only when its
// file exists: completing must not create one.
func storedScenarios(ctx context.Context, c *cobra.Command) []service.ScenarioInfo {
	dsn := ""
	if f := c.Flags().Lookup("db"); f != nil {
		dsn = f.Value.String()
	}
	if dsn == "" {
		dsn = defaultDB()
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		if _, err := os.Stat(strings.TrimPrefix(dsn, "sqlite://")); err != nil {
			return nil
		}
	}
	st, err := openStore(ctx, dsn)
	if err != nil {
		return nil
	}
	defer st.Close()
	recs, err := st.ListScenarios(ctx)
	if err != nil {
		return nil
	}
	out := make([]service.ScenarioInfo, len(recs))
	for i, r := range recs {
		out[i] = service.ScenarioInfo{Name: r.Name, Origin: service.OriginStored, Version: r.Version}
	}
	return out
}

// formatWords are the output and input formats any command offers.
var formatWords = regexp.MustCompile(`\b(table|json|csv|geojson|tntp)\b`)

// completeFormat completes the formats the command's --format help names.
func completeFormat(c *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, f := range formatsOf(c) {
		if strings.HasPrefix(f, toComplete) {
			out = append(out, f)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// formatsOf returns the formats named in the usage of c's --format flag,
// in order.
func formatsOf(c *cobra.Command) []string {
	f := c.Flags().Lookup("format")
	if f == nil {
		return nil
	}
	var out []string
	for _, w := range formatWords.FindAllString(f.Usage, -1) {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// completeAlgorithms completes the assignment algorithms.
func completeAlgorithms(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, a := range assign.Algorithms {
		if strings.HasPrefix(string(a), toComplete) {
			out = append(out, string(a))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// fixedValues completes one of values (list: the last item of a
// comma-separated list).
func fixedValues(list bool, values ...string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		done, typed := splitList(toComplete, list)
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(v, strings.ToLower(typed)) {
				out = append(out, done+v)
			}
		}
		return out, listDirective(list)
	}
}
