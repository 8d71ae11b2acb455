package printout

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The sheets of a manifest workbook.
const (
	sheetPassengers = "乘车名单"
	sheetTrip       = "车次与站点"
)

// ManifestXLSX writes the manifest as an XLSX workbook: a sheet of
// passengers whose title, trip line and header rows stay frozen on screen
// and repeat on every printed page (A4, fitted to the page's width), with
// ID and phone columns formatted as text so that no spreadsheet turns an
// ID number into a float; and a sheet with the trip, its stops and the
// passengers per stop. The error wraps ErrUnmasked for a masked copy with a
// full ID or mobile number; otherwise it is a write error.
func ManifestXLSX(w io.Writer, m Manifest) (err error) {
	if err := m.check(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close workbook: %w", cerr)
		}
	}()
	x := &book{f: f}
	x.styles()
	x.passengers(m)
	x.trip(m)
	if x.err != nil {
		return fmt.Errorf("build workbook: %w", x.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

// book builds a workbook and keeps the first error, so that the many
// setter calls read as a layout rather than as error checks.
type book struct {
	f                                     *excelize.File
	err                                   error
	title, head, cell, text, number, note int
}

func (b *book) do(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.do(err)
	return id
}

func (b *book) styles() {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	middle := &excelize.Alignment{Vertical: "center", WrapText: true}
	b.title = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	b.note = b.style(&excelize.Style{Font: &excelize.Font{Size: 10}, Alignment: &excelize.Alignment{Vertical: "center"}})
	b.head = b.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E0E0E0"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.cell = b.style(&excelize.Style{Border: border, Alignment: middle})
	// Number format 49 is "@", text: typed into, an ID number stays text.
	b.text = b.style(&excelize.Style{Border: border, Alignment: middle, NumFmt: 49})
	b.number = b.style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
}

func ref(col, row int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name + strconv.Itoa(row)
}

// put writes one value: numbers as numbers, everything else as a string
// cell, which a spreadsheet never evaluates as a formula.
func (b *book) put(sheet string, col, row int, v any, style int) {
	c := ref(col, row)
	switch v := v.(type) {
	case int:
		b.do(b.f.SetCellInt(sheet, c, int64(v)))
	case float64:
		b.do(b.f.SetCellFloat(sheet, c, v, 0, 64))
	case string:
		b.do(b.f.SetCellStr(sheet, c, v))
	}
	if style != 0 {
		b.do(b.f.SetCellStyle(sheet, c, c, style))
	}
}

// xlsxColumns are the passenger sheet's columns: the PDF's, without the
// boxes to tick and sign, which belong on paper, and with widths in
// characters.
var xlsxColumns = []struct {
	head  string
	width float64
	text  bool // an identifier kept as text
}{
	{"座号", 6, false}, {"姓名", 10, false}, {"性别", 6, false}, {"年龄", 6, false},
	{"身份证号", 21, true}, {"手机号", 14, true}, {"户籍县", 12, false}, {"村", 12, false},
	{"下车地点", 24, false}, {"已上车", 8, false}, {"签名", 12, false},
}

func (b *book) passengers(m Manifest) {
	s := sheetPassengers
	b.do(b.f.SetSheetName("Sheet1", s))
	last := len(xlsxColumns)
	b.put(s, 1, 1, m.title(), b.title)
	b.do(b.f.MergeCell(s, ref(1, 1), ref(last, 1)))
	b.do(b.f.SetRowHeight(s, 1, 26))
	t := m.Trip
	line := fmt.Sprintf("车次 %s　车辆 %s　出发时间 %s　集合地点 %s", t.Number, vehicleText(t), when(t.Depart), t.Gathering)
	if m.Masked {
		line = MaskedNote + "　" + line
	}
	b.put(s, 1, 2, line, b.note)
	b.do(b.f.MergeCell(s, ref(1, 2), ref(last, 2)))
	for i, c := range xlsxColumns {
		b.put(s, i+1, 3, c.head, b.head)
		name, _ := excelize.ColumnNumberToName(i + 1)
		b.do(b.f.SetColWidth(s, name, name, c.width))
	}
	row := 4
	for _, p := range m.bySeat() {
		vals := []any{blankZero(p.Seat), p.Name, p.Sex, blankZero(p.Age), p.ID, p.Phone, p.County, p.Village, p.Gate, "", ""}
		for i, v := range vals {
			style := b.cell
			switch {
			case xlsxColumns[i].text:
				style = b.text
			case i == 0 || i == 2 || i == 3:
				style = b.number
			}
			b.put(s, i+1, row, v, style)
		}
		row++
	}
	b.put(s, 1, row+1, fmt.Sprintf("合计 %d 人", len(m.Passengers)), b.note)
	b.put(s, 1, row+2, "打印时间 "+when(m.PrintedAt)+"　打印人 "+cmp.Or(m.PrintedBy, "—"), b.note)

	b.do(b.f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}))
	b.printSetup(s, "portrait", "$1:$3")
}

