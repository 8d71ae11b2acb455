package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"laborbridge"
	"laborbridge/internal/printout"
)

// pdfFont is the Chinese font of PDFs, read once, on the first PDF asked
// for, so that a server without it still serves everything else.
type pdfFont struct {
	once sync.Once
	font *printout.Font
	err  error
}

// pdfFont returns the font, or a Conflict error that says how to install
// one: the server, not the request, lacks it.
func (s *Server) pdfFont() (*printout.Font, error) {
	s.font.once.Do(func() {
		path := s.opt.FontPath
		if path == "" {
			path = printout.DefaultFontPath
		}
		s.font.font, s.font.err = printout.LoadFont(path)
	})
	if s.font.err != nil {
		return nil, laborbridge.Errorf(laborbridge.Conflict, "this server cannot draw PDFs: %v; the XLSX manifest works without it", s.font.err)
	}
	return s.font.font, nil
}

// maskedParam reads ?masked=; absent means a full copy for the roles that
// may have one.
func maskedParam(r *http.Request) (bool, error) {
	b, err := boolParam(r, "masked")
	if err != nil || b == nil {
		return false, err
	}
	return *b, nil
}

// writeManifest answers with a trip's manifest as PDF or XLSX. The file
// is drawn in memory first, so that a failure still gets a proper error.
func (s *Server) writeManifest(w http.ResponseWriter, r *http.Request, tripID, format string, masked bool, driverURL string) error {
	var font *printout.Font
	if format == "pdf" {
		f, err := s.pdfFont()
		if err != nil {
			return err
		}
		font = f
	}
	m, err := s.db.ManifestData(r.Context(), tripID, masked)
	if err != nil {
		return err
	}
	m.DriverURL = driverURL
	var buf bytes.Buffer
	ct := "application/pdf"
	if format == "pdf" {
		err = printout.ManifestPDF(&buf, font, m)
	} else {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = printout.ManifestXLSX(&buf, m)
	}
	if err != nil {
		return laborbridge.InternalError(fmt.Errorf("draw manifest: %w", err))
	}
	name := "manifest-" + m.Trip.Number
	switch {
	case driverURL != "":
		name += "-drivers-copy"
	case m.Masked:
		name += "-masked"
	}
	download(w, ct, name+"."+format, buf.Len())
	buf.WriteTo(w)
	return nil
}

// writePasses answers with the boarding passes of a trip, four to an A4
// sheet.
func (s *Server) writePasses(w http.ResponseWriter, r *http.Request, tripID string) error {
	font, err := s.pdfFont()
	if err != nil {
		return err
	}
	t, err := s.db.GetTrip(r.Context(), tripID)
	if err != nil {
		return err
	}
	bps, err := s.db.TripPasses(r.Context(), tripID)
	if err != nil {
		return err
	}
	passes := make([]printout.Pass, len(bps))
	for i, b := range bps {
		passes[i] = b.Pass
	}
	var buf bytes.Buffer
	if err := printout.PassesPDF(&buf, font, passes, s.clock()); err != nil {
		return laborbridge.InternalError(fmt.Errorf("draw passes: %w", err))
	}
	download(w, "application/pdf", "passes-"+t.Number+".pdf", buf.Len())
	buf.WriteTo(w)
	return nil
}

func download(w http.ResponseWriter, contentType, name string, size int) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename="+name)
	w.Header().Set("Content-Length", strconv.Itoa(size))
	w.Header().Set("Cache-Control", "no-store")
}
