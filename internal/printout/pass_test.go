package printout

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"

	"laborbridge/internal/sign"
)

// decodeQR reads the one QR code in img.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return res.GetText()
}

func passToken(t testing.TB, seat int) string {
	t.Helper()
	tok, err := testSigner(t).Pass(sign.PassClaims{Trip: [16]byte{0xAB, 1}, Worker: [16]byte{0xCD, 2}, Seat: seat, Issued: sampleManifest(0, 53).PrintedAt})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestQRVersion(t *testing.T) {
	cert, err := testSigner(t).Certificate(sign.CertificateClaims{
		Number: "1401052025000123", Occupation: "4-10-01-05", Level: 4, Issued: sampleManifest(0, 53).PrintedAt,
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		text  string
		want  int
		wantE error
	}{
		// A boarding pass must stay small enough to scan from a phone.
		{"pass token", passToken(t, 53), 7, nil},
		{"certificate token", cert, 8, nil},
		{"short text", "HELLO", 1, nil},
		{"empty", "", 0, ErrQR},
		{"longer than any QR code", strings.Repeat("x", 3000), 0, ErrQR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := QRVersion(tt.text)
			if got != tt.want || !errors.Is(err, tt.wantE) {
				t.Errorf("QRVersion(%d characters) = %d, %v, want %d, %v", len(tt.text), got, err, tt.want, tt.wantE)
			}
		})
	}
}

func TestQRPNGRoundTrip(t *testing.T) {
	for _, text := range []string{passToken(t, 1), "https://example.org/v/ABC", "乘车证"} {
		b, err := QRPNG(text, 4)
		if err != nil {
			t.Fatalf("QRPNG(%q): %v", text, err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("QRPNG(%q) is no PNG: %v", text, err)
		}
		if got := decodeQR(t, img); got != text {
			t.Errorf("decode(QRPNG(%q)) = %q", text, got)
		}
	}
	if _, err := QRPNG("", 4); !errors.Is(err, ErrQR) {
		t.Errorf("QRPNG(\"\") error = %v, want %v", err, ErrQR)
	}
}

func TestQRSVG(t *testing.T) {
	tok := passToken(t, 1)
	svg, err := QRSVG(tok)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(svg, "style") {
		t.Errorf("QRSVG() has a style, which the Content-Security-Policy blocks: %.200s", svg)
	}
	// It is well-formed XML, its viewBox spans version 7 with the quiet
	// zone, and its rects cover exactly the dark modules.
	dec := xml.NewDecoder(strings.NewReader(svg))
	dark := 0
	var viewBox string
	for {
		tk, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("QRSVG() is not XML: %v", err)
		}
		el, ok := tk.(xml.StartElement)
		if !ok {
			continue
		}
		attr := map[string]string{}
		for _, a := range el.Attr {
			attr[a.Name.Local] = a.Value
		}
		switch {
		case el.Name.Local == "svg":
			viewBox = attr["viewBox"]
		case el.Name.Local == "rect" && attr["fill"] == "":
			n, err := strconv.Atoi(attr["width"])
			if err != nil {
				t.Fatalf("QRSVG() rect width %q: %v", attr["width"], err)
			}
			dark += n
		}
	}
	if viewBox != "0 0 53 53" {
		t.Errorf("QRSVG() viewBox = %q, want 0 0 53 53", viewBox)
	}
	m, _ := qrMatrix(tok)
	want := 0
	for _, row := range m {
		for _, d := range row {
			if d {
				want++
			}
		}
	}
	if dark != want {
		t.Errorf("QRSVG() rects cover %d modules, want %d", dark, want)
	}
}

func TestPassesPDF(t *testing.T) {
	font := testFont(t)
	for _, tt := range []struct {
		passes, pages int
	}{{0, 1}, {1, 1}, {4, 1}, {5, 2}, {53, 14}} {
		var b bytes.Buffer
		if err := PassesPDF(&b, font, samplePasses(t, tt.passes), sampleManifest(0, 53).PrintedAt); err != nil {
			t.Fatalf("PassesPDF(%d): %v", tt.passes, err)
		}
		if got := len(pageObject.FindAll(b.Bytes(), -1)); got != tt.pages {
			t.Errorf("PassesPDF(%d passes) has %d pages, want %d", tt.passes, got, tt.pages)
		}
	}
	bad := []struct {
		name   string
		change func(*Pass)
		want   error
	}{
		{"full ID", func(p *Pass) { p.ID = "14010519491231002X" }, ErrUnmasked},
		{"no token", func(p *Pass) { p.Token = "" }, ErrQR},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			ps := samplePasses(t, 3)
			tt.change(&ps[1])
			var b bytes.Buffer
			if err := PassesPDF(&b, font, ps, sampleManifest(0, 53).PrintedAt); !errors.Is(err, tt.want) || b.Len() != 0 {
				t.Errorf("PassesPDF(pass with %s) = %d bytes, %v, want error %v", tt.name, b.Len(), err, tt.want)
			}
		})
	}
}

