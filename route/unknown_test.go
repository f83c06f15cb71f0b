package route

import (
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/data/eurasia"
	"corridor/errcode"
)

// Every unknown place of a request is reported at once, each with its own
// suggestions; a single one keeps its own error type.
func TestUnknownPlacesTogether(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		req    Request
		fields []string // the fields reported, in order
		want   []string // text each message must have
	}{
		{"both ends", Request{From: "Xiann", To: "Duisbrug"}, []string{"from", "to"},
			[]string{`from: no place matches "Xiann"`, `to: no place matches "Duisbrug"; did you mean Duisburg (DEDUI)`}},
		{"ends, via and avoid", Request{From: "Atlantis", To: "Duisbrug", Via: []string{"Almaty", "Aktauu"}, AvoidNodes: []string{"Suezz"}},
			[]string{"from", "to", "via", "avoid_nodes"}, []string{`via: no place matches "Aktauu"`, `avoid_nodes: no place matches "Suezz"`}},
		{"one", Request{From: "Xi'an", To: "Duisbrug"}, []string{"to"}, nil},
	}
	for _, tc := range cases {
		_, err := tc.req.Query(g, time.Now())
		if errcode.Of(err) != errcode.NotFound {
			t.Errorf("%s: %v is not a not-found error", tc.name, err)
			continue
		}
		var fields []string
		for _, d := range errcode.Details(err) {
			fields = append(fields, d.Field)
		}
		if strings.Join(fields, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s: fields %v, want %v", tc.name, fields, tc.fields)
		}
		if lines := strings.Split(err.Error(), "\n"); len(lines) != len(tc.fields) {
			t.Errorf("%s: %d lines, want %d:\n%s", tc.name, len(lines), len(tc.fields), err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
		var ue *UnknownNodeError
		if !errors.As(err, &ue) || ue.Field != tc.fields[0] {
			t.Errorf("%s: errors.As finds %+v, want the %s error", tc.name, ue, tc.fields[0])
		}
	}
}
