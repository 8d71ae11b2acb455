package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"laborbridge/internal/refdata"
)

// TestExportScope: the CLI acting as a county office exports that county's
// workers and nobody else, as the pages and the API show them.
func TestExportScope(t *testing.T) {
	db := filepath.Join(t.TempDir(), "scope.db")
	env := func(k string) string {
		if k == "LABORBRIDGE_KEY" {
			return "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
		}
		return ""
	}
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"demo", "--workers", "800", "--db", db}, strings.NewReader(""), io.Discard, &errOut, env); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errOut.String())
	}
	for _, c := range []struct {
		as     string
		prefix string
	}{{"xiaodian", "140105"}, {"taiyuan", "1401"}, {"", "14"}} {
		var out bytes.Buffer
		args := []string{"export", "workers", "--format", "csv", "--out", "-", "--db", db}
		if c.as != "" {
			args = append(args, "--as", c.as)
		}
		if code := run(context.Background(), args, strings.NewReader(""), &out, &errOut, env); code != 0 {
			t.Fatalf("export as %q: exit %d\n%s", c.as, code, errOut.String())
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("export as %q: %d rows, %v", c.as, len(rows), err)
		}
		for _, r := range rows[1:] {
			d, err := refdata.LookupCounty(r[3])
			if err != nil || !strings.HasPrefix(d.Code, c.prefix) {
				t.Fatalf("export as %q holds a worker of %s (%v)", c.as, r[3], err)
			}
		}
		t.Logf("as %q: %d workers", c.as, len(rows)-1)
	}
}
