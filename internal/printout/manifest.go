package printout

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DefaultTitle heads a manifest whose Title is empty.
const DefaultTitle = "点对点输送乘车名单"

// MaskedNote is printed on every page of a masked copy, so that nobody
// takes a driver's or a partner's copy for the office's full list.
const MaskedNote = "副本·证件号已隐去"

// ErrUnmasked is returned when a masked copy or a boarding pass is given an
// ID number or mobile number in full: the caller masks, this package makes
// sure it did.
var ErrUnmasked = errors.New("a full ID or mobile number where a masked one belongs")

// Manifest is one trip's passenger list, printed for the boarding officer,
// the drivers and the receiving partner. Passengers are printed by seat.
// Masked marks a copy whose ID and Phone values the caller has masked;
// every page then carries MaskedNote. PrintedAt and PrintedBy go into every
// page's footer.
//
// DriverURL, when set, makes the PDF the drivers' copy: a last page carries
// the trip's driver's link as a QR code, which opens the trip on the
// driver's phone. Only a masked copy may carry it.
type Manifest struct {
	Title      string
	Trip       Trip
	Passengers []Passenger
	Masked     bool
	PrintedAt  time.Time
	PrintedBy  string
	DriverURL  string
}

// ErrDriverCopy is returned for a driver's link on a copy that is not
// masked: the link goes to whoever drives, the full list does not.
var ErrDriverCopy = errors.New("a driver's link belongs on a masked copy only")

// Trip is what a manifest says about the journey. Event names the
// departure event (optional); Vehicle is the kind of vehicle and Seats its
// seats; Plate may be empty. Stops are in driving order.
type Trip struct {
	Number    string
	Event     string
	Vehicle   string
	Seats     int
	Plate     string
	Drivers   []Driver
	Depart    time.Time
	Gathering string
	Stops     []Stop
	Km        float64
}

// Driver is one of a trip's drivers.
type Driver struct {
	Name, Phone string
}

// Stop is where a trip drops passengers: the gate's name, the expected
// arrival and the distance from the gathering point.
type Stop struct {
	Gate   string
	Arrive time.Time
	Km     float64
}

// Passenger is one row of a manifest. ID and Phone are printed as given,
// full or masked. Gate names the passenger's destination, normally one of
// the trip's stops (a train car's passengers continue to gates beyond its
// station). Age 0 and Seat 0 print as blanks.
type Passenger struct {
	Seat    int
	Name    string
	Sex     string
	Age     int
	ID      string
	Phone   string
	County  string
	Village string
	Gate    string
}

// fullID matches an ID number in full (18 characters, or the old 15
// digits), fullPhone a mainland mobile number in full; digits on either
// side mean a longer number, which is neither.
var (
	fullID    = regexp.MustCompile(`(^|[^0-9])([0-9]{17}[0-9Xx]|[0-9]{15})([^0-9]|$)`)
	fullPhone = regexp.MustCompile(`(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)`)
)

func checkMasked(what string, id, phone string) error {
	if fullID.MatchString(id) {
		return fmt.Errorf("%s: ID number is not masked: %w", what, ErrUnmasked)
	}
	if fullPhone.MatchString(strings.NewReplacer(" ", "", "-", "").Replace(phone)) {
		return fmt.Errorf("%s: mobile number is not masked: %w", what, ErrUnmasked)
	}
	return nil
}

func (m Manifest) title() string { return cmp.Or(strings.TrimSpace(m.Title), DefaultTitle) }

// check refuses a masked copy that is not masked.
func (m Manifest) check() error {
	if m.DriverURL != "" && !m.Masked {
		return ErrDriverCopy
	}
	if !m.Masked {
		return nil
	}
	for i, p := range m.Passengers {
		if err := checkMasked(fmt.Sprintf("passenger %d (seat %d)", i+1, p.Seat), p.ID, p.Phone); err != nil {
			return err
		}
	}
	return nil
}

