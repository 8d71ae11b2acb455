package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"

	"laborbridge"
	"laborbridge/internal/store"
)

// upload reads the spreadsheet of an import request: the "file" part of a
// multipart form, or the raw body with its name in ?file_name=.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) (io.Reader, string, func(), error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.UploadLimit)
	ct := r.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, "", nil, uploadError(err)
		}
		f, h, err := r.FormFile("file")
		if err != nil {
			return nil, "", nil, laborbridge.FieldErrorf("file", "choose a CSV or XLSX file to upload")
		}
		return f, filepath.Base(h.Filename), func() {
			f.Close()
			r.MultipartForm.RemoveAll()
		}, nil
	}
	name := r.URL.Query().Get("file_name")
	if name == "" {
		name = "upload"
	}
	return r.Body, filepath.Base(name), func() {}, nil
}

func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return laborbridge.FieldErrorf("file", "the file is larger than %d MB", tooBig.Limit>>20)
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return laborbridge.FieldErrorf("file", "the file is too large")
	}
	return laborbridge.FieldErrorf("file", "cannot read the upload: %v", err)
}

// runImport imports an uploaded file. Imports run one at a time, which
// keeps SQLite's single writer free for everyone else between them.
func (s *Server) runImport(w http.ResponseWriter, r *http.Request, kind string, skip bool) (*store.ImportReport, error) {
	if kind != store.ImportWorkers && kind != store.ImportVacancies {
		return nil, badImportKind(kind)
	}
	body, name, cleanup, err := s.upload(w, r)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	s.importMu.Lock()
	defer s.importMu.Unlock()
	return s.db.Import(r.Context(), kind, body, store.ImportOptions{FileName: name, SkipInvalid: skip,
		Sheet: sheetOptions(s.opt)})
}

func (s *Server) apiCreateImport(w http.ResponseWriter, r *http.Request) {
	skip, err := boolParam(r, "skip_invalid")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rep, err := s.runImport(w, r, r.URL.Query().Get("kind"), skip != nil && *skip)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	code := http.StatusCreated
	if rep.Status == store.ImportRejected {
		code = http.StatusUnprocessableEntity
	}
	w.Header().Set("Location", "/api/v1/imports/"+rep.ID)
	writeJSON(w, code, rep)
}

func (s *Server) apiListImports(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	reps, total, err := s.db.ListImports(r.Context(), pg)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[*store.ImportReport]{Items: reps, Total: total, Page: pg.Number, PerPage: pg.Size}
	if out.Items == nil {
		out.Items = []*store.ImportReport{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiGetImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	rep, err := s.db.GetImport(r.Context(), id)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}
