package printout

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthFont builds the smallest file that passes ParseFont's checks: the
// table directory with every table ParseFont asks for (all but cmap empty)
// and a cmap of format 4 with one segment per range, mapped by delta, plus
// the final 0xFFFF segment the format requires. Glyph outlines are absent,
// so the PDF writer cannot use it.
func synthFont(ranges ...[2]rune) []byte { return synthFontEdit(nil, ranges...) }

// synthFontEdit is synthFont with a change to its tables before they are
// laid out.
func synthFontEdit(edit func(tables map[string][]byte), ranges ...[2]rune) []byte {
	segs := append(append([][2]rune(nil), ranges...), [2]rune{0xFFFF, 0xFFFF})
	n := len(segs)
	var sub bytes.Buffer
	w := func(v any) { _ = binary.Write(&sub, binary.BigEndian, v) }
	w(uint16(4))
	w(uint16(16 + 8*n))
	w(uint16(0))
	w(uint16(2 * n))
	w([3]uint16{})
	for _, s := range segs {
		w(uint16(s[1]))
	}
	w(uint16(0))
	for _, s := range segs {
		w(uint16(s[0]))
	}
	for i, s := range segs {
		// Glyphs 1, 2, ... in order; the last segment maps to glyph 0.
		delta := uint16(1 + i*100 - int(s[0]))
		if i == n-1 {
			delta = 1
		}
		w(delta)
	}
	for range segs {
		w(uint16(0))
	}
	var cmap bytes.Buffer
	_ = binary.Write(&cmap, binary.BigEndian, []uint16{0, 1, 3, 1, 0, 12})
	cmap.Write(sub.Bytes())

	// One glyph's metrics, and the fields ParseFont reads: units per em,
	// the number of horizontal metrics and of glyphs.
	tables := map[string][]byte{"cmap": cmap.Bytes(), "head": make([]byte, 54), "hhea": make([]byte, 36), "maxp": make([]byte, 6), "hmtx": make([]byte, 4)}
	binary.BigEndian.PutUint16(tables["head"][18:], 1000)
	binary.BigEndian.PutUint16(tables["hhea"][34:], 1)
	binary.BigEndian.PutUint16(tables["maxp"][4:], 1)
	if edit != nil {
		edit(tables)
	}
	tags := []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}
	var f bytes.Buffer
	_ = binary.Write(&f, binary.BigEndian, []uint32{0x00010000})
	_ = binary.Write(&f, binary.BigEndian, []uint16{uint16(len(tags)), 0, 0, 0})
	off := uint32(12 + 16*len(tags))
	for _, tag := range tags {
		size := uint32(len(tables[tag]))
		f.WriteString(tag)
		_ = binary.Write(&f, binary.BigEndian, []uint32{0, off, size})
		off += size
	}
	for _, tag := range tags {
		f.Write(tables[tag])
	}
	return f.Bytes()
}

// chineseRanges covers the characters ParseFont looks for.
var chineseRanges = [][2]rune{{'乘', '乘'}, {'单', '单'}, {'名', '名'}, {'点', '点'}, {'对', '对'}, {'车', '车'}, {'输', '输'}, {'送', '送'}}

func TestParseFont(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // in the error; "" for none
	}{
		{"empty", nil, "not a TrueType font"},
		{"text", []byte("this is not a font at all"), "not a TrueType font"},
		{"collection", append([]byte("ttcf"), make([]byte, 40)...), "collection (.ttc)"},
		{"PostScript outlines", append([]byte("OTTO"), make([]byte, 40)...), "PostScript outlines"},
		{"directory cut short", synthFont()[:40], "cut short"},
		{"table outside the file", synthFont()[:len(synthFont())-4], "outside the file"},
		{"Latin only", synthFont([2]rune{'A', 'Z'}), "cannot print Chinese"},
		{"head cut short", synthFontEdit(func(t map[string][]byte) { t["head"] = t["head"][:50] }, chineseRanges...), "cut short"},
		{"no units per em", synthFontEdit(func(t map[string][]byte) { t["head"][19] = 0; t["head"][18] = 0 }, chineseRanges...), "units per em"},
		{"no metrics", synthFontEdit(func(t map[string][]byte) { t["hhea"][35] = 0 }, chineseRanges...), "no glyph metrics"},
		{"metrics cut short", synthFontEdit(func(t map[string][]byte) { t["hmtx"] = nil }, chineseRanges...), "no glyph metrics"},
		{"no Unicode map", synthFontEdit(func(t map[string][]byte) { t["cmap"][7] = 0 }, chineseRanges...), "no Unicode character map"},
		{"Chinese", synthFont(chineseRanges...), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFont("test.ttf", tt.data)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ParseFont() error = %v, want none", err)
				}
				return
			}
			if !errors.Is(err, ErrFont) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ParseFont() = %v, %v, want an ErrFont saying %q", f, err, tt.want)
			}
			if !strings.Contains(err.Error(), "apt-get install fonts-droid-fallback") {
				t.Errorf("ParseFont() error = %q, want it to say how to install a font", err)
			}
		})
	}
}

