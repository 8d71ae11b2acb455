package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

func (s *Server) clock() time.Time { return time.Now() }

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	if laborbridge.ActorFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "SignIn")
	p.Form = map[string]string{"next": r.URL.Query().Get("next")}
	s.render(w, r, http.StatusOK, "login", p)
}

// postLogin checks the credentials, rate-limited per client and per
// username, and starts a new session (a fresh token at every sign-in).
func (s *Server) postLogin(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	p := s.newPage(r, "SignIn")
	p.Form = map[string]string{"username": username, "next": r.PostFormValue("next")}
	refund, ok := s.limiter.attempt(s.clock(), "login:"+clientAddr(r), "user:"+username)
	if !ok {
		p.Errors = map[string]string{"": p.T("TooManyAttempts")}
		w.Header().Set("Retry-After", "60")
		s.render(w, r, http.StatusTooManyRequests, "login", p)
		return
	}
	u, err := s.db.Authenticate(r.Context(), username, r.PostFormValue("password"))
	if err != nil {
		p.Errors = map[string]string{"": p.T("WrongLogin")}
		if laborbridge.KindOf(err) != laborbridge.Unauthorized {
			p.Errors[""] = s.localError(p.Lang, err)
		}
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return
	}
	refund()
	token, err := s.db.CreateSession(r.Context(), u, store.SessionBrowser, "")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.opt.Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(store.BrowserSessionTTL.Seconds())})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// safeNext keeps redirects after sign-in on this site. Browsers read a
// backslash as a slash, so "/\evil.example" would leave the site like
// "//evil.example" does.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsRune(next, '\\') {
		return "/"
	}
	return next
}

func (s *Server) postLogout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.db.DeleteSession(r.Context(), c.Value); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.opt.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang remembers the chosen language for a year and goes back.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PathValue("lang")
	if lang != "zh" && lang != "en" {
		s.errorPage(w, r, laborbridge.Errorf(laborbridge.NotFound, "no such language"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("back")), http.StatusSeeOther)
}