func (b *book) trip(m Manifest) {
	s := sheetTrip
	_, err := b.f.NewSheet(s)
	b.do(err)
	t := m.Trip
	var drivers []string
	for _, d := range t.Drivers {
		drivers = append(drivers, strings.TrimSpace(d.Name+" "+d.Phone))
	}
	info := [][2]any{
		{"车次", t.Number}, {"活动", t.Event}, {"车辆", vehicleText(t)}, {"车牌", t.Plate},
		{"驾驶员", strings.Join(drivers, "；")}, {"出发时间", when(t.Depart)},
		{"集合地点", t.Gathering}, {"全程（公里）", t.Km}, {"乘客人数", len(m.Passengers)},
	}
	row := 1
	b.put(s, 1, row, m.title(), b.title)
	b.do(b.f.MergeCell(s, ref(1, row), ref(5, row)))
	row += 2
	for _, kv := range info {
		b.put(s, 1, row, kv[0], b.head)
		b.put(s, 2, row, kv[1], b.cell)
		b.do(b.f.MergeCell(s, ref(2, row), ref(5, row)))
		row++
	}
	row++
	for i, h := range []string{"站序", "下车地点", "预计到达", "里程（公里）", "人数"} {
		b.put(s, i+1, row, h, b.head)
	}
	row++
	for i, st := range m.totals() {
		seq, arrive, km := any(i+1), when(st.Arrive), any(st.Km)
		if !st.OnTrip {
			seq, arrive, km = "—", "—", "—"
		}
		for j, v := range []any{seq, st.Gate, arrive, km, st.Count} {
			b.put(s, j+1, row, v, b.cell)
		}
		row++
	}
	for i, wd := range []float64{14, 32, 18, 14, 10} {
		name, _ := excelize.ColumnNumberToName(i + 1)
		b.do(b.f.SetColWidth(s, name, name, wd))
	}
	b.printSetup(s, "portrait", "")
}

// printSetup prints a sheet on A4, fitted to one page wide and as many
// pages long as it takes, repeating titles (rows like "$1:$3") on each.
func (b *book) printSetup(sheet, orientation, titles string) {
	a4, wide, tall := 9, 1, 0
	b.do(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &tall}))
	fit := true
	b.do(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	b.do(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&R第 &P/&N 页"}))
	if titles != "" {
		b.do(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + titles, Scope: sheet}))
	}
}

func vehicleText(t Trip) string {
	v := strings.TrimSpace(t.Vehicle)
	if t.Seats > 0 {
		v = strings.TrimSpace(v + " " + strconv.Itoa(t.Seats) + " 座")
	}
	return cmp.Or(v, "—")
}

// blankZero leaves an unknown seat or age empty rather than 0.
func blankZero(n int) any {
	if n == 0 {
		return ""
	}
	return n
}
