// Command loadgen loads a running corridor server with a mixed workload over
// many origin-destination pairs of its network, for `make loadtest` (closed
// loop: each connection sends its next request when the last one is
// answered) and `make soak` (open loop at a fixed rate, with the server's
// RSS and goroutines watched). Run it with `go run ./scripts/loadgen -h`.
//
// The mix: route 50%, compare 20%, scenario diff (a bundled scenario) 15%,
// simulation jobs 5% (small; 429 while two run is expected), scenario
// writes 5% (with the API key from $CORRIDOR_API_KEY), node look-ups 5%.
// An error is a transport failure or any status outside 2xx other than 429.
//
// The load is sent on plain HTTP/1.1 keep-alive connections (conn.go), one
// per worker, with little CPU per request, so that the generator leaves
// the shared machine's CPU to the server it measures.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	var (
		base     = flag.String("url", "http://127.0.0.1:8080", "server URL")
		mix      = flag.String("mix", "mixed", "workload: mixed, or route (route searches only, over the same pairs)")
		conns    = flag.String("conns", "8", "connections (closed loop), several separated by spaces for steps")
		duration = flag.Duration("duration", 10*time.Second, "time per step")
		rate     = flag.Float64("rate", 0, "requests/s in total (open loop); 0 = closed loop as fast as answers come")
		capacity = flag.Float64("rate-of-capacity", 0, "measure capacity (closed loop, 10 s) and then run at this fraction of it")
		pairsN   = flag.Int("pairs", 240, "distinct routable origin-destination pairs to use")
		pid      = flag.Int("pid", 0, "server process to watch (VmRSS); with a rate, soak checks run")
		seed     = flag.Uint64("seed", 1, "random seed")
	)
	flag.Parse()
	g := &gen{base: strings.TrimRight(*base, "/"), key: os.Getenv("CORRIDOR_API_KEY"), mix: *mix,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}}
	rng := rand.New(rand.NewPCG(*seed, 2))
	if err := g.pickPairs(rng, *pairsN); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	if g.mix == "mixed" {
		if err := g.setupScenarios(); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("loadgen: %s workload over %d distinct OD pairs of the served network\n", g.mix, len(g.pairs))
	if *capacity > 0 {
		st := g.run(8, 10*time.Second, 0, nil)
		*rate = st.rps() * *capacity
		fmt.Printf("capacity (8 connections, closed loop, 10 s): %.0f req/s; running at %.0f%%: %.0f req/s\n", st.rps(), *capacity*100, *rate)
	}
	if *rate > 0 {
		ok := g.soak(*rate, *duration, *pid)
		if !ok {
			os.Exit(1)
		}
		return
	}
	fmt.Printf("%-12s %10s %10s %10s %10s %8s %8s\n", "connections", "req/s", "p50", "p90", "p99", "errors", "429")
	failed := false
	for _, f := range strings.Fields(*conns) {
		c, err := strconv.Atoi(f)
		if err != nil || c < 1 {
			fmt.Fprintln(os.Stderr, "loadgen: bad -conns", f)
			os.Exit(2)
		}
		st := g.run(c, *duration, 0, nil)
		fmt.Printf("%-12d %10.0f %10s %10s %10s %8d %8d\n", c, st.rps(), ms(st.q(.5)), ms(st.q(.9)), ms(st.q(.99)), st.errors, st.busy)
		st.printErrors()
		failed = failed || st.errors > 0
	}
	if failed {
		os.Exit(1)
	}
}

type pair struct{ from, to string }

type gen struct {
	base, key, mix string
	client         *http.Client
	pairs          []pair
	seq            atomic.Int64
}

// pickPairs draws random pairs of places (not waypoints, chokepoints or
// border posts) and keeps the first n that have a route.
func (g *gen) pickPairs(rng *rand.Rand, n int) error {
	var nodes struct {
		Nodes []struct{ ID, Kind string } `json:"nodes"`
	}
	if err := g.getJSON("/api/v1/nodes?limit=1000", &nodes); err != nil {
		return err
	}
	var ids []string
	for _, nd := range nodes.Nodes {
		switch nd.Kind {
		case "waypoint", "chokepoint", "border":
			continue
		}
		ids = append(ids, nd.ID)
	}
	if len(ids) < 30 {
		return fmt.Errorf("only %d places in the network", len(ids))
	}
	seen := map[pair]bool{}
	for tries := 0; len(g.pairs) < n && tries < 20*n; tries++ {
		p := pair{ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]}
		if p.from == p.to || seen[p] {
			continue
		}
		seen[p] = true
		code, _, err := g.do("POST", "/api/v1/route", fmt.Sprintf(`{"from":%q,"to":%q,"max_results":3}`, p.from, p.to), false)
		if err == nil && code == 200 {
			g.pairs = append(g.pairs, p)
		}
	}
	if len(g.pairs) < n {
		return fmt.Errorf("found %d routable pairs, wanted %d", len(g.pairs), n)
	}
	return nil
}

