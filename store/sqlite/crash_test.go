package sqlite_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"corridor/scenario"
	"corridor/store/sqlite"
)

// TestCrashChild is the writer that TestCrashRecovery kills; it does nothing
// unless started by it.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("CORRIDOR_CRASH_DB")
	if path == "" {
		t.Skip("run by TestCrashRecovery only")
	}
	round := os.Getenv("CORRIDOR_CRASH_ROUND")
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		// a saved query and a new scenario version, each acknowledged after commit
		name := fmt.Sprintf("r%s-%d", round, i)
		if err := s.SaveQuery(ctx, name, []byte(fmt.Sprintf(`{"from":"CNXIY","to":"DEDUI","n":%d}`, i))); err != nil {
			fmt.Fprintln(out, "error", err)
			out.Flush()
			os.Exit(1)
		}
		fmt.Fprintln(out, "query", name)
		out.Flush()
		v := float64(i)
		rec, err := s.UpdateScenario(ctx, &scenario.Scenario{Name: "crash", Edits: []scenario.Edit{{Op: scenario.OpSetCarbonPrice, Value: &v}}}, 0)
		if err != nil {
			fmt.Fprintln(out, "error", err)
			out.Flush()
			os.Exit(1)
		}
		fmt.Fprintln(out, "version", rec.Version)
		out.Flush()
	}
}

// TestCrashRecovery kills a writing child process with SIGKILL at random
// moments, 50 times, and checks after each kill that the store opens,
// passes SQLite's integrity check and holds every write the child
// acknowledged (after its commit).
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the crash test starts 50 processes")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateScenario(ctx, &scenario.Scenario{Name: "crash", Edits: []scenario.Edit{{Op: scenario.OpCloseNodes, Nodes: []string{"X"}}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewPCG(7, 11))
	const rounds = 50
	totalAcks := 0
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CORRIDOR_CRASH_DB="+path, "CORRIDOR_CRASH_ROUND="+strconv.Itoa(round))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := make(chan []string, 1)
		first := make(chan struct{})
		go func() {
			var lines []string
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if lines = append(lines, sc.Text()); len(lines) == 1 {
					close(first)
				}
			}
			acked <- lines
		}()
		// Kill at a random moment after the child's first acknowledged
		// write: on a loaded machine the child may take longer to start
		// than any fixed delay.
		select {
		case <-first:
		case <-time.After(30 * time.Second):
		}
		time.Sleep(time.Duration(rng.IntN(120)) * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		lines := <-acked
		_ = cmd.Wait()

		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatalf("round %d: the store does not open after the kill: %v", round, err)
		}
		if res, err := sqlite.IntegrityCheck(ctx, s.SQL()); err != nil || res != "ok" {
			t.Fatalf("round %d: integrity check: %q %v", round, res, err)
		}
		maxVersion := 0
		for _, l := range lines {
			kind, val, _ := strings.Cut(l, " ")
			switch kind {
			case "query":
				totalAcks++
				if _, err := s.GetQuery(ctx, val); err != nil {
					t.Errorf("round %d: acknowledged query %s lost: %v", round, val, err)
				}
			case "version":
				totalAcks++
				v, _ := strconv.Atoi(val)
				maxVersion = max(maxVersion, v)
			case "error":
				t.Fatalf("round %d: the child failed: %s", round, l)
			}
		}
		rec, err := s.GetScenario(ctx, "crash", 0)
		if err != nil || rec.Version < maxVersion {
			t.Errorf("round %d: scenario at version %d, but version %d was acknowledged (%v)", round, rec.Version, maxVersion, err)
		}
		s.Close()
	}
	if totalAcks < rounds {
		t.Errorf("only %d writes acknowledged over %d rounds: the child barely ran", totalAcks, rounds)
	}
	t.Logf("%d kills, %d acknowledged writes, all present", rounds, totalAcks)
}