// TestPassesScan prints a sheet, rasterises it as a printer would, and
// reads each pass's QR code back to a token that verifies to its seat: the
// whole way from signing to a scanner.
func TestPassesScan(t *testing.T) {
	bin := tool(t, "pdftoppm")
	passes := samplePasses(t, 4)
	var b bytes.Buffer
	if err := PassesPDF(&b, testFont(t), passes, sampleManifest(0, 53).PrintedAt); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "passes.pdf")
	if err := os.WriteFile(in, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	// 150 dpi gives a 0.9 mm module about 5 pixels, as a modest scan.
	if out, err := exec.Command(bin, "-png", "-r", "150", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	v, err := sign.NewVerifier(testSigner(t).Public())
	if err != nil {
		t.Fatal(err)
	}
	px := float64(page.Bounds().Dx()) / pageW
	sub, ok := page.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		t.Fatalf("page image %T cannot be cut", page)
	}
	for i, p := range passes {
		// The lower half of each quarter, where the QR code is.
		x0, y0 := float64(i%2)*passW, float64(i/2)*passH+passH/2
		r := image.Rect(int(x0*px), int(y0*px), int((x0+passW)*px), int((y0+passH/2)*px))
		got := decodeQR(t, sub.SubImage(r))
		if got != p.Token {
			t.Fatalf("pass %d: scanned %q, want %q", i+1, got, p.Token)
		}
		c, err := v.Pass(got)
		if err != nil || c.Seat != p.Seat {
			t.Errorf("pass %d: Verifier.Pass(scanned) = seat %d, %v, want seat %d", i+1, c.Seat, err, p.Seat)
		}
	}
}

func TestPassText(t *testing.T) {
	passes := samplePasses(t, 2)
	var b bytes.Buffer
	if err := PassesPDF(&b, testFont(t), passes, sampleManifest(0, 53).PrintedAt); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(pdfText(t, b.Bytes()), "")
	for _, want := range []string{PassTitle, passes[0].Name, passes[1].Name, passes[0].ID, "TY20250106-03", "2025-01-06 08:30",
		"太原市体育中心东广场", "北京顺义空港物流园东门", "北京顺丰速运有限公司空港分拨中心"} {
		if !strings.Contains(text, want) {
			t.Errorf("passes text lacks %q", want)
		}
	}
	if got := fullNumber.FindString(text); got != "" {
		t.Errorf("passes show %q", got)
	}
}

func BenchmarkPassesPDF(b *testing.B) {
	font := testFont(b)
	passes := samplePasses(b, 53)
	at := sampleManifest(0, 53).PrintedAt
	var size int
	for b.Loop() {
		var out bytes.Buffer
		if err := PassesPDF(&out, font, passes, at); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	b.ReportMetric(float64(size)/1024, "KiB")
}

func BenchmarkQR(b *testing.B) {
	tok := passToken(b, 1)
	for b.Loop() {
		if _, err := qrMatrix(tok); err != nil {
			b.Fatal(err)
		}
	}
}
