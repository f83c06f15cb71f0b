package scenario_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"corridor/scenario"
)

// TestScenarioLimits: a scenario beyond a limit is refused quickly and by
// name; a carbon price of 1e308 is refused at validation.
func TestScenarioLimits(t *testing.T) {
	g := base(t)
	unknown := make([]string, 50000)
	for i := range unknown {
		unknown[i] = fmt.Sprintf("NOWHERE%d", i)
	}
	manyEdits := make([]scenario.Edit, scenario.MaxEdits+1)
	for i := range manyEdits {
		manyEdits[i] = scenario.Edit{Op: scenario.OpCloseNodes, Nodes: []string{"KZDOS"}}
	}
	someUnknown := make([]scenario.Edit, 500)
	for i := range someUnknown {
		someUnknown[i] = scenario.Edit{Op: scenario.OpCloseNodes, Nodes: unknown[i*100 : i*100+100]}
	}
	cases := []struct {
		name  string
		edits []scenario.Edit
		field string
		msg   string
	}{
		{"50,000 unknown close_nodes", []scenario.Edit{{Op: scenario.OpCloseNodes, Nodes: unknown}}, "nodes", "at most 1000 items"},
		{"50,000 unknown places over 500 edits", someUnknown, "nodes", "unknown place"},
		{"1,001 edits", manyEdits, "edits", "at most 1000 edits"},
		{"a 1,000,000-character place", []scenario.Edit{{Op: scenario.OpCloseNodes, Nodes: []string{strings.Repeat("x", 1_000_000)}}}, "nodes", "at most 200 characters"},
		{"carbon price 1e308", []scenario.Edit{{Op: scenario.OpSetCarbonPrice, Value: f(1e308)}}, "value", "at most"},
		{"carbon price 10,001", []scenario.Edit{{Op: scenario.OpSetCarbonPrice, Value: f(10001)}}, "value", "at most 10000"},
		{"capacity 1e308", []scenario.Edit{{Op: scenario.OpSetCapacity, Nodes: []string{"KZDOS"}, Value: f(1e308)}}, "value", "at most"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := scenario.Apply(g, &scenario.Scenario{Name: "big", Edits: tc.edits})
			d := time.Since(start)
			var se *scenario.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a scenario.Error", err)
			}
			if len(se.Problems) > scenario.MaxProblems+1 {
				t.Errorf("%d problems, want at most %d", len(se.Problems), scenario.MaxProblems+1)
			}
			p := se.Problems[0]
			if p.Field != tc.field || !strings.Contains(p.Msg, tc.msg) {
				t.Errorf("first problem %s: %s, want %s: …%s…", p.Field, p.Msg, tc.field, tc.msg)
			}
			if d > 3*time.Second {
				t.Errorf("refused after %v", d)
			}
		})
	}
	apply(t, g, scenario.Edit{Op: scenario.OpSetCarbonPrice, Value: f(scenario.MaxCarbonPrice)})
}
