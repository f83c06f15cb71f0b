package route

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

// TestJSONNumbers: num writes what encoding/json writes for decimals of
// up to four places (the fast path and its edge), halfway and nearby
// values, large and small magnitudes, negatives, zeros and random doubles.
func TestJSONNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 5))
	vals := []float64{0, math.Copysign(0, -1), 0.001, -0.001, 0.0005, 1e-6, 9.99e-7, 0.1 + 0.2, 1.005, 2.675,
		999999999999999, 1e15, -1e15, 1e15 - 0.5, 99999999999999.9, 9999999999999.99, 999999999999.999,
		123456789012.345, 1e21, 1e20, 4503599627370496.5, 0.1, 0.7, 1.1, 12.34, 100, 1234.5}
	for i := 0; i < 200000; i++ {
		k := rng.IntN(5)
		mag := math.Pow(10, float64(rng.IntN(17)))
		n := math.Round(rng.Float64() * mag)
		v := n / math.Pow(10, float64(k))
		if rng.IntN(2) == 0 {
			v = -v
		}
		vals = append(vals, v, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, math.Inf(-1)))
		vals = append(vals, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(40)-15)))
	}
	for _, v := range vals {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		e := jsonEnc{ok: true}
		e.num(v)
		if string(e.b) != string(want) {
			t.Fatalf("%v (%b): num writes %s, encoding/json %s", v, math.Float64bits(v), e.b, want)
		}
	}
}
