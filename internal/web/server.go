// Package web serves laborbridge's HTTP API under /api/v1 and its
// server-rendered pages, from one route table. Everything it serves is
// embedded in the binary. It reaches data only through *store.DB, which
// enforces each user's scope, so pages and API always agree.
package web

import (
	"html/template"
	"laborbridge"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"laborbridge/internal/store"
)

// Options configure a Server.
type Options struct {
	Log *slog.Logger
	// Secure marks cookies Secure and sends HSTS: set when served over TLS
	// or behind a TLS-terminating proxy.
	Secure bool
	// UploadLimit bounds an uploaded spreadsheet, in bytes.
	UploadLimit int64
	// TempDir holds uploads while they are imported; "" means the system's.
	TempDir string
	// FontPath is a TrueType font with Chinese glyphs for manifests and
	// passes in PDF; "" means printout.DefaultFontPath.
	FontPath string
	// Boarding are the checks at the gathering point; the zero value means
	// laborbridge.DefaultBoardingRules.
	Boarding laborbridge.BoardingRules
}

// Server is the HTTP interface of the platform.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	opt     Options
	pages   map[string]*template.Template
	i18n    *catalog
	limiter *limiter
	scans   *limiter
	mux     *http.ServeMux
	handler http.Handler

	importMu sync.Mutex // one upload import at a time keeps SQLite writers short
	font     pdfFont    // read on the first PDF
}

// New returns a Server over db.
func New(db *store.DB, opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.UploadLimit == 0 {
		opt.UploadLimit = 64 << 20
	}
	cat, err := loadCatalog()
	if err != nil {
		return nil, err
	}
	if len(opt.Boarding.Order) == 0 {
		opt.Boarding = laborbridge.DefaultBoardingRules()
	}
	s := &Server{db: db, log: opt.Log, opt: opt, i18n: cat, limiter: newLimiter(5, time.Minute),
		scans: newLimiter(40, 4*time.Second), mux: http.NewServeMux()}
	if s.pages, err = parsePages(cat); err != nil {
		return nil, err
	}
	s.routes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
