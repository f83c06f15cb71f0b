package api_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"corridor/api"
	"corridor/data/eurasia"
	"corridor/store"
	"corridor/store/sqlite"
)

// runsDown is a real store whose run reads fail, as in an outage.
type runsDown struct{ store.Store }

func (runsDown) GetRun(context.Context, string) (store.Run, error) {
	return store.Run{}, errors.New("dial tcp 10.0.0.7:5432: connect: connection refused")
}

// A job looked up during a store outage is 503 (retry), not 404; a job
// that does not exist is 404.
func TestJobLookupDuringStoreOutage(t *testing.T) {
	g, err := eurasia.Load()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "j.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range []struct {
		name string
		st   store.Store
		want int
	}{
		{"store up", st, 404},
		{"store down", runsDown{st}, 503},
	} {
		ts := httptest.NewServer(api.New(api.Config{Graph: g, Store: c.st}).Handler())
		for _, path := range []string{"/api/v1/simulations/0123456789abcdef0123", "/api/v1/assignments/0123456789abcdef0123",
			"/api/v1/simulations/0123456789abcdef0123/events", "/api/v1/assignments/0123456789abcdef0123/elements.csv"} {
			if r := do(t, ts, "GET", path, ""); r.status != c.want {
				t.Errorf("%s: GET %s: %d %s, want %d", c.name, path, r.status, r.body, c.want)
			}
		}
		ts.Close()
	}
}
