package hsds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// decode reads data into v. Its errors name the place in the document the
// way a person would look for it: the JSON path ($.contents[3].schedules[0].opens_at)
// and the line and column.
func decode(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// Offset counts the bad character itself.
		path, _ := pathAt(data, syntax.Offset-1)
		line, col := lineCol(data, syntax.Offset-1)
		return fmt.Errorf("line %d, column %d, at %s: %s", line, col, path, syntaxText(syntax))
	case errors.As(err, &typ):
		// Offset is the end of the value; point at its start.
		path, start := pathAt(data, typ.Offset)
		line, col := lineCol(data, start)
		return fmt.Errorf("line %d, column %d, at %s: %s", line, col, path, typeText(typ))
	}
	return err
}

func syntaxText(e *json.SyntaxError) string {
	msg := strings.TrimPrefix(e.Error(), "invalid character ")
	if msg != e.Error() {
		return "this is not JSON: unexpected character " + msg
	}
	return "this is not JSON: " + msg
}

// typeText says what the schema expects in plain words.
func typeText(e *json.UnmarshalTypeError) string {
	want := map[string]string{"string": "text", "float64": "a number", "int": "a number"}[e.Type.String()]
	if want == "" {
		switch {
		case strings.HasPrefix(e.Type.String(), "[]"):
			want = "a list ([...])"
		case strings.HasPrefix(e.Type.String(), "map"), strings.Contains(e.Type.String(), "."):
			want = "an object ({...})"
		default:
			want = e.Type.String()
		}
	}
	got := e.Value
	if got == "number" || strings.HasPrefix(got, "number ") {
		got = "a number"
	}
	return fmt.Sprintf("expected %s, found %s", want, article(got))
}

func article(v string) string {
	switch v {
	case "string":
		return "text"
	case "object":
		return "an object"
	case "array":
		return "a list"
	case "bool":
		return "true or false"
	}
	return v
}

// lineCol turns a byte offset into a 1-based line and column (in characters).
func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, len([]rune(string(before[start:]))) + 1
}

// step is one level of a JSON path: an object key or an array index.
type step struct {
	key   string
	index int
	array bool
	// fresh is true until the first element of an array is read.
	fresh bool
	// wantKey is true in an object where the next string is a key.
	wantKey bool
}

// pathAt is the JSON path of the value being read when offset bytes of
// data had been read, as encoding/json counts them in its errors, and the
// offset where that value starts. The document is read again token by
// token; invalid JSON stops the walk where the error is, which is the
// place wanted.
func pathAt(data []byte, offset int64) (path string, start int64) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []step
	for dec.InputOffset() < offset {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			break // the walk stops at the error, which is where it should
		}
		start = skipSeparators(data, before)
		stack = advance(stack, tok)
	}
	return render(stack), start
}

// skipSeparators moves past the spaces, colons and commas before a token.
func skipSeparators(data []byte, i int64) int64 {
	for i < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n:,"), data[i]) >= 0 {
		i++
	}
	return i
}

// advance updates the path for one token.
func advance(stack []step, tok any) []step {
	top := func() *step { return &stack[len(stack)-1] }
	// A value in an array moves its index on; in an object, a key is read.
	if len(stack) > 0 {
		switch s := top(); {
		case s.array && !isClose(tok):
			if s.fresh {
				s.fresh = false
			} else {
				s.index++
			}
		case !s.array && s.wantKey && !isClose(tok):
			s.key, s.wantKey = tok.(string), false
			return stack
		case !s.array && !isClose(tok):
			s.wantKey = true
		}
	}
	switch tok {
	case json.Delim('{'):
		return append(stack, step{wantKey: true})
	case json.Delim('['):
		return append(stack, step{array: true, fresh: true})
	case json.Delim('}'), json.Delim(']'):
		stack = stack[:len(stack)-1]
		if len(stack) > 0 && !top().array {
			top().wantKey = true
		}
	}
	return stack
}

func isClose(tok any) bool { return tok == json.Delim('}') || tok == json.Delim(']') }

func render(stack []step) string {
	var b strings.Builder
	b.WriteString("$")
	for _, s := range stack {
		switch {
		case s.array && !s.fresh:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		case !s.array && s.key != "":
			b.WriteString("." + s.key)
		}
	}
	return b.String()
}
