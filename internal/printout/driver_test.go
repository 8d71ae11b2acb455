package printout

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const sampleDriverURL = "https://jobs.example.cn/drive/AEBTHH7FPXPXQCLWENFERW54T5FT3PQW7JGFCNCRMSPCUBY6EL6TAVO7IEXNHDC2YFSDGB5FSWPTJUQGYIUM7DIDD4PH7MQCLXBQFC56JCFAM4GAGYPRERKSRLBA6QKRLOGO4BX2F27IURAA"

// TestDriverCopy: the drivers' copy is the masked list plus a page whose QR
// code reads back as the driver's link; a full list cannot carry one.
func TestDriverCopy(t *testing.T) {
	m := masked(sampleManifest(53, 53))
	m.DriverURL = sampleDriverURL
	pdf := renderManifest(t, m)
	if got := len(pageObject.FindAll(pdf, -1)); got != 3 {
		t.Fatalf("drivers' copy of 53 passengers has %d pages, want 3 (the list's 2 and the link's)", got)
	}
	pages := pdfText(t, pdf)
	last := pages[len(pages)-1]
	for _, want := range []string{"司机页面二维码", MaskedNote, "TY20250106-03", "第 3/3 页", "无需账号"} {
		if !strings.Contains(last, want) {
			t.Errorf("the link's page lacks %q:\n%s", want, last)
		}
	}
	if got := fullNumber.FindString(strings.Join(pages, "\n")); got != "" {
		t.Errorf("the drivers' copy shows %q", got)
	}

	dir := t.TempDir()
	in := filepath.Join(dir, "driver.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(tool(t, "pdftoppm"), "-png", "-r", "100", "-f", "3", "-l", "3", "-singlefile", in,
		filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(img.Bounds())); got != sampleDriverURL {
		t.Errorf("the link's QR code reads %q, want %q", got, sampleDriverURL)
	}

	full := sampleManifest(5, 53)
	full.DriverURL = sampleDriverURL
	if err := ManifestPDF(&bytes.Buffer{}, testFont(t), full); !errors.Is(err, ErrDriverCopy) {
		t.Errorf("a full list with a driver's link: error = %v, want %v", err, ErrDriverCopy)
	}
}
