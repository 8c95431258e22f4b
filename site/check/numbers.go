package check

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/content"
	"github.com/signpost-directory/signpost/site/diag"
)

// models are the types each kind of file is decoded into, which say where
// a whole number belongs.
var models = map[schema.Kind]reflect.Type{
	schema.Directory:    reflect.TypeFor[content.Config](),
	schema.Organization: reflect.TypeFor[content.Organization](),
	schema.Venue:        reflect.TypeFor[content.Venue](),
	schema.Listing:      reflect.TypeFor[content.Listing](),
	schema.Translation:  reflect.TypeFor[content.Translation](),
}

// numberMessages refuses numbers the schema accepts but the volunteer most
// likely did not mean: a leading zero, which YAML reads as octal (min_age:
// 017 is 15) or drops; an exponent (1e1 is 10); and a whole number written
// with a decimal point (min_age: 18.0). The suggestion is the number as
// plain digits. Values the schema already refused (a phone number without
// quotes is told to put it in quotes) are left to that message; load
// refuses 0x, 0o, 0b, + and _.
func numberMessages(src *diag.Source, root *yaml.Node, k schema.Kind, reported diag.List) diag.List {
	var msgs diag.List
	// path leads from the root to n: keys of mappings, and "" for the
	// items of a list. The model a number belongs to is found by
	// reflection only when there is a number, which most values are not.
	var path []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if v := n.Content[i+1]; v.Kind != yaml.ScalarNode || number(v) {
					path = append(path, n.Content[i].Value)
					walk(v)
					path = path[:len(path)-1]
				}
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				if c.Kind != yaml.ScalarNode || number(c) {
					path = append(path, "")
					walk(c)
					path = path[:len(path)-1]
				}
			}
		case yaml.ScalarNode:
			if !number(n) {
				return
			}
			if m, bad := numberMessage(src, n, wholeNumber(modelAt(models[k], path))); bad && !reportedAt(reported, m.Location) {
				msgs.Add(m)
			}
		}
	}
	walk(root)
	return msgs
}

// modelAt is the type in model that path leads to, or nil.
func modelAt(model reflect.Type, path []string) reflect.Type {
	for _, key := range path {
		if key == "" {
			model = elem(model)
		} else {
			model = field(model, key)
		}
	}
	return model
}

// number reports whether a scalar is a plain (unquoted, untagged) number.
func number(n *yaml.Node) bool {
	return n.Style == 0 && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float")
}

func numberMessage(src *diag.Source, n *yaml.Node, whole bool) (diag.Message, bool) {
	if !number(n) {
		return diag.Message{}, false
	}
	text := n.Value
	sign, digits := "", text
	if rest, ok := strings.CutPrefix(text, "-"); ok {
		sign, digits = "-", rest
	}
	if !strings.ContainsAny(digits, "eE") && strings.Trim(digits, "0123456789.") != "" {
		return diag.Message{}, false // .inf, .nan, and the forms load refuses
	}
	m := diag.Message{Severity: diag.Error, Code: diag.YAMLNumber, Location: valueLocation(src, n)}
	plain := sign + digits
	switch {
	case strings.ContainsAny(digits, "eE"):
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return diag.Message{}, false
		}
		plain = strconv.FormatFloat(f, 'f', -1, 64)
		m.Text = fmt.Sprintf("Write the number %s with plain digits", text)
		m.Hint = fmt.Sprintf("The e makes YAML read %s as %s. Write numbers with digits and a decimal point only,\n"+
			"like min_age: 18 or amount: 3.50.", text, plain)
	case len(digits) > 1 && digits[0] == '0' && digits[1] != '.':
		plain = strings.TrimLeft(digits, "0")
		if plain == "" || plain[0] == '.' {
			plain = "0" + plain
		}
		plain = sign + plain
		m.Text = fmt.Sprintf("Write the number %s without leading zeros", text)
		m.Hint = "YAML tools read a number that starts with 0 in different ways, some as octal."
		if read := fmt.Sprint(scalarValue(n)); read != plain {
			m.Hint = fmt.Sprintf("YAML reads a number that starts with 0 as octal: %s would be %s, not %s.", text, read, plain)
		}
		m.Hint += "\nIf this is not a number (a phone number, a code), put it in quotes."
	case whole && strings.Contains(digits, "."):
		m.Text = fmt.Sprintf("%s is a whole number here: write it without a decimal point", text)
		m.Hint = "Write whole numbers with digits only, like min_age: 18."
	default:
		return diag.Message{}, false
	}
	if whole {
		if i := strings.IndexByte(plain, '.'); i >= 0 && strings.Trim(plain[i+1:], "0") == "" {
			plain = plain[:i]
		}
	}
	if len(plain) <= 20 && plain != text {
		m.Suggestion = plain
	}
	return m, true
}

// field is the type of the field of a model a YAML key names, or nil.
func field(model reflect.Type, key string) reflect.Type {
	model = deref(model)
	if model == nil || model.Kind() != reflect.Struct {
		return nil
	}
	for i := range model.NumField() {
		f := model.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return f.Type
		}
	}
	return nil
}

// elem is the type of the items of a list in a model, or nil.
func elem(model reflect.Type) reflect.Type {
	model = deref(model)
	if model == nil || model.Kind() != reflect.Slice {
		return nil
	}
	return model.Elem()
}

// wholeNumber reports whether the model keeps a value as a whole number.
func wholeNumber(model reflect.Type) bool {
	model = deref(model)
	if model == nil {
		return false
	}
	switch model.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
