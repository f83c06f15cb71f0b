package sim

import (
	"fmt"
	"math/rand/v2"
)

// Event kinds.
const (
	evLegStart  uint8 = iota // the shipment is at the start node of leg ev.leg (hours since departure in at)
	evDeparture              // service ev.svc departs for leg ev.leg, ev.wait hours after the shipment was ready
)

// event is an entry of the event queue.
type event struct {
	at   float64 // hours since the shipment's departure
	wait float64 // evDeparture: hours after ready
	seq  uint32  // insertion order: ties go to the earlier event
	kind uint8
	leg  int32
	svc  int32
}

// queue is a binary min-heap of events ordered by (at, seq), preallocated
// per worker and reused by every replication.
//
// It is not a minheap.Heap: that heap orders by one key and leaves ties in
// no particular order, while two services departing at the same time must
// be tried in the order they were queued (each try draws random numbers, so
// another order would change every seeded result). It holds a handful of
// events (a leg's services plus one): push and pop together take about 12%
// of BenchmarkShipmentLegs' CPU profile.
type queue struct {
	h   []event
	seq uint32
}

func (q *queue) reset() { q.h, q.seq = q.h[:0], 0 }

func (q *queue) less(i, j int) bool {
	a, b := &q.h[i], &q.h[j]
	return a.at < b.at || a.at == b.at && a.seq < b.seq
}

func (q *queue) push(e event) {
	e.seq = q.seq
	q.seq++
	q.h = append(q.h, e)
	for i := len(q.h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !q.less(i, parent) {
			break
		}
		q.h[i], q.h[parent] = q.h[parent], q.h[i]
		i = parent
	}
}

func (q *queue) pop() event {
	top := q.h[0]
	last := len(q.h) - 1
	q.h[0] = q.h[last]
	q.h = q.h[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q.h) && q.less(l, m) {
			m = l
		}
		if r < len(q.h) && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.h[i], q.h[m] = q.h[m], q.h[i]
		i = m
	}
	return top
}

// Per-leg accumulator slots (sums over replications).
const (
	accRunning = iota
	accWaiting
	accBorder
	accHandling
	accCancelled // departures cancelled while the shipment waited
	accFull      // departures with no room for the cargo
	nAcc
)

// worker is one goroutine's simulation state, reused across replications.
type worker struct {
	p   *Plan
	pcg *rand.PCG
	rng *rand.Rand
	q   queue
	acc []float64 // per leg × nAcc, summed over the block's replications
	err error
}

func newWorker(p *Plan) *worker {
	pcg := rand.NewPCG(0, 0)
	maxSvc := 0
	for i := range p.legs {
		maxSvc = max(maxSvc, int(p.legs[i].svcEnd-p.legs[i].svcFirst))
	}
	return &worker{p: p, pcg: pcg, rng: rand.New(pcg), q: queue{h: make([]event, 0, maxSvc+2)},
		acc: make([]float64, len(p.legs)*nAcc)}
}

