// Command testfmt turns `go test -json` on its standard input into one line
// per package as it finishes (ok/FAIL, time, test count), the output of
// every failed test, and at the end the slowest tests. Lines that are not
// JSON (build errors) pass through. It exits 1 when anything failed.
//
//	go test -json ./... 2>&1 | go run ./scripts/testfmt [-slowest 10]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

type result struct {
	name    string
	elapsed float64
}

func main() {
	slowest := flag.Int("slowest", 10, "how many of the slowest tests to list at the end")
	flag.Parse()
	start := time.Now()
	out := map[string][]string{} // package/test -> output, until it passes
	counts := map[string]int{}
	var tests []result
	failed, pkgs := 0, 0
	var failedPkgs []string
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			fmt.Println(string(line))
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "output":
			out[key] = append(out[key], e.Output)
		case "pass", "skip":
			if e.Test != "" {
				counts[e.Package]++
				if e.Action == "pass" && !strings.Contains(e.Test, "/") {
					tests = append(tests, result{e.Package + "." + e.Test, e.Elapsed})
				}
				delete(out, key)
				continue
			}
			pkgs++
			status := "ok  "
			if e.Action == "skip" {
				status = "--  "
			}
			fmt.Printf("%s %-40s %6.1fs  %d tests\n", status, e.Package, e.Elapsed, counts[e.Package])
			delete(out, key)
		case "fail":
			if e.Test != "" {
				fmt.Printf("--- FAIL %s.%s (%.1fs)\n", e.Package, e.Test, e.Elapsed)
				fmt.Print(strings.Join(out[key], ""))
				delete(out, key)
				failed++
				continue
			}
			pkgs++
			failedPkgs = append(failedPkgs, e.Package)
			fmt.Printf("FAIL %-40s %6.1fs\n", e.Package, e.Elapsed)
			// A package that failed without a failing test (a build error,
			// a panic, a timeout) shows its own output.
			fmt.Print(strings.Join(out[key], ""))
			delete(out, key)
		}
	}
	slices.SortFunc(tests, func(a, b result) int {
		switch {
		case a.elapsed > b.elapsed:
			return -1
		case a.elapsed < b.elapsed:
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	if n := min(*slowest, len(tests)); n > 0 {
		fmt.Println("slowest tests:")
		for _, t := range tests[:n] {
			fmt.Printf("  %6.1fs  %s\n", t.elapsed, t.name)
		}
	}
	fmt.Printf("%d packages in %.0fs", pkgs, time.Since(start).Seconds())
	if pkgs == 0 {
		fmt.Println("; no test ran")
		os.Exit(1)
	}
	if len(failedPkgs) > 0 {
		fmt.Printf("; FAILED: %s (%d tests)\n", strings.Join(failedPkgs, " "), failed)
		os.Exit(1)
	}
	fmt.Println("; all passed")
}
