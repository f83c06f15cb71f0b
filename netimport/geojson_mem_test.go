package netimport

import (
	"context"
	"fmt"
	"io"
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