// replicate simulates replication i of a run seeded with seed and returns
// the shipment's transit hours; per-leg components are added to w.acc.
//
// The shipment moves through the event queue: at the start of each leg it
// is handled (when the mode or gauge changes), then, if the leg's links are
// served by scheduled services, each candidate service's next departure is
// queued; the earliest departure that is neither cancelled nor full takes
// the shipment (a missed one queues that service's following departure).
// Running time and border dwell then bring it to the next leg's start. Time
// is summed link by link in the router's order (handling + wait + running +
// dwell per link), so that with zero variance the result is the router's.
func (w *worker) replicate(seed uint64, i int) float64 {
	p, r, q := w.p, w.rng, &w.q
	w.pcg.Seed(seedFor(seed, i))
	q.reset()
	q.push(event{kind: evLegStart})
	var start, handling, ready float64 // of the current leg
	misses := 0
	for len(q.h) > 0 {
		e := q.pop()
		switch e.kind {
		case evLegStart:
			if int(e.leg) == len(p.legs) {
				return e.at
			}
			L := &p.legs[e.leg]
			start = e.at
			handling = L.handling.draw(r)
			ready = start + handling
			misses = 0
			if L.svcFirst == L.svcEnd {
				q.push(event{at: w.travel(e.leg, start, handling, 0), kind: evLegStart, leg: e.leg + 1})
				continue
			}
			for s := L.svcFirst; s < L.svcEnd; s++ {
				wait := w.firstWait(&p.svcs[s], ready)
				q.push(event{at: ready + wait, wait: wait, kind: evDeparture, leg: e.leg, svc: s})
			}
		case evDeparture:
			s := &p.svcs[e.svc]
			a := w.acc[int(e.leg)*nAcc:]
			missed := false
			if s.cancel > 0 && r.Float64() < s.cancel {
				a[accCancelled]++
				missed = true
			} else if s.loadA > 0 && beta(r, s.loadA, s.loadB) > s.maxLoad {
				a[accFull]++
				missed = true
			}
			if missed {
				if misses++; misses > p.cal.MaxMisses {
					w.err = fmt.Errorf("sim: the cargo found no departure on leg %d after %d cancelled or full ones", e.leg+1, misses-1)
					return 0
				}
				wait := e.wait + w.nextGap(s, ready+e.wait)
				q.push(event{at: ready + wait, wait: wait, kind: evDeparture, leg: e.leg, svc: e.svc})
				continue
			}
			// Boarded: the other services' departures no longer concern the
			// shipment, and no other event is pending.
			q.reset()
			q.push(event{at: w.travel(e.leg, start, handling, e.wait), kind: evLegStart, leg: e.leg + 1})
		}
	}
	return 0 // not reached: the last leg always queues the arrival
}

// travel runs leg li from its start time (hours since departure) after the
// given handling and wait, and returns the arrival time at its end node.
func (w *worker) travel(li int32, hours, handling, wait float64) float64 {
	p, r := w.p, w.rng
	L := &p.legs[li]
	f := meanOneFactor(r, L.runSigma)
	var running, dwell, congWait float64
	for j := L.first; j < L.end; j++ {
		st := &p.steps[j]
		h, wt := 0.0, 0.0
		if j == L.first {
			h, wt = handling, wait
		}
		run := st.hours * f
		d := st.dwell.draw(r)
		if st.congBorder > 0 {
			d += expDraw(r, st.congBorder)
		}
		if st.congWait > 0 {
			c := expDraw(r, st.congWait)
			wt += c
			congWait += c
		}
		hours += h + wt + run + d
		running += run
		dwell += d
	}
	a := w.acc[int(li)*nAcc:]
	a[accRunning] += running
	a[accWaiting] += wait + congWait
	a[accBorder] += dwell
	a[accHandling] += handling
	return hours
}

// firstWait returns the hours from ready to the service's first departure.
func (w *worker) firstWait(s *svc, ready float64) float64 {
	if s.timetable != nil {
		return s.timetable.NextDeparture(w.p.departWeekMn+ready*60, 0)
	}
	r := w.rng
	switch {
	case s.shape == 0: // regular: random phase
		return r.Float64() * s.headway
	case s.shape == 1: // Poisson departures: memoryless
		return r.ExpFloat64() * s.headway
	default:
		// The wait from a random time in a renewal process is U times a
		// length-biased gap; a gamma(k) gap's length-biased form is gamma(k+1).
		return r.Float64() * gamma(r, s.shape+1) * s.headway / s.shape
	}
}

// justMissed is the wait in minutes under which a timetabled departure
// counts as the one the shipment just missed.
const justMissed = 0.5

// nextGap returns the hours from a departure at time at (hours since
// departure) to the service's next one.
func (w *worker) nextGap(s *svc, at float64) float64 {
	if s.timetable != nil {
		return s.timetable.NextDeparture(w.p.departWeekMn+at*60, justMissed)
	}
	r := w.rng
	switch {
	case s.shape == 0:
		return s.headway
	case s.shape == 1:
		return r.ExpFloat64() * s.headway
	default:
		return gamma(r, s.shape) * s.headway / s.shape
	}
}
