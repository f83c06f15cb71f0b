// Package doctest runs the shell examples of README.md and docs/*.md as a
// test, so that every command the documentation shows works and prints
// what the documentation says it prints.
//
// The convention (docs/TESTING.md, "Doc test"):
//
//   - A fenced block tagged sh, shell, bash or console is a shell example.
//     Its lines starting with "$ " are commands; the lines after a command,
//     up to the next "$ " line or the end of the block, are its expected
//     output (stdout and stderr together). A command with no lines after it
//     has its exit status checked but not its output.
//   - A command line ending in a backslash continues on the next line, and
//     a here-document (<<EOF, <<'EOF') runs to its terminator.
//   - A command ends with "# exit N" when it is meant to fail with exit
//     status N; otherwise it must exit 0.
//   - In expected output, a line "..." stands for any number of lines;
//     trailing spaces are ignored, everything else must match exactly.
//   - "```sh no-test: reason" marks a block that is not run (servers that
//     run until stopped, make run, make test); the reason is required.
//   - A fenced block of any other kind must not contain "$ " lines, so an
//     example cannot escape the test by its tag.
//
// Commands run with bash from a temporary folder per Markdown file, in
// which bin/corridor is the binary built from this checkout, data/ is the
// checkout's data folder and HOME is empty (the default store lives there);
// ../shared/data is the project's shared data ($CORRIDOR_SHARED_DATA, else
// the folder beside the checkout), and a block that uses it is skipped,
// with a log line, where it is missing.
// Blocks of one file run in order in the same folder, so a block may use a
// file an earlier block wrote. A command that mentions localhost:8080
// talks to a `corridor serve` the test starts on a free port for that file.
package doctest
