package fastpath

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"corridor/network"
)

// formatVersion changes whenever the algorithm or the file layout changes,
// so that older cache files are rebuilt.
const formatVersion = 1

var magic = [8]byte{'C', 'O', 'R', 'R', 'I', 'D', 'C', 'H'}

// ErrStale is returned by Read when the file was built for another graph,
// metric or format version.
var ErrStale = errors.New("fastpath: cached hierarchy does not match the network (stale)")

// Fingerprint is the content hash a hierarchy depends on: the format
// version, the metric, the node count and every link's ends and weight.
// Any change to the network that could change a shortest path changes it.
func Fingerprint(g *network.Graph, m Metric) [32]byte {
	h := sha256.New()
	var buf [8 + 8 + 8]byte
	binary.LittleEndian.PutUint64(buf[0:], formatVersion)
	binary.LittleEndian.PutUint64(buf[8:], uint64(m))
	binary.LittleEndian.PutUint64(buf[16:], uint64(g.NumNodes()))
	h.Write(buf[:])
	bw := bufio.NewWriterSize(h, 1<<16)
	for l := 0; l < g.NumLinks(); l++ {
		k := g.Link(network.LinkID(l))
		binary.LittleEndian.PutUint32(buf[0:], uint32(k.From))
		binary.LittleEndian.PutUint32(buf[4:], uint32(k.To))
		binary.LittleEndian.PutUint64(buf[8:], math.Float64bits(m.Weight(k)))
		bw.Write(buf[:16])
	}
	bw.Flush()
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// WriteTo writes the hierarchy in corridor's binary cache format.
func (h *Hierarchy) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: bufio.NewWriterSize(w, 1<<16)}
	hdr := struct {
		Magic       [8]byte
		Version     uint32
		Metric      uint32
		Fingerprint [32]byte
		N, Links    uint32
		Edges       uint32
		Fwd, Bwd    uint32
	}{magic, formatVersion, uint32(h.metric), h.fingerprint, uint32(h.n), uint32(h.stats.Links), uint32(len(h.edges)), uint32(len(h.fwd)), uint32(len(h.bwd))}
	for _, v := range []any{hdr, h.edges, h.fwdStart, h.fwd, h.bwdStart, h.bwd} {
		if err := binary.Write(cw, binary.LittleEndian, v); err != nil {
			return cw.n, err
		}
	}
	return cw.n, cw.w.(*bufio.Writer).Flush()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Read reads a hierarchy written by WriteTo and checks that it was built for
// g under m; it returns ErrStale (wrapped) when it was not, and an error
// (never a panic) when the file is damaged.
func Read(r io.Reader, g *network.Graph, m Metric) (*Hierarchy, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var hdr struct {
		Magic       [8]byte
		Version     uint32
		Metric      uint32
		Fingerprint [32]byte
		N, Links    uint32
		Edges       uint32
		Fwd, Bwd    uint32
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("fastpath: reading header: %w", err)
	}
	if hdr.Magic != magic {
		return nil, errors.New("fastpath: not a corridor hierarchy file")
	}
	if hdr.Version != formatVersion || Metric(hdr.Metric) != m {
		return nil, ErrStale
	}
	fp := Fingerprint(g, m)
	if !bytes.Equal(hdr.Fingerprint[:], fp[:]) {
		return nil, ErrStale
	}
	n := int(hdr.N)
	if n != g.NumNodes() || hdr.Edges > 1<<31 || hdr.Fwd > 1<<31 || hdr.Bwd > 1<<31 || hdr.Links > hdr.Edges {
		return nil, errors.New("fastpath: damaged hierarchy file (sizes)")
	}
	h := &Hierarchy{metric: m, fingerprint: fp, n: n,
		edges: make([]edge, hdr.Edges), fwdStart: make([]int32, n+1), fwd: make([]arc, hdr.Fwd),
		bwdStart: make([]int32, n+1), bwd: make([]arc, hdr.Bwd)}
	for _, v := range []any{h.edges, h.fwdStart, h.fwd, h.bwdStart, h.bwd} {
		if err := binary.Read(br, binary.LittleEndian, v); err != nil {
			return nil, fmt.Errorf("fastpath: damaged hierarchy file: %w", err)
		}
	}
	if err := h.check(g); err != nil {
		return nil, err
	}
	h.stats = Stats{Nodes: n, Links: int(hdr.Links), Shortcuts: len(h.edges) - int(hdr.Links), UpArcs: len(h.fwd) + len(h.bwd)}
	h.init()
	return h, nil
}

