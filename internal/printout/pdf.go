package printout

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// Lengths are in millimetres and font sizes in points, as fpdf takes them.
const (
	pageW, pageH = 210.0, 297.0
	ptMM         = 25.4 / 72 // one point in millimetres
	minSize      = 5.5       // the smallest type a printed page stays legible at
	cjkFamily    = "cjk"
	latinFamily  = "Helvetica"
)

// doc is one PDF being drawn. Every string goes through text or cell, which
// set each character in the font that has it: Droid Sans Fallback has no
// Latin letters or digits, and the built-in Helvetica has no Chinese.
type doc struct {
	pdf   *fpdf.Fpdf
	font  *Font
	cp    func(string) string // UTF-8 to the Windows-1252 that Helvetica takes
	style string              // "" or "B", applied to Latin runs
}

func newDoc(font *Font, title string, created time.Time) (*doc, error) {
	if font == nil {
		return nil, fmt.Errorf("no font given; %s: %w", fontHint, ErrFont)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.SetCatalogSort(true)
	if !created.IsZero() {
		// Fixed dates make a reprint of the same data byte for byte the same.
		pdf.SetCreationDate(created)
		pdf.SetModificationDate(created)
	}
	pdf.SetTitle(title, true)
	pdf.SetCreator("laborbridge", true)
	pdf.AddUTF8FontFromBytes(cjkFamily, "", font.data)
	d := &doc{pdf: pdf, font: font, cp: pdf.UnicodeTranslatorFromDescriptor("")}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("font %s: %v: %w", font.name, err, ErrFont)
	}
	return d, nil
}

// finish writes the document to w.
func (d *doc) finish(w io.Writer) error {
	if err := d.pdf.Error(); err != nil {
		return fmt.Errorf("draw PDF: %w", err)
	}
	if err := d.pdf.Output(w); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	return nil
}

// guard turns a panic inside fpdf, whose font parser indexes the font's
// bytes unchecked, into an error: a damaged font file must not take the
// server down.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("draw PDF: the PDF writer failed (%v), most likely on a damaged font: %w", r, ErrFont)
	}
}

// run is a stretch of text set in one font.
type run struct {
	latin bool
	text  string
}

// cp1252 lists the characters above Latin-1 that Helvetica's encoding has.
const cp1252 = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

// runs splits s into runs by font. A character neither font has becomes a
// question mark rather than an invisible gap, so a reader sees that
// something is missing; control characters become spaces.
func (d *doc) runs(s string) []run {
	var out []run
	var b strings.Builder
	cur := false
	for i, r := range s {
		latin := true
		switch {
		case r == utf8.RuneError || unicode.IsControl(r):
			r = ' '
		case r < 0x80:
		case d.font.Has(r):
			latin = false
		case r >= 0xA0 && r <= 0xFF || strings.ContainsRune(cp1252, r):
		default:
			r = '?'
		}
		if i > 0 && latin != cur {
			out = append(out, run{cur, b.String()})
			b.Reset()
		}
		cur = latin
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		out = append(out, run{cur, b.String()})
	}
	return out
}

func (d *doc) setFont(latin bool, size float64) {
	if latin {
		d.pdf.SetFont(latinFamily, d.style, size)
	} else {
		d.pdf.SetFont(cjkFamily, "", size)
	}
}

// width returns the width of s at size.
func (d *doc) width(s string, size float64) float64 {
	w := 0.0
	for _, r := range d.runs(s) {
		d.setFont(r.latin, size)
		if r.latin {
			w += d.pdf.GetStringWidth(d.cp(r.text))
		} else {
			w += d.pdf.GetStringWidth(r.text)
		}
	}
	return w
}

// text draws s with its baseline at y, starting at x, and returns the x
// after it.
func (d *doc) text(x, y float64, s string, size float64) float64 {
	for _, r := range d.runs(s) {
		d.setFont(r.latin, size)
		t := r.text
		if r.latin {
			t = d.cp(t)
		}
		d.pdf.Text(x, y, t)
		x += d.pdf.GetStringWidth(t)
	}
	return x
}

