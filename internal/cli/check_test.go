package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// ratedCopy copies the rated test network into a temporary folder and adds
// observations.
func ratedCopy(t *testing.T, observations string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "network", "testdata", "rated")
	es, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "observations.csv"), []byte(observations), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDataCheck(t *testing.T) {
	obs := "id,kind,from,to,corridor,via,modes,month,low,high,source,note\n" +
		"in,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,4700,4800,test-a,\n" +
		"out,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,3000,4000,test-a,\n"
	dir := ratedCopy(t, obs)
	code, out, errOut := run(t, "data", "check", "--network", dir)
	if code != ExitCheck || !strings.Contains(errOut, "data check below its threshold: overall 50% < 90%") {
		t.Errorf("exit %d, stderr %q: want %d and the shares below the threshold", code, errOut, ExitCheck)
	}
	if !strings.Contains(out, "out ") || strings.Contains(out, "\nin ") || !strings.Contains(out, "+19%") {
		t.Errorf("table lists the observations out of range with their residual:\n%s", out)
	}
	code, out, _ = run(t, "data", "check", "--network", dir, "--min-share", "0.5", "--min-group-share", "0.5", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "id,kind,from,to,corridor,month,low,high,checked_low,checked_high,modelled_low,modelled,status,residual,source,detail\n") || strings.Count(out, "\n") != 3 {
		t.Errorf("csv at a 50%% threshold: exit %d\n%s", code, out)
	}
	floors := filepath.Join(t.TempDir(), "floors.csv")
	os.WriteFile(floors, []byte("group,min_share\nall,0.4\ncost_usd_per_feu,0.6\n"), 0o644)
	code, out, errOut = run(t, "data", "check", "--network", dir, "--min-share", "0", "--min-group-share", "0", "--floors", floors, "--summary")
	if code != ExitCheck || !strings.Contains(errOut, "cost_usd_per_feu 50.0% < floor 60.0%") || strings.Contains(errOut, "all ") || strings.Contains(out, "out ") {
		t.Errorf("floors: exit %d, stderr %q, out:\n%s", code, errOut, out)
	}
	os.WriteFile(floors, []byte("group,min_share\nnowhere,0.4\n"), 0o644)
	if code, _, errOut = run(t, "data", "check", "--network", dir, "--floors", floors); code != ExitBadInput || !strings.Contains(errOut, `floors.csv:2: group: no observations in group "nowhere"`) {
		t.Errorf("bad floors: exit %d, %q", code, errOut)
	}
	bad := ratedCopy(t, "id,kind,from,to,corridor,via,modes,month,low,high,source,note\nx,speed,CNXIY,PLLOD,,,,2019-01,1,2,test-a,\n")
	code, _, errOut = run(t, "data", "check", "--network", bad)
	if code != ExitBadInput || !strings.Contains(errOut, "observations.csv:2: kind: expected one of") {
		t.Errorf("bad observations: exit %d, %q", code, errOut)
	}
}

func TestCalibrate(t *testing.T) {
	// transit of Xi'an → Łódź is published 30% above the model: the 1520 mm
	// running factor (bounds 0.5–3) is fitted up, and the file written
	obs := "id,kind,from,to,corridor,via,modes,month,low,high,source,note\n" +
		"slow,transit_days,CNXIY,PLLOD,,,rail,2019-01,%s,%s,test-a,\n" +
		"cost,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,4700,4800,test-a,\n"
	dir := ratedCopy(t, strings.ReplaceAll(obs, "%s", "1"))
	code, out, errOut := run(t, "data", "check", "--network", dir, "--format", "json", "--min-share", "0", "--min-group-share", "0")
	if code != 0 {
		t.Fatalf("check: exit %d %s", code, errOut)
	}
	i := strings.Index(out, `"modelled": `)
	var days float64
	if _, err := fmt.Sscanf(out[i+len(`"modelled": `):], "%g", &days); err != nil {
		t.Fatalf("no modelled figure in %s", out)
	}
	v := strconv.FormatFloat(days*1.3, 'f', 2, 64)
	dir = ratedCopy(t, strings.ReplaceAll(obs, "%s", v))
	outFile := filepath.Join(t.TempDir(), "parameters.csv")
	code, out, errOut = run(t, "calibrate", "--network", dir, "--folds", "0", "--prior", "0.02", "--out", outFile)
	if code != 0 {
		t.Fatalf("calibrate: exit %d\n%s\n%s", code, out, errOut)
	}
	if !regexp.MustCompile(`(?m)^\s*all\s+2\s+1 \(50%\)\s+2 \(100%\)`).MatchString(out) {
		t.Errorf("want 1 of 2 in range before the fit, 2 after:\n%s", out)
	}
	if !strings.Contains(out, "rt-1520") || !strings.Contains(out, "in range before") || !strings.Contains(errOut, "wrote "+outFile) {
		t.Errorf("report:\n%s\n%s", out, errOut)
	}
	b, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "fitted ") || !strings.Contains(string(b), "slow") {
		t.Errorf("written parameters lack provenance:\n%s", b)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", "--write"}, "--write needs --network DIR"},
		{[]string{"calibrate", "--folds", "1"}, "--folds must be 0"},
		{[]string{"calibrate", "--rounds", "0"}, "--rounds must be 1 to 10"},
		{[]string{"calibrate", "--format", "xml"}, "unknown --format"},
		{[]string{"calibrate", "--scale", "0"}, "--scale must be between 0.01 and 2"},
		{[]string{"calibrate", "--prior", "0"}, "--prior must be above 0"},
	} {
		code, _, errOut := run(t, c.args...)
		if code != ExitBadInput || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d %q, want %d and %q", c.args, code, errOut, ExitBadInput, c.want)
		}
	}
}
