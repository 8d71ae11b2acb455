package printout

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var screenshots = flag.String("screenshots", "", "write PNG samples of a manifest and a sheet of passes into this folder (the docs keep them in docs/screenshots)")

// pageObject matches a page's dictionary and not the page tree's.
var pageObject = regexp.MustCompile(`/Type /Page\b[^s]`)

func renderManifest(t testing.TB, m Manifest) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ManifestPDF(&b, testFont(t), m); err != nil {
		t.Fatalf("ManifestPDF(%d passengers): %v", len(m.Passengers), err)
	}
	return b.Bytes()
}

// pdfText extracts the text of a PDF with pdftotext, page by page.
func pdfText(t *testing.T, pdf []byte) []string {
	t.Helper()
	bin := tool(t, "pdftotext")
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1] // the text ends with a form feed
}

func TestManifestPages(t *testing.T) {
	tests := []struct {
		name       string
		passengers int
		seats      int
		pages      int
	}{
		{"no passengers", 0, 53, 1},
		{"a small bus", 19, 19, 1},
		{"full first page but the closing moves on", 27, 35, 2},
		{"53-seat bus", 53, 53, 2},
		{"118-seat train car", 118, 118, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pdf := renderManifest(t, sampleManifest(tt.passengers, tt.seats))
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
				t.Fatalf("ManifestPDF(%d) does not start with %%PDF- and end with %%%%EOF", tt.passengers)
			}
			if got := len(pageObject.FindAll(pdf, -1)); got != tt.pages {
				t.Errorf("ManifestPDF(%d passengers) has %d pages, want %d", tt.passengers, got, tt.pages)
			}
		})
	}
}

func TestManifestText(t *testing.T) {
	m := sampleManifest(55, 53)
	pages := pdfText(t, renderManifest(t, m))
	if len(pages) != 2 {
		t.Fatalf("pdftotext found %d pages, want 2", len(pages))
	}
	all := strings.Join(pages, "\n")
	for _, want := range []string{
		DefaultTitle, m.Trip.Event, "TY20250106-03", "晋A·D1234", "大型客车 53 座",
		"赵师傅 139****5678", "2025-01-06 08:30", "太原市体育中心东广场", "688 公里",
		"北京顺义空港物流园东门", "2025-01-06 15:40",
		"买买提·艾力克木", "李㛃", "Anna", m.Passengers[0].ID, m.Passengers[54].Phone,
		"合计 55 人（53 座）", "打印人 小店区人社局 王科员",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("manifest text lacks %q", want)
		}
	}
	for i, p := range pages {
		for _, want := range []string{"身份证号", "签名", "TY20250106-03", "打印时间 2025-01-06 07:12", "第 " + string(rune('1'+i)) + "/2 页"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
		if strings.Contains(p, MaskedNote) {
			t.Errorf("page %d of the full list says %q", i+1, MaskedNote)
		}
	}
	// Every passenger's ID number is printed whole, once.
	for _, p := range m.Passengers {
		if n := strings.Count(all, p.ID); n != 1 {
			t.Errorf("ID of seat %d printed %d times, want 1", p.Seat, n)
		}
	}
}

// fullNumber matches what must never appear on a masked copy.
var fullNumber = regexp.MustCompile(`\d{17}[\dXx]|1[3-9]\d{9}`)

func TestMaskedCopy(t *testing.T) {
	m := masked(sampleManifest(53, 53))
	pages := pdfText(t, renderManifest(t, m))
	for i, p := range pages {
		if !strings.Contains(p, MaskedNote) {
			t.Errorf("page %d of the masked copy lacks %q", i+1, MaskedNote)
		}
		if got := fullNumber.FindString(p); got != "" {
			t.Errorf("page %d of the masked copy shows %q", i+1, got)
		}
	}
	if !strings.Contains(pages[0], m.Passengers[0].ID) {
		t.Errorf("masked copy lacks the masked ID %q", m.Passengers[0].ID)
	}
}

