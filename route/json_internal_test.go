package route

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
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

// TestJSONStrings: str writes what encoding/json writes, for every byte
// at every position of strings of 1 to 24 bytes (so that the eight-byte
// fast path meets each one in each lane and in the tail), and for seeded
// random strings of printable ASCII, controls, HTML characters and UTF-8
// (valid and not).
func TestJSONStrings(t *testing.T) {
	check := func(s string) {
		t.Helper()
		var e jsonEnc
		e.str(s)
		want, _ := json.Marshal(s)
		if string(e.b) != string(want) {
			t.Fatalf("%q: wrote %s, encoding/json %s", s, e.b, want)
		}
	}
	base := "abcdefghijklmnopqrstuvwx"
	for n := 1; n <= len(base); n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := []byte(base[:n])
				b[pos] = byte(c)
				check(string(b))
			}
		}
	}
	alphabet := []string{"a", "Z", "0", " ", "-", "_", "~", "\x7f", "\x00", "\x1f", "\t", "\n", "\"", "\\", "<", ">", "&", "'",
		"é", "ş", "ı", "Ł", "→", "–", "中", "\u2028", "\u2029", "\xff", "\xc3", "😀"}
	rng := rand.New(rand.NewPCG(3, 9))
	for range 20000 {
		var b strings.Builder
		for k := rng.IntN(40); k > 0; k-- {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		check(b.String())
	}
}

// FuzzJSONString: for any string, str writes what encoding/json writes.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "Xi'an → Duisburg", "A-CN-XIY-BAOJI", "<&>\"\\", "\u2028", "\xff\xfe", "Kapıkule (Türkiye)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e jsonEnc
		e.str(s)
		want, _ := json.Marshal(s)
		if string(e.b) != string(want) {
			t.Fatalf("%q: wrote %s, encoding/json %s", s, e.b, want)
		}
	})
}
