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

// table is a CSV file being read, its header resolved. Rows are handed to
// the caller one at a time and not kept: memory follows the network built,
// not the file.
type table struct {
	file string
	cols map[string]int
	// lists shares the ';'-separated lists met in the file (sources,
	// corridors, days): a million rows citing one source hold one slice.
	lists map[string][]string
	// rows counts the data rows passed on.
	rows int
}

// row is one data row with the line it started on.
type row struct {
	t      *table
	line   int
	fields []string
}

// get returns the trimmed value of a column, or "" when the column is
// absent. The value is a copy: keeping it (an id, a name) does not keep the
// whole line it was read from.
func (r row) get(col string) string {
	i, ok := r.t.cols[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.Clone(strings.TrimSpace(r.fields[i]))
}

// raw is get without the copy, for values that are parsed, not kept.
func (r row) raw(col string) string {
	i, ok := r.t.cols[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// readTable reads file from fsys and calls each for every data row, in
// order; the row's fields are only valid during the call. A missing
// optional file gives no rows and no problem; everything else wrong is
// reported to ps.
func readTable(fsys fs.FS, file string, optional bool, spec []column, ps *problems, each func(row)) *table {
	t := &table{file: file, cols: map[string]int{}, lists: map[string][]string{}}
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
	r.ReuseRecord = true
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
		t.rows++
		each(row{t: t, line: line, fields: rec})
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

// fields reads typed values from one row and reports problems; it is the
// Reporter of the row's record rules. Each method returns a usable zero
// value on failure so that checking can go on and report every problem at
// once. A column whose text cannot be read is reported once: the rules'
// problems with the value read in its place are dropped.
type fields struct {
	r      row
	ps     *problems
	unread map[string]bool // nil until a column is found unreadable
}

func newFields(r row, ps *problems) *fields { return &fields{r: r, ps: ps} }

// Field reports a problem found by the record rules (Reporter).
func (f *fields) Field(col, format string, args ...any) {
	if !f.unread[col] {
		f.ps.add(f.r.t.file, f.r.line, col, format, args...)
	}
}

// bad reports a problem with the text of a column.
func (f *fields) bad(col, format string, args ...any) {
	f.ps.add(f.r.t.file, f.r.line, col, format, args...)
	if f.unread == nil {
		f.unread = map[string]bool{}
	}
	f.unread[col] = true
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
func (f *fields) num(col string, required bool, min, max float64) (float64, bool) {
	v := f.r.raw(col)
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

// number parses an optional finite number (0 when empty); the record
// rules check its range.
func (f *fields) number(col string, required bool) float64 {
	x, _ := f.num(col, required, math.Inf(-1), math.Inf(1))
	return x
}

// given parses an optional number that may be given as 0: nil when empty.
func (f *fields) given(col string) *float64 {
	if f.r.raw(col) == "" {
		return nil
	}
	x := f.number(col, false)
	return &x
}

func (f *fields) boolean(col string, def bool) bool {
	switch v := strings.ToLower(f.r.raw(col)); v {
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

// list splits a ';'-separated value, dropping empty items. Equal values
// in one file share one slice (at full capacity, so an append copies).
func (f *fields) list(col string) []string {
	v := f.r.raw(col)
	if v == "" {
		return nil
	}
	if out, ok := f.r.t.lists[v]; ok {
		return out
	}
	var out []string
	for _, p := range strings.Split(v, ";") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, strings.Clone(p))
		}
	}
	out = out[:len(out):len(out)]
	if len(f.r.t.lists) < maxSharedLists {
		f.r.t.lists[strings.Clone(v)] = out
	}
	return out
}

// maxSharedLists bounds the lists a table remembers (aliases are mostly
// distinct: they are not worth remembering past this).
const maxSharedLists = 4096

func fmtNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "+inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
