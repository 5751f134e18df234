package api

import (
	_ "embed"
	"net/http"

	"github.com/bylinehq/byline/internal/web"
)

// OpenAPI is the OpenAPI 3.1 document describing every route of the
// Content API and the Admin API. Tests hold it to the route tables and
// validate real answers against its schemas.
//
//go:embed openapi.json
var OpenAPI []byte

func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	web.Write(w, r, web.Body{ContentType: "application/json; charset=utf-8", Data: OpenAPI, CacheControl: "public, max-age=300"})
}
