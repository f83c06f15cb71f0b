package route

import (
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/errcode"
)

// Cargo heavier per box than its box type carries is refused with the
// limit named; the box defaults by TEU/FEU and sets the size.
func TestCargoPayloadLimits(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	cases := []struct {
		name  string
		cargo CargoRequest
		field string // "" = accepted
		want  string // in the message, or the echoed box when accepted
	}{
		{"default FEU", CargoRequest{}, "", "40"},
		{"40' at its limit", CargoRequest{FEU: n(1), Tonnes: f(26.73)}, "", "40"},
		{"45 t in one FEU", CargoRequest{FEU: n(1), Tonnes: f(45)}, "cargo.tonnes",
			"45 t in 1 FEU is 45 t per 40' box; a 40' box carries at most 26.73 t (ISO 668"},
		{"two FEU share the load", CargoRequest{FEU: n(2), Tonnes: f(45)}, "", "40"},
		{"20' default for TEU", CargoRequest{TEU: n(1), Tonnes: f(28)}, "", "20"},
		{"20' over", CargoRequest{TEU: n(1), Tonnes: f(28.5)}, "cargo.tonnes", "a 20' box carries at most 28.18 t"},
		{"20' reefer", CargoRequest{TEU: n(1), Tonnes: f(28), Reefer: true}, "cargo.tonnes", "a 20' reefer box carries at most 27.4 t"},
		{"40' high cube", CargoRequest{Box: "40hc", Tonnes: f(26.6)}, "cargo.tonnes", "a 40' high-cube box carries at most 26.54 t"},
		{"40' HC spelled 40HC", CargoRequest{FEU: n(3), Box: "40HC", Tonnes: f(60)}, "", "40hc"},
		{"40' reefer", CargoRequest{FEU: n(1), Tonnes: f(26), Reefer: true}, "cargo.tonnes", "at most 25.68 t"},
		{"45'", CargoRequest{Box: "45", Tonnes: f(25.66)}, "", "45"},
		{"45' over", CargoRequest{Box: "45'", Tonnes: f(26)}, "cargo.tonnes", "a 45' high-cube box carries at most 25.66 t"},
		{"45' reefer unknown", CargoRequest{Box: "45", Reefer: true}, "cargo.box", "no payload limit is known"},
		{"box 20 alone is a TEU", CargoRequest{Box: "20"}, "", "20"},
		{"box 20 with feu", CargoRequest{FEU: n(1), Box: "20"}, "cargo.box", "a 20' box is not a FEU"},
		{"box 40 with teu", CargoRequest{TEU: n(2), Box: "40"}, "cargo.box", "a 40' box is not a TEU"},
		{"unknown box", CargoRequest{Box: "53"}, "cargo.box", `unknown box "53"`},
		{"zero tonnes", CargoRequest{Tonnes: f(0)}, "cargo.tonnes", "must be above 0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.cargo
			req := Request{From: "CNXIY", To: "DEDUI", Cargo: &c}
			q, err := req.Query(g, time.Now())
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if box := Echo(g, q).Cargo.Box; box != tc.want {
					t.Errorf("box %q, want %q", box, tc.want)
				}
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v; want a %s error containing %q", err, tc.field, tc.want)
			}
			if errcode.Of(err) != errcode.Invalid {
				t.Errorf("code %v, want invalid", errcode.Of(err))
			}
		})
	}
}

// A Query built in code (no Request) is checked against the same limits.
func TestQueryPayloadLimitInCode(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	from, _, _ := g.Resolve("CNXIY")
	to, _, _ := g.Resolve("DEDUI")
	q := NewQuery(from, to, time.Now())
	q.Cargo.Tonnes = 27
	if err := q.check(g); err == nil || !strings.Contains(err.Error(), "at most 26.73 t") {
		t.Errorf("27 t in a 40' box: %v", err)
	}
}
