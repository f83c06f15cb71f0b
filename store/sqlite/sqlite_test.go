package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"corridor/store"
	"corridor/store/sqlite"
	"corridor/store/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "sub", "corridor.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestReopenKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveQuery(ctx, "q", []byte(`{"from":"a"}`)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path) // migrations run again: nothing to do
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.GetQuery(ctx, "q"); err != nil {
		t.Error(err)
	}
	if res, err := sqlite.IntegrityCheck(ctx, s.SQL()); err != nil || res != "ok" {
		t.Errorf("integrity: %s %v", res, err)
	}
	if _, err := sqlite.Open(ctx, ""); err == nil {
		t.Error("empty path accepted")
	}
}
