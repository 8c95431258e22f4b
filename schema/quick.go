package schema

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A quick check of a document against the schemas, for the documents that
// pass, which are nearly all of them: the JSON Schema validator builds
// what it needs to explain a failure as it goes, and took 5 of the 26 CPU
// seconds of a first check of 100,000 listings. The quick check knows only
// the keywords these schemas use, and says a document passes only when
// it is sure (an integer written as 18.0, or an enum of numbers, is left
// to the validator). Formats are checked by the validator's own code, on
// the one value. A test holds it to the validator on the sample, on
// broken files and on fuzzed documents.

// verdict is what the quick check knows about a value. fails must be as
// certain as passes: oneOf passes a value that passes one choice and fails
// the others.
type verdict int8

const (
	fails verdict = iota
	passes
	unsure
)

// and combines the verdicts of two keywords that must both hold.
func (v verdict) and(w verdict) verdict {
	switch {
	case v == fails || w == fails:
		return fails
	case v == unsure || w == unsure:
		return unsure
	}
	return passes
}

// quickSchema is one compiled schema (or subschema).
type quickSchema struct {
	ref                  *quickSchema
	types                []string
	properties           map[string]*quickSchema
	additional           *quickSchema // nil: any
	noAdditional         bool
	required             []string
	minProperties        int
	maxProperties        int // -1: no limit
	propertyNames        *quickSchema
	items                *quickSchema
	minItems, maxItems   int // maxItems -1: no limit
	uniqueItems          bool
	enum                 []string // nil: any; only strings are known
	oneOf                []*quickSchema
	minLength, maxLength int // maxLength -1: no limit
	pattern              *regexp.Regexp
	minimum, maximum     *float64
	exclusiveMinimum     *float64
	format               *jsonschema.Schema
}

// annotations are keywords that say nothing about validity.
var annotations = map[string]bool{"$schema": true, "$id": true, "$comment": true, "$defs": true, "title": true,
	"description": true, "examples": true, "default": true, "deprecated": true}

// quickCompiler compiles the raw schemas of a Set.
type quickCompiler struct {
	raw      map[string]map[string]any
	compiled map[string]*quickSchema // by file name and JSON pointer
	formats  map[string]*jsonschema.Schema
}

func (c *quickCompiler) ref(file, pointer string) (*quickSchema, error) {
	key := file + "#" + pointer
	if s, ok := c.compiled[key]; ok {
		return s, nil
	}
	root, ok := c.raw[file]
	if !ok {
		return nil, fmt.Errorf("no schema %s", file)
	}
	var node any = root
	for tok := range strings.SplitSeq(strings.TrimPrefix(pointer, "/"), "/") {
		if tok == "" {
			continue
		}
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: %s is not an object", key, tok)
		}
		node = m[tok]
	}
	obj, ok := node.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is not a schema", key)
	}
	s := &quickSchema{}
	c.compiled[key] = s // before compiling, so that a schema can refer to itself
	return s, c.compile(s, file, obj)
}

