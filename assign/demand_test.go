package assign

import (
	"strings"
	"testing"
)

func TestReadDemand(t *testing.T) {
	cases := []struct {
		name, in string
		rows     int
		err      string
	}{
		{"plain", "origin,destination,teu_per_year\nCNXIY,DEDUI,1000\n", 1, ""},
		{"class and comment", "# 2024\norigin,destination,teu_per_year,class\nCNXIY,DEDUI,1000,standard\n\"Xi'an\",Baku,5.5e3,avoid_ru_by\n", 2, ""},
		{"bom", "\ufefforigin,destination,teu_per_year\nA,B,1\n", 1, ""},
		{"empty", "", 0, "x.csv:1: empty file"},
		{"bad header", "from,to,teu\nA,B,1\n", 0, "x.csv:1: header: column 1 must be origin"},
		{"short header", "origin,destination\n", 0, "got 2 columns"},
		{"negative", "origin,destination,teu_per_year\nA,B,-1\n", 0, "x.csv:2: teu_per_year: expected a non-negative number"},
		{"NaN", "origin,destination,teu_per_year\nA,B,NaN\n", 0, "x.csv:2: teu_per_year"},
		{"text", "origin,destination,teu_per_year\nA,B,lots\n", 0, "x.csv:2:"},
		{"columns", "origin,destination,teu_per_year\nA,B,1,extra\n", 0, "x.csv:2: expected 3 columns, got 4"},
		{"same node", "origin,destination,teu_per_year\nA,A,1\n", 0, "x.csv:2: origin and destination are the same"},
		{"empty node", "origin,destination,teu_per_year\n,B,1\n", 0, "must not be empty"},
		{"quote", "origin,destination,teu_per_year\n\"A,B,1\n", 0, "x.csv:2:"},
		{"no rows", "origin,destination,teu_per_year\n", 0, "no demand rows"},
		{"line numbers", "origin,destination,teu_per_year\nA,B,1\n\n# c\nA,C,x\n", 0, "x.csv:5:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ReadDemand(strings.NewReader(tc.in), "x.csv")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(d) != tc.rows {
				t.Fatalf("%d rows, error %v; want %d rows", len(d), err, tc.rows)
			}
		})
	}
}

// FuzzReadDemand checks that no input makes the reader panic, that every
// error names the file and a line, and that accepted rows are valid.
func FuzzReadDemand(f *testing.F) {
	f.Add("origin,destination,teu_per_year\nCNXIY,DEDUI,1000\n")
	f.Add("origin,destination,teu_per_year,class\nCNXIY,DEDUI,1000,standard\n# x\nA,B,0,\n")
	f.Add("origin,destination,teu_per_year\n\"A\"\"\",B,1e308\n")
	f.Add("\ufefforigin,destination,teu_per_year\r\nA,B,1\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ReadDemand(strings.NewReader(in), "f.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv:") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, r := range d {
			if r.TEUPerYear < 0 || r.Origin == "" || r.Destination == "" || r.Origin == r.Destination || r.Line < 2 {
				t.Fatalf("accepted a bad row %+v", r)
			}
		}
	})
}
