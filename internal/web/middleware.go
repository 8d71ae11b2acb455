package web

import (
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"laborbridge"
	"laborbridge/internal/store"
)

const sessionCookie = "lb_session"

// middleware wraps every request: panics become 500s, security headers are
// set, cross-origin writes are refused (CSRF), and the acting user, if
// any, is put in the context for the store to check.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, laborbridge.Errorf(laborbridge.Forbidden, "cross-origin request refused"))
	}))
	inner := cop.Handler(s.withActor(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				s.log.ErrorContext(r.Context(), "panic", append(logAttrs(r), "panic", v, "stack", string(debug.Stack()))...)
				if !sw.wrote {
					s.fail(sw, r, laborbridge.Errorf(laborbridge.Internal, "internal error"))
				}
			}
			s.log.DebugContext(r.Context(), "request", append(logAttrs(r), "status", sw.status, "dur", time.Since(start))...)
		}()
		securityHeaders(sw.Header(), s.opt.Secure)
		inner.ServeHTTP(sw, r)
	})
}

func securityHeaders(h http.Header, secure bool) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if secure {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}

// withActor resolves the caller from a bearer token or the session cookie.
// A bad bearer token is refused at once; a stale cookie is just ignored,
// so the sign-in page still shows.
func (s *Server) withActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Whatever context the server was given, a request acts only as the
		// user its own credentials name.
		ctx := laborbridge.WithActor(r.Context(), nil)
		r = r.WithContext(ctx)
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				s.fail(w, r, laborbridge.Errorf(laborbridge.Unauthorized, "use Authorization: Bearer <token>"))
				return
			}
			u, err := s.db.UserBySession(ctx, strings.TrimSpace(token), store.SessionAPI)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(laborbridge.WithActor(ctx, u)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if u, err := s.db.UserBySession(ctx, c.Value, store.SessionBrowser); err == nil {
				r = r.WithContext(laborbridge.WithActor(ctx, u))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// fail answers err as problem details on the API and as an error page
// elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeProblem(w, r, err)
		return
	}
	s.errorPage(w, r, err)
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.status, w.wrote = code, true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// clientAddr is the remote address without its port, the key for rate
// limits. Proxies are not trusted for it.
func clientAddr(r *http.Request) string {
	addr := r.RemoteAddr
	if i := strings.LastIndexByte(addr, ':'); i > 0 {
		addr = addr[:i]
	}
	return addr
}
