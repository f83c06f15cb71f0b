package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScenarioCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	file := filepath.Join(dir, "s.yaml")
	write := func(body string) {
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("name: slow-caspian\ndescription: fewer ferries\nedits:\n  - op: scale_frequency\n    corridor: middle\n    mode: ferry\n    factor: 0.5\n")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"scenario", "create", "-f", file, "--db", db}, 0, "created scenario slow-caspian version 1"},
		{[]string{"scenario", "create", "-f", file, "--db", db}, ExitConflict, "already exists"},
		{[]string{"scenario", "update", "-f", file, "--db", db, "--base-version", "1"}, 0, "version 2"},
		{[]string{"scenario", "update", "-f", file, "--db", db, "--base-version", "1"}, ExitConflict, "conflict"},
		{[]string{"scenario", "list", "--db", db}, 0, "slow-caspian"},
		{[]string{"scenario", "show", "slow-caspian", "--db", db, "--version", "1"}, 0, `"scale_frequency"`},
		{[]string{"scenario", "show", "red-sea-closed", "--db", db}, 0, `"CP-BAB-EL-MANDEB"`},
		{[]string{"scenario", "show", "nope", "--db", db}, ExitBadInput, "not found in the store or among the bundled scenarios"},
		{[]string{"scenario", "diff", "slow-caspian", "--from", "Xi'an", "--to", "Baku", "--db", db}, 0, "middle"},
		{[]string{"scenario", "diff", "red-sea-closed", "--from", "Shanghai", "--to", "Rotterdam", "--modes", "sea", "--db", db, "--format", "json"}, 0, `"scenario_feasible": false`},
		{[]string{"route", "--from", "Shanghai", "--to", "Rotterdam", "--modes", "sea", "--scenario", "red-sea-closed", "--db", db}, 0, "maritime-cape"},
		{[]string{"compare", "--from", "Xi'an", "--to", "Duisburg", "--scenario", "northern-sanctioned", "--db", db}, 0, "crosses BY or RU"},
		{[]string{"route", "--from", "Xi'an", "--to", "Baku", "--scenario-file", file, "--db", db, "--format", "json"}, 0, `"itineraries"`},
		{[]string{"route", "--from", "Xi'an", "--to", "Baku", "--scenario", "nope", "--db", db}, ExitBadInput, "not found in the store or among the bundled scenarios"},
		{[]string{"route", "--from", "Xi'an", "--to", "Baku", "--scenario", "slow-caspian", "--scenario-file", file, "--db", db}, ExitBadInput, "not both"},
		{[]string{"scenario", "delete", "slow-caspian", "--db", db}, 0, "deleted"},
		{[]string{"scenario", "delete", "slow-caspian", "--db", db}, ExitBadInput, "not found"},
		{[]string{"scenario", "create", "--db", db}, ExitBadInput, "-f FILE is required"},
	}
	for _, tc := range cases {
		code, out, errOut := run(t, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
	// A bad scenario is refused with the edit and field named, and nothing is stored.
	write(`{"name":"bad","edits":[{"op":"scale_speed","mode":"rail","factor":0}]}`)
	code, _, errOut := run(t, "scenario", "create", "-f", file, "--db", db)
	if code != ExitBadInput || !strings.Contains(errOut, "edits[0] (scale_speed): factor: must be more than 0") {
		t.Errorf("bad scenario: exit %d %s", code, errOut)
	}
	_, out, _ := run(t, "scenario", "list", "--db", db, "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r["name"] == "bad" {
			t.Error("the invalid scenario was stored")
		}
	}
}
