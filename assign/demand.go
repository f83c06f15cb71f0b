package assign

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"corridor/errcode"
)

// DemandError is a problem at one line of a demand file.
type DemandError struct {
	File string
	Line int
	Msg  string
}

func (e *DemandError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// ErrorCode classifies the error: errcode.Invalid.
func (e *DemandError) ErrorCode() errcode.Code { return errcode.Invalid }

// maxDemandRows bounds a demand file (a corridor matrix has hundreds of rows).
const maxDemandRows = 1_000_000

// ReadDemand reads a demand CSV file: a header
// origin,destination,teu_per_year[,class] and one row per pair, node ids or
// names in the first two columns, TEU per year (a non-negative number) in
// the third, an optional cargo class in the fourth. Lines starting with #
// are comments. file names the input in errors, which give its line.
func ReadDemand(r io.Reader, file string) ([]Demand, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &DemandError{file, 1, "empty file: expected the header origin,destination,teu_per_year[,class]"}
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	line, _ := cr.FieldPos(0)
	want := []string{"origin", "destination", "teu_per_year", "class"}
	if len(header) < 3 || len(header) > 4 {
		return nil, &DemandError{file, line, fmt.Sprintf("header: expected origin,destination,teu_per_year[,class], got %d columns", len(header))}
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h != want[i] {
			return nil, &DemandError{file, line, fmt.Sprintf("header: column %d must be %s, got %q", i+1, want[i], clip(h))}
		}
	}
	hasClass := len(header) == 4
	var out []Demand
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ = cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			return nil, &DemandError{file, line, fmt.Sprintf("expected %d columns, got %d", len(header), len(rec))}
		}
		d := Demand{Origin: strings.TrimSpace(rec[0]), Destination: strings.TrimSpace(rec[1]), Line: line}
		if d.Origin == "" || d.Destination == "" {
			return nil, &DemandError{file, line, "origin and destination must not be empty"}
		}
		if d.Origin == d.Destination {
			return nil, &DemandError{file, line, fmt.Sprintf("origin and destination are the same node %q", clip(d.Origin))}
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &DemandError{file, line, fmt.Sprintf("teu_per_year: expected a non-negative number, got %q", clip(rec[2]))}
		}
		d.TEUPerYear = v
		if hasClass {
			d.Class = strings.TrimSpace(rec[3])
		}
		out = append(out, d)
		if len(out) > maxDemandRows {
			return nil, &DemandError{file, line, fmt.Sprintf("more than %d rows", maxDemandRows)}
		}
	}
	if len(out) == 0 {
		return nil, &DemandError{file, line, "no demand rows"}
	}
	return out, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &DemandError{file, pe.Line, pe.Err.Error()}
	}
	return &DemandError{file, 0, err.Error()}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}
