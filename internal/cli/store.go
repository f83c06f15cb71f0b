package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/spf13/pflag"

	"corridor/errcode"
	"corridor/store"
	"corridor/store/postgres"
	"corridor/store/sqlite"
)

// defaultDB is the SQLite file used when neither --db nor CORRIDOR_DB is
// given: $XDG_DATA_HOME/corridor/corridor.db, or ~/.local/share/corridor/corridor.db.
func defaultDB() string {
	if v := os.Getenv("CORRIDOR_DB"); v != "" {
		return v
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "corridor.db"
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "corridor", "corridor.db")
}

// dbFlag adds --db to a flag set.
func dbFlag(fs *pflag.FlagSet, dsn *string) {
	fs.StringVar(dsn, "db", "", "store: an SQLite file path or a postgres:// URL (default $CORRIDOR_DB, else "+
		"~/.local/share/corridor/corridor.db)")
}

// openStore opens the store named by dsn (or the default).
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	if dsn == "" {
		dsn = defaultDB()
	}
	var st store.Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		st, err = postgres.Open(ctx, dsn)
	} else {
		st, err = sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	}
	if err != nil {
		// A driver's message may quote the DSN (or, for a malformed one,
		// pieces of it): the password is cut out of it too.
		return nil, errcode.New(errcode.Unavailable, "store %s: %s", storeName(dsn), scrubPassword(err.Error(), dsn))
	}
	return st, nil
}

// storeName describes the store for messages and banners, without
// credentials (see redactURL).
func storeName(dsn string) string {
	if dsn == "" {
		dsn = defaultDB()
	}
	return redactURL(dsn)
}

// redactURL hides the password of a URL (postgres://, nats://: the user
// info's password and any password= query parameter) or of a key=value
// connection string; anything else (a file path) is returned as it is.
// The user info is split at its last "@", so a password that itself holds
// an unescaped "@" is hidden whole.
func redactURL(s string) string {
	const mask = "xxxxx"
	if kv := keyValuePassword.ReplaceAllString(s, "${1}"+mask); kv != s && !strings.Contains(s, "://") {
		return kv
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	head, tail := rest, ""
	if i := strings.Index(rest, "?"); i >= 0 {
		head, tail = rest[:i], rest[i:]
	}
	if at := strings.LastIndex(head, "@"); at >= 0 {
		if user, _, hasPass := strings.Cut(head[:at], ":"); hasPass {
			head = user + ":" + mask + head[at:]
		}
	}
	return scheme + "://" + head + queryPassword.ReplaceAllString(tail, "${1}"+mask)
}

// redactedError is err with url's password cut out of its message; its
// code stays.
func redactedError(err error, url string) error {
	if msg := scrubPassword(err.Error(), url); msg != err.Error() {
		return errcode.New(errcode.Of(err), "%s", msg)
	}
	return err
}

// scrubPassword removes dsn's password, and each of its pieces between "@"
// or ":" signs, from text.
func scrubPassword(text, dsn string) string {
	pass := ""
	if m := keyValuePassword.FindStringSubmatch(dsn); m != nil {
		pass = strings.Trim(m[2], "'")
	}
	if _, rest, ok := strings.Cut(dsn, "://"); ok {
		if i := strings.Index(rest, "?"); i >= 0 {
			if m := queryPassword.FindStringSubmatch(rest[i:]); m != nil && len(m[0]) > len(m[1]) {
				text = strings.ReplaceAll(text, m[0][len(m[1]):], "xxxxx")
			}
			rest = rest[:i]
		}
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, p, ok := strings.Cut(rest[:at], ":"); ok {
				pass = p
			}
		}
	}
	if pass == "" {
		return text
	}
	text = strings.ReplaceAll(text, pass, "xxxxx")
	for _, piece := range strings.FieldsFunc(pass, func(r rune) bool { return r == '@' || r == ':' }) {
		if len(piece) >= 3 {
			text = strings.ReplaceAll(text, piece, "xxxxx")
		}
	}
	return text
}

var (
	keyValuePassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('[^']*'|\S+)`)
	queryPassword    = regexp.MustCompile(`(?i)([?&](?:password|pass|pwd|token)=)[^&#]*`)
)
