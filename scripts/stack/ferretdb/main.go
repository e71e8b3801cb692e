// Command ferretdb-local runs FerretDB 1.24 (MongoDB wire protocol) embedded,
// on a local SQLite directory, until SIGINT/SIGTERM. It exists because
// `go install .../cmd/ferretdb@v1.24.2` builds a binary that panics at start.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "", "SQLite data directory (created if missing)")
	flag.Parse()
	if *dir == "" {
		log.Fatal("ferretdb-local: -dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatalf("ferretdb-local: %v", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatalf("ferretdb-local: %v", err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		// WAL with synchronous=NORMAL: a commit is not fsynced (the WAL is, at checkpoints). Safe from corruption and
		// from a crash of this process; the last commits can be lost only if the machine itself goes down. The same
		// trade-off as the stack's MariaDB (innodb_flush_log_at_trx_commit=2); FerretDB's default FULL fsyncs every
		// write, and its single SQLite writer then caps the backend near 200 writes per second on this machine.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		log.Fatalf("ferretdb-local: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log.Printf("ferretdb-local: listening on %s, data in %s", *listen, abs)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatalf("ferretdb-local: %v", err)
	}
	log.Print("ferretdb-local: stopped")
}
