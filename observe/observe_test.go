package observe_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"corridor/network"
	"corridor/observe"
	"corridor/route"
)

func rated(t *testing.T) *network.Graph {
	t.Helper()
	g, err := network.Load("../network/testdata/rated")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

const header = "id,kind,from,to,corridor,via,modes,month,low,high,source,note\n"

// TestCheck: each kind is modelled as documented and compared with its
// range. The figures of the rated test network are hand-computed:
// Xi'an → Łódź by rail, 1 FEU, in 2019-01 (factor 1): L1 1090 + L2 50 + L5
// 1620 per TEU × 1.6 = 4416, plus the handling at the gauge change at
// Dostyk (120 × 1.6 = 192) and the THC at Xi'an (160).
func TestCheck(t *testing.T) {
	g := rated(t)
	csv := header + `
in-cost,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,4700,4800,test-a,
above-cost,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,3000,4000,test-a,
below-km,distance_km,CNXIY,PLLOD,,,rail,2019-01,9000,9500,test-a,3300+12+5400 = 8712
border,crossing_hours,KZDOS,CNAKL,,,,2024-01,30,40,test-a,24 + 10
dwell,dwell_hours,KZSCO,,,,,2024-01,12,12,test-b,handling 12
volume,volume_teu_year,KZSCO,AZBAK,middle,,,2023-06,50000,60000,test-a,
none,transit_days,CNXIY,PLLOD,,,sea,2019-01,10,20,test-a,no sea path
`
	obs, err := observe.Read(strings.NewReader(csv), "test", g)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := observe.Check(context.Background(), route.New(g), obs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]observe.Status{"in-cost": observe.InRange, "above-cost": observe.Above, "below-km": observe.Below,
		"border": observe.InRange, "dwell": observe.InRange, "volume": observe.NotModelled, "none": observe.NoItinerary}
	for _, r := range rs {
		if r.Status != want[r.ID] {
			m := "nil"
			if r.Modelled != nil {
				m = ftoa(*r.Modelled)
			}
			t.Errorf("%s: %s (modelled %s, %s), want %s", r.ID, r.Status, m, r.Detail, want[r.ID])
		}
		if r.ID == "in-cost" && (r.Modelled == nil || *r.Modelled != 4768) {
			t.Errorf("in-cost modelled %v, want 4768", r.Modelled)
		}
		if r.ID == "above-cost" && (r.Residual < 0.19 || r.Residual > 0.2) {
			t.Errorf("above-cost residual %v, want (4768−4000)/4000 = 0.192", r.Residual)
		}
	}
	sum := observe.Summarise(rs)
	if sum.Overall.N != 6 || sum.Overall.InRange != 3 || sum.Overall.Excluded != 1 {
		t.Errorf("overall %+v, want 3 of 6 in range, 1 not modelled", sum.Overall)
	}
}

func TestReadBad(t *testing.T) {
	g := rated(t)
	for _, c := range []struct{ row, want string }{
		{"a,speed,CNXIY,PLLOD,,,,2019-01,1,2,test-a,", `observations.csv:2: kind: expected one of transit_days`},
		{"a,transit_days,NOWHERE,PLLOD,,,,2019-01,1,2,test-a,", `observations.csv:2: from: unknown node "NOWHERE"`},
		{"a,transit_days,CNXIY,,,,,2019-01,1,2,test-a,", "observations.csv:2: to: value is required"},
		{"a,transit_days,CNXIY,PLLOD,southern,,,2019-01,1,2,test-a,", `observations.csv:2: corridor: unknown corridor tag "southern"`},
		{"a,transit_days,CNXIY,PLLOD,,,boat,2019-01,1,2,test-a,", "observations.csv:2: modes: unknown mode"},
		{"a,transit_days,CNXIY,PLLOD,,,rail/sea,2019-01,1,2,test-a,", "observations.csv:2: modes: 2 segments of modes (split by \"/\") for a trip of 1 (one more than the 0 via nodes)"},
		{"a,transit_days,CNXIY,PLLOD,,KZDOS,rail/boat,2019-01,1,2,test-a,", "observations.csv:2: modes: unknown mode"},
		{"a,transit_days,CNXIY,PLLOD,,,,2019-1,1,2,test-a,", "observations.csv:2: month: expected a month as YYYY-MM"},
		{"a,transit_days,CNXIY,PLLOD,,,,2019-01,5,2,test-a,", "observations.csv:2: high: is below low (5)"},
		{"a,transit_spread_days,CNXIY,PLLOD,,,,2019-01,5,5,test-a,", "observations.csv:2: high: a spread needs high above low (5)"},
		{"a,transit_days,CNXIY,PLLOD,,,,2019-01,x,2,test-a,", `observations.csv:2: low: expected a finite number ≥ 0, got "x"`},
		{"a,transit_days,CNXIY,PLLOD,,,,2019-01,1,2,nobody,", `observations.csv:2: source: unknown source "nobody"`},
		{"a,transit_days,CNXIY,PLLOD,,,,2019-01,1,2,test-a\n", "row has 11 fields, the header has 12"},
	} {
		_, err := observe.Read(strings.NewReader(header+c.row), "test", g)
		var ve *network.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.row, err, c.want)
		}
	}
}

