package minheap

import (
	"math/rand/v2"
	"slices"
	"testing"
	"testing/quick"
)

func intLess(a, b int) bool { return a < b }

// drain pops every element.
func drain[T any](h *Heap[T]) []T {
	var out []T
	for h.Len() > 0 {
		out = append(out, h.Pop())
	}
	return out
}

func TestHeap(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []int
	}{
		{"empty", nil},
		{"one", []int{7}},
		{"two descending", []int{2, 1}},
		{"sorted", []int{1, 2, 3, 4, 5, 6, 7, 8}},
		{"reversed", []int{8, 7, 6, 5, 4, 3, 2, 1}},
		{"duplicates", []int{3, 1, 3, 1, 2, 2, 3, 1}},
		{"negative", []int{0, -5, 5, -10, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Sorted(slices.Values(tc.in))
			h := New(intLess, 0)
			for _, x := range tc.in {
				h.Push(x)
			}
			if got := drain(&h); !slices.Equal(got, want) {
				t.Errorf("push then pop: %v, want %v", got, want)
			}
			h.Init(slices.Clone(tc.in))
			if got := drain(&h); !slices.Equal(got, want) {
				t.Errorf("init then pop: %v, want %v", got, want)
			}
		})
	}
}

// TestSortProperty: any sequence of pushes and pops returns, at each pop,
// the least element pushed and not yet popped (checked against a sorted
// slice), with Init, Min and Reset along the way.
func TestSortProperty(t *testing.T) {
	type pair struct {
		k float64
		v int
	}
	less := func(a, b pair) bool { return a.k < b.k || a.k == b.k && a.v < b.v }
	f := func(seed uint64, init []int8, ops []int8) bool {
		r := rand.New(rand.NewPCG(seed, 1))
		h := New(less, 4)
		var ref []pair
		var s []pair
		for i, x := range init {
			s = append(s, pair{float64(x), i})
		}
		ref = append(ref, s...)
		h.Init(s)
		for i, op := range ops {
			switch {
			case op < -100:
				h.Reset()
				ref = ref[:0]
			case op < 0 && h.Len() > 0:
				slices.SortFunc(ref, func(a, b pair) int {
					if less(a, b) {
						return -1
					}
					if less(b, a) {
						return 1
					}
					return 0
				})
				if m := h.Min(); m != ref[0] {
					return false
				}
				if got := h.Pop(); got != ref[0] {
					return false
				}
				ref = ref[1:]
			default:
				p := pair{float64(r.IntN(16)), len(init) + i}
				h.Push(p)
				ref = append(ref, p)
			}
			if h.Len() != len(ref) {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 500}); err != nil {
		t.Error(err)
	}
}

// TestNoAllocations: a heap at its working size allocates nothing.
func TestNoAllocations(t *testing.T) {
	h := New(intLess, 64)
	r := rand.New(rand.NewPCG(1, 2))
	allocs := testing.AllocsPerRun(100, func() {
		h.Reset()
		for i := 0; i < 64; i++ {
			h.Push(r.IntN(1000))
		}
		for h.Len() > 0 {
			h.Pop()
		}
	})
	if allocs != 0 {
		t.Errorf("%g allocations per run, want 0", allocs)
	}
}

func BenchmarkPushPop(b *testing.B) {
	type item struct {
		v int32
		d float64
	}
	h := New(func(a, b item) bool { return a.d < b.d }, 1024)
	r := rand.New(rand.NewPCG(3, 4))
	keys := make([]float64, 1024)
	for i := range keys {
		keys[i] = r.Float64()
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		for i, k := range keys {
			h.Push(item{int32(i), k})
		}
		for h.Len() > 0 {
			h.Pop()
		}
	}
}
