package route_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"corridor/route"
)

// benchPairs are origin–destination pairs across every corridor of the
// bundled network.
var benchPairs = [][2]string{
	{"CNXIY", "DEDUI"}, {"CNSHA", "NLRTM"}, {"CNCKG", "HUBUD"}, {"KZALA", "TRIST"},
	{"CNTSN", "ESMAD"}, {"CNURC", "GEPTI"}, {"CNYIW", "ITMIL"}, {"CNCTU", "IRBND"},
	{"CNCGO", "PLLOD"}, {"UZTAS", "ROCND"}, {"CNWUH", "DEHAM"}, {"CNLYG", "AZBAK"},
}

// BenchmarkParetoBundled runs full Pareto queries (search and itineraries)
// on the bundled network, one pair per iteration, and reports the median and
// 99th-percentile query time next to the mean.
func BenchmarkParetoBundled(b *testing.B) { benchPareto(b, route.Margins{}, 0) }

// BenchmarkParetoBundledDefault is BenchmarkParetoBundled with the front
// thinned by route.DefaultMargins, as the CLI, the API and the UI ask.
func BenchmarkParetoBundledDefault(b *testing.B) { benchPareto(b, route.DefaultMargins, 0) }

// BenchmarkParetoBundledAPI is BenchmarkParetoBundledDefault with at most
// 8 itineraries, as the load generator's route requests ask.
func BenchmarkParetoBundledAPI(b *testing.B) { benchPareto(b, route.DefaultMargins, 8) }

func benchPareto(b *testing.B, m route.Margins, maxResults int) {
	r := bundled(b)
	qs := make([]route.Query, len(benchPairs))
	for i, p := range benchPairs {
		qs[i] = bq(b, r, p[0], p[1])
		qs[i].Margins = m
		qs[i].MaxResults = maxResults
	}
	ctx := context.Background()
	for _, q := range qs { // warm the workspace pool
		if _, err := r.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	durs := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := r.Search(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	b.ReportMetric(float64(durs[len(durs)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(durs[len(durs)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkLabelsBundled runs only the label-setting search (no itinerary
// output) and reports labels per query: allocations per op are a constant
// per query, none per label.
func BenchmarkLabelsBundled(b *testing.B) {
	r := bundled(b)
	probe := route.NewProbe(r)
	qs := make([]route.Query, len(benchPairs))
	for i, p := range benchPairs {
		qs[i] = bq(b, r, p[0], p[1])
		probe.Labels(context.Background(), qs[i])
	}
	labels := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, _ := probe.Labels(context.Background(), qs[i%len(qs)])
		labels += n
	}
	b.ReportMetric(float64(labels)/float64(b.N), "labels/op")
}

// BenchmarkColdBundled is BenchmarkLabelsBundled with the lower-bound cache
// emptied before each query: it adds the three Dijkstra searches per query
// that a new destination or set of allowed links costs.
func BenchmarkColdBundled(b *testing.B) {
	r := bundled(b)
	probe := route.NewProbe(r)
	qs := make([]route.Query, len(benchPairs))
	for i, p := range benchPairs {
		qs[i] = bq(b, r, p[0], p[1])
		probe.ColdLabels(context.Background(), qs[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		probe.ColdLabels(context.Background(), qs[i%len(qs)])
	}
}

// TestNoAllocationsPerLabel: after warm-up, a query that creates many
// labels allocates no more than one that creates few.
func TestNoAllocationsPerLabel(t *testing.T) {
	r := bundled(t)
	ctx := context.Background()
	big := bq(t, r, "CNSHA", "NLRTM")
	small := bq(t, r, "CNXIY", "CNCGO")
	probe := route.NewProbe(r)
	nb, _ := probe.Labels(ctx, big)
	ns, _ := probe.Labels(ctx, small)
	if nb < 10*ns {
		t.Fatalf("queries not different enough: %d vs %d labels", nb, ns)
	}
	ab := testing.AllocsPerRun(50, func() { probe.Labels(ctx, big) })
	as := testing.AllocsPerRun(50, func() { probe.Labels(ctx, small) })
	t.Logf("%d labels: %.0f allocs; %d labels: %.0f allocs", nb, ab, ns, as)
	if ab > as || ab > 16 {
		t.Errorf("allocations grow with labels: %.0f allocs for %d labels, %.0f for %d", ab, nb, as, ns)
	}
}

// BenchmarkCompareBundled runs Compare (the best itinerary per corridor by
// time) on the bundled network, one pair per iteration.
func BenchmarkCompareBundled(b *testing.B) {
	r := bundled(b)
	qs := make([]route.Query, len(benchPairs))
	for i, p := range benchPairs {
		qs[i] = bq(b, r, p[0], p[1])
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Compare(ctx, qs[i%len(qs)], route.Fastest); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkItinerariesJSON encodes the fronts of the bench pairs, up to
// 8 itineraries each as the API asks, with AppendItinerariesJSON: the
// route answer's encoding without the search.
func BenchmarkItinerariesJSON(b *testing.B) {
	r := bundled(b)
	fronts := make([][]route.Itinerary, len(benchPairs))
	for i, p := range benchPairs {
		q := bq(b, r, p[0], p[1])
		q.MaxResults = 8
		its, err := r.Search(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		fronts[i] = its
	}
	var buf []byte
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var ok bool
		if buf, ok = route.AppendItinerariesJSON(buf[:0], fronts[i%len(fronts)]); !ok {
			b.Fatal("not finite")
		}
	}
}
