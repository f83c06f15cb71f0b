package api_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestSimulationJob(t *testing.T) {
	ts := newServer(t, withStore(t, ""))
	code, hdr, body := send(t, ts.URL, "POST", "/api/v1/simulations",
		`{"from":"Xi'an","to":"Duisburg","depart":"2026-03-01","runs":20000,"seed":7,"deadline":"2026-03-20","compare":true}`, nil)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var created struct {
		ID    string
		Links map[string]string
	}
	_ = json.Unmarshal([]byte(body), &created)
	if created.ID == "" || hdr.Get("Location") != "/api/v1/simulations/"+created.ID {
		t.Fatalf("created %s, location %q", body, hdr.Get("Location"))
	}
	// Follow the server-sent events to the end.
	resp, err := http.Get(ts.URL + created.Links["events"])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var events []string
	var final string
	deadline := time.Now().Add(60 * time.Second)
	for sc.Scan() && time.Now().Before(deadline) {
		line := sc.Text()
		if strings.HasPrefix(line, "event: ") {
			events = append(events, strings.TrimPrefix(line, "event: "))
		}
		if strings.HasPrefix(line, "data: ") && len(events) > 0 && events[len(events)-1] != "progress" {
			final = strings.TrimPrefix(line, "data: ")
			break
		}
	}
	if len(events) < 2 || events[0] != "progress" || events[len(events)-1] != "done" {
		t.Fatalf("events %v", events)
	}
	var res struct {
		Status string
		Result struct {
			Runs      int
			Corridors []struct {
				Corridor string
				Result   struct {
					TransitDays       struct{ P10, P50, P90 float64 } `json:"transit_days"`
					OnTimeProbability *float64                        `json:"on_time_probability"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(final), &res); err != nil {
		t.Fatalf("final event: %v: %.300s", err, final)
	}
	if res.Status != "done" || res.Result.Runs != 20000 || len(res.Result.Corridors) < 2 {
		t.Fatalf("final %.400s", final)
	}
	// GET returns the same finished state, from memory and from the store.
	code, _, body = send(t, ts.URL, "GET", "/api/v1/simulations/"+created.ID, "", nil)
	if code != 200 || !strings.Contains(body, `"status":"done"`) || !strings.Contains(body, `"transit_days"`) {
		t.Errorf("get: %d %.300s", code, body)
	}
	// A finished job's event stream sends the final state at once.
	code, _, body = send(t, ts.URL, "GET", "/api/v1/simulations/"+created.ID+"/events", "", nil)
	if code != 200 || !strings.HasPrefix(body, "event: done") {
		t.Errorf("events after the end: %d %.100s", code, body)
	}
	for _, bad := range []struct{ body, want string }{
		{`{"from":"Xi'an","to":"Duisburg","runs":-1}`, `"field":"runs"`},
		{`{"from":"Xi'an","to":"Duisburg","deadline":"soon"}`, `"field":"deadline"`},
		{`{"from":"Xi'an","to":"Atlantis"}`, `no place matches`},
		{`{"from":"Xi'an","to":"Duisburg","avoid_countries":["RU","BY","KZ","MN"],"modes":["rail"]}`, `"status":422`},
	} {
		if code, _, body := send(t, ts.URL, "POST", "/api/v1/simulations", bad.body, nil); code < 400 || code >= 500 || !strings.Contains(body, bad.want) {
			t.Errorf("%s: %d %s", bad.body, code, body)
		}
	}
	if code, _, _ := send(t, ts.URL, "GET", "/api/v1/simulations/nope", "", nil); code != 404 {
		t.Errorf("unknown simulation: %d", code)
	}
}

// A simulation with a congestion demand assigns it first and draws its
// delays: the job's result says which demand and how much it adds (the
// response is checked against the OpenAPI document like every other); an
// unknown demand set is a 400 naming the field.
func TestSimulationWithCongestion(t *testing.T) {
	ts := newServer(t, withStore(t, ""))
	code, _, body := send(t, ts.URL, "POST", "/api/v1/simulations",
		`{"from":"Aktau","to":"Baku","depart":"2026-03-02","runs":2000,"seed":3,"congestion":"china-europe-2030"}`, nil)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var created struct{ ID string }
	_ = json.Unmarshal([]byte(body), &created)
	final := waitJob(t, ts.URL, "/api/v1/simulations/"+created.ID)
	var res struct {
		Status string
		Result struct {
			Congestion *struct {
				Source   string  `json:"source"`
				MeanDays float64 `json:"mean_days"`
			} `json:"congestion"`
		}
	}
	if err := json.Unmarshal([]byte(final), &res); err != nil {
		t.Fatalf("%v: %.300s", err, final)
	}
	if res.Status != "done" || res.Result.Congestion == nil || res.Result.Congestion.Source != "china-europe-2030" || !(res.Result.Congestion.MeanDays > 0) {
		t.Fatalf("result %.500s", final)
	}
	code, _, body = send(t, ts.URL, "POST", "/api/v1/simulations", `{"from":"Aktau","to":"Baku","congestion":"china-europe-2099"}`, nil)
	if code != 400 || !strings.Contains(body, "congestion") {
		t.Errorf("unknown congestion demand: %d %s", code, body)
	}
}
