package doctest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Command is one "$ " command of a shell example with what it should do.
type Command struct {
	// Line is the Markdown line of the "$ " prompt (1-based).
	Line int
	// Text is the command as bash runs it: continuation lines and
	// here-documents included, the prompt removed.
	Text string
	// Exit is the exit status the command must end with.
	Exit int
	// Output is the expected output, one string per line; nil when the
	// example shows none (then only the exit status is checked).
	Output []string
	// OutputLine is the Markdown line of the first output line (1-based);
	// the output shown runs over len(Output) lines from there.
	OutputLine int
}

// Block is one fenced shell example.
type Block struct {
	// Line is the Markdown line of the opening fence (1-based).
	Line int
	// Skip is the reason given with no-test; empty for a block that runs.
	Skip string
	// Commands are the block's commands in order (none when skipped).
	Commands []Command
}

var (
	fenceRe   = regexp.MustCompile("^\\s*(```+)\\s*([^\\s`]*)\\s*(.*)$")
	exitRe    = regexp.MustCompile(`\s+#\s*exit\s+(\d+)\s*$`)
	heredocRe = regexp.MustCompile(`<<-?\s*(?:'([A-Za-z_]+)'|"([A-Za-z_]+)"|([A-Za-z_]+))`)
)

// shellTags are the fence tags of shell examples.
var shellTags = map[string]bool{"sh": true, "shell": true, "bash": true, "console": true}

// Parse returns the shell examples of a Markdown document, or every
// problem with the convention (each naming its line) as one error.
func Parse(name, doc string) ([]Block, error) {
	lines := strings.Split(strings.ReplaceAll(doc, "\r\n", "\n"), "\n")
	var blocks []Block
	var problems []string
	bad := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", name, line, fmt.Sprintf(format, args...)))
	}
	for i := 0; i < len(lines); i++ {
		m := fenceRe.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		open, fence, tag, rest := i+1, m[1], m[2], strings.TrimSpace(m[3])
		end := i + 1
		for end < len(lines) && strings.TrimSpace(lines[end]) != fence {
			end++
		}
		if end == len(lines) {
			bad(open, "fenced block is not closed")
			break
		}
		body := lines[i+1 : end]
		i = end
		if !shellTags[tag] {
			for k, l := range body {
				if strings.HasPrefix(l, "$ ") {
					bad(open+1+k, "a %q block holds a \"$ \" command: tag it sh (or sh no-test: reason)", tag)
					break
				}
			}
			continue
		}
		b := Block{Line: open}
		if rest != "" {
			reason, ok := strings.CutPrefix(rest, "no-test")
			reason = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(reason), ":"))
			switch {
			case !ok:
				bad(open, "unknown fence option %q: expected nothing or \"no-test: reason\"", rest)
				continue
			case reason == "":
				bad(open, "no-test needs a reason: \"```%s no-test: why it cannot run\"", tag)
				continue
			}
			b.Skip = reason
			blocks = append(blocks, b)
			continue
		}
		cmds, err := parseBlock(body, open+1)
		if err != nil {
			bad(open, "%v", err)
			continue
		}
		b.Commands = cmds
		blocks = append(blocks, b)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%d problem(s) with the doc-test convention:\n%s", len(problems), strings.Join(problems, "\n"))
	}
	return blocks, nil
}

// parseBlock splits the body of a shell block, whose first line is
// Markdown line first, into commands and their expected output.
func parseBlock(body []string, first int) ([]Command, error) {
	var cmds []Command
	for k := 0; k < len(body); {
		l := body[k]
		if !strings.HasPrefix(l, "$ ") {
			if len(cmds) == 0 {
				if strings.TrimSpace(l) == "" {
					k++
					continue
				}
				return nil, fmt.Errorf("line %d: a shell block starts with a \"$ \" command, got %q", first+k, l)
			}
			last := &cmds[len(cmds)-1]
			if last.Output == nil {
				last.OutputLine = first + k
			}
			last.Output = append(last.Output, l)
			k++
			continue
		}
		c := Command{Line: first + k}
		text := []string{strings.TrimPrefix(l, "$ ")}
		k++
		for strings.HasSuffix(text[len(text)-1], "\\") && k < len(body) {
			text = append(text, body[k])
			k++
		}
		if m := heredocRe.FindStringSubmatch(strings.Join(text, "\n")); m != nil {
			word := m[1] + m[2] + m[3]
			for {
				if k == len(body) {
					return nil, fmt.Errorf("line %d: here-document %s is not terminated", c.Line, word)
				}
				text = append(text, body[k])
				k++
				if strings.TrimSpace(body[k-1]) == word {
					break
				}
			}
		}
		joined := strings.Join(text, "\n")
		if m := exitRe.FindStringSubmatchIndex(text[0]); m != nil {
			n, err := strconv.Atoi(text[0][m[2]:m[3]])
			if err != nil || n > 255 {
				return nil, fmt.Errorf("line %d: exit status %q is not 0 to 255", c.Line, text[0][m[2]:m[3]])
			}
			c.Exit = n
		}
		c.Text = joined
		cmds = append(cmds, c)
	}
	for i := range cmds {
		cmds[i].Output = trimLines(cmds[i].Output)
		if len(cmds[i].Output) == 0 {
			cmds[i].Output, cmds[i].OutputLine = nil, 0
		}
	}
	return cmds, nil
}

// Match reports whether got (the command's output) matches the expected
// lines: "..." stands for any number of lines, trailing spaces and
// trailing empty lines are ignored. When it does not match, it returns a
// description of the first expected line that could not be matched.
func Match(want []string, got string) (bool, string) {
	g := trimLines(strings.Split(got, "\n"))
	w := trimLines(want)
	// memo[i][j]: want[i:] cannot match got[j:] (known failures only).
	failed := make(map[[2]int]bool)
	best := 0
	var match func(i, j int) bool
	match = func(i, j int) bool {
		if i > best {
			best = i
		}
		if failed[[2]int{i, j}] {
			return false
		}
		ok := false
		switch {
		case i == len(w):
			ok = j == len(g)
		case w[i] == "...":
			for k := j; k <= len(g) && !ok; k++ {
				ok = match(i+1, k)
			}
		default:
			ok = j < len(g) && w[i] == g[j] && match(i+1, j+1)
		}
		if !ok {
			failed[[2]int{i, j}] = true
		}
		return ok
	}
	if match(0, 0) {
		return true, ""
	}
	if best < len(w) {
		return false, fmt.Sprintf("expected line %d (%q) not found where expected", best+1, w[best])
	}
	return false, "the output has more lines than the example shows (end the example with ... to elide them)"
}

// trimLines drops trailing spaces of each line and trailing empty lines.
func trimLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(l, " \t\r")
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}
