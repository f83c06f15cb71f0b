package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// helpExample is one command line of a command's Example help.
type helpExample struct {
	cmd  string   // the command whose help shows it
	line string   // as shown
	args []string // the words after "corridor", without comment or redirect
	exit int      // the exit code its comment announces ("(exit 4)"), else 0
}

// helpExamples collects the examples of every command under root.
func helpExamples(t *testing.T, root *cobra.Command) []helpExample {
	t.Helper()
	var out []helpExample
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		text := strings.ReplaceAll(c.Example, "\\\n", " ")
		for _, line := range strings.Split(text, "\n") {
			line = strings.TrimSpace(line)
			if !strings.HasPrefix(line, "corridor ") {
				continue
			}
			words, comment, err := shellWords(line)
			if err != nil {
				t.Errorf("%s: example %q: %v", c.CommandPath(), line, err)
				continue
			}
			ex := helpExample{cmd: c.CommandPath(), line: line, args: words[1:]}
			if m := regexp.MustCompile(`\(exit (\d)\)`).FindStringSubmatch(comment); m != nil {
				ex.exit, _ = strconv.Atoi(m[1])
			}
			out = append(out, ex)
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	return out
}

// shellWords splits a command line as a POSIX shell would for the simple
// lines of the examples: quotes, a trailing # comment (returned) and a
// "> file" redirect (dropped).
func shellWords(line string) (words []string, comment string, err error) {
	var cur strings.Builder
	inWord, quote := false, rune(0)
	flush := func() {
		if inWord {
			words = append(words, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	for i, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == '#' && !inWord:
			flush()
			return dropRedirect(words), line[i:], nil
		case r == ' ' || r == '\t':
			flush()
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, "", strconv.ErrSyntax
	}
	flush()
	return dropRedirect(words), "", nil
}

func dropRedirect(words []string) []string {
	for i, w := range words {
		if w == ">" {
			return words[:i]
		}
	}
	return words
}

// exampleSkips are the examples a test cannot run, and why. Each is named
// by a piece of its line.
var exampleSkips = map[string]string{
	"corridor serve":      "starts a server that runs until stopped (serve_test.go starts it on :0)",
	"corridor worker":     "needs NATS and PostgreSQL (worker_test.go runs a worker)",
	"corridor submit":     "needs NATS and PostgreSQL (worker_test.go submits jobs)",
	"--db postgres://":    "needs PostgreSQL",
	"corridor calibrate":  "fits the calibration parameters: minutes of work",
	"corridor data check": "checks every observation (a minute); its exit code follows the data's calibration (check_test.go)",
	"--batch pairs.csv":   "batch_test.go runs batches",
}

// Every example in the help runs, exits as its comment says (0 unless it
// announces another code), and where it claims a result, gives it. Under
// -short only the examples that claim a result or an exit code run (a
// minute or two less under -race; CI runs them all).
func TestHelpExamples(t *testing.T) {
	root := newRoot(nil, nil)
	examples := helpExamples(t, root)
	if len(examples) < 30 {
		t.Fatalf("found only %d examples", len(examples))
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	shared := os.Getenv("CORRIDOR_SHARED_DATA")
	work := t.TempDir()
	t.Chdir(work)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(work, "cache"))
	link := func(target, name string) {
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(repo, "data"), "data")
	link(filepath.Join(repo, "network", "testdata", "small"), "my-network")
	write := func(name, body string) {
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	closeBab := `{"name":"%s","edits":[{"op":"close_nodes","nodes":["CP-BAB-EL-MANDEB"]}]}`
	write("my-scenario.json", strings.Replace(closeBab, "%s", "my-new-scenario", 1))
	write("my-scenario.yaml", "name: my-new-scenario\nedits:\n  - op: close_nodes\n    nodes: [CP-BAB-EL-MANDEB]\n")
	write("red-sea.json", strings.Replace(closeBab, "%s", "red-sea", 1))
	write("red-sea.yaml", "name: red-sea\nedits:\n  - op: close_nodes\n    nodes: [CP-BAB-EL-MANDEB]\n")
	lines := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[10.0,50.0],[10.5,50.2],[11.0,50.4]]}},
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[11.0,50.4],[11.6,50.1]]}},
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[20.0,40.0],[20.3,40.1]]}}]}`
	write("lines.geojson", lines)
	write("lanes.geojson", lines)
	if shared != "" {
		link(filepath.Join(shared, "marnet", "marnet_densified.geojson"), "marnet.geojson")
		link(filepath.Join(shared, "tntp", "SiouxFalls", "SiouxFalls_net.tntp"), "SiouxFalls_net.tntp")
		link(filepath.Join(shared, "tntp", "SiouxFalls", "SiouxFalls_trips.tntp"), "SiouxFalls_trips.tntp")
		link(filepath.Join(shared, "tntp", "Chicago-Sketch", "ChicagoSketch_net.tntp"), "ChicagoSketch_net.tntp")
		link(filepath.Join(shared, "tntp", "Chicago-Sketch", "ChicagoSketch_trips.tntp"), "ChicagoSketch_trips.tntp")
	}
	ran := 0
	for i, ex := range examples {
		if why, skip := skipExample(ex.line); skip {
			t.Logf("not run: %s (%s)", ex.line, why)
			continue
		}
		if _, claims := exampleClaims[ex.line]; testing.Short() && !claims && ex.exit == 0 {
			t.Logf("not run under -short: %s", ex.line) // -short keeps the examples that promise something
			continue
		}
		if strings.Contains(ex.line, "shared/data") || strings.Contains(ex.line, "marnet.geojson") || strings.Contains(ex.line, ".tntp") {
			if shared == "" {
				t.Logf("not run: %s (set CORRIDOR_SHARED_DATA)", ex.line)
				continue
			}
		}
		// A store of its own per example, holding my-scenario and red-sea
		// at version 4 (so that "--base-version 3" meets a newer version).
		db := filepath.Join(work, "store"+strconv.Itoa(i)+".db")
		t.Setenv("CORRIDOR_DB", db)
		for v := 1; v <= 4; v++ {
			for _, name := range []string{"my-scenario", "red-sea"} {
				f := filepath.Join(work, "seed-"+name+".json")
				write(f, strings.Replace(closeBab, "%s", name, 1))
				verb := "update"
				if v == 1 {
					verb = "create"
				}
				if code, _, errOut := run(t, "scenario", verb, "-f", f); code != 0 {
					t.Fatalf("seeding %s: %s", name, errOut)
				}
			}
		}
		// The import examples name ../shared/data, as seen from a clone
		// beside the shared folder.
		args := ex.args
		for j, a := range args {
			args[j] = strings.Replace(a, "../shared/data", shared, 1)
		}
		code, out, errOut := run(t, args...)
		ran++
		if code != ex.exit {
			t.Errorf("%s: example %q exits %d, want %d\n%s", ex.cmd, ex.line, code, ex.exit, errOut)
			continue
		}
		if check, ok := exampleClaims[ex.line]; ok {
			if msg := check(out); msg != "" {
				t.Errorf("example %q does not do what it says: %s", ex.line, msg)
			}
		}
	}
	for line := range exampleClaims {
		found := false
		for _, ex := range examples {
			found = found || ex.line == line
		}
		if !found {
			t.Errorf("exampleClaims names %q, which no help shows", line)
		}
	}
	t.Logf("ran %d of %d examples", ran, len(examples))
}

func skipExample(line string) (string, bool) {
	for piece, why := range exampleSkips {
		if strings.Contains(line, piece) {
			return why, true
		}
	}
	return "", false
}

// exampleClaims checks the output of the examples that promise a result.
var exampleClaims = map[string]func(out string) string{
	`corridor simulate --from "Xi'an" --to Constanta --avoid-countries RU,BY,IR --avoid-nodes Kars --depart 2026-03-02 --deadline 2026-04-01`: func(out string) string {
		head := strings.SplitN(out, "\n", 4)
		if len(head) < 3 || !strings.HasPrefix(head[1], "middle — ") {
			return "not the Middle Corridor: " + strings.Join(head, " | ")
		}
		for _, c := range []string{" RU", " BY", " IR"} {
			if strings.Contains(head[1], c) {
				return "crosses" + c + ": " + head[1]
			}
		}
		if strings.Contains(head[2], "Kars") || !strings.Contains(out, "on time by 2026-04-01") {
			return "passes Kars or lacks the deadline: " + head[2]
		}
		return ""
	},
	`corridor route --from CNXIY --to DEDUI --avoid-countries RU,BY --feu 2 --format json`: func(out string) string {
		var res struct {
			Itineraries []struct {
				Countries []string `json:"countries"`
			} `json:"itineraries"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Itineraries) == 0 {
			return "no itineraries"
		}
		for _, it := range res.Itineraries {
			for _, c := range it.Countries {
				if c == "RU" || c == "BY" {
					return "an itinerary crosses " + c
				}
			}
		}
		return ""
	},
	`corridor route --from Shanghai --to Rotterdam --avoid-nodes Suez --format geojson`: func(out string) string {
		if !strings.Contains(out, `"FeatureCollection"`) || strings.Contains(out, "CP-SUEZ") {
			return "not GeoJSON, or passes Suez"
		}
		return ""
	},
	`corridor route --from Chongqing --to Budapest --modes rail,ferry --max-results 3`: func(out string) string {
		n := strings.Count(out, "\n1. ") + strings.Count(out, "\n2. ") + strings.Count(out, "\n3. ") + strings.Count(out, "\n4. ")
		if n == 0 || n > 3 || regexp.MustCompile(`(?m)^   (road|sea|iww)\b`).MatchString(out) {
			return "more than 3 itineraries, or a leg by road, sea or waterway"
		}
		return ""
	},
	`corridor compare --from Shanghai --to Milan --avoid-countries RU,BY --objective generalised`: func(out string) string {
		if !strings.Contains(out, "best by generalised") || regexp.MustCompile(`(?m)^northern +\d`).MatchString(out) {
			return "the Northern Corridor (through Russia) is offered"
		}
		return ""
	},
	`corridor nodes lodz`: func(out string) string {
		if !strings.Contains(out, "Łódź") {
			return "no Łódź"
		}
		return ""
	},
	`corridor scenario show my-scenario --version 2`: func(out string) string {
		if !strings.Contains(out, `"my-scenario"`) {
			return "not my-scenario"
		}
		return ""
	},
}