func TestUnmaskedDataRefused(t *testing.T) {
	full := sampleManifest(5, 53)
	tests := []struct {
		name   string
		change func(*Passenger)
	}{
		{"full ID", func(p *Passenger) { p.ID = full.Passengers[2].ID }},
		{"full ID with X", func(p *Passenger) { p.ID = "14010519491231002X" }},
		{"old 15-digit ID", func(p *Passenger) { p.ID = "140105491231002" }},
		{"ID inside other text", func(p *Passenger) { p.ID = "ID:140105194912310021." }},
		{"full phone", func(p *Passenger) { p.Phone = "13912345678" }},
		{"full phone with dashes", func(p *Passenger) { p.Phone = "139-1234-5678" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := masked(full)
			tt.change(&m.Passengers[2])
			var b bytes.Buffer
			if err := ManifestPDF(&b, testFont(t), m); !errors.Is(err, ErrUnmasked) {
				t.Errorf("ManifestPDF(masked copy with %s) error = %v, want %v", tt.name, err, ErrUnmasked)
			}
			if err := ManifestXLSX(&b, m); !errors.Is(err, ErrUnmasked) {
				t.Errorf("ManifestXLSX(masked copy with %s) error = %v, want %v", tt.name, err, ErrUnmasked)
			}
			if b.Len() != 0 {
				t.Errorf("a refused copy wrote %d bytes", b.Len())
			}
		})
	}
	t.Run("masked values pass", func(t *testing.T) {
		m := masked(full)
		m.Passengers[0].ID, m.Passengers[0].Phone = "", ""
		m.Passengers[1].ID = "1401051949123100211" // 19 digits is no ID number
		var b bytes.Buffer
		if err := ManifestPDF(&b, testFont(t), m); err != nil {
			t.Errorf("ManifestPDF(masked copy) error = %v", err)
		}
	})
}

func TestManifestDeterministic(t *testing.T) {
	m := sampleManifest(20, 53)
	a, b := renderManifest(t, m), renderManifest(t, m)
	if !bytes.Equal(a, b) {
		t.Errorf("ManifestPDF twice on the same manifest gave different bytes (%d and %d)", len(a), len(b))
	}
}

// TestScreenshots renders the samples that the docs show, when asked to:
//
//	go test ./internal/printout -run Screenshots -screenshots docs/screenshots
func TestScreenshots(t *testing.T) {
	if *screenshots == "" {
		t.Skip("no -screenshots folder given")
	}
	bin := tool(t, "pdftoppm")
	var m, p bytes.Buffer
	sample := masked(sampleManifest(53, 53))
	if err := ManifestPDF(&m, testFont(t), sample); err != nil {
		t.Fatal(err)
	}
	if err := PassesPDF(&p, testFont(t), samplePasses(t, 4), sample.PrintedAt); err != nil {
		t.Fatal(err)
	}
	for name, pdf := range map[string][]byte{"manifest": m.Bytes(), "passes": p.Bytes()} {
		in := filepath.Join(t.TempDir(), name+".pdf")
		if err := os.WriteFile(in, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(*screenshots, name)
		if b, err := exec.Command(bin, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", in, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, b)
		}
	}
}

func BenchmarkManifestPDF(b *testing.B) {
	font := testFont(b)
	for _, n := range []int{53, 118} {
		m := sampleManifest(n, n)
		b.Run(fmt.Sprintf("%d seats", n), func(b *testing.B) {
			var size int
			for b.Loop() {
				var out bytes.Buffer
				if err := ManifestPDF(&out, font, m); err != nil {
					b.Fatal(err)
				}
				size = out.Len()
			}
			b.ReportMetric(float64(size)/1024, "KiB")
		})
	}
}

func BenchmarkManifestXLSX(b *testing.B) {
	m := sampleManifest(118, 118)
	for b.Loop() {
		var out bytes.Buffer
		if err := ManifestXLSX(&out, m); err != nil {
			b.Fatal(err)
		}
	}
}
