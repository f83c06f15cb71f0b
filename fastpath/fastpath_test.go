package fastpath

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"corridor/network"
)

// mustBuild builds the hierarchy of g under m, failing the test on error.
func mustBuild(tb testing.TB, g *network.Graph, m Metric) *Hierarchy {
	tb.Helper()
	h, err := Build(context.Background(), g, m)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// TestBuildCancelled: a done context stops Build with its error, wrapped.
func TestBuildCancelled(t *testing.T) {
	g := randomGraph(t, 200, 4, 1)
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
		{"deadline passed", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), -1)
		}, context.DeadlineExceeded},
		{"live", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			h, err := Build(ctx, g, Distance)
			if !errors.Is(err, tc.want) || (err == nil) != (h != nil) {
				t.Fatalf("Build = %v, %v; want error %v", h != nil, err, tc.want)
			}
			if _, _, _, err := Open(ctx, g, Distance, filepath.Join(t.TempDir(), "h.ch")); !errors.Is(err, tc.want) {
				t.Errorf("Open: %v, want %v", err, tc.want)
			}
		})
	}
}

// randomGraph builds a connected-ish random network of n nodes and about
// deg*n/2 link rows; some rows are one-way, some are parallel.
func randomGraph(t testing.TB, n, deg int, seed uint64) *network.Graph {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	b := network.NewBuilder()
	b.AddSource(network.Source{ID: "test", Title: "random", Publisher: "test", Year: 2026})
	for i := 0; i < n; i++ {
		b.AddNode(network.Node{ID: fmt.Sprintf("N%d", i), Name: fmt.Sprintf("n%d", i), Kind: network.Junction,
			Lon: r.Float64()*20 - 10, Lat: r.Float64()*20 - 10, Sources: []string{"test"}})
	}
	rows := 0
	add := func(a, c int) {
		rows++
		b.AddLink(network.LinkSpec{ID: fmt.Sprintf("L%d", rows), From: network.NodeID(a), To: network.NodeID(c), Mode: network.Road,
			DistanceKm: 1 + r.Float64()*100, SpeedKmh: 20 + r.Float64()*80, Energy: network.Diesel,
			Sources: []string{"test"}, Both: r.IntN(5) != 0})
	}
	for i := 1; i < n; i++ { // a spanning path keeps most nodes reachable
		add(i-1, i)
	}
	for k := 0; k < deg*n/2-n; k++ {
		a, c := r.IntN(n), r.IntN(n)
		if a != c {
			add(a, c)
		}
	}
	g, err := b.Build("random")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestQueryMatchesDijkstra(t *testing.T) {
	cases := []struct {
		name      string
		n, deg    int
		seed      uint64
		metric    Metric
		queries   int
		wantReach bool
	}{
		{"tiny distance", 5, 3, 1, Distance, 25, false},
		{"small time", 60, 4, 2, Time, 400, false},
		{"medium distance", 800, 5, 3, Distance, 300, false},
		{"medium time", 800, 3, 4, Time, 300, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := randomGraph(t, tc.n, tc.deg, tc.seed)
			h := mustBuild(t, g, tc.metric)
			r := rand.New(rand.NewPCG(tc.seed, 99))
			for q := 0; q < tc.queries; q++ {
				s, d := network.NodeID(r.IntN(tc.n)), network.NodeID(r.IntN(tc.n))
				want, wok := Dijkstra(g, tc.metric, s, d)
				got, gok := h.Query(s, d)
				if wok != gok {
					t.Fatalf("%d→%d: reachable %v, want %v", s, d, gok, wok)
				}
				if !wok {
					continue
				}
				if math.Abs(got.Weight-want.Weight) > 1e-9*math.Max(1, want.Weight) {
					t.Fatalf("%d→%d: weight %v, want %v", s, d, got.Weight, want.Weight)
				}
				checkPath(t, g, tc.metric, s, d, got)
			}
		})
	}
}

// checkPath verifies that p is a chain of links from s to d whose weights sum to p.Weight.
func checkPath(t *testing.T, g *network.Graph, m Metric, s, d network.NodeID, p Path) {
	t.Helper()
	at, sum := s, 0.0
	for _, l := range p.Links {
		k := g.Link(l)
		if k.From != at {
			t.Fatalf("%d→%d: link %s starts at %d, expected %d", s, d, k.ID, k.From, at)
		}
		at = k.To
		sum += m.Weight(k)
	}
	if at != d {
		t.Fatalf("%d→%d: path ends at %d", s, d, at)
	}
	if math.Abs(sum-p.Weight) > 1e-9*math.Max(1, sum) {
		t.Fatalf("%d→%d: links sum to %v, weight says %v", s, d, sum, p.Weight)
	}
}

