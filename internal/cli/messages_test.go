package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"corridor/errcode"
)

// Flag errors speak corridor's words: what the flag expects, not strconv's
// text; a mistyped flag gets the command's close flags.
func TestFlagMessages(t *testing.T) {
	cases := []struct {
		args    []string
		want    string
		notWant string
	}{
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--feu", "abc"}, `--feu: expected a positive whole number of FEU, got "abc" (see 'corridor route --help')`, "strconv"},
		{[]string{"compare", "--from", "Xi'an", "--to", "Duisburg", "--teu", "1.5"}, `--teu: expected a positive whole number of TEU, got "1.5"`, "strconv"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--tonnes", "ten"}, `--tonnes: expected a number of tonnes, got "ten"`, "strconv"},
		{[]string{"simulate", "--from", "Xi'an", "--to", "Duisburg", "--runs", "1e3"}, `--runs: expected a positive whole number of runs, got "1e3"`, "strconv"},
		{[]string{"assign", "--gap", "small"}, `--gap: expected a number, got "small"`, "strconv"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--reefer=maybe"}, `--reefer: expected true or false, got "maybe"`, "strconv"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--feu", "0"}, "--feu: must be at least 1, got 0", "cargo.feu"},
		{[]string{"route", "--from", "Xi'an", "--to", "Duisburg", "--max-results", "-1"}, "--max-results: must be between 0 and", "max_results"},
		{[]string{"route", "--form", "Xi'an"}, "unknown flag --form; did you mean --from or --format?", ""},
		{[]string{"compare", "--objectiv", "cost"}, "unknown flag --objectiv; did you mean --objective?", ""},
		{[]string{"nodes", "--countr", "KZ"}, "unknown flag --countr; did you mean --country?", ""},
		{[]string{"route", "--zzzzzzzz"}, "unknown flag --zzzzzzzz (see 'corridor route --help')", "did you mean"},
	}
	for _, tc := range cases {
		code, _, errOut := run(t, tc.args...)
		if code != ExitBadInput || !strings.Contains(errOut, tc.want) || tc.notWant != "" && strings.Contains(errOut, tc.notWant) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with %q", tc.args, code, errOut, tc.want)
		}
	}
}

// With several places misspelt, each is reported, on its own line, with
// its suggestions.
func TestAllUnknownPlaces(t *testing.T) {
	code, _, errOut := run(t, "route", "--from", "Xiann", "--to", "Duisbrg", "--via", "Almatyy")
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	want := []string{`corridor: --from: no place matches "Xiann"`, `corridor: --to: no place matches "Duisbrg"; did you mean Duisburg (DEDUI)?`,
		`corridor: --via: no place matches "Almatyy"; did you mean Almaty (KZALA)?`}
	if code != ExitBadInput || len(lines) != len(want) {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: %q, want %q…", i+1, lines[i], w)
		}
	}
}

// A short query lists exact, prefix and word matches only.
func TestNodesShortQuery(t *testing.T) {
	code, out, _ := run(t, "nodes", "Osh")
	if code != 0 || !strings.Contains(out, "KGOSS") || strings.Count(strings.TrimSpace(out), "\n") != 1 {
		t.Errorf("nodes Osh: exit %d:\n%s", code, out)
	}
	code, _, errOut := run(t, "nodes", "Osj")
	if code != ExitBadInput || !strings.Contains(errOut, `no place matches "Osj"; did you mean Osh (KGOSS)?`) {
		t.Errorf("nodes Osj: exit %d: %s", code, errOut)
	}
}

