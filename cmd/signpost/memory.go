package main

import (
	"bufio"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// gcPercent trades memory for speed: signpost runs are short batch jobs
// over many small files, where the default collector spends a quarter of
// the time tracing (esbuild's CLI makes the same trade).
const gcPercent = 400

// defaultMemoryLimit caps the soft limit signpost sets itself. At 400 %
// the heap grows to five times what is live: a 100,000-listing build
// reached 17.5 GB of a 24 GB machine with no more live than fits in 7 GiB,
// and under 7 GiB it took the same time (site/README.md, "National
// scale"). A directory that needs more live memory than this (a part of a
// national directory of a million listings) sets GOMEMLIMIT.
const defaultMemoryLimit = 7 << 30

// tuneMemory applies gcPercent, with a soft memory limit of three quarters
// of the memory this process may use, or defaultMemoryLimit when that is
// lower, so that a large directory makes the collector work harder instead
// of running out of memory or taking a shared machine's. GOGC and
// GOMEMLIMIT, when set, are left to the Go runtime.
func tuneMemory() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		if total := availableMemory(); total > 0 {
			debug.SetMemoryLimit(softMemoryLimit(total))
		}
	}
}

// softMemoryLimit is the limit tuneMemory sets on a machine (or container)
// of total bytes.
func softMemoryLimit(total int64) int64 {
	return min(total/4*3, defaultMemoryLimit)
}

// availableMemory is the machine's memory, or the container's limit when
// lower; 0 when neither can be read (not Linux).
func availableMemory() int64 {
	var total int64
	if f, err := os.Open("/proc/meminfo"); err == nil {
		lines := bufio.NewScanner(f)
		for lines.Scan() {
			if rest, ok := strings.CutPrefix(lines.Text(), "MemTotal:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				if err == nil {
					total = kb * 1024
				}
				break
			}
		}
		f.Close()
	}
	for _, limitFile := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		data, err := os.ReadFile(limitFile)
		if err != nil {
			continue
		}
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && limit > 0 && (total == 0 || limit < total) {
			total = limit
		}
	}
	return total
}
