package netimport

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// eofProbe measures the live heap when the reader reaches the end of the
// document: what the importer holds of it once it is all read.
type eofProbe struct {
	r    io.Reader
	done bool
	live uint64
}

func (p *eofProbe) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err == io.EOF && !p.done {
		p.done = true
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		p.live = ms.HeapAlloc
	}
	return n, err
}

// TestGeoJSONStreams: ReadGeoJSON decodes one feature at a time and keeps
// no copy of the document. The whole-document reader held the file (and
// more, as io.ReadAll grows its buffer) when it reached the end; on a 4 MB
// file of skipped polygons and one line it now holds next to nothing.
func TestGeoJSONStreams(t *testing.T) {
	var polys []string
	ring := strings.Repeat("[10.5,20.5],", 200) + "[10.5,20.5]"
	for i := 0; len(polys)*len(ring) < 4<<20; i++ {
		polys = append(polys, fmt.Sprintf(`{"type":"Feature","properties":{"n":%d},"geometry":{"type":"Polygon","coordinates":[[%s]]}}`, i, ring))
	}
	doc := fc(append(polys, line("", "[[0,0],[1,0]]"))...)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	probe := &eofProbe{r: strings.NewReader(doc)}
	g, rep, err := ReadGeoJSON(context.Background(), probe, GeoJSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumLinks() != 2 || rep.SkippedByType["Polygon"] != len(polys) {
		t.Fatalf("%d links, %d polygons skipped; want 2, %d", g.NumLinks(), rep.SkippedByType["Polygon"], len(polys))
	}
	held := int64(probe.live) - int64(base)
	t.Logf("document %d bytes; %d bytes live at its end", len(doc), held)
	if held > int64(len(doc))/8 {
		t.Errorf("%d bytes live when the %d-byte document was read; want at most 1/8 of it", held, len(doc))
	}
}

// TestGeoJSONDenseLineMemory bounds what importing one dense LineString
// (the hostile case of docs/IMPORT.md, "Memory") costs per byte of the
// file: what the importer holds when the document is read (a vertex and a
// segment per position, no map entry or allocation of its own per
// position), the graph it returns (chains collapsed: a node every 10 km,
// not every position) and all it allocates on the way. Every vertex a
// node took some 800 bytes a position in the graph, 40 a byte of file.
func TestGeoJSONDenseLineMemory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.geojson")
	size := writeLongLine(t, path, 5<<20)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	probe := &eofProbe{r: f}
	g, rep, err := ReadGeoJSON(context.Background(), probe, GeoJSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	total := after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	kept := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(g)
	held := int64(probe.live) - int64(before.HeapAlloc)
	perByte := func(x int64) float64 { return float64(x) / float64(size) }
	t.Logf("%d bytes, %d positions → %d nodes (%d collapsed): held at the end of the document %.1f B/B, graph %.2f B/B, allocated %.1f B/B",
		size, rep.Positions, rep.Nodes, rep.CollapsedVertices, perByte(held), perByte(kept), perByte(int64(total)))
	if rep.Nodes > rep.Positions/20 || rep.Nodes+rep.CollapsedVertices != rep.Vertices {
		t.Errorf("%d nodes + %d collapsed of %d vertices, %d positions", rep.Nodes, rep.CollapsedVertices, rep.Vertices, rep.Positions)
	}
	for _, c := range []struct {
		what  string
		got   float64
		limit float64
	}{{"held when the document is read", perByte(held), 6}, {"graph", perByte(kept), 1.5}, {"allocated", perByte(int64(total)), 45}} {
		if c.got > c.limit {
			t.Errorf("%s: %.1f bytes per byte of the file, want at most %g", c.what, c.got, c.limit)
		}
	}
}
