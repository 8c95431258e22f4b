// Package theme is signpost's Hugo theme (layouts, assets, i18n strings), embedded into the
// binary so `signpost build` needs nothing on disk but content/. A theme folder on disk can
// override any of these files.
package theme

import (
	"embed"
	"io/fs"
)

//go:embed all:layouts all:assets all:i18n
var files embed.FS

// FS returns the theme's files, rooted at the theme folder.
func FS() fs.FS { return files }
