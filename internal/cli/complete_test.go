package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"corridor/assign"
	"corridor/data/eurasia"
	"corridor/network"
	"corridor/route"
)

// complete runs cobra's hidden __complete command, as the shell scripts
// do, and returns the completions without their descriptions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errOut := run(t, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, code, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" || strings.HasPrefix(line, ":") {
			continue
		}
		word, _, _ := strings.Cut(line, "\t")
		got = append(got, word)
	}
	return got
}

func TestCompletePlaces(t *testing.T) {
	cases := []struct {
		args    []string
		want    []string
		notWant []string
	}{
		{[]string{"route", "--from", "Xi"}, []string{"Xi'an", "Xiamen"}, []string{"Tianjin", "CNXIY"}},
		{[]string{"compare", "--to", "duis"}, []string{"Duisburg"}, nil},         // case ignored
		{[]string{"route", "--to", "lod"}, []string{"Łódź"}, nil},                // accents ignored
		{[]string{"simulate", "--from", "CNX"}, []string{"CNXIY", "CNXMN"}, nil}, // ids in capitals
		{[]string{"route", "--via", "Almaty,Akt"}, []string{"Almaty,Aktau"}, nil},
		{[]string{"route", "--avoid-nodes", "Suez,Bab"}, []string{"Suez,Bab-el-Mandeb"}, []string{"Suez,BA-BANJA-LUKA"}},
		{[]string{"route", "--network", smallNet, "--from", ""}, []string{"Xi'an", "Duisburg", "Suez Canal"}, []string{"Xiamen"}},
		{[]string{"scenario", "diff", "red-sea-closed", "--from", "Rotter"}, []string{"Rotterdam"}, nil},
	}
	for _, tc := range cases {
		got := complete(t, tc.args...)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%v: completions %v lack %q", tc.args, got, w)
			}
		}
		for _, w := range tc.notWant {
			if slices.Contains(got, w) {
				t.Errorf("%v: completions offer %q", tc.args, w)
			}
		}
	}
	if got := complete(t, "route", "--network", smallNet, "--from", ""); len(got) != 8 {
		t.Errorf("small network: %d names, want its 8: %v", len(got), got)
	}
}

// Country codes and groups come from the network; the fixed values are
// ones the commands accept.
func TestCompleteValues(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range complete(t, "route", "--avoid-countries", "") {
		if _, ok := g.Country(c); !ok {
			t.Errorf("--avoid-countries offers %q, not a country of the network", c)
		}
	}
	if got := complete(t, "route", "--avoid-countries", "RU,B"); !slices.Contains(got, "RU,BY") {
		t.Errorf("--avoid-countries RU,B: %v", got)
	}
	if got := complete(t, "nodes", "--country", "k"); !slices.Contains(got, "KZ") || !slices.Contains(got, "KG") {
		t.Errorf("--country k: %v", got)
	}
	if got := complete(t, "compare", "--avoid-groups", "EA"); !slices.Equal(got, []string{"EAEU"}) {
		t.Errorf("--avoid-groups EA: %v", got)
	}
	valid := []struct {
		args  []string
		parse func(string) error
		n     int
	}{
		{[]string{"compare", "--objective", ""}, func(s string) error { _, err := route.ParseObjective(s); return err }, 4},
		{[]string{"scenario", "diff", "--objective", ""}, func(s string) error { _, err := route.ParseObjective(s); return err }, 4},
		{[]string{"assign", "--algorithm", ""}, func(s string) error { _, err := assign.ParseAlgorithm(s); return err }, len(assign.Algorithms)},
		{[]string{"route", "--modes", ""}, func(s string) error { _, err := network.ParseMode(s); return err }, 5},
		{[]string{"route", "--box", ""}, func(s string) error { _, err := route.ParseBox(s); return err }, 4},
	}
	for _, tc := range valid {
		got := complete(t, tc.args...)
		if len(got) != tc.n {
			t.Errorf("%v: %d values %v, want %d", tc.args, len(got), got, tc.n)
		}
		for _, v := range got {
			if err := tc.parse(v); err != nil {
				t.Errorf("%v offers %q: %v", tc.args, v, err)
			}
		}
	}
	if got := complete(t, "route", "--modes", "rail,f"); !slices.Equal(got, []string{"rail,ferry"}) {
		t.Errorf("--modes rail,f: %v", got)
	}
}

// Every --format completes to the formats its command accepts: each
// offered value is run and must not be refused as an unknown format.
func TestCompleteFormat(t *testing.T) {
	for _, tc := range []struct {
		cmd  []string
		want []string
	}{
		{[]string{"route"}, []string{"table", "json", "csv", "geojson"}},
		{[]string{"compare"}, []string{"table", "json", "csv", "geojson"}},
		{[]string{"simulate"}, []string{"table", "json"}},
		{[]string{"nodes"}, []string{"table", "json"}},
		{[]string{"data", "export"}, []string{"geojson", "csv"}},
		{[]string{"version"}, []string{"table", "json"}},
	} {
		got := complete(t, append(tc.cmd, "--format", "")...)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v --format: %v, want %v", tc.cmd, got, tc.want)
		}
	}
	// Every command with --format offers at least two formats, its default among them.
	root := newRoot(nil, nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if f := c.Flags().Lookup("format"); f != nil {
			fs := formatsOf(c)
			if len(fs) < 2 || f.DefValue != "" && !slices.Contains(fs, f.DefValue) {
				t.Errorf("%s --format: completes %v (default %q)", c.CommandPath(), fs, f.DefValue)
			}
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

// Scenario names: the bundled ones and those of the --db store; an
// unreachable store leaves the bundled names and does not fail.
func TestCompleteScenarios(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	file := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(file, []byte("name: slow-caspian\nedits:\n  - op: scale_frequency\n    corridor: middle\n    mode: ferry\n    factor: 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "scenario", "create", "-f", file, "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	got := complete(t, "scenario", "show", "--db", db, "")
	for _, w := range []string{"slow-caspian", "red-sea-closed", "northern-sanctioned"} {
		if !slices.Contains(got, w) {
			t.Errorf("scenario show: %v lacks %q", got, w)
		}
	}
	if got := complete(t, "route", "--db", db, "--scenario", "slow"); !slices.Equal(got, []string{"slow-caspian"}) {
		t.Errorf("route --scenario slow: %v", got)
	}
	missing := filepath.Join(dir, "absent.db")
	for _, dsn := range []string{missing, "postgres://corridor@127.0.0.1:1/none?connect_timeout=1"} {
		got := complete(t, "scenario", "delete", "--db", dsn, "red")
		if !slices.Equal(got, []string{"red-sea-closed"}) {
			t.Errorf("store %s: %v", dsn, got)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("completion created the store file")
	}
	if got := complete(t, "scenario", "show", "red-sea-closed", ""); len(got) != 0 {
		t.Errorf("a second NAME is offered: %v", got)
	}
}

// The completion command's help has the install line of each shell.
func TestCompletionHelp(t *testing.T) {
	code, out, _ := run(t, "completion", "--help")
	for _, w := range []string{"corridor completion bash >", "corridor completion zsh >", "corridor completion fish >",
		"corridor completion powershell | Out-String | Invoke-Expression", "--from Xi"} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("completion --help lacks %q (exit %d)", w, code)
		}
	}
}
