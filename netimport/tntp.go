package netimport

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"corridor/errcode"
	"corridor/network"
)

// TNTP is a network in the TNTP format (github.com/bstabler/TransportationNetworks)
// held as parallel arrays, as traffic assignment wants them. Links are in
// _net file order (the order of the _flow file too); node numbers are the
// file's, 1-based.
type TNTP struct {
	Name          string
	Zones         int // nodes 1..Zones are zones (centroids)
	Nodes         int // NUMBER OF NODES from the metadata, or the largest node number seen
	FirstThruNode int // nodes below it may start or end paths but not be passed through
	TotalODFlow   float64
	HasTotalOD    bool

	// InferMetadata, set before ReadNet, accepts a _net file without the
	// mandatory metadata (<NUMBER OF ZONES>, <NUMBER OF NODES>, <FIRST THRU
	// NODE>, <NUMBER OF LINKS>): the counts are inferred from the links
	// (nodes: the largest number seen; zones: 0; first thru node: 1).
	// Without it such a file is refused, naming the missing field.
	InferMetadata bool

	// One entry per link (the _net file's columns).
	Init, Term   []int32
	Capacity     []float64
	Length       []float64
	FreeFlowTime []float64 // t0
	B            []float64 // BPR multiplier
	Power        []float64 // BPR exponent
	Speed        []float64
	Toll         []float64
	LinkType     []int32

	// Demand (_trips): one entry per listed origin–destination pair, zero
	// flows included as listed.
	Origin, Dest []int32
	Demand       []float64

	// Coordinates (_node), indexed by node number - 1; HasXY is false when
	// no _node file was read. Units are the file's (degrees, feet, ...).
	X, Y  []float64
	HasXY bool

	// Best-known equilibrium (_flow), one entry per link; nil without a
	// _flow file.
	FlowVolume, FlowCost []float64

	// Files lists the files read; Warnings are oddities that are not errors.
	Files    []string
	Warnings []string
}

// NumLinks is the number of links.
func (t *TNTP) NumLinks() int { return len(t.Init) }

// BPRTime is the BPR travel time of link i at volume v:
// t0 · (1 + b · (v/c)^power).
func (t *TNTP) BPRTime(i int, v float64) float64 {
	c := t.Capacity[i]
	if c <= 0 || t.B[i] == 0 {
		return t.FreeFlowTime[i]
	}
	return t.FreeFlowTime[i] * (1 + t.B[i]*math.Pow(v/c, t.Power[i]))
}

// LineError is a problem at one line of a TNTP file.
type LineError struct {
	File string
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ErrorCode classifies the error: errcode.Invalid.
func (e *LineError) ErrorCode() errcode.Code { return errcode.Invalid }

// ErrorDetails names the line at fault as file:line.
func (e *LineError) ErrorDetails() []errcode.Detail {
	return []errcode.Detail{{Field: fmt.Sprintf("%s:%d", e.File, e.Line), Reason: e.Msg}}
}

// lineReader yields the significant lines of a TNTP file after its metadata.
type lineReader struct {
	ctx  context.Context
	file string
	sc   *bufio.Scanner
	line int
	meta map[string]string
}

func newLineReader(ctx context.Context, r io.Reader, file string) *lineReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	return &lineReader{ctx: ctx, file: file, sc: sc, meta: map[string]string{}}
}

func (lr *lineReader) errf(format string, args ...any) error {
	return &LineError{lr.file, lr.line, fmt.Sprintf(format, args...)}
}

// next returns the next non-empty, non-comment line with metadata lines
// consumed into lr.meta; ok is false at the end. It stops with the
// context's error when the context is done.
func (lr *lineReader) next() (string, bool, error) {
	b, ok, err := lr.nextBytes()
	return string(b), ok, err
}

