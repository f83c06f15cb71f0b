package cli

import (
	"os"
	"path/filepath"
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
	if code != 0 || !strings.HasPrefix(out, "id,kind,from,to,corridor,month,low,high,modelled,status,residual,source,detail\n") || strings.Count(out, "\n") != 3 {
		t.Errorf("csv at a 50%% threshold: exit %d\n%s", code, out)
	}
	bad := ratedCopy(t, "id,kind,from,to,corridor,via,modes,month,low,high,source,note\nx,speed,CNXIY,PLLOD,,,,2019-01,1,2,test-a,\n")
	code, _, errOut = run(t, "data", "check", "--network", bad)
	if code != ExitBadInput || !strings.Contains(errOut, "observations.csv:2: kind: expected one of") {
		t.Errorf("bad observations: exit %d, %q", code, errOut)
	}
}
