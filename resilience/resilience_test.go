package resilience

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/assign"
	"corridor/data/eurasia"
	"corridor/network"
)

func demand2030(t testing.TB) []assign.Demand {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "data", "demand", "china-europe-2030.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := assign.ReadDemand(f, "china-europe-2030.csv")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func baseline(t testing.TB) (*network.Graph, *Baseline, map[network.NodeID]bool) {
	t.Helper()
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	d := demand2030(t)
	md, err := assign.NewFreightModel(g, d, assign.DefaultFreightParams())
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBaseline(context.Background(), md)
	if err != nil {
		t.Fatal(err)
	}
	skip, err := Endpoints(g, d)
	if err != nil {
		t.Fatal(err)
	}
	return g, b, skip
}

func TestRunAllRanksAndMatchesCold(t *testing.T) {
	g, b, skip := baseline(t)
	sets, least := []string{"all"}, 900
	if testing.Short() {
		sets, least = []string{"chokepoints", "ferries", "borders"}, 50
	}
	cases, err := Select(g, sets, skip)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < least {
		t.Fatalf("%v selects %d cases", sets, len(cases))
	}
	rep, err := Run(context.Background(), b, cases, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range rep.Outcomes[:10] {
		t.Logf("%2d %-40s impact %.3g  Δcost %.3g  ΔTEUd %.3g  unserved %.0f  it %d", i+1, o.ID, o.Impact, o.DeltaCostUSD, o.DeltaTEUDays, o.UnservedTEU, o.Iterations)
	}
	for i := 1; i < len(rep.Outcomes); i++ {
		if rep.Outcomes[i].Error == "" && rankKey(rep.Outcomes[i].Impact) > rankKey(rep.Outcomes[i-1].Impact) {
			t.Fatalf("outcomes not ranked at %d", i)
		}
	}
	// removing an element can only make the system worse off or leave it
	// as it is (an equilibrium, not an optimum, may in principle improve
	// — Braess — so allow a small negative change)
	for _, o := range rep.Outcomes {
		if o.Error != "" {
			t.Fatalf("%s: %s", o.ID, o.Error)
		}
		if !o.Converged {
			t.Errorf("%s: not converged", o.ID)
		}
		if o.UnservedTEU < -1e-6 {
			t.Errorf("%s: negative unserved %.3g", o.ID, o.UnservedTEU)
		}
		// (each case is solved to the relative gap of 1e-6, so costs agree to
		// a few times that, not better)
		if o.BaseFlowTEU < 0.5 && (math.Abs(o.DeltaCostUSD) > 3e-6*rep.Baseline.CostUSD || o.UnservedTEU > 1e-6) {
			t.Errorf("%s carries no flow but its removal changes cost by %.3g USD, unserved %.3g", o.ID, o.DeltaCostUSD, o.UnservedTEU)
		}
	}
	top := rep.Outcomes[0]
	if top.BaseFlowTEU < 1 || top.Impact <= 0 {
		t.Fatalf("top case %s carries %.3g TEU, impact %.3g", top.ID, top.BaseFlowTEU, top.Impact)
	}
	// the top 5 again cold: same figures
	cold, err := Run(context.Background(), b, casesOf(rep.Outcomes[:5]), Options{Cold: true})
	if err != nil {
		t.Fatal(err)
	}
	warm := map[string]Outcome{}
	for _, w := range rep.Outcomes[:5] {
		warm[w.ID] = w
	}
	for i, o := range cold.Outcomes {
		w, ok := warm[o.ID]
		if !ok || math.Abs(o.Impact-w.Impact) > 1e-3*math.Abs(w.Impact)+1 {
			t.Errorf("cold %d: %s %.6g, warm %s %.6g", i, o.ID, o.Impact, w.ID, w.Impact)
		}
	}
}

func casesOf(outs []Outcome) []Case {
	var cs []Case
	for _, o := range outs {
		cs = append(cs, o.Case)
	}
	return cs
}

func TestRankTiesBelowRankDigits(t *testing.T) {
	tests := []struct {
		name string
		in   []Outcome
		want []string
	}{
		{"larger first", []Outcome{{Case: Case{ID: "a"}, Impact: 1}, {Case: Case{ID: "b"}, Impact: 2}}, []string{"b", "a"}},
		{"noise is a tie, by id", []Outcome{{Case: Case{ID: "z"}, Impact: 8.172871e9}, {Case: Case{ID: "a"}, Impact: 8.172869e9}}, []string{"a", "z"}},
		{"fifth figure counts", []Outcome{{Case: Case{ID: "a"}, Impact: 8.1720e9}, {Case: Case{ID: "z"}, Impact: 8.1730e9}}, []string{"z", "a"}},
		{"failed last", []Outcome{{Case: Case{ID: "a"}, Error: "x", Impact: 9}, {Case: Case{ID: "b"}, Impact: -1}}, []string{"b", "a"}},
		{"zero and negative", []Outcome{{Case: Case{ID: "a"}, Impact: -5}, {Case: Case{ID: "b"}, Impact: 0}}, []string{"b", "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			Rank(tt.in)
			var got []string
			for _, o := range tt.in {
				got = append(got, o.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Rank gives %v, want %v", got, tt.want)
			}
		})
	}
}
