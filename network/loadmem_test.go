package network

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// writeBigNetwork writes a valid network folder with rows links.csv rows
// between rows/2+2 nodes and returns the bytes written.
func writeBigNetwork(tb testing.TB, dir string, rows int) int64 {
	write := func(name string, fill func(w *bufio.Writer)) int64 {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			tb.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		st, _ := f.Stat()
		f.Close()
		return st.Size()
	}
	nodes := rows/2 + 2
	var n int64
	n += write(SourcesFile, func(w *bufio.Writer) {
		w.WriteString("id,title,publisher,year,url,note\nsrc-a,Source A,Publisher,2024,,\n")
	})
	n += write(CountriesFile, func(w *bufio.Writer) {
		w.WriteString("code,name,groups,source\nKZ,Kazakhstan,,src-a\n")
	})
	n += write(NodesFile, func(w *bufio.Writer) {
		w.WriteString("id,name,aliases,kind,country,lon,lat,source\n")
		for i := 0; i < nodes; i++ {
			fmt.Fprintf(w, "N%d,Place %d,,dry_port,KZ,%.4f,%.4f,src-a\n", i, i, 50+float64(i%1000)/100, 40+float64(i/1000)/100)
		}
	})
	n += write(LinksFile, func(w *bufio.Writer) {
		w.WriteString("id,from,to,mode,gauge_mm,distance_km,speed_kmh,hours,tariff_fixed_usd,tariff_usd_per_km,energy,capacity_teu_year,corridors,direction,source\n")
		for i := 0; i < rows; i++ {
			a, b := i%nodes, (i+1+i/nodes)%nodes
			if a == b {
				b = (b + 1) % nodes
			}
			fmt.Fprintf(w, "L%d,N%d,N%d,rail,1520,%d.5,45,,100,0.3,diesel,,,both,src-a\n", i, a, b, 10+i%300)
		}
	})
	return n
}

// loadAllocs loads dir and returns the bytes allocated and the heap held
// after loading (the graph).
func loadAllocs(tb testing.TB, dir string) (total, held uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	g, err := Load(dir)
	if err != nil {
		tb.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	total = after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	held = after.HeapInuse - min(after.HeapInuse, before.HeapInuse)
	runtime.KeepAlive(g)
	return total, held
}

// TestLoadMemoryPerByte: loading a links.csv of many rows allocates a
// bounded number of bytes per input byte. Rows were all held in memory
// before the first was checked, each with a map of its own, every kept
// value pinned its whole line, and the link tables grew by doubling: 37.7
// bytes allocated per byte of CSV (1,000,000 rows took 1.9 GB); streamed,
// 17.4.
func TestLoadMemoryPerByte(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads a 50,000-row network (-short)")
	}
	dir := t.TempDir()
	size := writeBigNetwork(t, dir, 50_000)
	total, held := loadAllocs(t, dir)
	perByte := float64(total) / float64(size)
	t.Logf("%d bytes of CSV: %.1f bytes allocated per byte, %.1f held per byte", size, perByte, float64(held)/float64(size))
	if perByte > 25 {
		t.Errorf("loading allocated %.1f bytes per byte of CSV; want at most 25", perByte)
	}
}
