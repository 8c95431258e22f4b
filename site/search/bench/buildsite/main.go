// Command buildsite builds a content folder into a site with its search
// index, for the benchmark: buildsite CONTENT OUT BASEURL. It prints the
// index's figures as JSON.
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
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: buildsite CONTENT OUT BASEURL")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintln(os.Stderr, "buildsite:", err)
		os.Exit(1)
	}
}

func run(contentDir, out, baseURL string) error {
	ctx := context.Background()
	res, err := site.Build(ctx, site.BuildOptions{ContentDir: contentDir, OutDir: out, BaseURL: baseURL})
	if err != nil {
		return err
	}
	// site.Build may already write the index; writing it again is harmless.
	stats, err := search.Write(ctx, res.Check.Directory, out, search.Options{})
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(stats)
}
