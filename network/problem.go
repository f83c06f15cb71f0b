package network

import (
	"fmt"
	"sort"
	"strings"

	"corridor/errcode"
)

// Problem is one thing wrong with a network's files: where it is and what was
// expected there.
type Problem struct {
	File   string // file name inside the network folder, e.g. "links.csv"
	Line   int    // 1-based line number; 0 when the problem concerns the whole file
	Column string // column name; empty when the problem concerns a whole row or file
	Msg    string // what is wrong and what was expected
}

// String formats the problem as "links.csv:12: distance_km: must be > 0, got -4".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Column != "" {
		b.WriteString(p.Column)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Where names the problem's place as file:line:column, leaving out what is
// not known ("links.csv:12:distance_km", "links.csv").
func (p Problem) Where() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
	}
	if p.Column != "" {
		s += ":" + p.Column
	}
	return s
}

// ValidationError is returned by Load when a network's files have problems.
// It lists every problem found, not just the first.
type ValidationError struct {
	Dir      string
	Problems []Problem
}

// Error summarises the problems; the full list is in Problems.
func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "network %s: %d problem", e.Dir, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	const show = 20
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "\n  ... and %d more", len(e.Problems)-show)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// ErrorCode classifies the error: errcode.Invalid.
func (e *ValidationError) ErrorCode() errcode.Code { return errcode.Invalid }

// ErrorDetails names every problem: its place (Problem.Where) and message.
func (e *ValidationError) ErrorDetails() []errcode.Detail {
	out := make([]errcode.Detail, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = errcode.Detail{Field: p.Where(), Reason: p.Msg}
	}
	return out
}

// problems collects problems in the order they are found; sort puts them in
// file and line order for reporting.
type problems []Problem

func (ps *problems) add(file string, line int, col, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

var fileOrder = map[string]int{
	"sources.csv": 0, "groups.csv": 1, "countries.csv": 2, "corridors.csv": 3,
	"nodes.csv": 4, "links.csv": 5, "services.csv": 6,
}

func (ps problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return fileOrder[a.File] < fileOrder[b.File]
		}
		return a.Line < b.Line
	})
}
