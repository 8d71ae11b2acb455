package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"laborbridge/internal/sheet"
	"laborbridge/internal/store"
)

func (a *app) exportCmd() *cobra.Command {
	var f dbFlags
	var format, out, division string
	c := &cobra.Command{
		Use:   "export workers|vacancies|template",
		Short: "Export workers or vacancies to CSV or XLSX, or write an import template",
		Example: `  laborbridge export workers --format xlsx --out workers.xlsx
  laborbridge export vacancies --format csv --out -
  laborbridge export template workers --out 登记表.xlsx`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := exportFormat(format, out)
			if err != nil {
				return err
			}
			if args[0] == "template" {
				if len(args) != 2 {
					return usageError{"export template workers|vacancies"}
				}
				return a.writeTo(out, func(w io.Writer) error { return store.WriteTemplate(w, args[1], fm) })
			}
			if len(args) != 1 {
				return usageError{"export takes one of workers, vacancies, template"}
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			opt := store.ExportOptions{Format: fm, Plain: out == "-"}
			var n int
			switch args[0] {
			case "workers":
				bar := a.newProgress(-1, "exporting workers", false)
				opt.Progress = func(rows int) { bar.set(int64(rows)) }
				err = a.writeTo(out, func(w io.Writer) error {
					n, err = db.ExportWorkers(ctx, w, store.WorkerFilter{Division: division}, opt)
					return err
				})
				bar.done()
			case "vacancies":
				err = a.writeTo(out, func(w io.Writer) error {
					n, err = db.ExportVacancies(ctx, w, store.VacancyFilter{Province: division}, opt)
					return err
				})
			default:
				return usageError{fmt.Sprintf("export %q: choose workers, vacancies or template", args[0])}
			}
			if err != nil {
				return err
			}
			if out != "-" {
				fmt.Fprintf(a.stderr, "%d rows written to %s\n", n, out)
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "", "csv or xlsx (default: from --out's extension, csv for -)")
	c.Flags().StringVar(&out, "out", "", "file to write, or - for standard output (CSV)")
	c.Flags().StringVar(&division, "division", "", "only this division (workers: home; vacancies: place)")
	c.MarkFlagRequired("out")
	a.addDBFlags(c, &f, true)
	return c
}

func exportFormat(format, out string) (sheet.Format, error) {
	switch format {
	case "csv":
		return sheet.CSV, nil
	case "xlsx":
		if out == "-" {
			return 0, usageError{"XLSX cannot go to standard output; give --out FILE.xlsx"}
		}
		return sheet.XLSX, nil
	case "":
		if out == "-" {
			return sheet.CSV, nil
		}
		f, err := sheet.FormatOf(out)
		if err != nil {
			return 0, usageError{err.Error()}
		}
		return f, nil
	}
	return 0, usageError{fmt.Sprintf("--format %q: choose csv or xlsx", format)}
}

// writeTo runs write against the file at path (or standard output for "-"),
// removing a half-written file on failure.
func (a *app) writeTo(path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(a.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return usageError{err.Error()}
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
