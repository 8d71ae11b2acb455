package main

import (
	"fmt"
	"net/url"
	"time"

	"github.com/spf13/cobra"
)

func (a *app) driverLinkCmd() *cobra.Command {
	var f dbFlags
	var trip, base string
	c := &cobra.Command{
		Use:   "driver-link --trip ID [--base-url URL]",
		Short: "Issue a trip's driver's link",
		Long: `Driver-link prints the address a trip's driver opens on a phone: the trip's
timetable and stops, its passengers with ID numbers hidden, the masked
manifest, and two buttons to report departure and arrival. The driver needs
no account; the link, signed with the pass key, works for that one trip until
two days after its last arrival. Issuing it is audited. Offices only, within
their area (--as).

--base-url is the address drivers reach the server at (env
LABORBRIDGE_BASE_URL); the trip page of the web interface shows the same link
as a QR code.`,
		Example: `  laborbridge driver-link --trip 6f1c… --base-url https://jobs.example.gov.cn`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if trip == "" {
				return usageError{"driver-link needs --trip ID"}
			}
			base, err := a.baseURL(base)
			if err != nil {
				return err
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			link, err := db.DriverLink(ctx, trip)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s\nvalid through %s\n", link.URL(base), link.Expires.Format(time.DateOnly))
			return nil
		},
	}
	c.Flags().StringVar(&trip, "trip", "", "the trip's ID")
	c.Flags().StringVar(&base, "base-url", "", "the server's address as drivers reach it (env LABORBRIDGE_BASE_URL; default http://127.0.0.1:8080)")
	a.addDBFlags(c, &f, true)
	return c
}

// baseURL checks the address drivers reach the server at: the flag, else
// LABORBRIDGE_BASE_URL, else the server's default address.
func (a *app) baseURL(flag string) (string, error) {
	base := flag
	if base == "" {
		base = envOr(a.getenv("LABORBRIDGE_BASE_URL"), "http://127.0.0.1:8080")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", usageError{fmt.Sprintf("--base-url %q: give an http:// or https:// address", base)}
	}
	return base, nil
}
