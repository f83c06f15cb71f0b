package network

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// column describes one column of a table.
type column struct {
	name     string
	required bool // the column must be present in the header (its values may still be optional)
}

// table is a CSV file read into memory with its header resolved.
type table struct {
	file string
	cols map[string]int
	rows []row
}

// row is one data row with the line it started on.
type row struct {
	t      *table
	line   int
	fields []string
}

// get returns the trimmed value of a column, or "" when the column is absent.
func (r row) get(col string) string {
	i, ok := r.t.cols[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// readTable reads file from fsys. A missing optional file gives an empty
// table and no problem; everything else wrong is reported to ps.
func readTable(fsys fs.FS, file string, optional bool, spec []column, ps *problems) *table {
	t := &table{file: file, cols: map[string]int{}}
	f, err := fsys.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if !optional {
				ps.add(file, 0, "", "file is missing (every network needs it)")
			}
		} else {
			ps.add(file, 0, "", "cannot open: %v", err)
		}
		return t
	}
	defer f.Close()

	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err == io.EOF {
		ps.add(file, 1, "", "file is empty (expected a header row)")
		return t
	}
	if err != nil {
		ps.add(file, csvErrLine(err), "", "CSV syntax: %v", csvErrMsg(err))
		return t
	}
	hline, _ := r.FieldPos(0)
	known := map[string]bool{}
	for _, c := range spec {
		known[c.name] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		switch {
		case h == "":
			ps.add(file, hline, "", "header column %d is empty", i+1)
		case !known[h]:
			ps.add(file, hline, h, "unknown column (expected columns: %s)", columnList(spec))
		default:
			if _, dup := t.cols[h]; dup {
				ps.add(file, hline, h, "column appears twice in the header")
				continue
			}
			t.cols[h] = i
		}
	}
	for _, c := range spec {
		if _, ok := t.cols[c.name]; !ok && c.required {
			ps.add(file, hline, c.name, "required column is missing from the header")
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			ps.add(file, csvErrLine(err), "", "CSV syntax: %v", csvErrMsg(err))
			// encoding/csv cannot resynchronise reliably after a quote error: stop here.
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			ps.add(file, line, "", "row has %d fields, the header has %d", len(rec), len(header))
			continue
		}
		t.rows = append(t.rows, row{t: t, line: line, fields: rec})
	}
	return t
}

func columnList(spec []column) string {
	names := make([]string, len(spec))
	for i, c := range spec {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func csvErrLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Line
	}
	return 0
}

func csvErrMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%v (column %d)", pe.Err, pe.Column)
	}
	return err.Error()
}

// fields reads typed values from one row and reports problems. Each method
// returns a usable zero value on failure so that checking can go on and
// report every problem at once.
type fields struct {
	r  row
	ps *problems
}

func (f fields) bad(col, format string, args ...any) {
	f.ps.add(f.r.t.file, f.r.line, col, format, args...)
}

// str returns a value; required ones must not be empty.
func (f fields) str(col string, required bool) string {
	v := f.r.get(col)
	if v == "" && required {
		f.bad(col, "value is required")
	}
	return v
}

// id returns a required identifier: upper-case letters, digits, '-' and '_'
// (lower-case letters instead of upper when lower is set).
func (f fields) id(col string, lower bool) string {
	v := f.str(col, true)
	if v == "" {
		return ""
	}
	if msg := checkID(v, lower); msg != "" {
		f.bad(col, "%s, got %q", msg, v)
	}
	return v
}

func checkID(v string, lower bool) string {
	if len(v) < 2 || len(v) > 40 {
		return "must be 2 to 40 characters long"
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		letter := (!lower && c >= 'A' && c <= 'Z') || (lower && c >= 'a' && c <= 'z')
		ok := letter || (c >= '0' && c <= '9') || (i > 0 && (c == '-' || c == '_'))
		if !ok {
			if lower {
				return "must be lower-case letters, digits, '-' or '_', starting with a letter or digit"
			}
			return "must be upper-case letters, digits, '-' or '_', starting with a letter or digit"
		}
	}
	return ""
}

// num parses a finite number within [min, max]; an empty value gives 0 and
// is a problem only when required.
func (f fields) num(col string, required bool, min, max float64) (float64, bool) {
	v := f.r.get(col)
	if v == "" {
		if required {
			f.bad(col, "value is required (a number)")
		}
		return 0, false
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || strings.ContainsAny(v, "xXpP_") {
		f.bad(col, "expected a number, got %q", v)
		return 0, false
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		f.bad(col, "expected a finite number, got %q", v)
		return 0, false
	}
	if x < min || x > max {
		f.bad(col, "must be between %s and %s, got %s", fmtNum(min), fmtNum(max), v)
		return 0, false
	}
	return x, true
}

// positive parses a number that must be > 0.
func (f fields) positive(col string, required bool) (float64, bool) {
	v := f.r.get(col)
	x, ok := f.num(col, required, math.Inf(-1), math.Inf(1))
	if ok && x <= 0 {
		f.bad(col, "must be greater than 0, got %s", v)
		return 0, false
	}
	return x, ok
}

// nonNegative parses an optional number that must be >= 0.
func (f fields) nonNegative(col string) float64 {
	v := f.r.get(col)
	x, ok := f.num(col, false, math.Inf(-1), math.Inf(1))
	if ok && x < 0 {
		f.bad(col, "must not be negative, got %s", v)
		return 0
	}
	return x
}

func (f fields) boolean(col string, def bool) bool {
	switch v := strings.ToLower(f.r.get(col)); v {
	case "":
		return def
	case "true", "yes", "1":
		return true
	case "false", "no", "0":
		return false
	default:
		f.bad(col, "expected true or false, got %q", v)
		return def
	}
}

// list splits a ';'-separated value, dropping empty items.
func (f fields) list(col string) []string {
	v := f.r.get(col)
	if v == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func fmtNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "+inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