// setupScenarios makes sure the scenarios the writes update exist.
func (g *gen) setupScenarios() error {
	if g.key == "" {
		return errors.New("the mixed workload writes scenarios: set CORRIDOR_API_KEY")
	}
	for i := range 4 {
		code, body, err := g.do("POST", "/api/v1/scenarios", scenarioBody(i, 1), true)
		if err != nil {
			return err
		}
		if code != 201 && code != 409 {
			return fmt.Errorf("creating scenario loadgen-%d: %d %s", i, code, body)
		}
	}
	return nil
}

func scenarioBody(i int, f float64) string {
	return fmt.Sprintf(`{"name":"loadgen-%d","description":"loadgen writes","edits":[{"op":"scale_tariff","corridor":"middle","factor":%.2f}]}`, i, f)
}

var scenarioNames = []string{"red-sea-closed", "carbon-price-100", "dostyk-fast-border", "cku-railway-open", "caspian-ferry-expansion"}

// request draws the next request of the workload.
func (g *gen) request(rng *rand.Rand) (method, path, body string, auth bool) {
	p := g.pairs[rng.IntN(len(g.pairs))]
	od := fmt.Sprintf(`"from":%q,"to":%q`, p.from, p.to)
	x := rng.IntN(100)
	if g.mix == "route" {
		x = 0
	}
	switch {
	case x < 50:
		return "POST", "/api/v1/route", "{" + od + `,"max_results":8}`, false
	case x < 70:
		return "POST", "/api/v1/compare", "{" + od + "}", false
	case x < 85:
		return "POST", "/api/v1/scenarios/" + scenarioNames[rng.IntN(len(scenarioNames))] + "/diff", "{" + od + "}", false
	case x < 90:
		return "POST", "/api/v1/simulations", "{" + od + `,"runs":500}`, true // jobs are writes: they need the key
	case x < 95:
		i := rng.IntN(4)
		return "PUT", "/api/v1/scenarios/loadgen-" + strconv.Itoa(i), scenarioBody(i, 0.5+rng.Float64()), true
	default:
		return "GET", "/api/v1/nodes?q=" + p.from[:2], "", false
	}
}

func (g *gen) do(method, path, body string, auth bool) (int, string, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, g.base+path, rd)
	if err != nil {
		return 0, "", err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth {
		req.Header.Set("X-API-Key", g.key)
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, err = io.Copy(&b, resp.Body)
	if resp.StatusCode/100 == 2 {
		return resp.StatusCode, "", err
	}
	return resp.StatusCode, b.String(), err
}

func (g *gen) getJSON(path string, v any) error {
	resp, err := g.client.Get(g.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// stats are one step's results.
type stats struct {
	mu       sync.Mutex
	lat      []time.Duration
	errors   int
	busy     int
	byError  map[string]int
	elapsed  time.Duration
	requests int
}

func (s *stats) add(method, path string, code int, body string, err error, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	s.lat = append(s.lat, d)
	switch {
	case err == nil && code/100 == 2:
	case err == nil && code == 429:
		s.busy++
	default:
		s.errors++
		if s.byError == nil {
			s.byError = map[string]int{}
		}
		route := path
		if i := strings.IndexAny(route, "?"); i >= 0 {
			route = route[:i]
		}
		k := fmt.Sprintf("%s %s: %d %.120s", method, route, code, body)
		if err != nil {
			k = fmt.Sprintf("%s %s: %v", method, route, err)
		}
		s.byError[k]++
	}
}

func (s *stats) rps() float64 { return float64(s.requests) / s.elapsed.Seconds() }

func (s *stats) q(f float64) time.Duration {
	if len(s.lat) == 0 {
		return 0
	}
	slices.Sort(s.lat)
	return s.lat[min(len(s.lat)-1, int(f*float64(len(s.lat))))]
}

func (s *stats) printErrors() {
	for k, n := range s.byError {
		fmt.Printf("  error ×%d: %s\n", n, k)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// run sends requests on conns connections for d: as fast as answers come
// (rate 0) or at rate requests/s in total; tick, when set, is called every
// second.
func (g *gen) run(conns int, d time.Duration, rate float64, tick func(*stats)) *stats {
	st := &stats{}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var tokens chan struct{}
	if rate > 0 {
		tokens = make(chan struct{}, conns)
		go func() {
			t := time.NewTicker(time.Duration(float64(time.Second) / rate))
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					select {
					case tokens <- struct{}{}:
					default: // every connection busy: this request is not sent (the answered rate shows it)
					}
				}
			}
		}()
	}
	if tick != nil {
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					tick(st)
				}
			}
		}()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w)+uint64(g.seq.Add(1))<<20, 7))
			k, err := newConn(g.base, g.key)
			if err != nil {
				st.add("", "", 0, "", err, 0)
				return
			}
			defer k.close()
			for ctx.Err() == nil {
				if tokens != nil {
					select {
					case <-ctx.Done():
						return
					case <-tokens:
					}
				}
				method, path, body, auth := g.request(rng)
				t0 := time.Now()
				code, text, err := k.do(method, path, body, auth)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the step
				}
				st.add(method, path, code, text, err, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	st.elapsed = time.Since(start)
	return st
}