// nextBytes is next without copying the line: the slice is valid until the
// following call.
func (lr *lineReader) nextBytes() ([]byte, bool, error) {
	for lr.sc.Scan() {
		lr.line++
		if lr.line%checkEvery == 0 {
			if err := lr.ctx.Err(); err != nil {
				return nil, false, fmt.Errorf("%s:%d: reading stopped: %w", lr.file, lr.line, err)
			}
		}
		b := bytes.TrimSpace(lr.sc.Bytes())
		if lr.line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if len(b) == 0 || b[0] == '~' {
			continue
		}
		if b[0] == '<' {
			s := string(b)
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return nil, false, lr.errf("metadata line without '>': %q", clip(s))
			}
			key := strings.ToUpper(strings.TrimSpace(s[1:end]))
			if key != "END OF METADATA" {
				lr.meta[key] = strings.TrimSpace(s[end+1:])
			}
			continue
		}
		return b, true, nil
	}
	if err := lr.sc.Err(); err != nil {
		return nil, false, &LineError{lr.file, lr.line + 1, err.Error()}
	}
	return nil, false, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// fields splits a data line on whitespace and drops ';' terminators.
func fields(s string) []string {
	s = strings.ReplaceAll(s, ";", " ")
	return strings.Fields(s)
}

func (lr *lineReader) metaInt(key string) (int, bool, error) {
	v, ok := lr.meta[key]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.Atoi(strings.Fields(v + " x")[0])
	if err != nil {
		return 0, false, &LineError{lr.file, 0, fmt.Sprintf("metadata <%s>: expected a whole number, got %q", key, clip(v))}
	}
	return n, true, nil
}

