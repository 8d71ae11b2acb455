package web_test

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"laborbridge/internal/store"
	"laborbridge/internal/store/storetest"
)

// loadOpenAPI fetches the served document and checks it with kin-openapi,
// which validates OpenAPI 3.1 documents against 3.1's rules (JSON Schema
// 2020-12) when the document says it is 3.1.
func loadOpenAPI(t *testing.T, e *env) *openapi3.T {
	t.Helper()
	res, body := e.do(req{path: "/api/v1/openapi.json"})
	if res.StatusCode != 200 {
		t.Fatalf("GET /api/v1/openapi.json = %d", res.StatusCode)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(body))
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	return doc
}

// apiRoutes reads the route table in routes.go and returns its API routes
// as "METHOD /path" under /api/v1, with the catch-all left out.
func apiRoutes(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "HandleFunc" && sel.Sel.Name != "Handle" {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		pattern, _ := strconv.Unquote(lit.Value)
		method, path, found := strings.Cut(pattern, " ")
		if found && strings.HasPrefix(path, "/api/v1/") {
			out = append(out, method+" "+strings.TrimPrefix(path, "/api/v1"))
		}
		return true
	})
	if len(out) < 10 {
		t.Fatalf("found %d API routes in routes.go; has its form changed?", len(out))
	}
	return out
}

func TestOpenAPIDocument(t *testing.T) {
	e := sqliteEnv(t, 0)
	doc := loadOpenAPI(t, e)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("servers = %v, want the one /api/v1", doc.Servers)
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	routes := apiRoutes(t)
	for _, r := range routes {
		if !slices.Contains(documented, r) {
			t.Errorf("route %s is not in the OpenAPI document", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(routes, d) {
			t.Errorf("the OpenAPI document has %s, which routes.go does not serve", d)
		}
	}
}

// TestOpenAPIResponses sends live requests and checks each request and
// response against the operation the document gives for it.
func TestOpenAPIResponses(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		e := newEnv(t, db, clock, 6)
		doc := loadOpenAPI(t, e)
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			t.Fatalf("router: %v", err)
		}
		w := e.workerIn("140105")
		bad := csvRow(t, 402, "140105")
		bad[2] = "1234"
		upload, ctype := multipartBody(t, "bad.csv", csvOf(t, [][]string{csvRow(t, 400, "140105"), bad}), nil)
		cases := []struct {
			name string
			req  req
			want int
		}{
			{"token", req{method: "POST", path: "/api/v1/auth/token", body: `{"username":"shanxi","password":"` + password + `"}`}, 201},
			{"token refused", req{method: "POST", path: "/api/v1/auth/token", body: `{"username":"shanxi","password":"nope, wrong"}`}, 401},
			{"me", req{path: "/api/v1/me", as: "xiaodian"}, 200},
			{"workers", req{path: "/api/v1/workers?per_page=5&priority=true", as: "shanxi"}, 200},
			{"worker", req{path: "/api/v1/workers/" + w.ID, as: "xiaodian"}, 200},
			{"worker revealed", req{path: "/api/v1/workers/" + w.ID + "?reveal=true", as: "xiaodian"}, 200},
			{"worker out of scope", req{path: "/api/v1/workers/" + w.ID, as: "yingze"}, 404},
			{"create worker", req{method: "POST", path: "/api/v1/workers", as: "xiaodian", body: newWorkerJSON(t, 310, "140105")}, 201},
			{"create bad worker", req{method: "POST", path: "/api/v1/workers", as: "xiaodian", body: `{"name":"x","id_number":"1","phone":"2","home":"140105","occupation":"5120"}`}, 422},
			{"update worker", req{method: "PUT", path: "/api/v1/workers/" + w.ID, as: "xiaodian", body: `{"name":"` + w.Name + `","home":"140105","occupation":"7212"}`}, 200},
			{"employers", req{path: "/api/v1/employers", as: "shanxi"}, 200},
			{"employer", req{path: "/api/v1/employers/" + e.employers[0].ID, as: "shanxi"}, 200},
			{"vacancies", req{path: "/api/v1/vacancies?region=320000", as: "suzhou-hr"}, 200},
			{"vacancy", req{path: "/api/v1/vacancies/" + e.vacancies[2].ID, as: "suzhou-hr"}, 200},
			{"rejected import", req{method: "POST", path: "/api/v1/imports?kind=workers", as: "xiaodian", body: upload, ctype: ctype}, 422},
			{"partial import", req{method: "POST", path: "/api/v1/imports?kind=workers&skip_invalid=true", as: "xiaodian", body: upload, ctype: ctype}, 201},
			{"imports", req{path: "/api/v1/imports", as: "xiaodian"}, 200},
			{"audit", req{path: "/api/v1/audit?per_page=20", as: "shanxi"}, 200},
			{"audit refused", req{path: "/api/v1/audit", as: "xiaodian"}, 403},
			{"no token", req{path: "/api/v1/workers"}, 401},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, body := e.do(c.req)
				if res.StatusCode != c.want {
					t.Fatalf("%s %s = %d, want %d\n%s", c.req.method, c.req.path, res.StatusCode, c.want, body)
				}
				validateExchange(t, router, c.req, e.tokens[c.req.as], res, body)
			})
		}
	})
}

func validateExchange(t *testing.T, router routers.Router, r req, token string, res *http.Response, body string) {
	t.Helper()
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	hr := httptest.NewRequest(method, "http://laborbridge.test"+r.path, strings.NewReader(r.body))
	if r.body != "" {
		ct := r.ctype
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	if token != "" {
		hr.Header.Set("Authorization", "Bearer "+token)
	}
	route, params, err := router.FindRoute(hr)
	if err != nil {
		t.Fatalf("%s %s is not in the document: %v", method, r.path, err)
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		t.Errorf("request %s %s does not match the document: %v", method, r.path, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Body: io.NopCloser(bytes.NewReader([]byte(body))), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("response %d to %s %s does not match the document: %v\n%s", res.StatusCode, method, r.path, err, body)
	}
}
