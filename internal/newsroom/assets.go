package newsroom

import (
	"embed"

	"github.com/bylinehq/byline/internal/web"
)

//go:embed assets
var assetFS embed.FS

type assets = web.Assets

func loadAssets() (*assets, error) { return web.LoadAssets(assetFS, "assets", "/admin/assets/") }
