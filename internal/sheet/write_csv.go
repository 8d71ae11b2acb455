package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
)

type csvWriter struct {
	w     *csv.Writer
	kinds []Kind
	plain bool
	rec   []string
}

func newCSVWriter(w io.Writer, bom bool, s Schema, opt WriteOptions) (*csvWriter, error) {
	if bom {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, fmt.Errorf("write CSV: %w", err)
		}
	}
	c := &csvWriter{w: csv.NewWriter(w), plain: opt.PlainCSV, rec: make([]string, len(s))}
	// Excel on Windows expects CRLF.
	c.w.UseCRLF = true
	for _, col := range s {
		c.kinds = append(c.kinds, col.Kind)
	}
	for _, t := range opt.Title {
		if err := c.w.Write([]string{escape(t)}); err != nil {
			return nil, fmt.Errorf("write CSV: %w", err)
		}
	}
	header := headerNames(s, opt)
	for i := range header {
		header[i] = escape(header[i])
	}
	if err := c.w.Write(header); err != nil {
		return nil, fmt.Errorf("write CSV: %w", err)
	}
	return c, nil
}

func (c *csvWriter) write(cells []string) error {
	for i := range c.rec {
		v := ""
		if i < len(cells) {
			v = escape(cells[i])
		}
		if !c.plain && c.kinds[i] == Text && excelWouldMangle(v) {
			v = `="` + v + `"`
		}
		c.rec[i] = v
	}
	if err := c.w.Write(c.rec); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// excelWouldMangle reports digit strings that Excel, opening a CSV file,
// turns into numbers that no longer read the same: a leading zero is
// dropped, twelve digits or more show as 1.23457E+11, and past fifteen the
// last digits become zeros.
func excelWouldMangle(s string) bool {
	return allDigits(s) && ((len(s) > 1 && s[0] == '0') || len(s) >= 12)
}

func (c *csvWriter) close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}
