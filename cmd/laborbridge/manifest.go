package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"laborbridge/internal/printout"
)

func (a *app) manifestCmd() *cobra.Command {
	var f dbFlags
	var trip, format, out, font string
	var masked, drivers bool
	var base string
	c := &cobra.Command{
		Use:   "manifest --trip ID --format pdf|xlsx --out FILE",
		Short: "Print a trip's passenger list as PDF or XLSX",
		Long: `Manifest writes the passenger list of a planned trip: A4 PDF with the trip,
its stops and the passengers by seat, or an XLSX workbook. Offices get full ID
and mobile numbers (each printing is audited as a reveal) unless --masked is
given, as for the drivers' copy; a partner (--as) always gets a masked copy of
its own workers. --drivers-copy prints the drivers' copy: masked, with the
trip's driver's link (see driver-link; --base-url) as a QR code on a last
page.

The PDF needs a TrueType font with Chinese glyphs: --font, else the
LABORBRIDGE_FONT environment variable, else Debian's Droid Sans Fallback
(` + printout.DefaultFontPath + `, package fonts-droid-fallback).`,
		Example: `  laborbridge manifest --trip 6f1c… --format pdf --out trip.pdf
  laborbridge manifest --trip 6f1c… --format xlsx --masked --out drivers-copy.xlsx`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if trip == "" {
				return usageError{"manifest needs --trip ID"}
			}
			if out == "" {
				return usageError{"manifest needs --out FILE (- for standard output)"}
			}
			format = strings.ToLower(strings.TrimPrefix(format, "."))
			if format != "pdf" && format != "xlsx" {
				return usageError{fmt.Sprintf("--format %q: give pdf or xlsx", format)}
			}
			var pf *printout.Font
			if format == "pdf" {
				path := font
				if path == "" {
					path = a.getenv("LABORBRIDGE_FONT")
				}
				if path == "" {
					path = printout.DefaultFontPath
				}
				var err error
				if pf, err = printout.LoadFont(path); err != nil {
					return usageError{"--font: " + err.Error()}
				}
			}
			if drivers {
				if format != "pdf" {
					return usageError{"--drivers-copy is a PDF: give --format pdf"}
				}
				var err error
				if base, err = a.baseURL(base); err != nil {
					return err
				}
				masked = true
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			m, err := db.ManifestData(ctx, trip, masked)
			if err != nil {
				return err
			}
			if drivers {
				link, err := db.DriverLink(ctx, trip)
				if err != nil {
					return err
				}
				m.DriverURL = link.URL(base)
			}
			err = a.writeTo(out, func(w io.Writer) error {
				if format == "pdf" {
					return printout.ManifestPDF(w, pf, m)
				}
				return printout.ManifestXLSX(w, m)
			})
			if err != nil {
				return err
			}
			if out != "-" {
				kind := "full"
				switch {
				case m.DriverURL != "":
					kind = "drivers'"
				case m.Masked:
					kind = "masked"
				}
				fmt.Fprintf(a.stdout, "trip %s: %d passengers, %s copy, written to %s\n", m.Trip.Number, len(m.Passengers), kind, out)
			}
			return nil
		},
	}
	c.Flags().StringVar(&trip, "trip", "", "the trip's ID")
	c.Flags().StringVar(&format, "format", "pdf", "pdf or xlsx")
	c.Flags().StringVar(&out, "out", "", "file to write (- for standard output)")
	c.Flags().BoolVar(&masked, "masked", false, "mask ID and mobile numbers (drivers' and partners' copies)")
	c.Flags().BoolVar(&drivers, "drivers-copy", false, "the drivers' copy: masked, with the driver's link as a QR code (PDF)")
	c.Flags().StringVar(&base, "base-url", "", "with --drivers-copy: the server's address as drivers reach it (env LABORBRIDGE_BASE_URL)")
	c.Flags().StringVar(&font, "font", "", "TrueType font with Chinese glyphs for the PDF (env LABORBRIDGE_FONT)")
	a.addDBFlags(c, &f, true)
	return c
}
