package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bylinehq/byline/internal/api"
	"github.com/bylinehq/byline/internal/app"
	"github.com/bylinehq/byline/internal/news"
	"github.com/bylinehq/byline/internal/testenv"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const docURL = "https://byline.invalid/api/v1/openapi.json"

func loadDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// TestOpenAPIDocumentIsSound checks the document's own shape: an OpenAPI
// 3.1 version, references that resolve, an id and answers for every
// operation, and every path parameter declared.
func TestOpenAPIDocumentIsSound(t *testing.T) {
	doc := loadDoc(t)
	if v, _ := doc["openapi"].(string); !regexp.MustCompile(`^3\.1\.\d+$`).MatchString(v) {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Errorf("info needs a title and a version: %v", info)
	}
	var walk func(at string, v any)
	walk = func(at string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if _, err := pointer(doc, ref); err != nil {
					t.Errorf("%s: $ref %q: %v", at, ref, err)
				}
			}
			for k, x := range v {
				walk(at+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(at+"/"+strconv.Itoa(i), x)
			}
		}
	}
	walk("#", doc)
	ids := map[string]string{}
	for path, item := range doc["paths"].(map[string]any) {
		inPath := regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1)
		for method, op := range item.(map[string]any) {
			if !slices.Contains(methods, method) {
				t.Errorf("%s: %q is not an HTTP method", path, method)
				continue
			}
			op := op.(map[string]any)
			where := method + " " + path
			id, _ := op["operationId"].(string)
			if id == "" || ids[id] != "" {
				t.Errorf("%s: operationId %q is missing or also used by %s", where, id, ids[id])
			}
			ids[id] = where
			if rs, _ := op["responses"].(map[string]any); len(rs) == 0 {
				t.Errorf("%s has no responses", where)
			}
			declared := map[string]bool{}
			params, _ := op["parameters"].([]any)
			for _, p := range params {
				p := resolve(t, doc, p.(map[string]any))
				if p["in"] == "path" {
					declared[p["name"].(string)] = true
					if p["required"] != true {
						t.Errorf("%s: path parameter %v must be required", where, p["name"])
					}
				}
			}
			for _, m := range inPath {
				if !declared[m[1]] {
					t.Errorf("%s: path parameter {%s} is not declared", where, m[1])
				}
			}
			if len(declared) != len(inPath) {
				t.Errorf("%s declares path parameters the path does not have", where)
			}
		}
	}
}

// TestOpenAPIDescribesEveryRoute holds the document to the route tables:
// every route is described and every described operation is a route.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var routes []string
	for _, r := range append((&api.API{}).Routes(), (&api.Content{}).Routes()...) {
		routes = append(routes, r.Pattern)
	}
	var described []string
	for path, item := range loadDoc(t)["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			described = append(described, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(described)
	if !slices.Equal(routes, described) {
		t.Errorf("routes and document differ:\nroutes:    %v\ndocument:  %v", routes, described)
	}
}

// pointer resolves a local reference "#/a/b" in doc.
func pointer(doc any, ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("not a local reference")
	}
	cur := doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("no %q", tok)
		}
	}
	return cur, nil
}

func resolve(t *testing.T, doc map[string]any, v map[string]any) map[string]any {
	t.Helper()
	if ref, ok := v["$ref"].(string); ok {
		x, err := pointer(doc, ref)
		if err != nil {
			t.Fatalf("$ref %q: %v", ref, err)
		}
		return x.(map[string]any)
	}
	return v
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// contract validates real answers against the document.
type contract struct {
	t        *testing.T
	doc      map[string]any
	compiler *jsonschema.Compiler
	schemas  map[string]*jsonschema.Schema
	// answered records each operation answered with a 2xx.
	answered map[string]bool
}

func newContract(t *testing.T) *contract {
	doc := loadDoc(t)
	parsed, err := jsonschema.UnmarshalJSON(bytes.NewReader(api.OpenAPI))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(docURL, parsed); err != nil {
		t.Fatal(err)
	}
	return &contract{t: t, doc: doc, compiler: c, schemas: map[string]*jsonschema.Schema{}, answered: map[string]bool{}}
}

// operation finds the documented path for a request path: a literal path
// before a templated one, as ServeMux routes.
func (c *contract) operation(path string) string {
	paths := c.doc["paths"].(map[string]any)
	if _, ok := paths[path]; ok {
		return path
	}
	for p := range paths {
		re := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(p), `[^/]+`) + "$"
		if regexp.MustCompile(re).MatchString(path) {
			return p
		}
	}
	return ""
}

