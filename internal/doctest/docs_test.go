package doctest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// commandTimeout bounds one documented command.
const commandTimeout = 2 * time.Minute

// TestDocs runs every shell example of README.md and docs/*.md.
func TestDocs(t *testing.T) {
	root := repoRoot(t)
	files := docFiles(t, root)
	bin := buildCorridor(t, root)
	for _, file := range files {
		rel, err := filepath.Rel(root, file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(rel, func(t *testing.T) {
			t.Parallel() // each file has its own folder and server
			doc, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			blocks, err := Parse(rel, string(doc))
			if err != nil {
				t.Fatal(err)
			}
			fixes := runFile(t, root, bin, rel, blocks)
			if len(fixes) > 0 {
				if err := os.WriteFile(file, []byte(applyFixes(string(doc), fixes)), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: rewrote the output of %d example(s); review the diff", rel, len(fixes))
			}
		})
	}
}

// updateEnv names the environment variable that makes TestDocs rewrite
// the output shown in the documents with the output the commands give.
const updateEnv = "DOCTEST_UPDATE"

// fix replaces the output a document shows for one command.
type fix struct {
	line, n int // first Markdown line (1-based) and number of lines replaced
	output  []string
}

// runFile runs the blocks of one document in order in one folder. With
// DOCTEST_UPDATE=1 it returns the fixes that make the document show what
// the commands printed (outputs with "..." elisions are not rewritten).
func runFile(t *testing.T, root, bin, rel string, blocks []Block) []fix {
	update := os.Getenv(updateEnv) == "1"
	var fixes []fix
	top := t.TempDir()
	dir := filepath.Join(top, "work")
	for _, sub := range []string{"", "bin", "home", "tmp"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(bin, filepath.Join(dir, "bin", "corridor")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "data"), filepath.Join(dir, "data")); err != nil {
		t.Fatal(err)
	}
	shared := sharedData(root)
	if shared != "" {
		if err := os.Mkdir(filepath.Join(top, "shared"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(shared, filepath.Join(top, "shared", "data")); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"TMPDIR=" + filepath.Join(dir, "tmp"),
		"TZ=UTC",
		"LC_ALL=C.UTF-8",
		"TERM=dumb",
	}
	srv := &server{dir: dir, env: env}
	t.Cleanup(srv.stop)
	for _, b := range blocks {
		if b.Skip != "" {
			t.Logf("%s:%d: not run: %s", rel, b.Line, b.Skip)
			continue
		}
		if shared == "" && b.usesSharedData() {
			t.Logf("%s:%d: not run: it uses ../shared/data, which is not there (set CORRIDOR_SHARED_DATA)", rel, b.Line)
			continue
		}
		for _, c := range b.Commands {
			text := c.Text
			if strings.Contains(text, "localhost:8080") || strings.Contains(text, "127.0.0.1:8080") {
				addr, err := srv.start(t)
				if err != nil {
					t.Fatalf("%s:%d: %v", rel, c.Line, err)
				}
				text = strings.NewReplacer("localhost:8080", addr, "127.0.0.1:8080", addr).Replace(text)
			}
			out, code, err := run(dir, env, text)
			if err != nil {
				t.Errorf("%s:%d: $ %s\n%v", rel, c.Line, c.Text, err)
				continue
			}
			if code != c.Exit {
				t.Errorf("%s:%d: $ %s\nexit status %d, the doc expects %d; output:\n%s", rel, c.Line, c.Text, code, c.Exit, out)
				continue
			}
			if c.Output == nil {
				continue
			}
			if ok, why := Match(c.Output, out); !ok {
				if update && !slices.Contains(c.Output, "...") {
					fixes = append(fixes, fix{line: c.OutputLine, n: len(c.Output), output: trimLines(strings.Split(out, "\n"))})
					continue
				}
				t.Errorf("%s:%d: $ %s\noutput differs from the doc: %s\n--- doc\n%s\n--- got\n%s", rel, c.Line, c.Text, why, strings.Join(c.Output, "\n"), out)
			}
		}
	}
	return fixes
}

// applyFixes returns doc with the fixes applied.
func applyFixes(doc string, fixes []fix) string {
	lines := strings.Split(doc, "\n")
	sort.Slice(fixes, func(i, j int) bool { return fixes[i].line > fixes[j].line })
	for _, f := range fixes {
		tail := append([]string{}, lines[f.line-1+f.n:]...)
		lines = append(append(lines[:f.line-1], f.output...), tail...)
	}
	return strings.Join(lines, "\n")
}

// run runs one command with bash in dir and returns its combined output
// and exit status; err is set only when it could not be run at all.
func run(dir string, env []string, text string) (string, int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-o", "pipefail", "-c", text)
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		return out.String(), -1, fmt.Errorf("timed out after %s; output so far:\n%s", commandTimeout, out.String())
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode(), nil
	case err != nil:
		return "", -1, fmt.Errorf("running bash: %w", err)
	}
	return out.String(), 0, nil
}

// server is the `corridor serve` of one document, started on first use.
type server struct {
	dir  string
	env  []string
	cmd  *exec.Cmd
	addr string
}

var servingRe = regexp.MustCompile(`on http://([0-9.:\[\]a-f]+)`)

// start starts the server on a free port if it is not running and
// returns its address.
func (s *server) start(t *testing.T) (string, error) {
	if s.cmd != nil {
		return s.addr, nil
	}
	cmd := exec.Command(filepath.Join(s.dir, "bin", "corridor"), "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(s.dir, "tmp", "serve.db"))
	cmd.Dir = s.dir
	cmd.Env = s.env
	cmd.Stderr = io.Discard
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", fmt.Errorf("starting corridor serve: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("starting corridor serve: %w", err)
	}
	s.cmd = cmd
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingRe.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			return "", errors.New("corridor serve stopped before it printed its address")
		}
		s.addr = addr
		t.Logf("corridor serve on %s for localhost:8080", addr)
		return addr, nil
	case <-time.After(30 * time.Second):
		return "", errors.New("corridor serve printed no address within 30s")
	}
}

// stop stops the server gracefully, if it runs.
func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// sharedData is the project's shared data folder (marnet, TNTP networks):
// $CORRIDOR_SHARED_DATA, else ../shared/data beside the checkout; "" when
// neither exists.
func sharedData(root string) string {
	for _, d := range []string{os.Getenv("CORRIDOR_SHARED_DATA"), filepath.Join(root, "..", "shared", "data")} {
		if d == "" {
			continue
		}
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			abs, err := filepath.Abs(d)
			if err == nil {
				return abs
			}
		}
	}
	return ""
}

// usesSharedData reports whether a command of the block reads the shared
// data folder.
func (b Block) usesSharedData() bool {
	for _, c := range b.Commands {
		if strings.Contains(c.Text, "../shared/data") {
			return true
		}
	}
	return false
}

// repoRoot is the folder of go.mod above the test's folder.
func repoRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// docFiles lists README.md and docs/*.md.
func docFiles(t *testing.T, root string) []string {
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return append([]string{filepath.Join(root, "README.md")}, files...)
}

// buildCorridor builds cmd/corridor into a temporary folder.
func buildCorridor(t *testing.T, root string) string {
	bin := filepath.Join(t.TempDir(), "corridor")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/corridor")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/corridor: %v\n%s", err, out)
	}
	return bin
}
