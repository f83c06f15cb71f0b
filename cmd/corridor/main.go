// Command corridor plans and compares freight routes across the
// China–Central Asia–Europe trade corridors. See the README.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"corridor/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