// check verifies the indexes of a hierarchy read from a file, so that a
// damaged file cannot make a query panic.
func (h *Hierarchy) check(g *network.Graph) error {
	bad := errors.New("fastpath: damaged hierarchy file (indexes)")
	ne := int32(len(h.edges))
	for i, e := range h.edges {
		if e.From < 0 || int(e.From) >= h.n || e.To < 0 || int(e.To) >= h.n || !(e.W >= 0) {
			return bad
		}
		if e.Link >= 0 {
			if int(e.Link) >= g.NumLinks() {
				return bad
			}
		} else if e.C1 < 0 || e.C1 >= int32(i) || e.C2 < 0 || e.C2 >= int32(i) {
			return bad // children come before their shortcut: unpacking terminates
		}
	}
	for _, part := range []struct {
		start []int32
		arcs  []arc
	}{{h.fwdStart, h.fwd}, {h.bwdStart, h.bwd}} {
		if part.start[0] != 0 || int(part.start[h.n]) != len(part.arcs) {
			return bad
		}
		for v := 0; v < h.n; v++ {
			if part.start[v] > part.start[v+1] {
				return bad
			}
		}
		for _, a := range part.arcs {
			if a.To < 0 || int(a.To) >= h.n || a.Edge < 0 || a.Edge >= ne || !(a.W >= 0) {
				return bad
			}
		}
	}
	return nil
}

// CacheStatus says where Open found its hierarchy.
type CacheStatus string

// Cache outcomes.
const (
	CacheHit     CacheStatus = "hit"     // read from the cache file
	CacheBuilt   CacheStatus = "built"   // no usable file: built and saved
	CacheRebuilt CacheStatus = "rebuilt" // the file was stale: rebuilt and saved
	CacheNoWrite CacheStatus = "unsaved" // built, but no cache file could be written
)

// CachePath is the cache file for a network file (or folder) at
// networkPath: next to it, named after it and the metric.
func CachePath(networkPath string, m Metric) string {
	clean := filepath.Clean(networkPath)
	return filepath.Join(filepath.Dir(clean), "."+filepath.Base(clean)+"."+m.String()+".ch")
}

// Open returns the hierarchy of g under m, read from the cache file at path
// when that file matches g (by Fingerprint), otherwise built and written
// there. When path's folder is read-only (no write permission bit, which is
// honoured even for root so that shared data folders stay untouched) or
// cannot be written, it uses the cache folder instead: $CORRIDOR_CACHE_DIR,
// or corridor/ in the user cache folder, with the file named after the
// fingerprint. Failing that it returns the built hierarchy with
// CacheNoWrite. An empty path goes straight to the cache folder. The
// returned string is the file used. A build stops when ctx is done, with
// its error.
func Open(ctx context.Context, g *network.Graph, m Metric, path string) (*Hierarchy, CacheStatus, string, error) {
	fp := Fingerprint(g, m)
	var candidates []string
	if path != "" {
		candidates = append(candidates, path)
	}
	if dir := CacheDir(); dir != "" {
		candidates = append(candidates, filepath.Join(dir, fmt.Sprintf("%x.%s.ch", fp[:12], m)))
	}
	status := CacheBuilt
	for _, p := range candidates {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		h, err := Read(f, g, m)
		f.Close()
		if err == nil {
			return h, CacheHit, p, nil
		}
		status = CacheRebuilt
	}
	h, err := Build(ctx, g, m)
	if err != nil {
		return nil, status, "", err
	}
	for _, p := range candidates {
		if p == path && !writable(filepath.Dir(p)) {
			continue
		}
		if err := writeFile(p, h); err == nil {
			return h, status, p, nil
		}
	}
	return h, CacheNoWrite, "", nil
}

// CacheDir is where hierarchies go when they cannot be cached next to their
// network: $CORRIDOR_CACHE_DIR, else corridor/ in the user cache folder
// ("" when neither is known).
func CacheDir() string {
	if d := os.Getenv("CORRIDOR_CACHE_DIR"); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "corridor")
	}
	return ""
}

// writable reports whether dir exists and has a write permission bit set.
func writable(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir() && st.Mode().Perm()&0o222 != 0
}

// writeFile writes h to path atomically (a temporary file renamed).
func writeFile(path string, h *Hierarchy) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ch-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := h.WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