func (c *quickCompiler) compile(s *quickSchema, file string, obj map[string]any) error {
	s.maxItems, s.maxLength, s.maxProperties = -1, -1, -1
	sub := func(v any) (*quickSchema, error) {
		o, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: a subschema that is not an object", file)
		}
		q := &quickSchema{}
		return q, c.compile(q, file, o)
	}
	count := func(v any) (int, error) {
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) || f < 0 {
			return 0, fmt.Errorf("%s: %v is not a count", file, v)
		}
		return int(f), nil
	}
	number := func(v any) (*float64, error) {
		f, ok := v.(float64)
		if !ok {
			return nil, fmt.Errorf("%s: %v is not a number", file, v)
		}
		return &f, nil
	}
	var err error
	for key, v := range obj {
		switch key {
		case "$ref":
			target, _ := v.(string)
			refFile, pointer, _ := strings.Cut(target, "#")
			if refFile == "" {
				refFile = file
			}
			s.ref, err = c.ref(refFile, pointer)
		case "type":
			switch t := v.(type) {
			case string:
				s.types = []string{t}
			case []any:
				for _, x := range t {
					name, _ := x.(string)
					s.types = append(s.types, name)
				}
			}
		case "properties":
			s.properties = map[string]*quickSchema{}
			for name, p := range v.(map[string]any) {
				if s.properties[name], err = sub(p); err != nil {
					return err
				}
			}
		case "additionalProperties":
			if b, ok := v.(bool); ok {
				s.noAdditional = !b
			} else {
				s.additional, err = sub(v)
			}
		case "required":
			for _, x := range v.([]any) {
				name, _ := x.(string)
				s.required = append(s.required, name)
			}
		case "minProperties":
			s.minProperties, err = count(v)
		case "maxProperties":
			s.maxProperties, err = count(v)
		case "propertyNames":
			s.propertyNames, err = sub(v)
		case "items":
			s.items, err = sub(v)
		case "minItems":
			s.minItems, err = count(v)
		case "maxItems":
			s.maxItems, err = count(v)
		case "uniqueItems":
			s.uniqueItems, _ = v.(bool)
		case "enum", "const":
			values := []any{v}
			if key == "enum" {
				values, _ = v.([]any)
			}
			s.enum = []string{}
			for _, x := range values {
				str, ok := x.(string)
				if !ok {
					return fmt.Errorf("%s: the quick check knows only enums of strings", file)
				}
				s.enum = append(s.enum, str)
			}
		case "oneOf":
			for _, x := range v.([]any) {
				q, err := sub(x)
				if err != nil {
					return err
				}
				s.oneOf = append(s.oneOf, q)
			}
		case "minLength":
			s.minLength, err = count(v)
		case "maxLength":
			s.maxLength, err = count(v)
		case "pattern":
			expr, _ := v.(string)
			s.pattern, err = regexp.Compile(expr) // as the validator compiles it
		case "minimum":
			s.minimum, err = number(v)
		case "maximum":
			s.maximum, err = number(v)
		case "exclusiveMinimum":
			s.exclusiveMinimum, err = number(v)
		case "format":
			name, _ := v.(string)
			s.format, err = c.format(name)
		default:
			if !annotations[key] {
				return fmt.Errorf("%s: the quick check does not know %q", file, key)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// format compiles {"format": name} with the validator, asserting formats
// as Load does.
func (c *quickCompiler) format(name string) (*jsonschema.Schema, error) {
	if s, ok := c.formats[name]; ok {
		return s, nil
	}
	compiler := jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	compiler.AssertFormat()
	url := "file:///signpost/format/" + name + ".json"
	if err := compiler.AddResource(url, map[string]any{"format": name}); err != nil {
		return nil, err
	}
	s, err := compiler.Compile(url)
	if err != nil {
		return nil, err
	}
	c.formats[name] = s
	return s, nil
}

// check says whether v passes s.
func (s *quickSchema) check(v any) verdict {
	result := passes
	if s.ref != nil {
		if result = s.ref.check(v); result == fails {
			return fails
		}
	}
	if len(s.types) > 0 {
		t := quickType(v, s.types)
		if t != passes {
			return t.and(result)
		}
	}
	if s.enum != nil {
		str, ok := v.(string)
		if !ok {
			// JSON equality: nothing but a string equals a string.
			return fails
		}
		found := false
		for _, e := range s.enum {
			found = found || e == str
		}
		if !found {
			return fails
		}
	}
	if len(s.oneOf) > 0 {
		matched := 0
		for _, o := range s.oneOf {
			switch o.check(v) {
			case passes:
				matched++
			case unsure:
				return unsure
			}
		}
		if matched != 1 {
			return fails
		}
	}
	switch v := v.(type) {
	case string:
		result = result.and(s.checkString(v))
	case int64:
		result = result.and(s.checkNumber(float64(v), v > 1<<53 || v < -(1<<53)))
	case float64:
		result = result.and(s.checkNumber(v, false))
	case []any:
		result = result.and(s.checkArray(v))
	case map[string]any:
		result = result.and(s.checkObject(v))
	}
	return result
}

// quickType checks the type keyword. An integer written with a point
// (18.0) is left to the validator.
func quickType(v any, types []string) verdict {
	for _, t := range types {
		switch v.(type) {
		case nil:
			if t == "null" {
				return passes
			}
		case bool:
			if t == "boolean" {
				return passes
			}
		case string:
			if t == "string" {
				return passes
			}
		case int64:
			if t == "integer" || t == "number" {
				return passes
			}
		case float64:
			if t == "number" {
				return passes
			}
			if t == "integer" {
				return unsure
			}
		case []any:
			if t == "array" {
				return passes
			}
		case map[string]any:
			if t == "object" {
				return passes
			}
		default:
			return unsure
		}
	}
	return fails
}

func (s *quickSchema) checkString(str string) verdict {
	if s.minLength > 0 || s.maxLength >= 0 {
		n := utf8.RuneCountInString(str)
		if n < s.minLength || s.maxLength >= 0 && n > s.maxLength {
			return fails
		}
	}
	if s.pattern != nil && !s.pattern.MatchString(str) {
		return fails
	}
	if s.format != nil && s.format.Validate(str) != nil {
		return fails
	}
	return passes
}

// checkNumber checks the bounds; inexact is set for an integer a float64
// does not hold exactly, left to the validator.
func (s *quickSchema) checkNumber(f float64, inexact bool) verdict {
	if s.minimum == nil && s.maximum == nil && s.exclusiveMinimum == nil {
		return passes
	}
	if inexact {
		return unsure
	}
	if s.minimum != nil && f < *s.minimum || s.maximum != nil && f > *s.maximum ||
		s.exclusiveMinimum != nil && f <= *s.exclusiveMinimum {
		return fails
	}
	return passes
}

func (s *quickSchema) checkArray(items []any) verdict {
	if len(items) < s.minItems || s.maxItems >= 0 && len(items) > s.maxItems {
		return fails
	}
	result := passes
	if s.uniqueItems {
		for i, a := range items {
			sa, ok := a.(string)
			if !ok {
				result = unsure // JSON equality of other values is the validator's
				break
			}
			for _, b := range items[:i] {
				if b == sa {
					return fails
				}
			}
		}
	}
	if s.items != nil {
		for _, item := range items {
			if result = result.and(s.items.check(item)); result == fails {
				return fails
			}
		}
	}
	return result
}

func (s *quickSchema) checkObject(obj map[string]any) verdict {
	if len(obj) < s.minProperties || s.maxProperties >= 0 && len(obj) > s.maxProperties {
		return fails
	}
	for _, name := range s.required {
		if _, ok := obj[name]; !ok {
			return fails
		}
	}
	result := passes
	for name, v := range obj {
		if s.propertyNames != nil {
			if result = result.and(s.propertyNames.check(name)); result == fails {
				return fails
			}
		}
		p, known := s.properties[name]
		switch {
		case known:
			result = result.and(p.check(v))
		case s.noAdditional:
			return fails
		case s.additional != nil:
			result = result.and(s.additional.check(v))
		}
		if result == fails {
			return fails
		}
	}
	return result
}
