package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"laborbridge/internal/store"
)

func (a *app) importCmd() *cobra.Command {
	var f dbFlags
	var skip bool
	var reportPath string
	c := &cobra.Command{
		Use:   "import workers|vacancies FILE",
		Short: "Import workers or vacancies from a CSV or XLSX file, all or nothing",
		Long: `Import reads a spreadsheet as offices keep them (title rows above the header,
Chinese or English headers) and stores every row in one transaction. With any
invalid row nothing is stored and the exit status is 1, unless --skip-invalid is
given. Each problem is reported with its row number, column and reason, on the
terminal and in FILE.errors.csv beside the file. Re-importing a file adds no
duplicates: a resident ID number (or a vacancy's reference) already stored
updates that record when something changed.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, path := args[0], args[1]
			if kind != store.ImportWorkers && kind != store.ImportVacancies {
				return usageError{fmt.Sprintf("import %q: choose workers or vacancies", kind)}
			}
			file, err := os.Open(path)
			if err != nil {
				return usageError{err.Error()}
			}
			defer file.Close()
			st, err := file.Stat()
			if err != nil {
				return err
			}
			db, ctx, err := a.open(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer db.Close()
			bar := a.newProgress(st.Size(), "importing "+filepath.Base(path), true)
			rep, err := db.Import(ctx, kind, file, store.ImportOptions{FileName: filepath.Base(path), SkipInvalid: skip,
				Progress: bar.set})
			bar.done()
			if err != nil {
				return err
			}
			a.printReport(rep)
			if len(rep.Errors) > 0 {
				if reportPath == "" {
					reportPath = path + ".errors.csv"
				}
				if err := writeErrorReport(reportPath, rep.Errors); err != nil {
					return err
				}
				fmt.Fprintf(a.stdout, "row errors written to %s\n", reportPath)
			}
			if rep.Status == store.ImportRejected {
				return exitError{code: 1, msg: fmt.Sprintf("%d invalid rows: nothing was stored (use --skip-invalid to store the valid rows)", rep.Invalid)}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&skip, "skip-invalid", false, "store the valid rows even when some rows are invalid")
	c.Flags().StringVar(&reportPath, "report", "", "where to write the row errors (default FILE.errors.csv)")
	a.addDBFlags(c, &f, true)
	return c
}

// printReport shows the outcome and the first row errors.
func (a *app) printReport(rep *store.ImportReport) {
	fmt.Fprintf(a.stdout, "%s: %d rows, %d created, %d updated, %d unchanged, %d invalid — %s\n",
		rep.FileName, rep.Rows, rep.Created, rep.Updated, rep.Unchanged, rep.Invalid, rep.Status)
	if len(rep.Unknown) > 0 {
		fmt.Fprintf(a.stdout, "ignored columns: %s\n", strings.Join(rep.Unknown, ", "))
	}
	const shown = 30
	for i, e := range rep.Errors {
		if i == shown {
			fmt.Fprintf(a.stdout, "  … and %d more\n", len(rep.Errors)-shown)
			break
		}
		col := e.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(a.stdout, "  row %d, %s: %s\n", e.Line, col, e.Reason)
	}
}

// writeErrorReport writes the row errors as CSV with a BOM, so that Excel
// shows the Chinese reasons correctly.
func writeErrorReport(path string, errs []store.RowError) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	f.WriteString("\ufeff")
	w := csv.NewWriter(f)
	w.Write([]string{"行号 row", "列 column", "原因 reason"})
	for _, e := range errs {
		w.Write([]string{strconv.Itoa(e.Line), e.Column, e.Reason})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
