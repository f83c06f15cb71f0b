package service_test

import (
	"context"
	"strings"
	"testing"

	"corridor/errcode"
	"corridor/service"
)

// TestAssignmentLimits: inline demand beyond the limits is refused by
// PrepareAssignment, naming the field, before any work.
func TestAssignmentLimits(t *testing.T) {
	svc := service.New(service.Config{Graph: bundled(t)})
	row := service.DemandRow{Origin: "CNXIY", Destination: "DEDUI", TEUPerYear: 1000}
	many := make([]service.DemandRow, service.MaxDemandRows+1)
	for i := range many {
		many[i] = row
	}
	huge := row
	huge.TEUPerYear = 1e308
	long := row
	long.Origin = strings.Repeat("x", 1_000_000)
	for _, c := range []struct {
		name  string
		rows  []service.DemandRow
		field string
	}{
		{"100,001 rows", many, "rows"},
		{"teu_per_year 1e308", []service.DemandRow{row, huge}, "rows[1].teu_per_year"},
		{"a 1,000,000-character origin", []service.DemandRow{long}, "rows[0]"},
	} {
		_, err := svc.PrepareAssignment(context.Background(), service.AssignRequest{Rows: c.rows})
		ds := errcode.Details(err)
		if errcode.Of(err) != errcode.Invalid || len(ds) == 0 || ds[0].Field != c.field {
			t.Errorf("%s: got %v %+v, want invalid on %s", c.name, err, ds, c.field)
		}
	}
}
