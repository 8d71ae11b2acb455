package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"laborbridge"
	"laborbridge/internal/store"
)

// maxJSONBody bounds an API request body.
const maxJSONBody = 1 << 20

// decode reads a JSON body into v, refusing unknown fields and trailing
// data so that typos in field names are reported, not ignored.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return laborbridge.FieldErrorf("body", "send JSON with Content-Type: application/json")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return laborbridge.FieldErrorf("body", "the request body is empty")
		case errors.As(err, &se):
			return laborbridge.FieldErrorf("body", "malformed JSON at byte %d", se.Offset)
		case errors.As(err, &te):
			return laborbridge.FieldErrorf(te.Field, "must be a %s", jsonKind(te.Type.Kind().String()))
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return laborbridge.FieldErrorf(name, "unknown field")
		}
		return laborbridge.FieldErrorf("body", "cannot read the request body: %v", err)
	}
	if dec.More() {
		return laborbridge.FieldErrorf("body", "unexpected data after the JSON object")
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "string"
	case "bool":
		return "boolean"
	case "slice", "array":
		return "array"
	case "struct", "map":
		return "object"
	}
	return "number"
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// list is the envelope of every paged list.
type list[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// pageOf reads page and per_page; Invalid when they are not positive numbers.
func pageOf(r *http.Request) (store.Page, error) {
	var p store.Page
	q := r.URL.Query()
	for _, f := range []struct {
		name string
		dst  *int
		def  int
	}{{"page", &p.Number, 1}, {"per_page", &p.Size, 50}} {
		v := q.Get(f.name)
		if v == "" {
			*f.dst = f.def
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return p, laborbridge.FieldErrorf(f.name, "must be a positive whole number")
		}
		*f.dst = n
	}
	if p.Size > store.MaxPageSize {
		return p, laborbridge.FieldErrorf("per_page", "at most %d", store.MaxPageSize)
	}
	return p, nil
}

func boolParam(r *http.Request, name string) (*bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, laborbridge.FieldErrorf(name, "must be true or false")
	}
	return &b, nil
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeProblem(w, r, laborbridge.Errorf(laborbridge.NotFound, "no API resource %s %s", r.Method, r.URL.Path))
}

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Name     string `json:"name,omitempty"`
}

type tokenResponse struct {
	Token     string `json:"token"`
	TokenType string `json:"token_type"`
	ExpiresIn int    `json:"expires_in"`
}

// apiCreateToken exchanges a username and password for an API token.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if err := decode(r, &req); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	refund, ok := s.limiter.attempt(s.clock(), "login:"+clientAddr(r), "user:"+req.Username)
	if !ok {
		w.Header().Set("Retry-After", "60")
		s.writeProblem(w, r, laborbridge.Errorf(laborbridge.Unauthorized, "too many sign-in attempts; wait a minute"))
		return
	}
	u, err := s.db.Authenticate(r.Context(), req.Username, req.Password)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	refund()
	token, err := s.db.CreateSession(r.Context(), u, store.SessionAPI, req.Name)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, tokenResponse{token, "Bearer", int(store.APITokenTTL.Seconds())})
}

func (s *Server) apiDeleteToken(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		s.writeProblem(w, r, laborbridge.Errorf(laborbridge.Unauthorized, "no token to revoke"))
		return
	}
	if err := s.db.DeleteSession(r.Context(), strings.TrimSpace(token)); err != nil {
		s.writeProblem(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type userJSON struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Role        string `json:"role"`
	Division    string `json:"division,omitempty"`
	EmployerID  string `json:"employer_id,omitempty"`
	WorkerID    string `json:"worker_id,omitempty"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u, err := laborbridge.RequireActor(r.Context(), "")
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userJSON{u.ID, u.Username, u.DisplayName, string(u.Role), u.Division, u.EmployerID, u.WorkerID})
}

func (s *Server) apiListAudit(w http.ResponseWriter, r *http.Request) {
	pg, err := pageOf(r)
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	q := r.URL.Query()
	entries, total, err := s.db.ListAudit(r.Context(), store.AuditFilter{Action: q.Get("action"), ObjectType: q.Get("object_type"),
		ObjectID: q.Get("object_id"), Actor: q.Get("actor"), Page: pg})
	if err != nil {
		s.writeProblem(w, r, err)
		return
	}
	out := list[auditJSON]{Items: []auditJSON{}, Total: total, Page: pg.Number, PerPage: pg.Size}
	for _, e := range entries {
		out.Items = append(out.Items, auditJSON{e.ID, e.At.Format(rfc3339), e.ActorName, e.Action, e.ObjectType, e.ObjectID,
			rawOrNull(e.Before), rawOrNull(e.After)})
	}
	writeJSON(w, http.StatusOK, out)
}

const rfc3339 = "2006-01-02T15:04:05Z07:00"

type auditJSON struct {
	ID         string          `json:"id"`
	At         string          `json:"at"`
	Actor      string          `json:"actor"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
}

func rawOrNull(s string) json.RawMessage {
	if s == "" || !json.Valid([]byte(s)) {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

// pathID returns the {id} of the route, refusing ids that cannot exist so
// that they never reach a query.
func pathID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if len(id) != 36 || strings.Trim(id, "0123456789abcdef-") != "" {
		return "", laborbridge.Errorf(laborbridge.NotFound, "not found")
	}
	return id, nil
}

func badImportKind(kind string) error {
	return laborbridge.FieldErrorf("kind", "%s is not a kind of import (workers or vacancies)", fmt.Sprint(kind))
}

// idAction serves an API call on one resource: it reads the path's {id}
// and a JSON body of type In, runs do, and answers its result as JSON, or
// its error as problem details.
func idAction[In, Out any](s *Server, do func(w http.ResponseWriter, r *http.Request, id string, in In) (Out, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		var in In
		if err == nil {
			err = decode(r, &in)
		}
		var out Out
		if err == nil {
			out, err = do(w, r, id, in)
		}
		if err != nil {
			s.writeProblem(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, out)
	}
}
