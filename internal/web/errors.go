package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"laborbridge"
)

// statusOf is the one table that turns error kinds into HTTP statuses.
var statusOf = map[laborbridge.ErrorKind]int{
	laborbridge.Invalid:      http.StatusUnprocessableEntity,
	laborbridge.NotFound:     http.StatusNotFound,
	laborbridge.Conflict:     http.StatusConflict,
	laborbridge.Unauthorized: http.StatusUnauthorized,
	laborbridge.Forbidden:    http.StatusForbidden,
	laborbridge.RateLimited:  http.StatusTooManyRequests,
	laborbridge.Internal:     http.StatusInternalServerError,
}

func status(err error) int {
	if s, ok := statusOf[laborbridge.KindOf(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// problem is an RFC 9457 problem details document, with the fields at
// fault in an "errors" extension member.
type problem struct {
	Type     string         `json:"type"`
	Title    string         `json:"title"`
	Status   int            `json:"status"`
	Detail   string         `json:"detail,omitempty"`
	Instance string         `json:"instance,omitempty"`
	Errors   []fieldProblem `json:"errors,omitempty"`
}

type fieldProblem struct {
	Field  string `json:"field,omitempty"`
	Detail string `json:"detail"`
}

// fieldProblems flattens the field errors held by err.
func fieldProblems(err error) []fieldProblem {
	var e *laborbridge.Error
	if !errors.As(err, &e) || e.Kind == laborbridge.Internal {
		return nil
	}
	if len(e.Problems) == 0 {
		if e.Field == "" {
			return nil
		}
		return []fieldProblem{{e.Field, e.Message}}
	}
	var out []fieldProblem
	for _, p := range e.Problems {
		out = append(out, fieldProblem{p.Field, p.Message})
	}
	return out
}

// writeProblem answers an API request with err as problem details, and
// logs it when it is ours rather than the client's.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := problem{
		Type:     "https://laborbridge.org/problems/" + string(laborbridge.KindOf(err)),
		Title:    http.StatusText(code),
		Status:   code,
		Detail:   laborbridge.MessageOf(err),
		Instance: r.URL.Path,
		Errors:   fieldProblems(err),
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="laborbridge"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(p)
}

// logAttrs keeps request logs free of personal data: paths only, never
// query strings, which may carry a searched ID number.
func logAttrs(r *http.Request) []any {
	return []any{slog.String("method", r.Method), slog.String("path", r.URL.Path)}
}
