package printout

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// DefaultFontPath is where Debian's fonts-droid-fallback package installs
// Droid Sans Fallback, a TrueType font with the Chinese glyphs (GB 2312 and
// far beyond) under the Apache 2.0 licence. It has no Latin letters or
// digits; those are set in the PDF's built-in Helvetica.
const DefaultFontPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// ErrFont is wrapped by every error about a font that cannot be used: a
// missing file, a font collection, a font without Chinese glyphs.
var ErrFont = errors.New("no usable Chinese font")

const fontHint = "install Debian's fonts-droid-fallback package (apt-get install fonts-droid-fallback) " +
	"or configure the path of a TrueType (.ttf) font with Chinese glyphs"

// Font is a TrueType font with Chinese glyphs, read once and embedded (only
// the glyphs used) in every PDF drawn with it. A Font is safe for concurrent
// use.
type Font struct {
	name string
	data []byte
	// has marks the characters of the Basic Multilingual Plane that the
	// font draws, as read from the same cmap subtable the PDF writer uses,
	// so that text is never set in a font that lacks its glyphs.
	has *[1 << 16 / 64]uint64
}

// LoadFont reads a TrueType font from path. The error wraps ErrFont, and
// says how to install Droid Sans Fallback when the file does not exist.
func LoadFont(path string) (*Font, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("font %s does not exist; %s: %w", path, fontHint, ErrFont)
	}
	if err != nil {
		return nil, fmt.Errorf("font %s: %v: %w", path, err, ErrFont)
	}
	return ParseFont(path, data)
}

// ParseFont checks that data is a TrueType font with Chinese glyphs that the
// PDF writer can embed; name only labels errors. The error wraps ErrFont.
// Collections (.ttc) and OpenType fonts with PostScript outlines (most .otf)
// are refused, because the PDF writer embeds neither.
func ParseFont(name string, data []byte) (*Font, error) {
	fail := func(format string, args ...any) (*Font, error) {
		return nil, fmt.Errorf("font %s: %s; %s: %w", name, fmt.Sprintf(format, args...), fontHint, ErrFont)
	}
	if len(data) < 12 {
		return fail("not a TrueType font")
	}
	switch binary.BigEndian.Uint32(data) {
	case 0x00010000, 0x74727565: // version 1.0, 'true'
	case 0x74746366: // 'ttcf'
		return fail("a font collection (.ttc), which cannot be embedded; use a single .ttf font")
	case 0x4F54544F: // 'OTTO'
		return fail("an OpenType font with PostScript outlines, which cannot be embedded; use a TrueType .ttf font")
	default:
		return fail("not a TrueType font")
	}
	tables, err := tableDirectory(data)
	if err != nil {
		return fail("%v", err)
	}
	for _, tag := range []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "OS/2", "post"} {
		if _, ok := tables[tag]; !ok {
			return fail("no %q table", tag)
		}
	}
	// The PDF writer reads these fields unchecked; a font without them is
	// damaged, and is better refused here with a reason.
	if len(tables["head"]) < 54 || len(tables["hhea"]) < 36 || len(tables["maxp"]) < 6 {
		return fail("head, hhea or maxp table cut short")
	}
	if binary.BigEndian.Uint16(tables["head"][18:]) == 0 {
		return fail("no units per em in the head table")
	}
	metrics := int(binary.BigEndian.Uint16(tables["hhea"][34:]))
	if metrics == 0 || binary.BigEndian.Uint16(tables["maxp"][4:]) == 0 || len(tables["hmtx"]) < 4*metrics {
		return fail("no glyph metrics")
	}
	has, err := unicodeMap(tables["cmap"])
	if err != nil {
		return fail("%v", err)
	}
	f := &Font{name: name, data: data, has: has}
	for _, r := range "点对点输送乘车名单" {
		if !f.Has(r) {
			return fail("no glyph for %q, so it cannot print Chinese", r)
		}
	}
	return f, nil
}

// Has reports whether the font draws r.
func (f *Font) Has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return f.has[r/64]&(1<<(r%64)) != 0
}

// tableDirectory returns the font's tables by tag, each checked to lie
// within the file.
func tableDirectory(data []byte) (map[string][]byte, error) {
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errors.New("table directory cut short")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[12+16*i:]
		off, size := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > uint64(len(data)) {
			return nil, fmt.Errorf("table %q lies outside the file", rec[:4])
		}
		tables[string(rec[:4])] = data[off : off+size]
	}
	return tables, nil
}

// unicodeMap reads the characters a font maps to glyphs from the first
// Unicode subtable of format 4 (platform 0, or Windows Unicode BMP), the one
// the PDF writer reads too; characters beyond the BMP are therefore never
// drawn.
func unicodeMap(cmap []byte) (*[1 << 16 / 64]uint64, error) {
	u16 := func(b []byte, i int) (int, bool) {
		if i < 0 || i+2 > len(b) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(b[i:])), true
	}
	count, ok := u16(cmap, 2)
	if !ok {
		return nil, errors.New("cmap table cut short")
	}
	var sub []byte
	for i := range count {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return nil, errors.New("cmap table cut short")
		}
		platform, _ := u16(cmap, rec)
		encoding, _ := u16(cmap, rec+2)
		off := int(binary.BigEndian.Uint32(cmap[rec+4:]))
		if !(platform == 0 || platform == 3 && encoding == 1) {
			continue
		}
		if format, ok := u16(cmap, off); ok && format == 4 {
			sub = cmap[off:]
			break
		}
	}
	if sub == nil {
		return nil, errors.New("no Unicode character map of format 4")
	}
	segX2, ok := u16(sub, 6)
	if !ok || 16+4*segX2 > len(sub) {
		return nil, errors.New("character map cut short")
	}
	ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
	has := new([1 << 16 / 64]uint64)
	for s := 0; s < segX2; s += 2 {
		end, _ := u16(sub, ends+s)
		start, _ := u16(sub, starts+s)
		delta, _ := u16(sub, deltas+s)
		rangeOff, _ := u16(sub, ranges+s)
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if rangeOff != 0 {
				// The offset counts from the idRangeOffset entry itself into
				// the glyph array that follows it.
				g, ok := u16(sub, ranges+s+rangeOff+2*(c-start))
				if !ok {
					return nil, errors.New("character map points outside itself")
				}
				glyph = 0
				if g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				has[c/64] |= 1 << (c % 64)
			}
		}
	}
	return has, nil
}