func TestQueryBadNodes(t *testing.T) {
	g := randomGraph(t, 10, 3, 5)
	h := mustBuild(t, g, Distance)
	for _, c := range [][2]network.NodeID{{-1, 2}, {2, 10}, {100, 1}} {
		if _, ok := h.Query(c[0], c[1]); ok {
			t.Errorf("Query(%d, %d) ok, want false", c[0], c[1])
		}
	}
	if p, ok := h.Query(3, 3); !ok || p.Weight != 0 || len(p.Links) != 0 {
		t.Errorf("Query(3, 3) = %v, %v; want an empty path", p, ok)
	}
}

func TestCacheRoundTripAndStale(t *testing.T) {
	g := randomGraph(t, 300, 4, 11)
	h := mustBuild(t, g, Distance)
	var buf bytes.Buffer
	if _, err := h.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	h2, err := Read(bytes.NewReader(buf.Bytes()), g, Distance)
	if err != nil {
		t.Fatal(err)
	}
	for s := network.NodeID(0); s < 300; s += 37 {
		for d := network.NodeID(1); d < 300; d += 41 {
			a, aok := h.Query(s, d)
			b, bok := h2.Query(s, d)
			if aok != bok || a.Weight != b.Weight || len(a.Links) != len(b.Links) {
				t.Fatalf("%d→%d: read hierarchy answers %v/%v, built one %v/%v", s, d, b, bok, a, aok)
			}
		}
	}
	// another metric or another graph: stale
	if _, err := Read(bytes.NewReader(buf.Bytes()), g, Time); !errors.Is(err, ErrStale) {
		t.Errorf("other metric: err %v, want ErrStale", err)
	}
	other := randomGraph(t, 300, 4, 12)
	if _, err := Read(bytes.NewReader(buf.Bytes()), other, Distance); !errors.Is(err, ErrStale) {
		t.Errorf("other graph: err %v, want ErrStale", err)
	}
	// truncated or garbled files: an error, never a panic
	data := buf.Bytes()
	for _, cut := range []int{0, 10, 60, len(data) / 2, len(data) - 1} {
		if _, err := Read(bytes.NewReader(data[:cut]), g, Distance); err == nil {
			t.Errorf("truncated at %d: no error", cut)
		}
	}
}

func TestOpenCachesAndInvalidates(t *testing.T) {
	t.Setenv("CORRIDOR_CACHE_DIR", t.TempDir())
	dir := t.TempDir()
	path := CachePath(filepath.Join(dir, "net.geojson"), Distance)
	g := randomGraph(t, 200, 4, 21)
	steps := []struct {
		g    *network.Graph
		want CacheStatus
	}{
		{g, CacheBuilt},
		{g, CacheHit},
		{randomGraph(t, 200, 4, 22), CacheRebuilt}, // the network changed
		{randomGraph(t, 200, 4, 22), CacheHit},
	}
	for i, st := range steps {
		_, status, at, err := Open(context.Background(), st.g, Distance, path)
		if err != nil {
			t.Fatal(err)
		}
		if status != st.want || at != path {
			t.Errorf("step %d: status %s at %q, want %s at %q", i, status, at, st.want, path)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

func TestOpenReadOnlyFolderUsesCacheDir(t *testing.T) {
	cacheDir := t.TempDir()
	t.Setenv("CORRIDOR_CACHE_DIR", cacheDir)
	ro := t.TempDir()
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(ro, 0o755)
	g := randomGraph(t, 50, 4, 31)
	_, status, at, err := Open(context.Background(), g, Time, CachePath(filepath.Join(ro, "net.geojson"), Time))
	if err != nil {
		t.Fatal(err)
	}
	if status != CacheBuilt || filepath.Dir(at) != cacheDir {
		t.Errorf("status %s at %q, want built in %s", status, at, cacheDir)
	}
	if ents, _ := os.ReadDir(ro); len(ents) != 0 {
		t.Errorf("wrote into the read-only folder: %v", ents)
	}
	if _, status, _, _ := Open(context.Background(), g, Time, CachePath(filepath.Join(ro, "net.geojson"), Time)); status != CacheHit {
		t.Errorf("second open: %s, want hit", status)
	}
}
