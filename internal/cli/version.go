package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"runtime"
	"runtime/debug"
	"slices"

	"github.com/spf13/cobra"

	"corridor/data/eurasia"
)

// Set by the release build with
//
//	-ldflags "-X corridor/internal/cli.version=v1.2.3 -X corridor/internal/cli.commit=<sha> -X corridor/internal/cli.date=<RFC 3339>"
//
// When they are empty, versionInfo falls back to what the Go toolchain
// records in the binary (module version, vcs.revision, vcs.time).
var (
	version string
	commit  string
	date    string
)

// buildVersion is what 'corridor version' reports.
type buildVersion struct {
	Version  string         `json:"version"`
	Commit   string         `json:"commit"`
	Date     string         `json:"date"`
	Modified bool           `json:"modified,omitempty"` // built from a work tree with uncommitted changes
	Go       string         `json:"go"`
	Network  networkVersion `json:"network"`
}

// networkVersion identifies the bundled network. Its files carry no version
// number, so it is identified by a content hash: SHA-256 over the sorted
// file names and contents, the first 12 hex digits.
type networkVersion struct {
	Name  string `json:"name"`
	Hash  string `json:"sha256"`
	Files int    `json:"files"`
}

// versionInfo returns the build's version: the -ldflags values when set,
// else the toolchain's build information, else "unknown".
func versionInfo(ldVersion, ldCommit, ldDate string, bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: ldVersion, Commit: ldCommit, Date: ldDate, Go: runtime.Version()}
	if bi != nil {
		if v.Version == "" && bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if v.Commit == "" {
					v.Commit = s.Value
				}
			case "vcs.time":
				if v.Date == "" {
					v.Date = s.Value
				}
			case "vcs.modified":
				v.Modified = ldCommit == "" && s.Value == "true"
			}
		}
	}
	for _, p := range []*string{&v.Version, &v.Commit, &v.Date} {
		if *p == "" {
			*p = "unknown"
		}
	}
	return v
}

// hashNetwork returns the content hash of the files of fsys (a network
// folder) and how many there are.
func hashNetwork(fsys fs.FS) (string, int, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return "", 0, err
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", 0, err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], len(names), nil
}

func newVersionCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date, and the bundled network's version",
		Long: `Print corridor's version, the commit it was built from, the build date and the
Go version, and the version of the bundled network. The bundled network's files
carry no version number; it is identified by a content hash (SHA-256 over its
sorted file names and contents, first 12 hex digits), which changes whenever any
of its files does. A binary built with 'go build' or 'go install' rather than
'make release' reports the commit and time the Go toolchain recorded, if any.`,
		Example: `  corridor version
  corridor version --format json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "json"); err != nil {
				return err
			}
			bi, _ := debug.ReadBuildInfo()
			v := versionInfo(version, commit, date, bi)
			hash, n, err := hashNetwork(eurasia.Files)
			if err != nil {
				return fmt.Errorf("hashing the bundled network: %w", err)
			}
			v.Network = networkVersion{Name: eurasia.Name, Hash: hash, Files: n}
			w := cmd.OutOrStdout()
			if format == "json" {
				return writeJSON(w, v)
			}
			mod := ""
			if v.Modified {
				mod = " (with uncommitted changes)"
			}
			fmt.Fprintf(w, "corridor %s\ncommit:  %s%s\nbuilt:   %s\ngo:      %s\nnetwork: %s, sha256 %s (content hash of its %d files)\n",
				v.Version, v.Commit, mod, v.Date, v.Go, v.Network.Name, v.Network.Hash, v.Network.Files)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "table", "output format: table or json")
	return c
}
