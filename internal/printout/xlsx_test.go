package printout

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func readBook(t *testing.T, m Manifest) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := ManifestXLSX(&b, m); err != nil {
		t.Fatalf("ManifestXLSX: %v", err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("ManifestXLSX wrote no workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestManifestXLSX(t *testing.T) {
	m := sampleManifest(53, 53)
	f := readBook(t, m)
	if got := f.GetSheetList(); strings.Join(got, ",") != sheetPassengers+","+sheetTrip {
		t.Fatalf("sheets = %v, want %s and %s", got, sheetPassengers, sheetTrip)
	}
	rows, err := f.GetRows(sheetPassengers)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != DefaultTitle || !strings.Contains(rows[1][0], "TY20250106-03") || rows[2][4] != "身份证号" {
		t.Errorf("head rows = %q, want title, trip line and header", rows[:3])
	}
	for i, p := range m.Passengers {
		row := rows[3+i]
		want := []string{strconv.Itoa(p.Seat), p.Name, p.Sex, strconv.Itoa(p.Age), p.ID, p.Phone, p.County, p.Village, p.Gate}
		if strings.Join(row[:len(want)], "|") != strings.Join(want, "|") {
			t.Errorf("row of seat %d = %q, want %q", p.Seat, row, want)
		}
	}
	if got := rows[3+53+1][0]; got != "合计 53 人" {
		t.Errorf("total row = %q, want 合计 53 人", got)
	}

	// ID numbers are string cells in a text-formatted column.
	cell := "E4"
	if typ, err := f.GetCellType(sheetPassengers, cell); err != nil || typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("type of %s = %v, %v, want a string", cell, typ, err)
	}
	style, err := f.GetCellStyle(sheetPassengers, cell)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := f.GetStyle(style); err != nil || st.NumFmt != 49 {
		t.Errorf("number format of %s = %+v, %v, want 49 (text)", cell, st, err)
	}

	panes, err := f.GetPanes(sheetPassengers)
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes = %+v, %v, want the first 3 rows frozen", panes, err)
	}
	layout, err := f.GetPageLayout(sheetPassengers)
	if err != nil || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("page layout = %+v, %v, want A4 (9) fitted to 1 page wide", layout, err)
	}
	titles := false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && d.Scope == sheetPassengers && strings.HasSuffix(d.RefersTo, "!$1:$3") {
			titles = true
		}
	}
	if !titles {
		t.Errorf("defined names = %+v, want print titles $1:$3 on %s", f.GetDefinedName(), sheetPassengers)
	}

	trip, err := f.GetRows(sheetTrip)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, r := range trip {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{"车次|TY20250106-03", "车牌|晋A·D1234", "1|北京顺义空港物流园东门|2025-01-06 15:40|512|18", "3|" + gates[2].Gate + "|2025-01-06 19:10|688|17"} {
		if !strings.Contains(text, want) {
			t.Errorf("trip sheet lacks %q:\n%s", want, text)
		}
	}
}

func TestManifestXLSXMasked(t *testing.T) {
	m := masked(sampleManifest(10, 53))
	f := readBook(t, m)
	rows, err := f.GetRows(sheetPassengers)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rows[1][0], MaskedNote) {
		t.Errorf("trip line = %q, want it to start with %q", rows[1][0], MaskedNote)
	}
	for _, r := range rows {
		for _, c := range r {
			if got := fullNumber.FindString(c); got != "" {
				t.Errorf("masked workbook shows %q", got)
			}
		}
	}
}
