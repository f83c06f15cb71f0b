// Package migrations holds the store's schema migrations, ordered by file
// name, shared by every SQL backend.
package migrations

import "embed"

// Files are the migrations: NNNN_name.sql, applied in order.
//
//go:embed *.sql
var Files embed.FS
