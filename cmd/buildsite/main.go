// Command buildsite builds a content folder into a site with its search
// index, for the search benchmark in site/search/bench (bench.mjs runs it):
// buildsite CONTENT OUT BASEURL [PAGES]. With PAGES, the HTML is built from
// that (small) content folder and the search index from CONTENT, so a very
// large index can be measured without rendering its pages. It prints the
// index's figures as JSON. It is not part of signpost itself; it lives in
// cmd/ because it drives the whole site package from outside.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/signpost-directory/signpost/site"
	"github.com/signpost-directory/signpost/site/search"
)

func main() {
	if len(os.Args) != 4 && len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: buildsite CONTENT OUT BASEURL [PAGES]")
		os.Exit(2)
	}
	pages := os.Args[1]
	if len(os.Args) == 5 {
		pages = os.Args[4]
	}
	if err := run(os.Args[1], pages, os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "buildsite:", err)
		os.Exit(1)
	}
}

func run(contentDir, pagesDir, out, baseURL string) error {
	ctx := context.Background()
	res, err := site.Build(ctx, site.BuildOptions{ContentDir: pagesDir, OutDir: out, BaseURL: baseURL})
	if err != nil {
		return err
	}
	d := res.Check.Directory
	if pagesDir != contentDir {
		checked, err := site.Check(ctx, site.CheckOptions{ContentDir: contentDir})
		if err != nil {
			return err
		}
		d = checked.Directory
	}
	// site.Build already wrote the index for its pages; this replaces it.
	stats, err := search.Write(ctx, d, out, search.Options{})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(stats)
}
