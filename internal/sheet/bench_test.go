package sheet

import (
	"archive/zip"
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// benchSchema has the dozen columns of a typical register.
var benchSchema = Schema{
	{Key: "name", Names: []string{"姓名"}, Required: true},
	{Key: "id", Names: []string{"身份证号"}, Required: true},
	{Key: "phone", Names: []string{"手机号"}},
	{Key: "sex", Names: []string{"性别"}},
	{Key: "birth", Names: []string{"出生日期"}, Kind: Date},
	{Key: "county", Names: []string{"户籍地代码"}},
	{Key: "address", Names: []string{"详细地址"}},
	{Key: "skill", Names: []string{"技能"}},
	{Key: "wage", Names: []string{"期望月薪"}, Kind: Number},
	{Key: "poor", Names: []string{"是否脱贫户"}},
	{Key: "since", Names: []string{"登记日期"}, Kind: Date},
	{Key: "note", Names: []string{"备注"}},
}

// benchRows is the number of rows of the benchmark files; set
// SHEET_BENCH_ROWS=1000000 to check a million.
func benchRows() int {
	if n, err := strconv.Atoi(os.Getenv("SHEET_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

var surnames = []string{"张", "王", "李", "赵", "刘", "陈", "杨", "黄"}

func benchRow(i int) []string {
	return []string{
		surnames[i%len(surnames)] + "某" + strconv.Itoa(i),
		fmt.Sprintf("1401%02d1990%04d%03d%d", i%20, 101+i%1200, i%1000, i%10),
		fmt.Sprintf("139%08d", i),
		[]string{"男", "女"}[i%2],
		fmt.Sprintf("19%02d-%02d-%02d", 60+i%40, 1+i%12, 1+i%28),
		fmt.Sprintf("1401%02d", i%20),
		fmt.Sprintf("山西省太原市某县某乡第%d村%d号", i%300, i%97),
		[]string{"焊工", "电工", "育婴员", "快递员", "厨师"}[i%5],
		strconv.Itoa(4000 + i%30*100),
		[]string{"是", "否"}[i%3/2],
		"2026-01-06",
		"",
	}
}

// writeBenchFile writes n rows with the package's Writer, calling probe (if
// any) every 50,000 rows.
func writeBenchFile(tb testing.TB, path string, f Format, n int, probe ...func()) {
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	w, err := NewWriter(bw, f, benchSchema, WriteOptions{Title: []string{"XX县2026年春风行动转移就业人员登记表"}, TempDir: filepath.Dir(path)})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range n {
		if err := w.Write(benchRow(i)); err != nil {
			tb.Fatal(err)
		}
		if i%50_000 == 0 {
			for _, p := range probe {
				p()
			}
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// writeSharedStringsXLSX writes n rows the way Excel saves them: every text
// cell in the shared strings table, which the reader must hold or spill.
func writeSharedStringsXLSX(tb testing.TB, path string, n int) {
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	z := zip.NewWriter(out)
	put := func(name, body string) {
		w, err := z.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(body))
	}
	put("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
	put("xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`)
	index := map[string]int{}
	var strs []string
	intern := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(strs)
			index[s] = i
			strs = append(strs, s)
		}
		return i
	}
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	row := func(r int, cells []string) {
		fmt.Fprintf(bw, `<row r="%d">`, r)
		for j, c := range cells {
			ref := colName(j) + strconv.Itoa(r)
			switch {
			case c == "":
			case r > 1 && (j == 4 || j == 10):
				serial, _ := dateSerial(c)
				fmt.Fprintf(bw, `<c r="%s" s="1"><v>%g</v></c>`, ref, serial)
			case r > 1 && j == 8:
				fmt.Fprintf(bw, `<c r="%s"><v>%s</v></c>`, ref, c)
			default:
				fmt.Fprintf(bw, `<c r="%s" t="s"><v>%d</v></c>`, ref, intern(c))
			}
		}
		bw.WriteString(`</row>`)
	}
	row(1, headerNames(benchSchema, WriteOptions{}))
	for i := range n {
		row(i+2, benchRow(i))
	}
	bw.WriteString(`</sheetData></worksheet>`)
	bw.Flush()
	w, err = z.Create("xl/sharedStrings.xml")
	if err != nil {
		tb.Fatal(err)
	}
	bw = bufio.NewWriter(w)
	fmt.Fprintf(bw, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="%d">`, len(strs))
	for _, s := range strs {
		bw.WriteString("<si><t>")
		bw.WriteString(s)
		bw.WriteString("</t></si>")
	}
	bw.WriteString(`</sst>`)
	bw.Flush()
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
}

// readBench reads a file b.N times and reports rows per second and the
// largest live heap, measured after a collection every 50,000 rows: it must
// not grow with the number of rows.
func readBench(b *testing.B, path string, rows int) {
	b.ReportAllocs()
	var peak uint64
	var ms runtime.MemStats
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		r, err := Open(path, benchSchema, Options{TempDir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for r.Next() {
			row := r.Row()
			if row.Get("name") == "" {
				b.Fatalf("row %d has no name", row.Line)
			}
			n++
			if n%50_000 == 0 {
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
				b.StartTimer()
			}
		}
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
		r.Close()
		if n != rows {
			b.Fatalf("read %d rows, want %d", n, rows)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "live-MB")
	b.ReportMetric(0, "ns/op")
}

func BenchmarkReadCSV(b *testing.B) {
	n := benchRows()
	path := filepath.Join(b.TempDir(), "bench.csv")
	writeBenchFile(b, path, CSV, n)
	readBench(b, path, n)
}

func BenchmarkReadXLSX(b *testing.B) {
	n := benchRows()
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	writeBenchFile(b, path, XLSX, n)
	readBench(b, path, n)
}

func BenchmarkReadXLSXSharedStrings(b *testing.B) {
	n := benchRows()
	path := filepath.Join(b.TempDir(), "bench.xlsx")
	writeSharedStringsXLSX(b, path, n)
	readBench(b, path, n)
}

func BenchmarkWrite(b *testing.B) {
	n := benchRows()
	for _, f := range []Format{CSV, XLSX} {
		b.Run(f.String(), func(b *testing.B) {
			b.ReportAllocs()
			dir := b.TempDir()
			var peak uint64
			var ms runtime.MemStats
			probe := func() {
				b.StopTimer()
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
				b.StartTimer()
			}
			for range b.N {
				writeBenchFile(b, filepath.Join(dir, "out."+f.String()), f, n, probe)
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "live-MB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// TestBenchFiles checks that the benchmark files read back as written.
func TestBenchFiles(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	paths := map[string]func(string){
		"ours.csv":   func(p string) { writeBenchFile(t, p, CSV, n) },
		"ours.xlsx":  func(p string) { writeBenchFile(t, p, XLSX, n) },
		"excel.xlsx": func(p string) { writeSharedStringsXLSX(t, p, n) },
	}
	for name, write := range paths {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			write(p)
			r, err := Open(p, benchSchema, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			i := 0
			for r.Next() {
				got := values(r.Row(), benchSchema)
				if want := benchRow(i); strings.Join(got, "|") != strings.Join(want, "|") {
					t.Fatalf("row %d = %q, want %q", i, got, want)
				}
				i++
			}
			if r.Err() != nil || i != n {
				t.Fatalf("read %d rows, err %v; want %d", i, r.Err(), n)
			}
		})
	}
}
