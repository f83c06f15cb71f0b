//go:build !ui

package web

import "io/fs"

func assets() fs.FS { return nil }
