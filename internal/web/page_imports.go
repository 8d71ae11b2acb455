package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"

	"laborbridge"
	"laborbridge/internal/sheet"
	"laborbridge/internal/store"
)

func sheetOptions(o Options) sheet.Options {
	return sheet.Options{TempDir: o.TempDir, UnzipSizeLimit: 512 << 20}
}

func (s *Server) pageImports(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "NavImports")
	s.showImports(w, r, p, http.StatusOK)
}

func (s *Server) showImports(w http.ResponseWriter, r *http.Request, p *pageData, code int) {
	u, err := laborbridge.RequireActor(r.Context(), "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	reps, total, err := s.db.ListImports(r.Context(), store.Page{Number: pageParam(r), Size: 20})
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var kinds []string
	if u.Can(laborbridge.ActImportWorkers) {
		kinds = append(kinds, store.ImportWorkers)
	}
	if u.Can(laborbridge.ActImportVacancies) {
		kinds = append(kinds, store.ImportVacancies)
	}
	if len(kinds) == 0 {
		s.errorPage(w, r, laborbridge.Errorf(laborbridge.Forbidden, "the %s role does not import", u.Role))
		return
	}
	if p.Form == nil {
		p.Form = map[string]string{"kind": kinds[0]}
	}
	p.Data = struct {
		Imports    []*store.ImportReport
		Total      int
		Page, Size int
		Kinds      []string
	}{reps, total, pageParam(r), 20, kinds}
	s.render(w, r, code, "imports", p)
}

func (s *Server) postImport(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if err := r.ParseMultipartForm(8 << 20); err == nil {
		kind = r.FormValue("kind")
	}
	rep, err := s.runImport(w, r, kind, r.FormValue("skip_invalid") != "")
	if err != nil {
		if laborbridge.KindOf(err) != laborbridge.Invalid {
			s.errorPage(w, r, err)
			return
		}
		p := s.newPage(r, "NavImports")
		p.Errors, _ = formErrors(err)
		if len(p.Errors) == 0 {
			p.Errors = map[string]string{"file": laborbridge.MessageOf(err)}
		}
		p.Form = map[string]string{"kind": kind}
		s.showImports(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	http.Redirect(w, r, "/imports/"+rep.ID, http.StatusSeeOther)
}

func (s *Server) pageImport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rep, err := s.db.GetImport(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(rep.FileName+".errors.csv"))
		w.Header().Set("Cache-Control", "no-store")
		w.Write([]byte("\ufeff"))
		cw := csv.NewWriter(w)
		cw.Write([]string{"行号 row", "列 column", "原因 reason"})
		for _, e := range rep.Errors {
			cw.Write([]string{strconv.Itoa(e.Line), e.Column, e.Reason})
		}
		cw.Flush()
		return
	}
	p := s.newPage(r, "ImportReport")
	p.Title = rep.FileName
	p.Data = rep
	s.render(w, r, http.StatusOK, "import", p)
}

// downloadTemplate serves the import template of a kind as XLSX or CSV.
func (s *Server) downloadTemplate(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("kind")
	kind, format := name, sheet.XLSX
	if f, err := sheet.FormatOf(name); err == nil {
		format = f
		kind = name[:len(name)-len(format.String())-1]
	}
	if kind != store.ImportWorkers && kind != store.ImportVacancies {
		s.errorPage(w, r, laborbridge.Errorf(laborbridge.NotFound, "no such template"))
		return
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == sheet.CSV {
		ct = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename="+kind+"-template."+format.String())
	if err := store.WriteTemplate(w, kind, format); err != nil {
		s.log.ErrorContext(r.Context(), "template", "err", err)
	}
}

// exportWorkers streams the workers of the current filter as XLSX or CSV.
func (s *Server) exportWorkers(w http.ResponseWriter, r *http.Request) {
	f, err := workerFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	format := exportFormatParam(r)
	if _, err := laborbridge.RequireActor(r.Context(), laborbridge.ActReadWorkers); err != nil {
		s.errorPage(w, r, err)
		return
	}
	exportHeaders(w, "workers", format)
	if _, err := s.db.ExportWorkers(r.Context(), w, f, store.ExportOptions{Format: format}); err != nil {
		s.log.ErrorContext(r.Context(), "export workers", "err", err)
	}
}

func (s *Server) exportVacancies(w http.ResponseWriter, r *http.Request) {
	f, err := vacancyFilter(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	format := exportFormatParam(r)
	if _, err := laborbridge.RequireActor(r.Context(), laborbridge.ActReadVacancies); err != nil {
		s.errorPage(w, r, err)
		return
	}
	exportHeaders(w, "vacancies", format)
	if _, err := s.db.ExportVacancies(r.Context(), w, f, store.ExportOptions{Format: format}); err != nil {
		s.log.ErrorContext(r.Context(), "export vacancies", "err", err)
	}
}

func exportFormatParam(r *http.Request) sheet.Format {
	if r.URL.Query().Get("format") == "csv" {
		return sheet.CSV
	}
	return sheet.XLSX
}

func exportHeaders(w http.ResponseWriter, name string, f sheet.Format) {
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if f == sheet.CSV {
		ct = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", "attachment; filename="+name+"."+f.String())
	w.Header().Set("Cache-Control", "no-store")
}
