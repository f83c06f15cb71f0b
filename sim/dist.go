package sim

import (
	"math"
	"math/rand/v2"
)

// The samplers take the replication's generator; none allocates.

// draw returns a lognormal time with median l.median and log-sd l.sigma;
// exactly the median when sigma is 0.
func (l logn) draw(r *rand.Rand) float64 {
	if l.sigma == 0 {
		return l.median
	}
	return l.median * math.Exp(l.sigma*r.NormFloat64())
}

// meanOneFactor returns a lognormal factor with mean 1 and log-sd sigma
// (exactly 1 when sigma is 0).
func meanOneFactor(r *rand.Rand, sigma float64) float64 {
	if sigma == 0 {
		return 1
	}
	return math.Exp(sigma*r.NormFloat64() - sigma*sigma/2)
}

// gamma returns a Gamma(shape, 1) variate by Marsaglia and Tsang, "A simple
// method for generating gamma variables", ACM TOMS 26(3), 2000; a shape
// below 1 uses Gamma(shape+1) * U^(1/shape).
func gamma(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		return gamma(r, shape+1) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 {
			return d * v
		}
		if u > 0 && math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// beta returns a Beta(a, b) variate as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
func beta(r *rand.Rand, a, b float64) float64 {
	x := gamma(r, a)
	y := gamma(r, b)
	if x+y == 0 {
		return a / (a + b)
	}
	return x / (x + y)
}

// splitmix64 is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014): it turns
// nearby integers into unrelated 64-bit values.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// seedFor returns the PCG seed of replication i of a run with seed s: the
// same pair whatever worker runs the replication.
func seedFor(s uint64, i int) (uint64, uint64) {
	return splitmix64(s), splitmix64(splitmix64(s^0x5851f42d4c957f2d) + uint64(i))
}
