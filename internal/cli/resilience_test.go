package cli

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"corridor/resilience"
)

func TestResilienceCLI(t *testing.T) {
	demand := filepath.Join("..", "..", "data", "demand", "china-europe-2030.csv")
	// N-1 on chokepoints and an N-k combination, as JSON
	code, out, errs := run(t, "resilience", "--demand", demand, "--elements", "chokepoints,CP-SUEZ+CP-BAB-EL-MANDEB,passage:caspian", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep resilience.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	ids := map[string]resilience.Outcome{}
	for _, o := range rep.Outcomes {
		ids[o.ID] = o
	}
	suez, both, casp := ids["CP-SUEZ"], ids["CP-SUEZ+CP-BAB-EL-MANDEB"], ids["passage:caspian"]
	if suez.Impact <= 0 || both.Impact < suez.Impact*(1-1e-3) {
		t.Fatalf("Suez %.4g, Suez + Bab-el-Mandeb %.4g: closing both must hurt at least as much", suez.Impact, both.Impact)
	}
	if casp.Kind != "combination" || casp.BaseFlowTEU <= 0 {
		t.Fatalf("passage:caspian: %+v", casp)
	}
	gainsCape := false
	for _, c := range suez.Corridors {
		if c.Corridor == "maritime-cape" && c.DeltaTEU > 0 {
			gainsCape = true
		}
	}
	if !gainsCape {
		t.Fatalf("closing Suez moves no flow to the Cape: %+v", suez.Corridors)
	}
	// CSV and table
	code, out, errs = run(t, "resilience", "--demand", demand, "--elements", "CP-HORMUZ,CP-BOSPHORUS", "--format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 3 || recs[0][1] != "id" {
		t.Fatalf("csv: %v %q", err, out)
	}
	code, out, _ = run(t, "resilience", "--demand", demand, "--elements", "CP-HORMUZ", "--action", "delay", "--hours", "48")
	if code != 0 || !strings.Contains(out, "+48 h per passage") || !strings.Contains(out, "CP-HORMUZ") {
		t.Fatalf("table: exit %d\n%s", code, out)
	}
	// bad input
	for _, args := range [][]string{
		{"--elements", "Atlantis"},
		{"--elements", "passage:panama"},
		{"--action", "capacity", "--share", "1.5"},
		{"--action", "explode"},
		{"--format", "xml"},
	} {
		code, _, errs := run(t, append([]string{"resilience", "--demand", demand}, args...)...)
		if code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q", args, code, errs)
		}
	}
	if code, _, errs := run(t, "resilience"); code != 2 || !strings.Contains(errs, "--demand") {
		t.Errorf("no demand: exit %d, %q", code, errs)
	}
}

func TestAppraiseCLI(t *testing.T) {
	demand := filepath.Join("..", "..", "data", "demand", "china-europe-2030.csv")
	code, out, errs := run(t, "appraise", "--demand", demand, "--projects", "caspian-ferry-expansion,dostyk-fast-border", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Projects []struct {
			Project        string  `json:"project"`
			CostBenefitUSD float64 `json:"cost_benefit_usd_year"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 2 || res.Projects[0].CostBenefitUSD < res.Projects[1].CostBenefitUSD {
		t.Fatalf("not ranked: %+v", res.Projects)
	}
	for _, p := range res.Projects {
		if p.CostBenefitUSD <= 0 {
			t.Errorf("%s: a faster border or more ferries should save cost, got %.4g", p.Project, p.CostBenefitUSD)
		}
	}
	if code, _, errs := run(t, "appraise", "--demand", demand, "--projects", "no-such-project"); code == 0 || !strings.Contains(errs, "no-such-project") {
		t.Errorf("unknown project: exit %d, %q", code, errs)
	}
}

func TestResilienceCompletion(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "resilience", "--elements", "chokepoints,CP-S"}, "chokepoints,CP-SUEZ"},
		{[]string{"__complete", "resilience", "--elements", "passage:c"}, "passage:caspian"},
		{[]string{"__complete", "resilience", "--action", "de"}, "delay"},
		{[]string{"__complete", "appraise", "--projects", "caspian-ferry-expansion,dost"}, "caspian-ferry-expansion,dostyk-fast-border"},
	} {
		code, out, _ := run(t, c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d, %q lacks %q", c.args[1:], code, out, c.want)
		}
	}
}
