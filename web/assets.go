// Package web holds corridor's browser UI: TypeScript sources built by npm
// and Vite into web/dist, which is embedded into the binary when it is
// built with the "ui" build tag (make build does this after the npm build).
// web/dist is a build output and is never committed.
package web

import "io/fs"

// Assets returns the built UI, or nil when this binary was built without it.
func Assets() fs.FS { return assets() }
