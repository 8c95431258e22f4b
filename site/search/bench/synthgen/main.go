// Command synthgen writes a synthetic content folder for the benchmark:
// synthgen DIR N (see site/synth).
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/signpost-directory/signpost/site/synth"
)

func main() {
	n, err := strconv.Atoi(os.Args[len(os.Args)-1])
	if len(os.Args) != 3 || err != nil {
		fmt.Fprintln(os.Stderr, "usage: synthgen DIR N")
		os.Exit(2)
	}
	if err := synth.Write(os.Args[1], n); err != nil {
		fmt.Fprintln(os.Stderr, "synthgen:", err)
		os.Exit(1)
	}
}