// FuzzRead: whatever the bytes, Read returns observations or a
// ValidationError with problems, never panics.
func FuzzRead(f *testing.F) {
	g, err := network.Load("../network/testdata/rated")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(header + "in-cost,cost_usd_per_feu,CNXIY,PLLOD,northern,,,2019-01,4700,4800,test-a,\n"))
	f.Add([]byte(header + "b,crossing_hours,KZDOS,,,KZSCO,rail;sea,2024-01,1,2,test-a;test-b,\"quoted, note\"\n"))
	f.Add([]byte(header + "c,transit_days,CNXIY,PLLOD,,KZDOS,rail/;rail,2024-01,1,2,test-a,\n"))
	f.Add([]byte("id\n\"unterminated"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := observe.Read(strings.NewReader(string(data)), "fuzz", g)
		if err != nil {
			var ve *network.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 {
				t.Fatalf("error %T %v is not a ValidationError with problems", err, err)
			}
			return
		}
		for _, o := range obs {
			if o.High < o.Low || o.ID == "" {
				t.Fatalf("accepted a bad observation %+v", o)
			}
		}
	})
}

// TestSegmentModesColumn: a modes column with "/" between segments gives
// one set of modes per segment (an empty one allows every mode), which the
// check's query carries; without "/" it is one set for the whole trip.
func TestSegmentModesColumn(t *testing.T) {
	g := rated(t)
	obs, err := observe.Read(strings.NewReader(header+
		"seg,transit_days,CNXIY,PLLOD,,KZDOS,rail/,2019-01,1,2,test-a,\n"+
		"all,transit_days,CNXIY,PLLOD,,KZDOS,rail;road,2019-01,1,2,test-a,\n"), "test", g)
	if err != nil {
		t.Fatal(err)
	}
	seg, all := obs[0], obs[1]
	if len(seg.SegmentModes) != 2 || len(seg.SegmentModes[0]) != 1 || seg.SegmentModes[0][0] != network.Rail || len(seg.SegmentModes[1]) != 0 || len(seg.Modes) != 0 {
		t.Errorf("rail/ read as segments %v, modes %v", seg.SegmentModes, seg.Modes)
	}
	if all.SegmentModes != nil || len(all.Modes) != 2 {
		t.Errorf("rail;road read as segments %v, modes %v", all.SegmentModes, all.Modes)
	}
	q := observe.QueryOf(g, &seg)
	if len(q.SegmentModes) != 2 || len(q.Via) != 1 {
		t.Errorf("the check's query has segment modes %v and via %v", q.SegmentModes, q.Via)
	}
}