// A missing version of an existing scenario is told apart from a missing
// scenario.
func TestScenarioVersionMessage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	file := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(file, []byte("name: slow-caspian\nedits:\n  - op: scale_frequency\n    corridor: middle\n    mode: ferry\n    factor: 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"create", "update", "update"} {
		if code, _, errOut := run(t, "scenario", verb, "-f", file, "--db", db); code != 0 {
			t.Fatal(errOut)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"slow-caspian", "--version", "4"}, "--version: scenario slow-caspian has versions 1..3; version 4 does not exist"},
		{[]string{"red-sea-closed", "--version", "2"}, "--version: scenario red-sea-closed has version 1; version 2 does not exist"},
		{[]string{"nope", "--version", "2"}, `"nope" not found in the store or among the bundled scenarios`},
	} {
		code, _, errOut := run(t, append([]string{"scenario", "show", "--db", db}, tc.args...)...)
		if code != ExitBadInput || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, %q; want %q", tc.args, code, errOut, tc.want)
		}
	}
	if got := versionList([]int{1, 3, 4}); got != "versions 1, 3, 4" {
		t.Errorf("versionList = %q", got)
	}
}

// No flag's help states its default twice ("(default no limit) (default -1)").
func TestNoDoubledDefaults(t *testing.T) {
	walkCommands(newRoot(nil, nil), func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			fs := pflag.NewFlagSet("", pflag.ContinueOnError)
			fs.AddFlag(f)
			if line := fs.FlagUsages(); strings.Count(line, "default") > 1 {
				t.Errorf("%s: %s", c.CommandPath(), strings.TrimSpace(line))
			}
		})
	})
}

// Every file the help points to exists in the source tree, and the
// scenario schema the scenario help names is what 'scenario schema' prints.
func TestHelpPointers(t *testing.T) {
	// A path of the source tree, not the end of a URL (/api/...).
	paths := regexp.MustCompile(`(?:^|[\s'"(])((?:docs|scenario|data|api)/[A-Za-z0-9_./-]+\.(?:md|json|csv))\b`)
	walkCommands(newRoot(nil, nil), func(c *cobra.Command) {
		text := c.Long + "\n" + c.Example + "\n" + c.Flags().FlagUsages()
		for _, m := range paths.FindAllStringSubmatch(text, -1) {
			p := m[1]
			if _, err := os.Stat(filepath.Join("../..", p)); err != nil {
				t.Errorf("%s help points to %s: %v", c.CommandPath(), p, err)
			}
		}
	})
	_, help, _ := run(t, "scenario", "--help")
	if !strings.Contains(help, "'corridor scenario\nschema' prints it") {
		t.Errorf("scenario --help does not point to 'corridor scenario schema':\n%s", help)
	}
	code, out, _ := run(t, "scenario", "schema")
	want, err := os.ReadFile("../../scenario/scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || out != string(want) || !json.Valid([]byte(out)) {
		t.Errorf("scenario schema: exit %d, differs from scenario/scenario.schema.json", code)
	}
}

// The exit-code table agrees with the mapping the CLI applies, has every
// code, and corridor --help summarises it.
func TestExitCodeTable(t *testing.T) {
	documented := map[errcode.Code]int{}
	for _, e := range exitCodes {
		for _, k := range e.Errors {
			documented[k] = e.Code
		}
	}
	for _, k := range errcode.Codes {
		if got, ok := documented[k]; !ok || got != exitCode(k) {
			t.Errorf("error kind %s: table says exit %d, the CLI exits %d", k, got, exitCode(k))
		}
	}
	code, out, _ := run(t, "help", "exit-codes")
	for _, w := range []string{"  4     conflict", "  3     no_route", "  5     -", "  2     invalid, not_found"} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("help exit-codes lacks %q:\n%s", w, out)
		}
	}
	_, out, _ = run(t, "--help")
	if !strings.Contains(out, "4 store conflict") || !strings.Contains(out, "help\nexit-codes") && !strings.Contains(out, "help exit-codes") {
		t.Errorf("corridor --help lacks the exit codes:\n%s", out)
	}
}