func parseNum(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

// ReadNet reads a _net file into t (links and metadata). file names the
// file in errors.
func (t *TNTP) ReadNet(ctx context.Context, r io.Reader, file string) error {
	lr := newLineReader(ctx, r, file)
	t.Files = append(t.Files, file)
	cols := []string{"init_node", "term_node", "capacity", "length", "free_flow_time", "b", "power", "speed", "toll", "link_type"}
	var declaredLinks, declaredNodes int
	var hasLinks, hasNodes bool
	first := true
	for {
		s, ok, err := lr.next()
		if err != nil {
			return err
		}
		if first {
			first = false
			var e error
			if t.Zones, _, e = lr.metaInt("NUMBER OF ZONES"); e != nil {
				return e
			}
			if declaredNodes, hasNodes, e = lr.metaInt("NUMBER OF NODES"); e != nil {
				return e
			}
			if t.FirstThruNode, _, e = lr.metaInt("FIRST THRU NODE"); e != nil {
				return e
			}
			if declaredLinks, hasLinks, e = lr.metaInt("NUMBER OF LINKS"); e != nil {
				return e
			}
			if !t.InferMetadata {
				for _, k := range []string{"NUMBER OF ZONES", "NUMBER OF NODES", "FIRST THRU NODE", "NUMBER OF LINKS"} {
					if _, has := lr.meta[k]; !has {
						return &LineError{file, 0, fmt.Sprintf("missing metadata <%s>: a _net file must open with <NUMBER OF ZONES>, <NUMBER OF NODES>, <FIRST THRU NODE> and <NUMBER OF LINKS> (whole numbers), or be read with inferred metadata (--infer-metadata)", k)}
					}
				}
			}
			if hasNodes {
				if declaredNodes < 1 || declaredNodes > 50_000_000 {
					return &LineError{file, 0, fmt.Sprintf("<NUMBER OF NODES> %d is out of range", declaredNodes)}
				}
				t.Nodes = declaredNodes
			}
			if hasLinks && declaredLinks < 1 {
				return &LineError{file, 0, fmt.Sprintf("<NUMBER OF LINKS> %d is out of range (at least 1)", declaredLinks)}
			}
			if t.Zones < 0 || (hasNodes && t.Zones > t.Nodes) {
				return &LineError{file, 0, fmt.Sprintf("<NUMBER OF ZONES> %d is out of range (nodes: %d)", t.Zones, t.Nodes)}
			}
		}
		if !ok {
			break
		}
		f := fields(s)
		if len(f) < 9 {
			return lr.errf("expected 10 columns (%s), got %d", strings.Join(cols, " "), len(f))
		}
		var v [10]float64
		for i := 0; i < len(f) && i < 10; i++ {
			x, good := parseNum(f[i])
			if !good {
				return lr.errf("%s: expected a number, got %q", cols[i], clip(f[i]))
			}
			v[i] = x
		}
		for i := 0; i < 2; i++ {
			if v[i] != math.Trunc(v[i]) || v[i] < 1 || (hasNodes && v[i] > float64(t.Nodes)) || v[i] > 50_000_000 {
				return lr.errf("%s: expected a node number 1..%d, got %s", cols[i], t.Nodes, f[i])
			}
		}
		for i := 2; i < 9; i++ {
			if v[i] < 0 {
				return lr.errf("%s: must not be negative, got %s", cols[i], f[i])
			}
		}
		t.Init = append(t.Init, int32(v[0]))
		t.Term = append(t.Term, int32(v[1]))
		t.Capacity = append(t.Capacity, v[2])
		t.Length = append(t.Length, v[3])
		t.FreeFlowTime = append(t.FreeFlowTime, v[4])
		t.B = append(t.B, v[5])
		t.Power = append(t.Power, v[6])
		t.Speed = append(t.Speed, v[7])
		t.Toll = append(t.Toll, v[8])
		t.LinkType = append(t.LinkType, int32(v[9]))
		if !hasNodes && int(v[0]) > t.Nodes {
			t.Nodes = int(v[0])
		}
		if !hasNodes && int(v[1]) > t.Nodes {
			t.Nodes = int(v[1])
		}
	}
	if len(t.Init) == 0 {
		return &LineError{file, lr.line, "no links"}
	}
	// Nothing is sized from the header claims while reading; what later
	// steps size by node count (coordinates, graph ids, assignment) is
	// bounded here by what the file holds: every node is used by a link
	// (at most two a link).
	limit := 2 * len(t.Init)
	if t.Nodes > limit {
		what := fmt.Sprintf("<NUMBER OF NODES> %d", t.Nodes)
		if !hasNodes {
			what = fmt.Sprintf("node numbers running to %d", t.Nodes)
		}
		return &LineError{file, 0, fmt.Sprintf("%s is more than the file can hold: its %d links use at most %d nodes", what, len(t.Init), limit)}
	}
	if t.Zones > limit {
		return &LineError{file, 0, fmt.Sprintf("<NUMBER OF ZONES> %d is more than the file can hold: its %d links use at most %d nodes", t.Zones, len(t.Init), limit)}
	}
	if hasLinks && declaredLinks != len(t.Init) {
		return &LineError{file, lr.line, fmt.Sprintf("<NUMBER OF LINKS> says %d, the file has %d", declaredLinks, len(t.Init))}
	}
	if t.FirstThruNode <= 0 {
		t.FirstThruNode = 1
	}
	return nil
}

// ReadTrips reads a _trips file into t. Destinations must be zones.
func (t *TNTP) ReadTrips(ctx context.Context, r io.Reader, file string) error {
	lr := newLineReader(ctx, r, file)
	t.Files = append(t.Files, file)
	origin := int32(0)
	sum := 0.0
	zones := t.Zones
	first := true
	for {
		line, ok, err := lr.nextBytes()
		if err != nil {
			return err
		}
		if first {
			first = false
			z, hasZ, e := lr.metaInt("NUMBER OF ZONES")
			if e != nil {
				return e
			}
			if hasZ {
				if zones > 0 && z != zones {
					return lr.errf("<NUMBER OF ZONES> is %d here but %d in the _net file", z, zones)
				}
				zones = z
			}
			if n := zones * zones; len(t.Origin) == 0 && zones > 0 && n <= 1<<20 {
				// a full matrix's entries, unless that is large
				t.Origin, t.Dest, t.Demand = make([]int32, 0, n), make([]int32, 0, n), make([]float64, 0, n)
			}
			if v, has := lr.meta["TOTAL OD FLOW"]; has {
				x, good := parseNum(strings.ReplaceAll(v, ",", ""))
				if !good {
					return &LineError{file, 0, fmt.Sprintf("<TOTAL OD FLOW>: expected a number, got %q", clip(v))}
				}
				t.TotalODFlow, t.HasTotalOD = x, true
			}
		}
		if !ok {
			break
		}
		if origin != 0 && !bytes.HasPrefix(line, []byte("Origin")) {
			n := len(t.Origin)
			if total, good := t.appendTrips(line, origin, zones, sum); good {
				sum = total
				continue
			}
			// the general path below reports the fault (or reads what the
			// plain form does not cover)
			t.Origin, t.Dest, t.Demand = t.Origin[:n], t.Dest[:n], t.Demand[:n]
		}
		s := string(line)
		if rest, isOrigin := strings.CutPrefix(s, "Origin"); isOrigin {
			f := fields(rest)
			if len(f) != 1 {
				return lr.errf("expected \"Origin N\", got %q", clip(s))
			}
			o, err := strconv.Atoi(f[0])
			if err != nil || o < 1 || (zones > 0 && o > zones) {
				return lr.errf("origin %q is not a zone (1..%d)", f[0], zones)
			}
			origin = int32(o)
			continue
		}
		if origin == 0 {
			return lr.errf("demand before the first \"Origin\" line: %q", clip(s))
		}
		f := fields(strings.ReplaceAll(s, ":", " : "))
		if len(f)%3 != 0 {
			return lr.errf("expected entries \"destination : flow;\", got %q", clip(s))
		}
		for i := 0; i < len(f); i += 3 {
			d, err := strconv.Atoi(f[i])
			if f[i+1] != ":" || err != nil {
				return lr.errf("expected \"destination : flow;\", got %q", clip(strings.Join(f[i:i+3], " ")))
			}
			if d < 1 || (zones > 0 && d > zones) {
				return lr.errf("destination %d is not a zone (1..%d)", d, zones)
			}
			x, good := parseNum(f[i+2])
			if !good || x < 0 {
				return lr.errf("flow for destination %d: expected a non-negative number, got %q", d, f[i+2])
			}
			t.Origin = append(t.Origin, origin)
			t.Dest = append(t.Dest, int32(d))
			t.Demand = append(t.Demand, x)
			sum += x
		}
	}
	if t.HasTotalOD && math.Abs(sum-t.TotalODFlow) > 1e-6*math.Max(1, t.TotalODFlow) {
		t.Warnings = append(t.Warnings, fmt.Sprintf("%s: entries sum to %.6g, <TOTAL OD FLOW> says %.6g", file, sum, t.TotalODFlow))
	}
	return nil
}

// appendTrips reads a demand line of the plain form "d : x; d : x; ..."
// (ASCII, whole destinations, decimal flows without an exponent) without
// allocating, appending its entries to t, and returns sum plus its flows
// (added one by one, as the general path adds them). It reports false, having appended any number of entries, for a line it
// does not read or that is at fault; the general path then handles it.
func (t *TNTP) appendTrips(b []byte, origin int32, zones int, sum float64) (float64, bool) {
	i := 0
	for {
		i = skipSep(b, i)
		if i == len(b) {
			return sum, true
		}
		d, j := 0, i
		for ; j < len(b) && b[j] >= '0' && b[j] <= '9' && j-i < 9; j++ {
			d = d*10 + int(b[j]-'0')
		}
		if j == i || d < 1 || (zones > 0 && d > zones) {
			return 0, false
		}
		i = skipSep(b, j)
		if i == j && i < len(b) && b[i] != ':' {
			return 0, false // the number runs on
		}
		if i == len(b) || b[i] != ':' {
			return 0, false
		}
		i = skipSep(b, i+1)
		x, j, good := plainDecimal(b, i)
		if !good || (j < len(b) && !isSep(b[j])) {
			return 0, false
		}
		i = j
		t.Origin = append(t.Origin, origin)
		t.Dest = append(t.Dest, int32(d))
		t.Demand = append(t.Demand, x)
		sum += x
	}
}

// isSep reports whether c separates fields of a data line (ASCII white
// space or ';').
func isSep(c byte) bool {
	return c == ' ' || c == ';' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

func skipSep(b []byte, i int) int {
	for i < len(b) && isSep(b[i]) {
		i++
	}
	return i
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// plainDecimal reads digits[.digits] at b[i:], returning the value, the
// index after it and true when the digits fit the exact conversion (at
// most 15 significant digits and 22 decimals: one correctly rounded
// division, the value strconv.ParseFloat gives).
func plainDecimal(b []byte, i int) (float64, int, bool) {
	var mant uint64
	digits, decimals := 0, 0
	seenDot := false
	j := i
	for ; j < len(b); j++ {
		c := b[j]
		switch {
		case c >= '0' && c <= '9':
			if mant == 0 && c == '0' {
				// leading zeros add no significant digit
			} else {
				digits++
			}
			mant = mant*10 + uint64(c-'0')
			if seenDot {
				decimals++
			}
			if digits > 15 || decimals > 22 {
				return 0, j, false
			}
			continue
		case c == '.' && !seenDot:
			seenDot = true
			continue
		}
		break
	}
	if j == i || (seenDot && j == i+1) {
		return 0, j, false
	}
	return float64(mant) / pow10[decimals], j, true
}

// ReadNodes reads a _node file (node X Y) into t.X and t.Y.
func (t *TNTP) ReadNodes(ctx context.Context, r io.Reader, file string) error {
	lr := newLineReader(ctx, r, file)
	t.Files = append(t.Files, file)
	if t.Nodes <= 0 {
		return &LineError{file, 0, "read the _net file first (the node count comes from it)"}
	}
	t.X, t.Y = make([]float64, t.Nodes), make([]float64, t.Nodes)
	seen := make([]bool, t.Nodes)
	header := true
	for {
		s, ok, err := lr.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		f := fields(s)
		if header {
			header = false
			if _, good := parseNum(f[0]); !good {
				continue // "Node X Y"
			}
		}
		if len(f) < 3 {
			return lr.errf("expected \"node X Y\", got %q", clip(s))
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 || n > t.Nodes {
			return lr.errf("node %q is not a node number 1..%d", f[0], t.Nodes)
		}
		x, gx := parseNum(f[1])
		y, gy := parseNum(f[2])
		if !gx || !gy {
			return lr.errf("node %d: expected numbers X Y, got %q %q", n, f[1], f[2])
		}
		if seen[n-1] {
			return lr.errf("node %d is listed twice", n)
		}
		seen[n-1] = true
		t.X[n-1], t.Y[n-1] = x, y
	}
	t.HasXY = true
	return nil
}

// ReadFlow reads a _flow file (from to volume cost), whose rows must match
// the _net file's links one for one, in order.
func (t *TNTP) ReadFlow(ctx context.Context, r io.Reader, file string) error {
	lr := newLineReader(ctx, r, file)
	t.Files = append(t.Files, file)
	header := true
	for {
		s, ok, err := lr.next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		f := fields(s)
		if header {
			header = false
			if _, good := parseNum(f[0]); !good {
				continue // "From To Volume Cost"
			}
		}
		if len(f) < 4 {
			return lr.errf("expected \"from to volume cost\", got %q", clip(s))
		}
		i := len(t.FlowVolume)
		if i >= len(t.Init) {
			return lr.errf("more flow rows than the %d links of the _net file", len(t.Init))
		}
		a, e1 := strconv.Atoi(f[0])
		b, e2 := strconv.Atoi(f[1])
		if e1 != nil || e2 != nil || int32(a) != t.Init[i] || int32(b) != t.Term[i] {
			return lr.errf("row %d is %s→%s but link %d of the _net file is %d→%d (flow rows follow the _net order)",
				i+1, f[0], f[1], i+1, t.Init[i], t.Term[i])
		}
		v, gv := parseNum(f[2])
		c, gc := parseNum(f[3])
		if !gv || !gc || v < 0 {
			return lr.errf("link %d→%d: expected a non-negative volume and a cost, got %q %q", a, b, f[2], f[3])
		}
		t.FlowVolume = append(t.FlowVolume, v)
		t.FlowCost = append(t.FlowCost, c)
	}
	if len(t.FlowVolume) != len(t.Init) {
		return &LineError{file, lr.line, fmt.Sprintf("%d flow rows for %d links", len(t.FlowVolume), len(t.Init))}
	}
	return nil
}

// ReadTNTP reads the TNTP files of one network from folder dir: exactly one
// *_net.tntp, and when present a trips file (*_trips*.tntp or .txt, gzip
// when it ends in .gz), *_node.tntp and *_flow.tntp. Reading stops with
// ctx's error when ctx is done.
func ReadTNTP(ctx context.Context, dir string) (*TNTP, error) {
	return ReadTNTPWith(ctx, dir, TNTPReadOptions{})
}

// TNTPReadOptions says how ReadTNTPWith reads a network.
type TNTPReadOptions struct {
	// InferMetadata accepts a _net file without its mandatory metadata
	// (see TNTP.InferMetadata).
	InferMetadata bool
}

// ReadTNTPWith is ReadTNTP with options.
func ReadTNTPWith(ctx context.Context, dir string, opts TNTPReadOptions) (*TNTP, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var net, trips, node, flow []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n := e.Name()
		base := strings.TrimSuffix(n, ".gz")
		if !strings.HasSuffix(base, ".tntp") && !strings.HasSuffix(base, ".txt") {
			continue
		}
		low := strings.ToLower(base)
		switch {
		case strings.Contains(low, "_net."):
			net = append(net, n)
		case strings.Contains(low, "_trips"):
			trips = append(trips, n)
		case strings.Contains(low, "_node."):
			node = append(node, n)
		case strings.Contains(low, "_flow."):
			flow = append(flow, n)
		}
	}
	if len(net) != 1 {
		return nil, fmt.Errorf("%s: expected one *_net.tntp file, found %d", dir, len(net))
	}
	t := &TNTP{Name: strings.TrimSuffix(net[0][:strings.Index(strings.ToLower(net[0]), "_net.")], "_"), InferMetadata: opts.InferMetadata}
	read := func(name string, fn func(context.Context, io.Reader, string) error) error {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(f)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			defer zr.Close()
			r = zr
		}
		return fn(ctx, r, name)
	}
	if err := read(net[0], t.ReadNet); err != nil {
		return nil, err
	}
	sort.Strings(trips)
	for i, list := range [][]string{trips, node, flow} {
		if len(list) == 0 {
			continue
		}
		if len(list) > 1 {
			t.Warnings = append(t.Warnings, fmt.Sprintf("several files %v: reading %s", list, list[0]))
		}
		fn := []func(context.Context, io.Reader, string) error{t.ReadTrips, t.ReadNodes, t.ReadFlow}[i]
		if err := read(list[0], fn); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// TNTPUnits says how a TNTP network's numbers convert to corridor's units.
type TNTPUnits struct {
	LengthKm float64 // km per length unit (0: the network's known unit, else 1)
	TimeH    float64 // hours per time unit (0: the network's known unit, else minutes)
}

// knownUnits are the units stated in the networks' READMEs (see
// ../shared/data/tntp/FORMAT.md); lengths that are not distances (Sioux
// Falls) are taken as km.
var knownUnits = map[string]TNTPUnits{
	"SiouxFalls":      {LengthKm: 1, TimeH: 0.01},
	"Anaheim":         {LengthKm: 0.0003048, TimeH: 1.0 / 60},
	"ChicagoSketch":   {LengthKm: 1.609344, TimeH: 1.0 / 60},
	"Philadelphia":    {LengthKm: 1.609344, TimeH: 1.0 / 60},
	"ChicagoRegional": {LengthKm: 1.609344, TimeH: 1.0 / 60},
	"Austin":          {LengthKm: 1.609344, TimeH: 1.0 / 60},
}

// GraphOptions says how TNTP.Graph builds a network.
type GraphOptions struct {
	Units TNTPUnits
	// Country, when set, is the ISO 3166-1 code given to every node.
	Country string
}

// GraphReport says what TNTP.Graph did.
type GraphReport struct {
	Nodes, Links    int
	UnusedNodes     int    // node numbers no link uses: left out
	ZeroLength      int    // links with length 0, given 1 m
	ZeroTime        int    // links with t0 = 0, given 0.036 s
	Coordinates     string // "degrees", "none" or "not degrees (placed at 0,0)"
	LengthKmPerUnit float64
	TimeHPerUnit    float64
}

// Graph builds a network.Graph of road links from t: node N<n> for node
// number n (zones are kind city, named "zone n"; others junction), link
// L<i> for the i-th _net row, with distance and running time converted by
// the units. BPR parameters, tolls and demand stay in t (the model has no
// fields for them); link L<i> is t's link i-1. Nodes no link uses are left
// out. The node coordinates are kept when they are degrees; otherwise nodes
// are placed at 0,0 (Chicago's state-plane feet, say). Building stops with
// ctx's error when ctx is done.
func (t *TNTP) Graph(ctx context.Context, opts GraphOptions) (*network.Graph, *GraphReport, error) {
	u := opts.Units
	if k, ok := knownUnits[t.Name]; ok {
		if u.LengthKm == 0 {
			u.LengthKm = k.LengthKm
		}
		if u.TimeH == 0 {
			u.TimeH = k.TimeH
		}
	}
	if u.LengthKm == 0 {
		u.LengthKm = 1
	}
	if u.TimeH == 0 {
		u.TimeH = 1.0 / 60
	}
	rep := &GraphReport{LengthKmPerUnit: u.LengthKm, TimeHPerUnit: u.TimeH, Coordinates: "none"}
	degrees := false
	if t.HasXY {
		degrees = true
		for i := range t.X {
			if t.X[i] < -180 || t.X[i] > 180 || t.Y[i] < -90 || t.Y[i] > 90 {
				degrees = false
				break
			}
		}
		rep.Coordinates = "not degrees (placed at 0,0)"
		if degrees {
			rep.Coordinates = "degrees"
		}
	}
	b := network.NewBuilder()
	src := "tntp"
	b.AddSource(network.Source{ID: src, Title: t.Name + " (TNTP)", Publisher: "Transportation Networks for Research Core Team", Year: 2016,
		URL: "https://github.com/bstabler/TransportationNetworks", Note: "academic research use only; cite the source"})
	if opts.Country != "" {
		b.AddCountry(network.Country{Code: opts.Country, Name: opts.Country, Sources: []string{src}})
	}
	used := make([]bool, t.Nodes+1)
	for i := range t.Init {
		used[t.Init[i]], used[t.Term[i]] = true, true
	}
	ids := make([]network.NodeID, t.Nodes+1)
	for n := 1; n <= t.Nodes; n++ {
		ids[n] = network.None
		if !used[n] {
			rep.UnusedNodes++
			continue
		}
		nd := network.Node{ID: fmt.Sprintf("N%d", n), Name: fmt.Sprintf("node %d", n), Kind: network.Junction,
			Country: opts.Country, Sources: []string{src}}
		if n <= t.Zones {
			nd.Kind, nd.Name = network.City, fmt.Sprintf("zone %d", n)
		}
		if degrees {
			nd.Lon, nd.Lat = t.X[n-1], t.Y[n-1]
		}
		ids[n] = b.AddNode(nd)
	}
	for i := range t.Init {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, rep, fmt.Errorf("%s: building stopped: %w", t.Name, err)
			}
		}
		km := t.Length[i] * u.LengthKm
		if km <= 0 {
			km = 0.001
			rep.ZeroLength++
		}
		h := t.FreeFlowTime[i] * u.TimeH
		if h <= 0 {
			h = 1e-5
			rep.ZeroTime++
		}
		if t.Init[i] == t.Term[i] {
			return nil, rep, fmt.Errorf("%s: link %d starts and ends at node %d", t.Name, i+1, t.Init[i])
		}
		b.AddLink(network.LinkSpec{ID: fmt.Sprintf("L%d", i+1), From: ids[t.Init[i]], To: ids[t.Term[i]], Mode: network.Road,
			DistanceKm: km, Hours: h, Energy: network.Diesel, CapacityTEUYear: 0, Sources: []string{src}})
	}
	g, err := b.Build(t.Name)
	if err != nil {
		return nil, rep, err
	}
	rep.Nodes, rep.Links = g.NumNodes(), g.NumLinks()
	return g, rep, nil
}
