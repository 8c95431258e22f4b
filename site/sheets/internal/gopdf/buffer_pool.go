package gopdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"sync"
)

// buffer pool to reduce GC
var buffers = sync.Pool{
	// New is called when a new instance is needed
	New: func() interface{} {
		return new(bytes.Buffer)
	},
}

// GetBuffer fetches a buffer from the pool
func GetBuffer() *bytes.Buffer {
	return buffers.Get().(*bytes.Buffer)
}

// PutBuffer returns a buffer to the pool
func PutBuffer(buf *bytes.Buffer) {
	buf.Reset()
	buffers.Put(buf)
}

// zlibWriters pools zlib writers, one pool per compression level
// (zlib.HuffmanOnly, -2, to zlib.BestCompression, 9): a new writer
// allocates and clears about a megabyte of tables. (signpost's change to
// upstream; see README.md.)
var zlibWriters [12]sync.Pool

func getZlibWriter(w io.Writer, level int) (*zlib.Writer, error) {
	if level < zlib.HuffmanOnly || level > zlib.BestCompression {
		return zlib.NewWriterLevel(w, level) // refused there, with its error
	}
	if z, ok := zlibWriters[level+2].Get().(*zlib.Writer); ok {
		z.Reset(w)
		return z, nil
	}
	return zlib.NewWriterLevel(w, level)
}

// putZlibWriter pools a writer that has been closed.
func putZlibWriter(z *zlib.Writer, level int) {
	if level < zlib.HuffmanOnly || level > zlib.BestCompression {
		return
	}
	// Let go of the buffer it wrote to: the buffer pool hands that out again.
	z.Reset(io.Discard)
	zlibWriters[level+2].Put(z)
}
