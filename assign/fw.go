package assign

import (
	"context"
	"time"
)

// flowSet is a flow per class and link together with its total per link.
type flowSet struct {
	c   [][]float64
	tot []float64
}

func newFlowSet(classes, m int) flowSet {
	f := flowSet{c: make([][]float64, classes)}
	for i := range f.c {
		f.c[i] = make([]float64, m)
	}
	if classes == 1 {
		f.tot = f.c[0]
	} else {
		f.tot = make([]float64, m)
	}
	return f
}

func (f flowSet) sumTotal() {
	if len(f.c) == 1 {
		return
	}
	clear(f.tot)
	for _, c := range f.c {
		for a, v := range c {
			f.tot[a] += v
		}
	}
}

func (f flowSet) copyFrom(g flowSet) {
	for i := range f.c {
		copy(f.c[i], g.c[i])
	}
	if len(f.c) > 1 {
		copy(f.tot, g.tot)
	}
}

// solveFW runs Frank–Wolfe, or its conjugate (CFW) or bi-conjugate (BFW)
// variant, with an exact line search (bisection on the derivative of the
// Beckmann objective along the direction).
func solveFW(ctx context.Context, p *Problem, opt Options, res *Result) error {
	start := time.Now()
	net := p.net
	m, C := net.NumLinks(), len(p.classes)
	x, y := newFlowSet(C, m), newFlowSet(C, m)
	s, sP, sPP := newFlowSet(C, m), newFlowSet(C, m), newFlowSet(C, m)
	d := newFlowSet(C, m)
	tm, der := make([]float64, m), make([]float64, m)
	costs := make([][]float64, C)
	for c := range costs {
		costs[c] = make([]float64, m)
	}
	ev := newEvaluator(p, opt.Workers)
	update := func() {
		for a, v := range x.tot {
			tm[a], der[a] = net.timeDer(a, v)
		}
		p.classCosts(tm, costs)
	}
	// x1: all or nothing at free flow
	update()
	if _, err := ev.run(ctx, costs, y.c); err != nil {
		return err
	}
	y.sumTotal()
	x.copyFrom(y)
	res.Flow, res.ClassFlow = x.tot, x.c
	havePrev := 0 // how many previous directions s are usable
	prevStep := 0.0
	for k := 1; ; k++ {
		update()
		sptt, err := ev.run(ctx, costs, y.c)
		if err != nil {
			return err
		}
		y.sumTotal()
		it := p.measure(x.tot, x.c, tm, sptt)
		it.N, it.Step, it.Elapsed = k, prevStep, time.Since(start)
		res.Iterations = append(res.Iterations, it)
		if opt.Progress != nil {
			opt.Progress(it)
		}
		if it.Gap(opt.StopOn) <= opt.Gap {
			res.Converged = true
			return nil
		}
		if k >= opt.MaxIter {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// direction target s
		mode := opt.Algorithm
		if prevStep >= 1 || prevStep <= 0 {
			havePrev = 0
		}
		if mode == BiconjugateFW && havePrev < 2 {
			mode = ConjugateFW
		}
		if mode == ConjugateFW && havePrev < 1 {
			mode = FrankWolfe
		}
		switch mode {
		case FrankWolfe:
			s.copyFrom(y)
		case ConjugateFW:
			var num, den float64
			for a, xv := range x.tot {
				h := der[a] * (sP.tot[a] - xv)
				num += h * (y.tot[a] - xv)
				den += h * (y.tot[a] - sP.tot[a])
			}
			alpha := 0.0
			if den != 0 {
				alpha = num / den
			}
			alpha = min(max(alpha, 0), 0.99999)
			combine(s, []flowSet{sP, y}, []float64{alpha, 1 - alpha})
		case BiconjugateFW:
			tau := prevStep
			var n1, d1, n2, d2 float64
			for a, xv := range x.tot {
				yx := y.tot[a] - xv
				db1 := sP.tot[a] - xv
				db2 := tau*sP.tot[a] + (1-tau)*sPP.tot[a] - xv
				n2 += der[a] * db2 * yx
				d2 += der[a] * db2 * (sPP.tot[a] - sP.tot[a])
				n1 += der[a] * db1 * yx
				d1 += der[a] * db1 * db1
			}
			mu, nu := 0.0, 0.0
			if d2 != 0 {
				mu = -n2 / d2
			}
			mu = max(mu, 0)
			if d1 != 0 {
				nu = -n1/d1 + mu*tau/(1-tau)
			}
			nu = max(nu, 0)
			b0 := 1 / (1 + mu + nu)
			combine(s, []flowSet{y, sP, sPP}, []float64{b0, nu * b0, mu * b0})
		}
		// direction d = s − x; fall back to Frank–Wolfe when not a descent direction
		slope := direction(p, d, s, x, costs)
		if slope >= 0 && mode != FrankWolfe {
			s.copyFrom(y)
			slope = direction(p, d, s, x, costs)
			havePrev = 0
		}
		step := 0.0
		if slope < 0 {
			step = lineSearch(p, x, d)
		}
		for c := range x.c {
			xc, dc := x.c[c], d.c[c]
			for a := range xc {
				xc[a] += step * dc[a]
				if xc[a] < 0 {
					xc[a] = 0
				}
			}
		}
		x.sumTotal()
		// keep s as the previous directions
		sP, sPP, s = s, sP, sPP
		havePrev++
		prevStep = step
	}
}

// combine sets dst = Σ w_i src_i.
func combine(dst flowSet, src []flowSet, w []float64) {
	for c := range dst.c {
		out := dst.c[c]
		for a := range out {
			v := 0.0
			for i := range src {
				v += w[i] * src[i].c[c][a]
			}
			out[a] = v
		}
	}
	dst.sumTotal()
}

// direction sets d = s − x and returns the directional derivative of the
// objective at x, Σ cost · d.
func direction(p *Problem, d, s, x flowSet, costs [][]float64) float64 {
	slope := 0.0
	for c := range d.c {
		dc, sc, xc, cc := d.c[c], s.c[c], x.c[c], costs[c]
		for a := range dc {
			dc[a] = sc[a] - xc[a]
			slope += cc[a] * dc[a]
		}
	}
	d.sumTotal()
	return slope
}

// lineSearch returns the step λ in [0, 1] that minimises the Beckmann
// objective along x + λd: bisection on its derivative
// Σ time(x + λd)·d + Σ fixed·d, which increases with λ.
func lineSearch(p *Problem, x, d flowSet) float64 {
	net := p.net
	k := 0.0
	for c, f := range p.fixed {
		for a, v := range d.c[c] {
			k += f[a] * v
		}
	}
	deriv := func(l float64) float64 {
		s := k
		for a, dv := range d.tot {
			if dv != 0 {
				s += net.Time(a, x.tot[a]+l*dv) * dv
			}
		}
		return s
	}
	if deriv(1) <= 0 {
		return 1
	}
	lo, hi := 0.0, 1.0
	for i := 0; i < 60 && hi-lo > 1e-15; i++ {
		mid := (lo + hi) / 2
		if deriv(mid) > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	return (lo + hi) / 2
}
