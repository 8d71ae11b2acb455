package printout

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// ErrQR is wrapped by the errors of QR codes: an empty text, or one too
// long for the largest QR code.
var ErrQR = errors.New("cannot make a QR code")

// quiet is the blank margin around a QR code, in modules, that the
// standard asks for so that a reader finds the code's edges.
const quiet = 4

// qrMatrix encodes text at error correction level M, which survives a
// fold or a smudge across 15 % of the code while keeping a signed pass at
// version 7. Upper-case tokens go in alphanumeric mode, chosen by the
// encoder from the characters. The matrix is indexed [y][x], true for dark.
func qrMatrix(text string) ([][]bool, error) {
	if text == "" {
		return nil, fmt.Errorf("empty text: %w", ErrQR)
	}
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("%d characters: %v: %w", len(text), err, ErrQR)
	}
	var m matrixWriter
	if err := q.Save(&m); err != nil {
		return nil, fmt.Errorf("%v: %w", err, ErrQR)
	}
	return m.bits, nil
}

// matrixWriter takes the module matrix from the encoder, which hands it
// only to a writer.
type matrixWriter struct{ bits [][]bool }

func (w *matrixWriter) Write(m qrcode.Matrix) error {
	w.bits = m.Bitmap()
	return nil
}

func (w *matrixWriter) Close() error { return nil }

// QRVersion returns the QR code version (1–40) that text needs at error
// correction level M: its side is 17 + 4 × version modules. The error wraps
// ErrQR.
func QRVersion(text string) (int, error) {
	m, err := qrMatrix(text)
	if err != nil {
		return 0, err
	}
	return (len(m) - 17) / 4, nil
}

// QRPNG draws text as a black-on-white QR code in PNG, module pixels to a
// module, with the quiet zone around it; module below 1 counts as 1. The
// error wraps ErrQR.
func QRPNG(text string, module int) ([]byte, error) {
	m, err := qrMatrix(text)
	if err != nil {
		return nil, err
	}
	module = max(module, 1)
	side := (len(m) + 2*quiet) * module
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for py := range module {
				off := img.PixOffset((x+quiet)*module, (y+quiet)*module+py)
				for px := range module {
					img.Pix[off+px] = 1
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("encode PNG: %w", err)
	}
	return b.Bytes(), nil
}

// QRSVG draws text as a QR code in SVG: a white square and one black rect
// per run of dark modules in a row, in a viewBox of one unit per module
// with the quiet zone, so the page's stylesheet sizes it. It uses
// presentation attributes only, never a style attribute, which a strict
// Content-Security-Policy would block. The error wraps ErrQR.
func QRSVG(text string) (string, error) {
	m, err := qrMatrix(text)
	if err != nil {
		return "", err
	}
	side := strconv.Itoa(len(m) + 2*quiet)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + side + ` ` + side +
		`" shape-rendering="crispEdges" role="img"><rect width="` + side + `" height="` + side + `" fill="#fff"/>`)
	eachRun(m, func(x, y, n int) {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="1"/>`, x+quiet, y+quiet, n)
	})
	b.WriteString(`</svg>`)
	return b.String(), nil
}

// eachRun calls fn for every horizontal run of dark modules: fewer shapes
// than one per module, and no hairline seams between neighbours.
func eachRun(m [][]bool, fn func(x, y, n int)) {
	for y, row := range m {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			n := 1
			for x+n < len(row) && row[x+n] {
				n++
			}
			fn(x, y, n)
			x += n
		}
	}
}

// qr draws text as a QR code of side size (quiet zone included) with its
// top left corner at (x, y).
func (d *doc) qr(x, y, size float64, text string) error {
	m, err := qrMatrix(text)
	if err != nil {
		return err
	}
	mod := size / float64(len(m)+2*quiet)
	d.pdf.SetFillColor(0, 0, 0)
	eachRun(m, func(mx, my, n int) {
		d.pdf.Rect(x+float64(mx+quiet)*mod, y+float64(my+quiet)*mod, float64(n)*mod, mod, "F")
	})
	return nil
}
