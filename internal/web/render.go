package web

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/refdata"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageData is what every page template receives.
type pageData struct {
	Lang   string
	Title  string
	User   *laborbridge.User
	Path   string
	Query  url.Values
	Flash  string
	Errors map[string]string // field → message, for forms
	Form   map[string]string // values typed, for forms
	Data   any
	cat    *catalog
}

// T translates id into the page's language.
func (p *pageData) T(id string, args ...any) string { return p.cat.text(p.Lang, id, args...) }

// Err returns the message for a form field, if any.
func (p *pageData) Err(field string) string { return p.Errors[field] }

// Rule states in the page's language what a form field needs. The
// domain's validation messages are in English only, so a field in error
// shows its rule first and the message after it as the detail.
func (p *pageData) Rule(field string) string {
	id := "Rule_" + field
	if !p.cat.has(p.Lang, id) {
		return ""
	}
	return p.T(id)
}

// Val returns a form value typed by the user.
func (p *pageData) Val(field string) string { return p.Form[field] }

// En reports whether the page is in English.
func (p *pageData) En() bool { return p.Lang == "en" }

// Division names a division in the page's language.
func (p *pageData) Division(code string) string {
	d, ok := refdata.DivisionByCode(code)
	if !ok {
		return code
	}
	if p.Lang == "en" {
		return d.QualifiedEn()
	}
	return d.QualifiedZh()
}

// Occupation names an occupation in the page's language.
func (p *pageData) Occupation(code string) string {
	o, ok := refdata.OccupationByCode(code)
	if !ok {
		return code
	}
	if p.Lang == "en" {
		return o.NameEn
	}
	return o.NameZh
}

// Provinces names a list of province codes.
func (p *pageData) Provinces(codes []string) string {
	if len(codes) == 0 {
		return p.T("AnyRegion")
	}
	names := make([]string, len(codes))
	for i, c := range codes {
		d, ok := refdata.DivisionByCode(c)
		switch {
		case !ok:
			names[i] = c
		case p.Lang == "en":
			names[i] = d.NameEn
		default:
			names[i] = d.NameZh
		}
	}
	sep := "、"
	if p.Lang == "en" {
		sep = ", "
	}
	return strings.Join(names, sep)
}

// With returns the current URL with query parameter k set to v, for
// filters and paging links.
func (p *pageData) With(k, v string) string {
	q := url.Values{}
	for key, vals := range p.Query {
		q[key] = vals
	}
	if v == "" {
		q.Del(k)
	} else {
		q.Set(k, v)
	}
	if k != "page" {
		q.Del("page")
	}
	if len(q) == 0 {
		return p.Path
	}
	return p.Path + "?" + q.Encode()
}

// Q returns a query parameter of the current request.
func (p *pageData) Q(k string) string { return p.Query.Get(k) }

// Actor names who made an audit entry: the account's name, or for a
// driver's link the trip it drove, in the page's language.
func (p *pageData) Actor(e laborbridge.AuditEntry) string {
	if strings.HasPrefix(e.ActorID, "driver:") {
		return p.T("DriverOf", "Number", strings.TrimPrefix(e.ActorName, "driver of "))
	}
	return e.ActorName
}

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(beijing).Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(beijing).Format("2006-01-02 15:04")
	},
	"num": func(n int) string { return groupDigits(int64(n)) },
	"add": func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	},
	"dict": func(kv ...any) map[string]any {
		m := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"hasPrefix": strings.HasPrefix,
	"lastPage": func(total, size int) int {
		if size <= 0 {
			return 1
		}
		return max(1, (total+size-1)/size)
	},
	"initial": func(s string) string {
		for _, r := range s {
			return strings.ToUpper(string(r))
		}
		return "?"
	},
	"num64": groupDigits,
	"pct": func(n, of int) string {
		if of <= 0 {
			return "0"
		}
		return strconv.FormatFloat(100*float64(n)/float64(of), 'f', 1, 64)
	},
	"deref": func(v any) any {
		switch x := v.(type) {
		case *bool:
			return *x
		case *time.Time:
			return *x
		case *float64:
			return *x
		}
		return v
	},
	"pad": func(prefix string) string {
		for len(prefix) < 6 {
			prefix += "0"
		}
		return prefix
	},
	"str":   strconv.Itoa,
	"join":  strings.Join,
	"split": splitWords,
}

// beijing is China Standard Time, in which the UI shows times.
var beijing = time.FixedZone("CST", 8*3600)

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// parsePages parses each page template together with the layout.
func parsePages(cat *catalog) (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, fmt.Errorf("layout: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/page_*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, n)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", n, err)
		}
		key := strings.TrimSuffix(strings.TrimPrefix(n, "templates/page_"), ".html")
		pages[key] = t
	}
	return pages, nil
}

// newPage returns the data common to every page.
func (s *Server) newPage(r *http.Request, titleID string) *pageData {
	lang := langOf(r)
	p := &pageData{Lang: lang, User: laborbridge.ActorFrom(r.Context()), Path: r.URL.Path, Query: r.URL.Query(), cat: s.i18n}
	p.Title = p.T(titleID)
	if c, err := r.Cookie("flash"); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			p.Flash = v
		}
	}
	return p
}

// render writes a page. Pages showing personal data must not be cached.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, p *pageData) {
	t, ok := s.pages[page]
	if !ok {
		s.log.ErrorContext(r.Context(), "no such page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if p.Flash != "" {
		http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// flash sets a one-time message shown on the next page.
func flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: url.QueryEscape(msg), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// errorPage shows err on a page of its own; unauthenticated visitors go to
// the sign-in page instead.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	if laborbridge.KindOf(err) == laborbridge.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "Error")
	s.showError(w, r, p, err, s.localError(p.Lang, err))
}

// showError renders the error page p saying msg, with err's status, and
// logs the failures that are the server's.
func (s *Server) showError(w http.ResponseWriter, r *http.Request, p *pageData, err error, msg string) {
	code := status(err)
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "page failed", append(logAttrs(r), "err", err)...)
	}
	p.Data = struct {
		Status  int
		Message string
	}{code, msg}
	s.render(w, r, code, "error", p)
}

// localError returns err's message for a user; kinds without a field get a
// translated headline.
func (s *Server) localError(lang string, err error) string {
	switch laborbridge.KindOf(err) {
	case laborbridge.NotFound:
		return s.i18n.text(lang, "ErrNotFound")
	case laborbridge.Forbidden:
		return s.i18n.text(lang, "ErrForbidden")
	case laborbridge.Internal:
		return s.i18n.text(lang, "ErrInternal")
	}
	return laborbridge.MessageOf(err)
}

// formErrors spreads an Invalid error over the form's fields; the rest goes
// to the form's general message.
func formErrors(err error) (map[string]string, string) {
	var e *laborbridge.Error
	if !errors.As(err, &e) || e.Kind != laborbridge.Invalid {
		return nil, laborbridge.MessageOf(err)
	}
	out := map[string]string{}
	probs := e.Problems
	if len(probs) == 0 {
		probs = []*laborbridge.Error{e}
	}
	var general []string
	for _, p := range probs {
		if p.Field == "" {
			general = append(general, p.Message)
			continue
		}
		if out[p.Field] != "" {
			out[p.Field] += "; "
		}
		out[p.Field] += p.Message
	}
	return out, strings.Join(general, "; ")
}

// page reads the page number of a list.
func pageParam(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if n < 1 {
		n = 1
	}
	return n
}
