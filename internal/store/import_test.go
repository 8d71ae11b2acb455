package store_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"laborbridge"
	"laborbridge/internal/sheet"
	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// officeWorkbook builds an XLSX as a county office keeps it: a merged title
// row, Chinese headers with marks and units, three good rows and the bad
// rows of the issue (wrong check character, impossible birth date, unknown
// county, bad phone) and an ID number typed as a number.
func officeWorkbook(t *testing.T, good []laborbridge.WorkerInput) []byte {
	t.Helper()
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	f.SetCellValue(sh, "A1", "小店区2026年春风行动转移就业人员登记表")
	f.MergeCell(sh, "A1", "H1")
	header := []any{"序号", "姓名*", "身份证号码", "手机号", "户籍地", "职业工种", "脱贫户", "意向地区", "最低月薪（元）"}
	f.SetSheetRow(sh, "A2", &header)
	row := 3
	add := func(cells ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, cell, &cells)
		row++
	}
	for i, g := range good {
		add(i+1, g.Name, g.IDNumber, g.Phone, g.Home, g.Occupation, g.Priority, g.WishRegions, g.MinWage)
	}
	base := good[0].IDNumber
	wrongCheck := base[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", base[17])+1)%11])
	add(4, "校验错", wrongCheck, "13912340001", "小店区", "厨师", "否", "北京", "4000")
	add(5, "日期错", "14010519900230"+"0011", "13912340002", "小店区", "厨师", "否", "", "")
	add(6, "县错", id(t, "140105", 1988, 1, 1, 7), "13912340003", "不存在县", "厨师", "否", "", "")
	add(7, "电话错", id(t, "140105", 1988, 1, 1, 9), "1234567", "小店区", "厨师", "否", "", "")
	add(8, "数字身份证", 1.40105198801010e17, "13912340005", "小店区", "厨师", "否", "", "")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func goodWorkers(t *testing.T) []laborbridge.WorkerInput {
	return []laborbridge.WorkerInput{
		{Name: "王小明", IDNumber: id(t, "140105", 1990, 3, 14, 1), Phone: "13912345678", Home: "小店区", Occupation: "厨师", Priority: "是", WishRegions: "北京、江苏", MinWage: "4500"},
		{Name: "李红", IDNumber: id(t, "140105", 1995, 7, 1, 2), Phone: "13812345678", Home: "140105", Occupation: "5120", Priority: "否", WishRegions: "广东", MinWage: "5000"},
		{Name: "赵强", IDNumber: id(t, "140105", 1985, 12, 31, 3), Phone: "15012345678", Home: "太原市小店区", Occupation: "9333", Priority: "否", WishRegions: "", MinWage: ""},
	}
}

func TestImportOfficeWorkbook(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		county := storetest.MustUser(t, db, laborbridge.User{Username: "xiaodian", Role: laborbridge.RoleCounty, Division: "140105"})
		ctx := storetest.As(county)
		good := goodWorkers(t)
		file := officeWorkbook(t, good)

		rep, err := db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{FileName: "登记表.xlsx"})
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		if rep.Status != store.ImportRejected || rep.Rows != 8 || rep.Invalid != 5 || rep.Created != 0 {
			t.Fatalf("Import = %+v, want rejected with 8 rows, 5 invalid", rep)
		}
		wantLines := map[int]string{6: "身份证号码", 7: "身份证号码", 8: "户籍地", 9: "手机号", 10: "身份证号码"}
		for _, e := range rep.Errors {
			if col, ok := wantLines[e.Line]; !ok || col != e.Column {
				t.Errorf("row error %+v, want one of %v", e, wantLines)
			}
			delete(wantLines, e.Line)
		}
		if len(wantLines) > 0 {
			t.Errorf("rows not reported: %v (errors %+v)", wantLines, rep.Errors)
		}
		if _, total, _ := db.ListWorkers(ctx, store.WorkerFilter{}); total != 0 {
			t.Fatalf("a rejected import stored %d workers", total)
		}

		clock.T = clock.T.Add(time.Minute)
		rep, err = db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{FileName: "登记表.xlsx", SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Status != store.ImportPartial || rep.Created != 3 || rep.Invalid != 5 {
			t.Fatalf("Import --skip-invalid = %+v, want 3 created, 5 invalid", rep)
		}
		ws, total, _ := db.ListWorkers(ctx, store.WorkerFilter{})
		if total != 3 {
			t.Fatalf("stored %d workers, want 3", total)
		}
		for _, w := range ws {
			if w.Home != "140105" {
				t.Errorf("worker %s home = %s", w.Name, w.Home)
			}
		}

		clock.T = clock.T.Add(time.Minute)
		rep, err = db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{FileName: "登记表.xlsx", SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 0 || rep.Updated != 0 || rep.Unchanged != 3 {
			t.Errorf("re-import = %+v, want 3 unchanged", rep)
		}
		if _, total, _ := db.ListWorkers(ctx, store.WorkerFilter{}); total != 3 {
			t.Errorf("re-import left %d workers, want 3", total)
		}

		// A changed row updates the worker and is audited.
		good[1].MinWage = "6000"
		changed := officeWorkbook(t, good)
		clock.T = clock.T.Add(time.Minute)
		rep, err = db.Import(ctx, store.ImportWorkers, bytes.NewReader(changed), store.ImportOptions{FileName: "登记表2.xlsx", SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 1 || rep.Unchanged != 2 {
			t.Errorf("changed re-import = %+v, want 1 updated", rep)
		}
		updates, _, _ := db.ListAudit(storetest.System(), store.AuditFilter{Action: "worker.update"})
		if len(updates) != 1 || !strings.Contains(updates[0].Before, `"min_wage":5000`) || !strings.Contains(updates[0].After, `"min_wage":6000`) {
			t.Errorf("update audit = %+v", updates)
		}
		list, _, err := db.ListImports(ctx, store.Page{})
		if err != nil || len(list) != 4 {
			t.Errorf("ListImports = %d, %v; want 4", len(list), err)
		}
		got, err := db.GetImport(ctx, list[len(list)-1].ID)
		if err != nil || got.Status != store.ImportRejected || len(got.Errors) != 5 {
			t.Errorf("GetImport(first) = %+v, %v", got, err)
		}
	})
}

func TestImportCSVRoundTrip(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := storetest.System()
		for _, in := range goodWorkers(t) {
			if _, err := db.CreateWorker(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		for _, format := range []sheet.Format{sheet.CSV, sheet.XLSX} {
			var buf bytes.Buffer
			n, err := db.ExportWorkers(ctx, &buf, store.WorkerFilter{}, store.ExportOptions{Format: format})
			if err != nil || n != 3 {
				t.Fatalf("ExportWorkers(%v) = %d, %v", format, n, err)
			}
			rep, err := db.Import(ctx, store.ImportWorkers, &buf, store.ImportOptions{FileName: "export." + format.String()})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Status != store.ImportStored || rep.Unchanged != 3 || rep.Created+rep.Updated != 0 {
				t.Errorf("re-import of the %v export = %+v, want 3 unchanged (errors %v)", format, rep, rep.Errors)
			}
		}
	})
}

func TestImportScope(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		yangquan := storetest.MustUser(t, db, laborbridge.User{Username: "chengqu", Role: laborbridge.RoleCounty, Division: "140302"})
		csv := "姓名,身份证号,手机号,户籍地,职业\n" +
			"甲," + id(t, "140105", 1990, 1, 1, 1) + ",13900000001,小店区,厨师\n" +
			"乙," + id(t, "140302", 1990, 1, 1, 3) + ",13900000002,阳泉市城区,厨师\n" +
			"丙," + id(t, "140302", 1990, 1, 1, 5) + ",13900000003,城区,厨师\n"
		rep, err := db.Import(storetest.As(yangquan), store.ImportWorkers, strings.NewReader(csv), store.ImportOptions{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 1 || rep.Invalid != 2 {
			t.Fatalf("Import = %+v", rep)
		}
		reasons := rep.Errors[0].Reason + " | " + rep.Errors[1].Reason
		if !strings.Contains(reasons, "outside your area") || !strings.Contains(reasons, "ambiguous") {
			t.Errorf("reasons = %s", reasons)
		}
	})
}

// TestImportSavedBySpreadsheetProgram imports the register in testdata,
// saved by LibreOffice: every bad row is reported by the row number the
// program shows and the column as headed, nothing is stored; with
// skip-invalid the three good rows are; a second import adds nothing.
func TestImportSavedBySpreadsheetProgram(t *testing.T) {
	file, err := os.ReadFile("testdata/office-saved-by-libreoffice.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		county := storetest.MustUser(t, db, laborbridge.User{Username: "xiaodian", Role: laborbridge.RoleCounty, Division: "140105"})
		ctx := storetest.As(county)
		rep, err := db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{FileName: "登记表.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{8: "身份证号码", 9: "身份证号码", 10: "户籍地", 11: "手机号", 12: "身份证号码"}
		got := map[int]string{}
		for _, e := range rep.Errors {
			got[e.Line] = e.Column
		}
		if rep.Status != store.ImportRejected || rep.Rows != 8 || rep.Invalid != 5 || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("Import = %s, %d rows, %d invalid, errors %+v; want rejected, 8 rows, errors at %v", rep.Status, rep.Rows, rep.Invalid, rep.Errors, want)
		}
		if _, total, _ := db.ListWorkers(ctx, store.WorkerFilter{}); total != 0 {
			t.Fatalf("a rejected import stored %d workers", total)
		}
		rep, err = db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{SkipInvalid: true})
		if err != nil || rep.Created != 3 || rep.Status != store.ImportPartial {
			t.Fatalf("skip-invalid = %+v, %v", rep, err)
		}
		rep, err = db.Import(ctx, store.ImportWorkers, bytes.NewReader(file), store.ImportOptions{SkipInvalid: true})
		if err != nil || rep.Created != 0 || rep.Unchanged != 3 {
			t.Fatalf("again = %+v, %v", rep, err)
		}
		ws, _, _ := db.ListWorkers(ctx, store.WorkerFilter{})
		villages := map[string]bool{}
		for _, w := range ws {
			villages[w.Village] = true
		}
		if !villages["张村"] || !villages["李家庄村"] {
			t.Errorf("villages = %v", villages)
		}
	})
}