// sample is one observation of the server during a soak.
type sample struct {
	at         time.Duration
	rssKB      int
	goroutines int
}

// soak runs at rate for d and checks: no errors, RSS flat (the last window
// within 10% of the second), goroutines back to their level before the load.
func (g *gen) soak(rate float64, d time.Duration, pid int) bool {
	// Idle keep-alive connections each hold a server goroutine: close them
	// before both counts so that only what the load left behind counts.
	g.client.CloseIdleConnections()
	time.Sleep(500 * time.Millisecond)
	before := g.goroutines()
	conns := max(16, int(rate/50))
	var samples []sample
	start := time.Now()
	var mu sync.Mutex
	lastPrint := time.Now()
	st := g.run(conns, d, rate, func(st *stats) {
		s := sample{time.Since(start), rssKB(pid), g.goroutines()}
		mu.Lock()
		samples = append(samples, s)
		mu.Unlock()
		if time.Since(lastPrint) >= 10*time.Second {
			lastPrint = time.Now()
			st.mu.Lock()
			fmt.Printf("  %5.0fs  requests %d  errors %d  429 %d  RSS %.1f MB  goroutines %d\n",
				s.at.Seconds(), st.requests, st.errors, st.busy, float64(s.rssKB)/1024, s.goroutines)
			st.mu.Unlock()
		}
	})
	// Jobs still running when the load stops finish within seconds.
	g.client.CloseIdleConnections()
	time.Sleep(2 * time.Second)
	after := g.goroutines()
	for i := 0; i < 60 && after > before+5; i++ {
		g.client.CloseIdleConnections()
		time.Sleep(500 * time.Millisecond)
		after = g.goroutines()
	}
	// Windows: minutes, or quarters of a run shorter than 4 minutes.
	win := time.Minute
	if d < 4*time.Minute {
		win = d / 4
	}
	avg := func(from, to time.Duration) float64 {
		sum, n := 0, 0
		for _, s := range samples {
			if s.at >= from && s.at < to {
				sum += s.rssKB
				n++
			}
		}
		if n == 0 {
			return 0
		}
		return float64(sum) / float64(n) / 1024
	}
	second, last := avg(win, 2*win), avg(d-win, d+time.Second)
	ok := true
	fmt.Printf("soak: %s at %.0f req/s offered: %d requests (%.0f/s answered), p50 %s p99 %s, %d errors, %d answered 429\n",
		d, rate, st.requests, st.rps(), ms(st.q(.5)), ms(st.q(.99)), st.errors, st.busy)
	st.printErrors()
	if st.errors > 0 {
		ok = false
	}
	if pid > 0 {
		growth := (last - second) / second * 100
		fmt.Printf("soak: RSS %.1f MB in window 2 vs %.1f MB in the last window (%s each): %+.1f%%\n", second, last, win, growth)
		if growth > 10 || growth < -10 {
			ok = false
		}
	}
	fmt.Printf("soak: goroutines %d before the load, %d after\n", before, after)
	if after > before+5 {
		ok = false
	}
	if ok {
		fmt.Println("soak: PASS")
	} else {
		fmt.Println("soak: FAIL")
	}
	return ok
}

// goroutines reads go_goroutines from /metrics (-1 if it cannot).
func (g *gen) goroutines() int {
	resp, err := g.client.Get(g.base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "go_goroutines "); ok {
			n, _ := strconv.ParseFloat(v, 64)
			return int(n)
		}
	}
	return -1
}

// rssKB reads VmRSS of pid from /proc (0 if it cannot).
func rssKB(pid int) int {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}