func TestFontHas(t *testing.T) {
	synth, err := ParseFont("synth", synthFont(append([][2]rune{{'A', 'C'}}, chineseRanges...)...))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		r    rune
		want bool
	}{{'A', true}, {'C', true}, {'D', false}, {'@', false}, {'点', true}, {'中', false}, {0xFFFF, false}, {-1, false}, {0x20BB7, false}} {
		if got := synth.Has(tt.r); got != tt.want {
			t.Errorf("synthetic Has(%q) = %v, want %v", tt.r, got, tt.want)
		}
	}
	droid := testFont(t)
	for _, tt := range []struct {
		r    rune
		want bool
	}{
		{'中', true}, {'㛃', true}, {'，', true}, {'（', true},
		// Droid Sans Fallback leaves Latin to other fonts, and the PDF
		// writer reads no character beyond the BMP.
		{'A', false}, {'7', false}, {'·', false}, {0x20BB7, false},
	} {
		if got := droid.Has(tt.r); got != tt.want {
			t.Errorf("Droid Has(%q) = %v, want %v", tt.r, got, tt.want)
		}
	}
}

func TestLoadFontMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.ttf")
	_, err := LoadFont(path)
	if !errors.Is(err, ErrFont) || !strings.Contains(err.Error(), "apt-get install fonts-droid-fallback") || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadFont(%q) error = %v, want an ErrFont naming the file and the package to install", path, err)
	}
	dir := t.TempDir()
	if _, err := LoadFont(dir); !errors.Is(err, ErrFont) {
		t.Errorf("LoadFont(a folder) error = %v, want %v", err, ErrFont)
	}
	file := filepath.Join(dir, "font.ttf")
	if err := os.WriteFile(file, synthFont(chineseRanges...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFont(file); err != nil {
		t.Errorf("LoadFont(%q) error = %v, want none", file, err)
	}
}

// A font that passes the checks but has no glyph outlines must give an
// error from drawing, not a crash.
func TestBrokenFontDoesNotPanic(t *testing.T) {
	f, err := ParseFont("hollow.ttf", synthFont(chineseRanges...))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ManifestPDF(&b, f, sampleManifest(3, 53)); !errors.Is(err, ErrFont) {
		t.Errorf("ManifestPDF(hollow font) error = %v, want %v", err, ErrFont)
	}
	if err := PassesPDF(&b, f, samplePasses(t, 1), sampleManifest(0, 53).PrintedAt); !errors.Is(err, ErrFont) {
		t.Errorf("PassesPDF(hollow font) error = %v, want %v", err, ErrFont)
	}
	if err := ManifestPDF(&b, nil, sampleManifest(3, 53)); !errors.Is(err, ErrFont) {
		t.Errorf("ManifestPDF(nil font) error = %v, want %v", err, ErrFont)
	}
}

func FuzzParseFont(f *testing.F) {
	f.Add(synthFont(chineseRanges...))
	f.Add(synthFont([2]rune{'A', 'Z'}))
	f.Add([]byte("ttcf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := ParseFont("fuzz", data)
		if err != nil {
			if !errors.Is(err, ErrFont) {
				t.Fatalf("ParseFont() error = %v, not an ErrFont", err)
			}
			return
		}
		for _, r := range "点对点输送乘车名单" {
			if !font.Has(r) {
				t.Fatalf("ParseFont() accepted a font without %q", r)
			}
		}
	})
}