// bold draws s in a heavier stroke: Droid Sans Fallback has no bold face,
// so the glyphs are filled and outlined.
func (d *doc) bold(x, y float64, s string, size float64) float64 {
	d.pdf.SetTextRenderingMode(2)
	d.pdf.SetLineWidth(size * 0.012)
	d.style = "B"
	x = d.text(x, y, s, size)
	d.style = ""
	d.pdf.SetTextRenderingMode(0)
	return x
}

// align is where text sits in a cell.
type align int

const (
	left align = iota
	center
	right
)

// cell draws s inside the box (x, y, w, h) with 1 mm of padding: on one
// line at size, or a little smaller; else on two lines, as large as they
// fit; else cut with an ellipsis at the smallest size. A name or a gate
// never runs into the next column.
func (d *doc) cell(x, y, w, h float64, s string, size float64, a align) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	inner := w - 2
	lines, sz := d.fit(s, inner, h, size)
	lineH := sz * ptMM * 1.15
	top := y + (h-float64(len(lines))*lineH)/2
	for i, l := range lines {
		lx := x + 1
		switch a {
		case center:
			lx = x + (w-d.width(l, sz))/2
		case right:
			lx = x + w - 1 - d.width(l, sz)
		}
		// The baseline sits at about 0.8 of the line box in both fonts.
		d.text(lx, top+float64(i)*lineH+lineH*0.8, l, sz)
	}
}

// fit chooses the lines and size for s in a box of inner width w and height
// h; see cell.
func (d *doc) fit(s string, w, h, size float64) ([]string, float64) {
	floor := max(minSize, size*0.8)
	for sz := size; sz >= floor; sz -= 0.5 {
		if d.width(s, sz) <= w {
			return []string{s}, sz
		}
	}
	for sz := size; sz >= minSize; sz -= 0.5 {
		if 2*sz*ptMM*1.15 > h-1.5 {
			continue
		}
		if lines, ok := d.wrap(s, w, sz); ok {
			return lines, sz
		}
	}
	return []string{d.cut(s, w, minSize)}, minSize
}

// wrap breaks s into two lines no wider than w, after a space where it can
// (so that a Latin word stays whole) and anywhere between Chinese
// characters. It reports false if s does not fit in two lines.
func (d *doc) wrap(s string, w, size float64) ([]string, bool) {
	r := []rune(s)
	end := 0
	for end < len(r) && d.width(string(r[:end+1]), size) <= w {
		end++
	}
	if end == 0 {
		return nil, false
	}
	if end < len(r) {
		if sp := strings.LastIndex(string(r[:end]), " "); sp > 0 {
			end = utf8.RuneCountInString(string(r[:end])[:sp]) + 1
		}
	}
	first, second := strings.TrimSpace(string(r[:end])), strings.TrimSpace(string(r[end:]))
	if d.width(second, size) > w {
		return nil, false
	}
	return []string{first, second}, true
}

// cut shortens s with an ellipsis until it fits w.
func (d *doc) cut(s string, w, size float64) string {
	if d.width(s, size) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && d.width(string(r)+"…", size) > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// grey sets the colour of lines, fills and text for the next drawing; 0 is
// black, 255 white.
func (d *doc) grey(line, fill, text int) {
	d.pdf.SetDrawColor(line, line, line)
	d.pdf.SetFillColor(fill, fill, fill)
	d.pdf.SetTextColor(text, text, text)
}

// stamp draws text in a box whose right edge is at x, for the marks that a
// photocopy must carry on every page.
func (d *doc) stamp(x, y float64, s string, size float64) {
	w := d.width(s, size) + 4
	h := size*ptMM + 3
	d.pdf.SetLineWidth(0.4)
	d.pdf.Rect(x-w, y, w, h, "D")
	d.text(x-w+2, y+h/2+size*ptMM*0.35, s, size)
}

const dateTime = "2006-01-02 15:04"

// when formats a time for print, or a dash for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(dateTime)
}