// version reports the -ldflags values, else the toolchain's build
// information, else "unknown"; the network hash follows the files' content.
func TestVersionInfo(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v0.3.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	cases := []struct {
		ld       [3]string
		bi       *debug.BuildInfo
		want     [3]string
		modified bool
	}{
		{[3]string{"v1.2.3", "deadbeef", "2026-12-01T00:00:00Z"}, bi, [3]string{"v1.2.3", "deadbeef", "2026-12-01T00:00:00Z"}, false},
		{[3]string{}, bi, [3]string{"v0.3.0", "abc123", "2026-11-30T10:00:00Z"}, true},
		{[3]string{}, nil, [3]string{"unknown", "unknown", "unknown"}, false},
	}
	for _, tc := range cases {
		v := versionInfo(tc.ld[0], tc.ld[1], tc.ld[2], tc.bi)
		if got := [3]string{v.Version, v.Commit, v.Date}; got != tc.want || v.Modified != tc.modified {
			t.Errorf("versionInfo(%v) = %v modified %v, want %v %v", tc.ld, got, v.Modified, tc.want, tc.modified)
		}
	}
	a := fstest.MapFS{"nodes.csv": {Data: []byte("id\nA\n")}, "links.csv": {Data: []byte("id\n")}}
	b := fstest.MapFS{"nodes.csv": {Data: []byte("id\nB\n")}, "links.csv": {Data: []byte("id\n")}}
	ha, n, err := hashNetwork(a)
	hb, _, _ := hashNetwork(b)
	ha2, _, _ := hashNetwork(a)
	if err != nil || n != 2 || ha == hb || ha != ha2 || len(ha) != 12 {
		t.Errorf("hashNetwork: %s %s %s, %d files, %v", ha, hb, ha2, n, err)
	}

	code, out, _ := run(t, "version", "--format", "json")
	var got buildVersion
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("version --format json: exit %d, %v\n%s", code, err, out)
	}
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(got.Network.Hash) || got.Network.Files < 10 || got.Go == "" {
		t.Errorf("version: %+v", got)
	}
	_, text, _ := run(t, "version")
	if !strings.HasPrefix(text, "corridor ") || !strings.Contains(text, "network: bundled eurasia network, sha256 "+got.Network.Hash) {
		t.Errorf("version:\n%s", text)
	}
}

// compare writes the same formats as route, with the same writers, and
// --max-results keeps the best corridors.
func TestCompareFormats(t *testing.T) {
	base := []string{"compare", "--from", "Xi'an", "--to", "Duisburg", "--depart", "2026-03-02"}
	code, out, errOut := run(t, append(base, "--format", "csv")...)
	if code != 0 || !strings.HasPrefix(out, strings.Join(legCSVHeader, ",")+"\n") || !strings.Contains(out, ",middle,") || !strings.Contains(out, ",northern,") {
		t.Errorf("compare csv: exit %d %s\n%.400s", code, errOut, out)
	}
	code, out, _ = run(t, append(base, "--format", "geojson")...)
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal([]byte(out), &fc); code != 0 || err != nil || fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Fatalf("compare geojson: exit %d, %v", code, err)
	}
	if c := fc.Features[0].Properties["corridor"]; c != "middle" {
		t.Errorf("first feature's corridor %v, want middle", c)
	}
	code, out, _ = run(t, append(base, "--objective", "cost", "--max-results", "2", "--format", "json")...)
	var res struct {
		Corridors []struct {
			Corridor string `json:"corridor"`
			Best     *struct {
				Total struct {
					CostUSD float64 `json:"cost_usd"`
				} `json:"total"`
			} `json:"best"`
		} `json:"corridors"`
	}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || len(res.Corridors) != 2 {
		t.Fatalf("compare --max-results 2: exit %d, %v, %d corridors", code, err, len(res.Corridors))
	}
	if a, b := res.Corridors[0].Best.Total.CostUSD, res.Corridors[1].Best.Total.CostUSD; a > b || a == 0 {
		t.Errorf("--max-results 2 by cost: %v then %v", a, b)
	}
	var buf bytes.Buffer
	if code := Main(t.Context(), append(base, "--max-results", "-1"), &buf, &buf); code != ExitBadInput {
		t.Errorf("--max-results -1: exit %d", code)
	}
}

// walkCommands calls fn for c and every command below it.
func walkCommands(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, s := range c.Commands() {
		walkCommands(s, fn)
	}
}
