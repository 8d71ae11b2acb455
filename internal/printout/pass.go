package printout

import (
	"fmt"
	"io"
	"time"
)

// PassTitle heads every boarding pass.
const PassTitle = "点对点输送乘车证"

// Pass is one worker's boarding pass. ID is the masked resident ID number
// (a pass is handed around, so a full one is refused). Token is the signed
// token that the QR code carries; Event is optional.
type Pass struct {
	Name      string
	ID        string
	Event     string
	Trip      string
	Seat      int
	Depart    time.Time
	Gathering string
	Gate      string
	Employer  string
	Token     string
}

// A pass is an A6 quarter of an A4 sheet.
const (
	passW, passH = pageW / 2, pageH / 2
	passPad      = 7.0
	qrSide       = 48.0 // quiet zone included: 0.9 mm modules at version 7
)

// PassesPDF draws the passes four to an A4 portrait sheet, with cut marks
// between the quarters, and writes the PDF to w; created is the document's
// date, so that printing the same passes again gives the same bytes. With
// no passes it draws one empty sheet. The error wraps ErrFont
// for a missing or unusable font, ErrUnmasked for a pass with a full ID
// number, ErrQR for a pass without a token; otherwise it is a write error.
func PassesPDF(w io.Writer, font *Font, passes []Pass, created time.Time) (err error) {
	defer guard(&err)
	for i, p := range passes {
		if err := checkMasked(fmt.Sprintf("pass %d (seat %d)", i+1, p.Seat), p.ID, ""); err != nil {
			return err
		}
		if p.Token == "" {
			return fmt.Errorf("pass %d (seat %d) has no token: %w", i+1, p.Seat, ErrQR)
		}
	}
	d, err := newDoc(font, PassTitle, created)
	if err != nil {
		return err
	}
	for i, p := range passes {
		if i%4 == 0 {
			d.pdf.AddPage()
			d.cutMarks()
		}
		x, y := float64(i%2)*passW, float64(i%4/2)*passH
		if err := d.pass(x, y, p); err != nil {
			return fmt.Errorf("pass %d (seat %d): %w", i+1, p.Seat, err)
		}
	}
	if len(passes) == 0 {
		d.pdf.AddPage()
		d.cutMarks()
	}
	return d.finish(w)
}

// cutMarks draws light dashed guides along the cuts and solid ticks where
// they meet the sheet's edges and each other, outside any pass's text.
func (d *doc) cutMarks() {
	d.grey(170, 255, 0)
	d.pdf.SetLineWidth(0.15)
	d.pdf.SetDashPattern([]float64{1, 2}, 0)
	d.pdf.Line(passW, 0, passW, pageH)
	d.pdf.Line(0, passH, pageW, passH)
	d.pdf.SetDashPattern(nil, 0)
	d.grey(0, 255, 0)
	d.pdf.SetLineWidth(0.3)
	for _, l := range [][4]float64{
		{passW, 2, passW, 8}, {passW, pageH - 8, passW, pageH - 2},
		{2, passH, 8, passH}, {pageW - 8, passH, pageW - 2, passH},
		{passW - 4, passH, passW + 4, passH}, {passW, passH - 4, passW, passH + 4},
	} {
		d.pdf.Line(l[0], l[1], l[2], l[3])
	}
}

// pass draws one pass in the quarter whose top left corner is (x0, y0).
func (d *doc) pass(x0, y0 float64, p Pass) error {
	x, w := x0+passPad, passW-2*passPad
	y := y0 + passPad
	d.grey(0, 255, 0)
	d.bold(x0+(passW-d.width(PassTitle, 14))/2, y+5, PassTitle, 14)
	y += 8
	if p.Event != "" {
		d.grey(0, 255, 70)
		d.cell(x, y, w, 5, p.Event, 8, center)
		y += 5
	}
	y += 3
	d.pdf.SetLineWidth(0.3)
	d.grey(0, 255, 0)
	d.pdf.Line(x, y, x+w, y)
	y += 2

	// The seat, large in a box at the right, is what a worker looks for
	// when finding a place in the bus.
	seatW := 24.0
	d.pdf.SetLineWidth(0.5)
	d.pdf.Rect(x+w-seatW, y+1, seatW, 20, "D")
	d.grey(0, 255, 70)
	d.cell(x+w-seatW, y+1.5, seatW, 4.5, "座号", 8, center)
	d.grey(0, 255, 0)
	seat := num(p.Seat)
	d.bold(x+w-seatW/2-d.width(seat, 26)/2, y+18, seat, 26)
	d.cell(x, y, w-seatW-2, 11, p.Name, 20, left)
	d.cell(x, y+11, w-seatW-2, 7, p.ID, 10, left)
	y += 24

	for _, f := range []struct{ label, value string }{
		{"车次", p.Trip},
		{"出发时间", when(p.Depart)},
		{"集合地点", p.Gathering},
		{"下车地点", p.Gate},
		{"用工单位", p.Employer},
	} {
		d.grey(0, 255, 90)
		d.cell(x, y, 17, 6, f.label, 9, left)
		d.grey(0, 255, 0)
		d.cell(x+17, y, w-17, 6, f.value, 10, left)
		y += 6
	}
	qy := y0 + passH - passPad - 6 - qrSide
	if err := d.qr(x0+(passW-qrSide)/2, qy, qrSide, p.Token); err != nil {
		return err
	}
	d.grey(0, 255, 70)
	d.cell(x, qy+qrSide, w, 5, "凭本证和身份证乘车　扫码核验", 8, center)
	d.grey(0, 255, 0)
	return nil
}
