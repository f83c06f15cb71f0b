package assign_test

import (
	"context"
	"fmt"

	"corridor/assign"
)

// Two routes between node 0 and node 1: at equilibrium both cost the same.
func ExampleSolve() {
	net, err := assign.NewNetwork(2, 0, []assign.Link{
		{From: 0, To: 1, FreeFlow: 10, B: 0.1, Power: 1, Capacity: 1},   // 10 + x
		{From: 0, To: 1, FreeFlow: 20, B: 0.025, Power: 1, Capacity: 1}, // 20 + x/2
	})
	if err != nil {
		panic(err)
	}
	p, err := assign.NewProblem(net, []assign.Class{{Name: "cars", Demand: []assign.OD{{Origin: 0, Dest: 1, Flow: 100}}}})
	if err != nil {
		panic(err)
	}
	res, err := assign.Solve(context.Background(), p, assign.Options{Algorithm: assign.AlgorithmB, Gap: 1e-10})
	if err != nil {
		panic(err)
	}
	fmt.Printf("flows %.1f and %.1f, costs %.1f and %.1f, converged %v\n", res.Flow[0], res.Flow[1], res.Cost[0], res.Cost[1], res.Converged)
	// Output: flows 40.0 and 60.0, costs 50.0 and 50.0, converged true
}
