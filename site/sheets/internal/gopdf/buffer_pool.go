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

// zlibWriters pools zlib writers by compression level: a new writer
// allocates and clears about a megabyte of tables.
var zlibWriters sync.Map // level -> *sync.Pool

func getZlibWriter(w io.Writer, level int) (*zlib.Writer, error) {
	p, _ := zlibWriters.LoadOrStore(level, &sync.Pool{})
	if z, ok := p.(*sync.Pool).Get().(*zlib.Writer); ok {
		z.Reset(w)
		return z, nil
	}
	return zlib.NewWriterLevel(w, level)
}

func putZlibWriter(z *zlib.Writer, level int) {
	p, _ := zlibWriters.LoadOrStore(level, &sync.Pool{})
	p.(*sync.Pool).Put(z)
}
