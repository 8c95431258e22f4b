// Package program identifies the running signpost program, so that what a
// build keeps for the next one (the files the check found clean, printed
// sheets, the search index's analysis) is never reused by a program whose
// code differs: a cache key that names a hand-kept version number is
// easily forgotten when the code changes.
package program

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
)

// buildIDMarker starts the Go build ID in executables other than ELF;
// the go command writes it near the start of every binary it links (as
// cmd/internal/buildid reads it).
// The ID is made from hashes of every input of the build, so it changes
// whenever any code of the program, or the toolchain, does.
const buildIDMarker = "\xff Go build ID: \""

// Identity returns a hex string that names the running program: a hash
// of its Go build ID, or, when there is none, of the whole executable.
func Identity() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("finding the signpost program: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("reading the signpost program: %w", err)
	}
	defer f.Close()
	head := make([]byte, 32*1024)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return "", fmt.Errorf("reading the signpost program: %w", err)
	}
	if id, ok := buildID(head[:n]); ok {
		sum := sha256.Sum256(id)
		return hex.EncodeToString(sum[:]), nil
	}
	h := sha256.New()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("reading the signpost program: %w", err)
	}
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("reading the signpost program: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// buildID finds the Go build ID in the start of an executable, where the
// go command puts it: in an ELF note (Linux) named "Go" of type 4, or,
// in other formats, as text after buildIDMarker.
func buildID(head []byte) ([]byte, bool) {
	const note = "\x04\x00\x00\x00Go\x00\x00" // the note's type, then its name
	if i := bytes.Index(head, []byte(note)); i >= 8 && bytes.Equal(head[i-8:i-4], []byte{4, 0, 0, 0}) {
		size := int(binary.LittleEndian.Uint32(head[i-4 : i]))
		if desc := head[i+len(note):]; size > 0 && size <= len(desc) {
			return desc[:size], true
		}
	}
	i := bytes.Index(head, []byte(buildIDMarker))
	if i < 0 {
		return nil, false
	}
	id := head[i+len(buildIDMarker):]
	j := bytes.IndexByte(id, '"')
	if j <= 0 {
		return nil, false
	}
	return id[:j], true
}
