package store_test

import (
	"bytes"
	"fmt"
	"testing"

	"laborbridge/internal/demo"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// BenchmarkImportWorkers imports a generated office file of n workers
// into a fresh SQLite store (rows/s is the figure docs/benchmarks.md
// compares with the sqlite3 shell's .import).
func BenchmarkImportWorkers(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		var file bytes.Buffer
		if err := demo.WorkersCSV(&file, demo.Options{Workers: n, Seed: 1, Today: storetest.Start}); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := storetest.OpenSQLite(b, &storetest.Clock{T: storetest.Start})
				b.StartTimer()
				rep, err := db.Import(storetest.System(), store.ImportWorkers, bytes.NewReader(file.Bytes()), store.ImportOptions{})
				if err != nil || rep.Created != n {
					b.Fatalf("Import = %+v, %v", rep, err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
