package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"laborbridge/internal/notify"
	"laborbridge/internal/web"
)

func (a *app) serveCmd() *cobra.Command {
	var f dbFlags
	var addr string
	var secure, demo, demoCampaign bool
	var demoWorkers int
	var demoSeed int64
	var boarding boardingFlags
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web UI and the API",
		Long: `Serve migrates the database, then serves the pages and the API under /api/v1.
With --demo it starts on a fresh demo database (laborbridge-demo.db unless --db
is given) filled with a synthetic Shanxi province, plays its January campaign
(a match run, offers accepted and confirmed, departure events with their trips
planned; --demo-campaign=false leaves that out), and prints the demo accounts.
Manifests and passes in PDF need a TrueType font with Chinese glyphs:
LABORBRIDGE_FONT names one, else Debian's Droid Sans Fallback is used.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// Requests start from the command's context without its acting
			// user: each request's user comes from its own credentials.
			base := context.WithoutCancel(ctx)
			if demo && !cmd.Flags().Changed("db") {
				f.dsn = "laborbridge-demo.db"
				for _, suffix := range []string{"", "-wal", "-shm"} {
					if err := os.Remove(f.dsn + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
						return err
					}
				}
			}
			db, ctx, err := a.open(ctx, &f)
			if err != nil {
				return err
			}
			defer db.Close()
			if demo {
				if err := a.fillDemo(ctx, db, demoWorkers, demoSeed, demoCampaign); err != nil {
					return err
				}
			}
			rules, err := boarding.rules()
			if err != nil {
				return err
			}
			srv, err := web.New(db, web.Options{Log: a.log, Secure: secure, FontPath: a.getenv("LABORBRIDGE_FONT"), Boarding: rules})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usageError{err.Error()}
			}
			fmt.Fprintf(a.stdout, "laborbridge is serving on http://%s (database: %s)\n", displayAddr(ln.Addr()), db.Dialect())
			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
				BaseContext: func(net.Listener) context.Context { return base }}
			sender := &notify.Sender{DB: db, Client: &http.Client{Timeout: 15 * time.Second}, Log: a.log, Now: time.Now}
			go sender.Run(ctx, 5*time.Second)
			go a.purgeLoop(ctx, db, rules.KeepTemperatureDays)
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			fmt.Fprintln(a.stdout, "shutting down")
			return hs.Shutdown(shut)
		},
	}
	boarding.flags(c)
	c.Flags().StringVar(&addr, "addr", envOr(a.getenv("LABORBRIDGE_ADDR"), "127.0.0.1:8080"), "address to listen on (env LABORBRIDGE_ADDR)")
	c.Flags().BoolVar(&secure, "secure", false, "served over TLS (or behind a TLS proxy): Secure cookies and HSTS")
	c.Flags().BoolVar(&demo, "demo", false, "start on a fresh database filled with demo data")
	c.Flags().IntVar(&demoWorkers, "demo-workers", 20000, "workers in the demo province")
	c.Flags().Int64Var(&demoSeed, "demo-seed", 1, "seed of the demo data")
	c.Flags().BoolVar(&demoCampaign, "demo-campaign", true, "with --demo, also play the January campaign (match, offers, departure events) and plan its trips")
	a.addDBFlags(c, &f, false)
	return c
}

func envOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// displayAddr turns a wildcard listener address into one a browser opens.
func displayAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return fmt.Sprintf("localhost:%d", tcp.Port)
}
