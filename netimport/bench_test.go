package netimport

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// writeLongLine writes a FeatureCollection with one LineString of about
// size bytes: positions 0.01° apart, row after row of latitude.
func writeLongLine(tb testing.TB, path string, size int) int {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n, _ := w.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"mode":"sea"},"geometry":{"type":"LineString","coordinates":[`)
	lon, lat := -179.0, -80.0
	var buf []byte
	for i := 0; n < size-10; i++ {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = strconv.AppendFloat(buf, lon, 'f', 6, 64)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, lat, 'f', 6, 64)
		buf = append(buf, ']')
		k, _ := w.Write(buf)
		n += k
		if lon += 0.01; lon > 179 {
			lon, lat = -179, lat+0.05
		}
	}
	k, _ := w.WriteString(`]}}]}`)
	n += k
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// peakHeap samples the live heap until stop is closed.
func peakHeap(stop <-chan struct{}, peak *atomic.Uint64) {
	var ms runtime.MemStats
	for {
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > peak.Load() {
			peak.Store(ms.HeapInuse)
		}
		select {
		case <-stop:
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// importMeasured imports path and returns bytes allocated in total and the
// peak heap in use seen while importing.
func importMeasured(tb testing.TB, path string) (total, peak uint64, secs float64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var pk atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { peakHeap(stop, &pk); close(done) }()
	t0 := time.Now()
	g, _, err := ReadGeoJSONFile(context.Background(), path, GeoJSONOptions{})
	secs = time.Since(t0).Seconds()
	close(stop)
	<-done
	runtime.ReadMemStats(&after)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.KeepAlive(g)
	return after.TotalAlloc - before.TotalAlloc, pk.Load(), secs
}

// BenchmarkImportGeoJSON50MB imports a generated 50 MB GeoJSON file of one
// long LineString and reports the total allocated, the peak heap in use
// and the seconds it took (docs/IMPORT.md, "Memory").
func BenchmarkImportGeoJSON50MB(b *testing.B) {
	path := filepath.Join(b.TempDir(), "long.geojson")
	size := writeLongLine(b, path, 50<<20)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		total, peak, secs := importMeasured(b, path)
		b.ReportMetric(float64(total)/(1<<20), "total-MB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		b.ReportMetric(secs, "s")
	}
}

// BenchmarkReadTNTPChicago times reading Chicago-Sketch's _net and _trips
// files from memory (skipped without the shared data).
func BenchmarkReadTNTPChicago(b *testing.B) {
	dir := filepath.Join(sharedData(b, "tntp"), "Chicago-Sketch")
	net, err := os.ReadFile(filepath.Join(dir, "ChicagoSketch_net.tntp"))
	if err != nil {
		b.Fatal(err)
	}
	trips, err := os.ReadFile(filepath.Join(dir, "ChicagoSketch_trips.tntp"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		t := &TNTP{}
		if err := t.ReadNet(context.Background(), bytes.NewReader(net), "net"); err != nil {
			b.Fatal(err)
		}
		if err := t.ReadTrips(context.Background(), bytes.NewReader(trips), "trips"); err != nil {
			b.Fatal(err)
		}
	}
}
