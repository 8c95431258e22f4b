package gopdf

import (
	"io"
	"strconv"
)

type cacheContentRectangle struct {
	pageHeight       float64
	x                float64
	y                float64
	width            float64
	height           float64
	style            PaintStyle
	extGStateIndexes []int
}

func NewCacheContentRectangle(pageHeight float64, rectOpts DrawableRectOptions) ICacheContent {
	if rectOpts.PaintStyle == "" {
		rectOpts.PaintStyle = DrawPaintStyle
	}

	return cacheContentRectangle{
		x:                rectOpts.X,
		y:                rectOpts.Y,
		width:            rectOpts.W,
		height:           rectOpts.H,
		pageHeight:       pageHeight,
		style:            rectOpts.PaintStyle,
		extGStateIndexes: rectOpts.extGStateIndexes,
	}
}

func (c cacheContentRectangle) write(w io.Writer, protection *PDFProtection) error {
	// Appended, not formatted with fmt: the same bytes at a tenth of the
	// cost (signpost's change to upstream; see README.md).
	stream := make([]byte, 0, 64)
	stream = append(stream, "q\n"...)
	for _, extGStateIndex := range c.extGStateIndexes {
		stream = append(stream, "/GS"...)
		stream = strconv.AppendInt(stream, int64(extGStateIndex), 10)
		stream = append(stream, " gs\n"...)
	}
	for _, v := range [...]float64{c.x, c.pageHeight - c.y, c.width, c.height} {
		stream = appendFloat2(stream, v)
		stream = append(stream, ' ')
	}
	stream = append(stream, "re "...)
	stream = append(stream, c.style...)
	stream = append(stream, "\nQ\n"...)
	_, err := w.Write(stream)
	return err
}
