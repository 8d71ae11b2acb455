package web

import (
	_ "embed"
	"net/http"
)

// openapiDoc describes the API. It is written by hand and checked by tests:
// a standard validator accepts it, and every API route of the route table
// appears in it and the other way round.
//
//go:embed openapi.json
var openapiDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openapiDoc)
}