// check validates one answer: its status must be documented for the
// operation, and its body must match that status's schema.
func (c *contract) check(method, path string, res *http.Response, body []byte) {
	t := c.t
	t.Helper()
	tmpl := c.operation(path)
	op, _ := c.doc["paths"].(map[string]any)[tmpl].(map[string]any)[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Errorf("%s %s: no documented operation", method, path)
		return
	}
	responses := op["responses"].(map[string]any)
	status := strconv.Itoa(res.StatusCode)
	loc := "#/paths/" + escapePointer(tmpl) + "/" + strings.ToLower(method) + "/responses/" + status
	r, ok := responses[status].(map[string]any)
	if !ok {
		if res.StatusCode < 500 {
			t.Errorf("%s %s answered %s, which the document does not list", method, path, status)
			return
		}
		r, loc = responses["default"].(map[string]any), "#/paths/"+escapePointer(tmpl)+"/"+strings.ToLower(method)+"/responses/default"
	}
	if ref, ok := r["$ref"].(string); ok {
		loc = ref
		r = resolve(t, c.doc, r)
	}
	content, _ := r["content"].(map[string]any)
	if content == nil {
		if len(body) != 0 {
			t.Errorf("%s %s %s: the document says no body, got %d bytes", method, path, status, len(body))
		}
		return
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s %s %s: Content-Type %q", method, path, status, ct)
	}
	sch, err := c.schema(loc + "/content/application~1json/schema")
	if err != nil {
		t.Fatalf("%s: %v", loc, err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Errorf("%s %s %s: not JSON: %v", method, path, status, err)
		return
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("%s %s %s does not match the document:\n%v\nbody: %.500s", method, path, status, err, body)
		return
	}
	if res.StatusCode < 300 {
		c.answered[strings.ToUpper(method)+" "+tmpl] = true
	}
}

func (c *contract) schema(loc string) (*jsonschema.Schema, error) {
	if s, ok := c.schemas[loc]; ok {
		return s, nil
	}
	s, err := c.compiler.Compile(docURL + loc)
	c.schemas[loc] = s
	return s, err
}

// caller makes real HTTP requests to a running server, the way any
// client would: gzip, keep-alive, strict JSON decoding by the schema.
type caller struct {
	t      *testing.T
	base   string
	client *http.Client
	c      *contract
}

func (k caller) do(method, path, token, contentType string, body []byte, header ...string) (int, map[string]any, http.Header) {
	k.t.Helper()
	req, err := http.NewRequest(method, k.base+path, bytes.NewReader(body))
	if err != nil {
		k.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := k.client.Do(req)
	if err != nil {
		k.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		k.t.Fatal(err)
	}
	k.c.check(method, strings.SplitN(path, "?", 2)[0], res, raw)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			k.t.Fatalf("%s %s: %d, not JSON: %.200s", method, path, res.StatusCode, raw)
		}
	}
	return res.StatusCode, out, res.Header
}

func (k caller) get(path string, header ...string) (int, map[string]any, http.Header) {
	k.t.Helper()
	return k.do("GET", path, "", "", nil, header...)
}

func (k caller) json(method, path, token, body string) (int, map[string]any) {
	k.t.Helper()
	ct := ""
	if body != "" {
		ct = "application/json"
	}
	status, out, _ := k.do(method, path, token, ct, []byte(body))
	return status, out
}

func tinyPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 5), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAnswersMatchTheOpenAPIDocument runs Byline with the demo on a real
// port and calls every route of both APIs over HTTP, successes and
// failures, validating each answer against the document; every documented
// operation must have answered with success at least once.
func TestAnswersMatchTheOpenAPIDocument(t *testing.T) {
	a := contentApp(t, testenv.NewClock(testenv.Now))
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	ctx := context.Background()
	token := func(email string, role news.Role) string {
		u, err := a.Auth.CreateUser(ctx, nil, email, "API", role, "a long enough password", "en")
		if err != nil {
			t.Fatal(err)
		}
		tok, _, err := a.Auth.CreateToken(ctx, nil, u.ID, "tests")
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	admin, contributor := token("admin@api.example", news.RoleAdmin), token("contributor@api.example", news.RoleContributor)
	c := newContract(t)
	k := caller{t: t, base: srv.URL, client: srv.Client(), c: c}

	// The Content API, every route, over every edition.
	k.get("/api/v1/openapi.json")
	_, eds, _ := k.get("/api/v1/editions")
	for _, e := range items(eds) {
		code := e["code"].(string)
		k.get("/api/v1/editions/" + code + "/sections")
		k.get("/api/v1/editions/" + code + "/topics")
		k.get("/api/v1/authors?edition=" + code)
		next := "/api/v1/articles?limit=50&edition=" + code
		for next != "" {
			_, page, _ := k.get(next)
			for _, it := range items(page) {
				k.get("/api/v1/articles/" + strconv.Itoa(int(it["id"].(float64))))
				k.get("/api/v1/articles/by-path?path=" + url.QueryEscape(it["path"].(string)))
			}
			next = ""
			if cur, ok := page["next_cursor"].(string); ok {
				next = "/api/v1/articles?limit=50&edition=" + code + "&cursor=" + url.QueryEscape(cur)
			}
		}
	}
	for _, q := range []string{"edition=en&q=climate", "edition=es&q=espana&limit=1", "edition=fr&q=senegal&from=2026-01-01&to=2026-12-31",
		"edition=ar&q=" + url.QueryEscape("الزيتون"), "edition=en&q=climate&section=world&topic=climate-change", "edition=en&q=climate&limit=1&offset=1"} {
		k.get("/api/v1/search?" + q)
	}
	k.get("/api/v1/search?edition=en&q=climate&from=28-11-2026")
	k.get("/api/v1/search?edition=en")
	k.get("/api/v1/search?edition=xx&q=climate")
	k.get("/api/v1/search?edition=en&q=climate&section=nope")
	k.get("/api/v1/search?edition=en&q=climate&sort=new")
	k.get("/api/v1/authors")
	k.get("/api/v1/articles?fields=id,headline,url")
	k.get("/api/v1/articles?fields=image,updated_at,translations&limit=100")
	k.get("/api/v1/editions/xx/sections")
	k.get("/api/v1/editions/xx/topics")
	k.get("/api/v1/authors?edition=xx")
	k.get("/api/v1/articles?fields=nope")
	k.get("/api/v1/articles/999999")
	k.get("/api/v1/articles/by-path?path=/en/world/nothing-here")
	k.get("/api/v1/articles/by-path")
	if _, _, hdr := k.get("/api/v1/editions"); hdr.Get("ETag") != "" {
		if status, _, _ := k.get("/api/v1/editions", "If-None-Match", hdr.Get("ETag")); status != 304 {
			t.Errorf("revalidation: %d", status)
		}
	}

	// The Admin API, every route.
	k.json("POST", "/api/v1/admin/sections", admin, `{"edition":"en","slug":"regions","name":"Regions"}`)
	k.json("POST", "/api/v1/admin/sections", admin, `{"edition":"en","slug":"regions","name":"Regions"}`)
	k.json("POST", "/api/v1/admin/sections", contributor, `{"edition":"en","slug":"elsewhere","name":"Elsewhere"}`)
	k.json("POST", "/api/v1/admin/sections", "", `{}`)
	status, created := k.json("POST", "/api/v1/admin/articles", admin, `{"edition":"en","section":"world","headline":"Ports reopen",
		"standfirst":"Shipping resumes.","body":"The ports reopened **today**.","dateline":"ROTTERDAM","credit":"Meridian Press","topics":["Shipping"]}`)
	if status != 201 {
		t.Fatalf("create: %d %v", status, created)
	}
	k.json("POST", "/api/v1/admin/articles", admin, `{"edition":"en","hedline":"typo"}`)
	path := "/api/v1/admin/articles/" + strconv.Itoa(int(created["id"].(float64)))
	k.json("GET", path, admin, "")
	k.json("GET", "/api/v1/admin/articles/999999", admin, "")
	k.json("PATCH", path, admin, `{"revision":1,"standfirst":"Shipping resumes after the storm.","image":null,"embargo_until":null}`)
	k.json("PATCH", path, admin, `{"revision":1,"standfirst":"A lost update"}`)
	k.json("POST", path+"/submit", admin, "")
	k.json("POST", path+"/publish", admin, "")
	k.json("POST", path+"/corrections", admin, `{"text":"An earlier version misspelt Rotterdam."}`)
	k.json("POST", path+"/translations", admin, `{"edition":"fr"}`)
	k.json("POST", path+"/translations", admin, `{"edition":"fr"}`)
	k.json("GET", path+"/revisions", admin, "")
	publicPath := "/api/v1/articles/" + strconv.Itoa(int(created["id"].(float64)))
	if status, _, _ := k.get(publicPath); status != 200 {
		t.Errorf("the published story: %d", status)
	}
	k.json("POST", path+"/unpublish", admin, "")
	if status, _, _ := k.get(publicPath); status != 410 {
		t.Errorf("the withdrawn story: %d, want 410", status)
	}
	k.do("POST", "/api/v1/admin/images", admin, "image/png", tinyPNG(t))
	k.do("POST", "/api/v1/admin/images", admin, "image/svg+xml", []byte("<svg/>"))

	for _, r := range append((&api.API{}).Routes(), (&api.Content{}).Routes()...) {
		if !c.answered[r.Pattern] {
			t.Errorf("%s never answered with success in this test", r.Pattern)
		}
	}
}

// TestRateLimitOverHTTP checks the limit as a client meets it: 429 with
// Retry-After and the documented error, on the Content API only.
func TestRateLimitOverHTTP(t *testing.T) {
	a := contentApp(t, testenv.NewClock(testenv.Now), func(cfg *app.Config) {
		cfg.Demo, cfg.APIRate, cfg.APIBurst = false, 0.01, 3
	})
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	k := caller{t: t, base: srv.URL, client: srv.Client(), c: newContract(t)}
	for i := range 3 {
		if status, body, _ := k.get("/api/v1/editions"); status != 200 {
			t.Fatalf("request %d: %d %v", i+1, status, body)
		}
	}
	status, body, hdr := k.get("/api/v1/articles")
	if status != 429 || errCode(body) != "rate_limited" || hdr.Get("Retry-After") == "" || hdr.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("over the limit: %d %v %v", status, body, hdr)
	}
	if secs, err := strconv.Atoi(hdr.Get("Retry-After")); err != nil || secs < 1 || secs > 100 {
		t.Errorf("Retry-After = %q, want whole seconds until a token is back", hdr.Get("Retry-After"))
	}
	for range 5 {
		if status, _ := k.json("GET", "/api/v1/admin/articles/1", "", ""); status != 401 {
			t.Errorf("the Admin API answered %d, want 401: it is not behind the Content API's limit", status)
		}
	}
}
