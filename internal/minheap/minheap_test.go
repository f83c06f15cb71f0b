package minheap

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/quick"
)

// drain pops every item.
func drain[K cmp.Ordered, V any](h *Heap[K, V]) []Item[K, V] {
	var out []Item[K, V]
	for h.Len() > 0 {
		k, v := h.Pop()
		out = append(out, Item[K, V]{k, v})
	}
	return out
}

// keys returns the keys of items.
func keys[K cmp.Ordered, V any](items []Item[K, V]) []K {
	var ks []K
	for _, it := range items {
		ks = append(ks, it.Key)
	}
	return ks
}

func TestHeap(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float64
	}{
		{"empty", nil},
		{"one", []float64{7}},
		{"two descending", []float64{2, 1}},
		{"sorted", []float64{1, 2, 3, 4, 5, 6, 7, 8}},
		{"reversed", []float64{8, 7, 6, 5, 4, 3, 2, 1}},
		{"duplicates", []float64{3, 1, 3, 1, 2, 2, 3, 1}},
		{"negative and zero", []float64{0, -5, 5, -10, 10, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := slices.Sorted(slices.Values(tc.in))
			var h Heap[float64, int]
			for i, k := range tc.in {
				h.Push(k, i)
			}
			got := drain(&h)
			if !slices.Equal(keys(got), want) {
				t.Errorf("push then pop: %v, want %v", keys(got), want)
			}
			for _, it := range got {
				if tc.in[it.Value] != it.Key {
					t.Errorf("value %d came out with key %g, pushed with %g", it.Value, it.Key, tc.in[it.Value])
				}
			}
			var items []Item[float64, int]
			for i, k := range tc.in {
				items = append(items, Item[float64, int]{k, i})
			}
			h.Init(items)
			if got := keys(drain(&h)); !slices.Equal(got, want) {
				t.Errorf("init then pop: %v, want %v", got, want)
			}
		})
	}
}

// TestSortProperty: any sequence of pushes, pops and resets after an Init
// gives, at each pop, the least key pushed and not yet popped (checked
// against a sorted slice), and Min agrees with Pop.
func TestSortProperty(t *testing.T) {
	f := func(seed uint64, init []int8, ops []int8) bool {
		r := rand.New(rand.NewPCG(seed, 1))
		h := New[int, int](4)
		var ref []int
		var items []Item[int, int]
		for i, x := range init {
			items = append(items, Item[int, int]{int(x), i})
			ref = append(ref, int(x))
		}
		h.Init(items)
		for _, op := range ops {
			switch {
			case op < -100:
				h.Reset()
				ref = ref[:0]
			case op < 0 && h.Len() > 0:
				slices.Sort(ref)
				mk, mv := h.Min()
				k, v := h.Pop()
				if k != ref[0] || mk != k || mv != v {
					return false
				}
				ref = ref[1:]
			default:
				k := r.IntN(16) - 8
				h.Push(k, len(ref))
				ref = append(ref, k)
			}
			if h.Len() != len(ref) {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 1000}); err != nil {
		t.Error(err)
	}
}

// TestNoAllocations: a heap at its working size allocates nothing.
func TestNoAllocations(t *testing.T) {
	h := New[float64, int32](64)
	r := rand.New(rand.NewPCG(1, 2))
	allocs := testing.AllocsPerRun(100, func() {
		h.Reset()
		for i := 0; i < 64; i++ {
			h.Push(r.Float64(), int32(i))
		}
		for h.Len() > 0 {
			h.Pop()
		}
	})
	if allocs != 0 {
		t.Errorf("%g allocations per run, want 0", allocs)
	}
}

// BenchmarkPushPop pushes 1024 random float64 keys and pops them all.
func BenchmarkPushPop(b *testing.B) {
	h := New[float64, int32](1024)
	r := rand.New(rand.NewPCG(3, 4))
	ks := make([]float64, 1024)
	for i := range ks {
		ks[i] = r.Float64()
	}
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		for i, k := range ks {
			h.Push(k, int32(i))
		}
		for h.Len() > 0 {
			h.Pop()
		}
	}
}