// bySeat returns the passengers in seat order; seatless ones come last in
// the order given.
func (m Manifest) bySeat() []Passenger {
	ps := slices.Clone(m.Passengers)
	slices.SortStableFunc(ps, func(a, b Passenger) int {
		if (a.Seat == 0) != (b.Seat == 0) {
			if a.Seat == 0 {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Seat, b.Seat)
	})
	return ps
}

// stopTotal is a destination and how many passengers get off there.
type stopTotal struct {
	Gate   string
	Arrive time.Time
	Km     float64
	Count  int
	OnTrip bool // one of the trip's stops
}

// totals counts passengers by destination: the trip's stops in driving
// order, then any other gates in the order they first appear.
func (m Manifest) totals() []stopTotal {
	var out []stopTotal
	at := map[string]int{}
	for _, s := range m.Trip.Stops {
		if _, ok := at[s.Gate]; !ok {
			at[s.Gate] = len(out)
			out = append(out, stopTotal{Gate: s.Gate, Arrive: s.Arrive, Km: s.Km, OnTrip: true})
		}
	}
	for _, p := range m.bySeat() {
		i, ok := at[p.Gate]
		if !ok {
			i = len(out)
			at[p.Gate] = i
			out = append(out, stopTotal{Gate: p.Gate})
		}
		out[i].Count++
	}
	return out
}

// column is one column of the passenger table.
type column struct {
	head  string
	width float64
	align align
	value func(Passenger) string
}

// The passenger table fills the 190 mm between 10 mm margins. ID and
// phone columns are wide enough for 18 and 11 Helvetica digits at the
// table's size, so that numbers never shrink.
var columns = []column{
	{"座号", 8, center, func(p Passenger) string { return num(p.Seat) }},
	{"姓名", 21, left, func(p Passenger) string { return p.Name }},
	{"性别", 8, center, func(p Passenger) string { return p.Sex }},
	{"年龄", 8, center, func(p Passenger) string { return num(p.Age) }},
	{"身份证号", 33, left, func(p Passenger) string { return p.ID }},
	{"手机号", 21, left, func(p Passenger) string { return p.Phone }},
	{"户籍县", 15, left, func(p Passenger) string { return p.County }},
	{"村", 16, left, func(p Passenger) string { return p.Village }},
	{"下车地点", 26, left, func(p Passenger) string { return p.Gate }},
	{"已上车", 10, center, nil},
	{"签名", 24, left, nil},
}

func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// Layout of a manifest page, in millimetres from the top.
const (
	margin     = 10.0
	tableW     = pageW - 2*margin
	rowH       = 7.5   // room to sign by hand
	headRowH   = 7.0   // the table's header row
	infoRowH   = 5.5   // a line of the trip block or the stops table
	footerTop  = 284.0 // where the body ends and the footer begins
	tableSize  = 8.5   // type size in the table
	closingH   = 24.0  // totals and signature lines after the table
	laterTopH  = 12.0  // the running head of pages after the first
	stampSize  = 10.0
	titleSize  = 16.0
	infoSize   = 9.0
	footerSize = 7.5
)

// ManifestPDF draws the manifest as an A4 portrait PDF and writes it to w.
// The first page carries the trip and its stops; every page repeats the
// table's header, the trip number, MaskedNote on a masked copy, and a footer
// with the printing time, who printed and "第 n/N 页". The error wraps
// ErrFont for a missing or unusable font, ErrUnmasked for a masked copy with
// a full ID or mobile number; otherwise it is a write error.
func ManifestPDF(w io.Writer, font *Font, m Manifest) (err error) {
	defer guard(&err)
	if err := m.check(); err != nil {
		return err
	}
	d, err := newDoc(font, m.title()+" "+m.Trip.Number, m.PrintedAt)
	if err != nil {
		return err
	}
	ps := m.bySeat()
	totals := m.totals()
	for from := 0; ; {
		d.pdf.AddPage()
		d.grey(0, 255, 0)
		top := margin + laterTopH
		if from == 0 {
			top = d.tripBlock(m, totals)
		} else {
			d.runningHead(m)
		}
		y := d.tableHead(top)
		to := from + pageRows(len(ps)-from, y)
		for _, p := range ps[from:to] {
			d.tableRow(y, p)
			y += rowH
		}
		from = to
		if from == len(ps) && footerTop-y >= closingH+3 {
			d.closing(y+3, m, len(ps), totals)
			break
		}
	}
	if m.DriverURL != "" {
		if err := d.driverPage(m); err != nil {
			return err
		}
	}
	// The page count is known only now; footers go on afterwards.
	pages := d.pdf.PageCount()
	for i := 1; i <= pages; i++ {
		d.pdf.SetPage(i)
		d.footer(m, i, pages)
	}
	return d.finish(w)
}

// pageRows is how many of n remaining rows go on a page whose table body
// starts at y: as many as fit, but when the rest fit and the closing block
// does not, one row moves on, so that no page holds only signatures.
func pageRows(n int, y float64) int {
	k := max(int((footerTop-y)/rowH), 0)
	if n > k {
		return k
	}
	if footerTop-y-float64(n)*rowH >= closingH+3 {
		return n
	}
	return max(n-1, 0)
}

// tripBlock draws the first page's head: title, event, the trip and its
// stops with the passengers each; it returns where the table starts.
func (d *doc) tripBlock(m Manifest, totals []stopTotal) float64 {
	t := m.Trip
	title := m.title()
	d.bold((pageW-d.width(title, titleSize))/2, margin+6.5, title, titleSize)
	if m.Masked {
		d.stamp(pageW-margin, margin, MaskedNote, stampSize)
	}
	y := margin + 9
	if t.Event != "" {
		d.cell(margin, y, tableW, 5, t.Event, infoSize, center)
		y += 5
	}
	y += 3
	var drivers []string
	for _, dr := range t.Drivers {
		drivers = append(drivers, strings.TrimSpace(dr.Name+" "+dr.Phone))
	}
	km := "—"
	if t.Km > 0 {
		km = strconv.FormatFloat(t.Km, 'f', 0, 64) + " 公里"
	}
	lines := [][]field{
		{{"车次", t.Number, 60}, {"车辆", vehicleText(t), 70}, {"车牌", cmp.Or(t.Plate, "—"), 60}},
		{{"出发时间", when(t.Depart), 60}, {"集合地点", t.Gathering, 130}},
		{{"驾驶员", cmp.Or(strings.Join(drivers, "；"), "—"), 130}, {"全程", km, 60}},
	}
	d.pdf.SetLineWidth(0.2)
	for _, l := range lines {
		x := margin
		for _, f := range l {
			d.grey(0, 255, 90)
			lw := d.width(f.label, infoSize) + 2
			d.cell(x, y, lw+1, infoRowH, f.label, infoSize, left)
			d.grey(0, 255, 0)
			d.cell(x+lw, y, f.width-lw, infoRowH, f.value, infoSize, left)
			x += f.width
		}
		y += infoRowH
	}
	y += 2
	stopCols := []float64{12, 108, 34, 18, 18}
	heads := []string{"站序", "下车地点", "预计到达", "里程", "人数"}
	d.grey(0, 230, 0)
	x := margin
	for i, h := range heads {
		d.pdf.Rect(x, y, stopCols[i], infoRowH, "FD")
		d.cell(x, y, stopCols[i], infoRowH, h, infoSize, center)
		x += stopCols[i]
	}
	y += infoRowH
	d.grey(0, 255, 0)
	for i, s := range totals {
		seq, arrive, km := strconv.Itoa(i+1), when(s.Arrive), strconv.FormatFloat(s.Km, 'f', 0, 64)
		if !s.OnTrip {
			seq, arrive, km = "—", "—", "—"
		}
		vals := []string{seq, cmp.Or(s.Gate, "（未填）"), arrive, km, strconv.Itoa(s.Count)}
		aligns := []align{center, left, center, right, right}
		x := margin
		for j, v := range vals {
			d.pdf.Rect(x, y, stopCols[j], infoRowH, "D")
			d.cell(x, y, stopCols[j], infoRowH, v, infoSize, aligns[j])
			x += stopCols[j]
		}
		y += infoRowH
	}
	return y + 4
}

// field is a label and its value on a line of the trip block, in width mm.
type field struct {
	label, value string
	width        float64
}

// runningHead heads the pages after the first, so that a loose page still
// says which trip it belongs to.
func (d *doc) runningHead(m Manifest) {
	d.grey(0, 255, 0)
	d.bold(margin, margin+5, m.title(), 11)
	d.text(margin+d.width(m.title(), 11)+6, margin+5, "车次 "+m.Trip.Number+"　出发 "+when(m.Trip.Depart), infoSize)
	if m.Masked {
		d.stamp(pageW-margin, margin, MaskedNote, stampSize)
	}
}

func (d *doc) tableHead(y float64) float64 {
	d.pdf.SetLineWidth(0.3)
	d.grey(0, 225, 0)
	x := margin
	for _, c := range columns {
		d.pdf.Rect(x, y, c.width, headRowH, "FD")
		d.cell(x, y, c.width, headRowH, c.head, tableSize, center)
		x += c.width
	}
	d.grey(0, 255, 0)
	return y + headRowH
}

func (d *doc) tableRow(y float64, p Passenger) {
	d.pdf.SetLineWidth(0.2)
	x := margin
	for _, c := range columns {
		d.pdf.Rect(x, y, c.width, rowH, "D")
		switch {
		case c.value != nil:
			d.cell(x, y, c.width, rowH, c.value(p), tableSize, c.align)
		case c.head == "已上车":
			// A box to tick by hand.
			d.pdf.Rect(x+c.width/2-2, y+rowH/2-2, 4, 4, "D")
		}
		x += c.width
	}
}

// closing draws the totals and the lines for signatures under the table.
func (d *doc) closing(y float64, m Manifest, n int, totals []stopTotal) {
	var parts []string
	for _, s := range totals {
		parts = append(parts, fmt.Sprintf("%s %d 人", cmp.Or(s.Gate, "（未填）"), s.Count))
	}
	line := fmt.Sprintf("合计 %d 人", n)
	if m.Trip.Seats > 0 {
		line += fmt.Sprintf("（%d 座）", m.Trip.Seats)
	}
	if len(parts) > 0 {
		line += "：" + strings.Join(parts, "；")
	}
	d.grey(0, 255, 0)
	d.cell(margin, y, tableW, 9, line, infoSize, left)
	y += 12
	x := margin
	for _, s := range []string{"带队人签字", "驾驶员签字", "核验时间"} {
		end := d.text(x+1, y+4, s+"：", infoSize)
		d.pdf.SetLineWidth(0.2)
		d.pdf.Line(end, y+5, x+60, y+5)
		x += 65
	}
}

// driverPage draws the drivers' copy's last page: the trip, the driver's
// link as a QR code a phone reads across a cab, and what it is for.
func (d *doc) driverPage(m Manifest) error {
	d.pdf.AddPage()
	d.runningHead(m)
	d.grey(0, 255, 0)
	title := "司机页面二维码"
	d.bold((pageW-d.width(title, titleSize))/2, margin+28, title, titleSize)
	const side = 90.0
	if err := d.qr((pageW-side)/2, margin+36, side, m.DriverURL); err != nil {
		return err
	}
	y := margin + 36 + side + 6
	for _, line := range []string{
		"驾驶员用手机扫码，无需账号，即可查看本车次的时刻表、下车点和已登车人数，",
		"并在发车和到达终点时各点一次按钮报告。乘客证件号均已隐去。",
		"此二维码只用于车次 " + m.Trip.Number + "，请勿转交他人；车次到达两天后失效。",
	} {
		d.cell(margin, y, tableW, 6, line, infoSize, center)
		y += 6
	}
	return nil
}

// footer writes the printing time, who printed and the page number.
func (d *doc) footer(m Manifest, page, pages int) {
	d.grey(0, 255, 60)
	y := footerTop + 6
	left := "打印时间 " + when(m.PrintedAt)
	if m.PrintedBy != "" {
		left += "　打印人 " + m.PrintedBy
	}
	d.text(margin, y, left, footerSize)
	n := fmt.Sprintf("第 %d/%d 页", page, pages)
	d.text(pageW-margin-d.width(n, footerSize), y, n, footerSize)
	d.grey(0, 255, 0)
}
