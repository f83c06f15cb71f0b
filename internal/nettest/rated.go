package nettest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"corridor/network"
)

// Rated loads the small rated test network (network/testdata/rated:
// Xi'an – Dostyk – Aktau/Łódź – Duisburg, with dated rates) copied into a
// temporary folder, with params (the rows of parameters.csv, without its
// header) as its calibration parameters.
func Rated(t testing.TB, params string) *network.Graph {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("nettest: cannot locate the rated test network")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(filepath.Dir(file), "..", "..", "network", "testdata", "rated"))); err != nil {
		t.Fatal(err)
	}
	head := "id,kind,select,low,high,value,from,to,fitted,source,note\n"
	if err := os.WriteFile(filepath.Join(dir, network.ParamsFile), []byte(head+params), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := network.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
