package sheet

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"
)

// widthSample is how many data rows an XLSX Writer holds to size columns.
const widthSample = 100

type xlsxWriter struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	schema Schema
	opt    WriteOptions
	sheet  string
	header []string
	held   [][]string
	next   int // row number of the next data row

	titleStyle, subtitleStyle, headerStyle, textStyle, dateStyle int
}

func newXLSXWriter(out io.Writer, s Schema, opt WriteOptions) (*xlsxWriter, error) {
	f := excelize.NewFile(excelize.Options{TmpDir: opt.TempDir})
	x := &xlsxWriter{out: out, f: f, schema: s, opt: opt, sheet: "Sheet1", header: headerNames(s, opt)}
	if strings.EqualFold(opt.Sheet, listSheet) {
		f.Close()
		return nil, fileError(ErrSchema, fmt.Sprintf("the data sheet cannot be called %q", opt.Sheet))
	}
	if opt.Sheet != "" && opt.Sheet != x.sheet {
		if err := f.SetSheetName(x.sheet, opt.Sheet); err != nil {
			f.Close()
			return nil, fileError(ErrSchema, fmt.Sprintf("sheet name %q: %v", opt.Sheet, err))
		}
		x.sheet = opt.Sheet
	}
	if err := x.makeStyles(); err != nil {
		f.Close()
		return nil, fmt.Errorf("prepare XLSX: %w", err)
	}
	if err := x.instructions(); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

// listSheet holds the choices of dropdowns too long to write inline.
const listSheet = "下拉选项"

func (x *xlsxWriter) makeStyles() error {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	text := "@"
	date := "yyyy-mm-dd"
	styles := []struct {
		id *int
		s  excelize.Style
	}{
		{&x.titleStyle, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&x.subtitleStyle, excelize.Style{Font: &excelize.Font{Bold: true, Size: 11},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&x.headerStyle, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:         excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}},
			Alignment:    &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			CustomNumFmt: &text}},
		// Text columns keep what is typed into them later as text too.
		{&x.textStyle, excelize.Style{CustomNumFmt: &text}},
		{&x.dateStyle, excelize.Style{CustomNumFmt: &date}},
	}
	for _, st := range styles {
		id, err := x.f.NewStyle(&st.s)
		if err != nil {
			return err
		}
		*st.id = id
	}
	return nil
}

func (x *xlsxWriter) write(cells []string) error {
	row := make([]string, len(x.schema))
	copy(row, cells)
	if x.sw == nil {
		x.held = append(x.held, row)
		if len(x.held) < widthSample {
			return nil
		}
		return x.start()
	}
	return x.writeRow(row)
}

