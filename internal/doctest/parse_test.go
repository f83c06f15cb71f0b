package doctest

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	fence := "```"
	tests := []struct {
		name    string
		doc     string
		want    []Block
		wantErr string
	}{
		{
			name: "commands, output, exit status",
			doc:  "text\n" + fence + "sh\n$ bin/corridor nodes lodz\nŁódź\n\n$ false  # exit 1\n" + fence + "\n",
			want: []Block{{Line: 2, Commands: []Command{
				{Line: 3, Text: "bin/corridor nodes lodz", Output: []string{"Łódź"}, OutputLine: 4},
				{Line: 6, Text: "false  # exit 1", Exit: 1},
			}}},
		},
		{
			name: "continuation and here-document",
			doc:  fence + "console\n$ echo a \\\n  b\na b\n$ cat > f.yaml <<'EOF'\nname: x\n$ not a prompt\nEOF\n" + fence,
			want: []Block{{Line: 1, Commands: []Command{
				{Line: 2, Text: "echo a \\\n  b", Output: []string{"a b"}, OutputLine: 4},
				{Line: 5, Text: "cat > f.yaml <<'EOF'\nname: x\n$ not a prompt\nEOF"},
			}}},
		},
		{
			name: "no-test with a reason",
			doc:  fence + "sh no-test: serves until stopped\n$ make run\n" + fence,
			want: []Block{{Line: 1, Skip: "serves until stopped"}},
		},
		{
			name: "other blocks are not run",
			doc:  fence + "json\n{\"a\": 1}\n" + fence + "\n" + fence + "\nplain\n" + fence,
		},
		{
			name:    "no-test without a reason",
			doc:     fence + "sh no-test\n$ make run\n" + fence,
			wantErr: "doc.md:1: no-test needs a reason",
		},
		{
			name:    "a prompt in a text block",
			doc:     fence + "text\n$ bin/corridor nodes\n" + fence,
			wantErr: "doc.md:2: a \"text\" block holds a \"$ \" command",
		},
		{
			name:    "a shell block without a prompt",
			doc:     fence + "sh\nbin/corridor nodes\n" + fence,
			wantErr: "doc.md:1: line 2: a shell block starts with a \"$ \" command",
		},
		{
			name:    "unclosed fence",
			doc:     "\n" + fence + "sh\n$ true\n",
			wantErr: "doc.md:2: fenced block is not closed",
		},
		{
			name:    "unterminated here-document",
			doc:     fence + "sh\n$ cat <<EOF\nx\n" + fence,
			wantErr: "here-document EOF is not terminated",
		},
		{
			name:    "unknown option",
			doc:     fence + "sh skip\n$ true\n" + fence,
			wantErr: "unknown fence option \"skip\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("doc.md", tt.doc)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name string
		want []string
		got  string
		ok   bool
	}{
		{"exact", []string{"a", "b"}, "a\nb\n", true},
		{"trailing spaces and lines", []string{"a  ", "b", ""}, "a\nb   \n\n\n", true},
		{"a number differs", []string{"10.5 days"}, "10.6 days\n", false},
		{"more output than shown", []string{"a"}, "a\nb\n", false},
		{"less output than shown", []string{"a", "b"}, "a\n", false},
		{"elision in the middle", []string{"a", "...", "z"}, "a\nb\nc\nz\n", true},
		{"elision of nothing", []string{"a", "...", "z"}, "a\nz\n", true},
		{"elision at the end", []string{"a", "..."}, "a\nb\nc\n", true},
		{"elision then a missing line", []string{"a", "...", "y"}, "a\nb\nz\n", false},
		{"two elisions", []string{"...", "c", "...", "e"}, "a\nb\nc\nd\ne\n", true},
		{"leading spaces count", []string{" a"}, "a\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := Match(tt.want, tt.got)
			if ok != tt.ok {
				t.Errorf("Match = %v (%s), want %v", ok, why, tt.ok)
			}
			if !ok && why == "" {
				t.Error("a mismatch gives no reason")
			}
		})
	}
}