// start sets up the sheet once the held rows tell the column widths, and
// writes the title, the header and the held rows.
func (x *xlsxWriter) start() error {
	headerRow := len(x.opt.Title) + 1
	if err := x.addChoices(headerRow); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	sw, err := x.f.NewStreamWriter(x.sheet)
	if err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	x.sw = sw
	for i, c := range x.schema {
		w := displayWidth(x.header[i]) + 4
		for _, r := range x.held {
			w = max(w, displayWidth(r[i])+2)
		}
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(w, 8), 60))); err != nil {
			return fmt.Errorf("write XLSX: %w", err)
		}
		style := 0
		switch c.Kind {
		case Text:
			style = x.textStyle
		case Date:
			style = x.dateStyle
		}
		if style != 0 {
			if err := sw.SetColStyle(i+1, i+1, style); err != nil {
				return fmt.Errorf("write XLSX: %w", err)
			}
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow,
		TopLeftCell: cellRef(0, headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	last := len(x.schema) - 1
	for i, t := range x.opt.Title {
		style, height := x.subtitleStyle, 20.0
		if i == 0 {
			style, height = x.titleStyle, 30.0
		}
		if err := sw.SetRow(cellRef(0, i+1), []any{excelize.Cell{StyleID: style, Value: escape(t)}},
			excelize.RowOpts{Height: height}); err != nil {
			return fmt.Errorf("write XLSX: %w", err)
		}
		if last > 0 {
			if err := sw.MergeCell(cellRef(0, i+1), cellRef(last, i+1)); err != nil {
				return fmt.Errorf("write XLSX: %w", err)
			}
		}
	}
	hdr := make([]any, len(x.header))
	for i, h := range x.header {
		hdr[i] = excelize.Cell{StyleID: x.headerStyle, Value: escape(h)}
	}
	if err := sw.SetRow(cellRef(0, headerRow), hdr); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	x.next = headerRow + 1
	for _, r := range x.held {
		if err := x.writeRow(r); err != nil {
			return err
		}
	}
	x.held = nil
	return nil
}

// addChoices adds the dropdowns of columns with Choices, from the first
// data row to the last row of the sheet, so rows added by hand get them
// too. Lists too long for a validation formula go to a hidden sheet.
func (x *xlsxWriter) addChoices(headerRow int) error {
	listCol := 0
	for i, c := range x.schema {
		if len(c.Choices) == 0 {
			continue
		}
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cellRef(i, headerRow+1) + ":" + cellRef(i, maxRows)
		inline := strings.Join(c.Choices, ",")
		if len([]rune(inline)) <= 255 && !strings.ContainsAny(strings.Join(c.Choices, ""), `,"`) {
			if err := dv.SetDropList(c.Choices); err != nil {
				return err
			}
		} else {
			if listCol == 0 {
				if _, err := x.f.NewSheet(listSheet); err != nil {
					return err
				}
				if err := x.f.SetSheetVisible(listSheet, false); err != nil {
					return err
				}
			}
			for j, v := range c.Choices {
				if err := x.f.SetCellStr(listSheet, cellRef(listCol, j+1), v); err != nil {
					return err
				}
			}
			col := colName(listCol)
			dv.SetSqrefDropList(fmt.Sprintf("'%s'!$%s$1:$%s$%d", listSheet, col, col, len(c.Choices)))
			listCol++
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, x.header[i], "请从下拉列表中选择")
		if err := x.f.AddDataValidation(x.sheet, dv); err != nil {
			return err
		}
	}
	return nil
}

func (x *xlsxWriter) writeRow(row []string) error {
	vals := make([]any, len(row))
	for i, v := range row {
		if v == "" {
			continue
		}
		switch x.schema[i].Kind {
		case Number:
			if n, ok := parseNumber(v); ok && n == v {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					vals[i] = f
					continue
				}
			}
		case Date:
			if d, ok := parseDate(v); ok && d == v {
				if serial, ok := dateSerial(v); ok {
					vals[i] = excelize.Cell{StyleID: x.dateStyle, Value: serial}
					continue
				}
			}
		}
		vals[i] = escape(v)
	}
	if err := x.sw.SetRow(cellRef(0, x.next), vals); err != nil {
		return fmt.Errorf("write XLSX row %d: %w", x.next, err)
	}
	x.next++
	return nil
}

// dateSerial is the spreadsheet serial of a date from 1900-03-01 on, before
// which Excel's serials count a day that never was.
func dateSerial(d string) (float64, bool) {
	t, err := time.Parse(dateLayout, d)
	if err != nil || t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		return 0, false
	}
	return float64((t.Unix() - time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()) / 86400), true
}

func (x *xlsxWriter) close() error {
	defer x.f.Close()
	if x.sw == nil {
		if err := x.start(); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return fmt.Errorf("write XLSX: %w", err)
	}
	return nil
}

// instructions writes the sheet that explains a template. It returns an
// *Error of kind ErrSchema for a sheet name that is taken or invalid.
func (x *xlsxWriter) instructions() error {
	if len(x.opt.Instructions) == 0 {
		return nil
	}
	name := x.opt.InstructionsSheet
	if name == "" {
		name = "填写说明"
	}
	if strings.EqualFold(name, x.sheet) || strings.EqualFold(name, listSheet) {
		return fileError(ErrSchema, fmt.Sprintf("the instructions sheet cannot be called %q", name))
	}
	if _, err := x.f.NewSheet(name); err != nil {
		return fileError(ErrSchema, fmt.Sprintf("sheet name %q: %v", name, err))
	}
	w := 20
	for i, line := range x.opt.Instructions {
		if err := x.f.SetCellStr(name, cellRef(0, i+1), escape(line)); err != nil {
			return fmt.Errorf("prepare XLSX: %w", err)
		}
		w = max(w, displayWidth(line)+2)
	}
	if err := x.f.SetColWidth(name, "A", "A", float64(min(w, 120))); err != nil {
		return fmt.Errorf("prepare XLSX: %w", err)
	}
	x.f.SetActiveSheet(0)
	return nil
}

// cellRef names the cell at a 0-based column and a 1-based row.
func cellRef(col, row int) string {
	return fmt.Sprintf("%s%d", colName(col), row)
}

// displayWidth is the width of the widest line of s in spreadsheet column
// units, where a Chinese character takes two.
func displayWidth(s string) int {
	best, cur := 0, 0
	for _, r := range s {
		if r == '\n' {
			best, cur = max(best, cur), 0
			continue
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			cur += 2
		default:
			cur++
		}
	}
	return max(best, cur)
}
