package check

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"

	"github.com/signpost-directory/signpost/schema"
	"github.com/signpost-directory/signpost/site/diag"
	"github.com/signpost-directory/signpost/site/suggest"
)

// schemaMessages turns a validation failure into one friendly message per
// problem, each pointing at the field or value that is wrong.
func (c *checker) schemaMessages(src *diag.Source, k schema.Kind, root *yaml.Node, err error) diag.List {
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		return diag.List{{Severity: diag.Error, Code: diag.Schema, Text: err.Error(), Location: src.At(1, 1, 0)}}
	}
	var msgs diag.List
	c.collect(src, k, root, verr, &msgs)
	// The validator can report the same place twice through different
	// branches of a schema; one message per place is enough.
	msgs = slices.CompactFunc(msgs, func(a, b diag.Message) bool {
		return a.Text == b.Text && *a.Location == *b.Location
	})
	return msgs
}

func (c *checker) collect(src *diag.Source, k schema.Kind, root *yaml.Node, e *jsonschema.ValidationError, msgs *diag.List) {
	switch e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.AllOf, *kind.Reference:
		for _, cause := range e.Causes {
			c.collect(src, k, root, cause, msgs)
		}
		return
	case *kind.OneOf, *kind.AnyOf:
		// Only cost has alternatives: "free", or a group of details. When
		// a group was written, explain what is wrong inside it; otherwise
		// explain the two forms.
		if _, v := locate(root, e.InstanceLocation); v.Kind == yaml.MappingNode {
			for _, cause := range e.Causes {
				if !isShapeMismatch(cause, e.InstanceLocation) {
					c.collect(src, k, root, cause, msgs)
				}
			}
			return
		}
	}
	msgs.Extend(c.schemaMessage(src, k, root, e))
}

// isShapeMismatch reports whether a cause only says the value has the wrong
// shape for one alternative (e.g. "not the word free"), which is noise when
// another alternative fits the shape.
func isShapeMismatch(e *jsonschema.ValidationError, at []string) bool {
	if len(e.Causes) > 0 {
		return slices.ContainsFunc(e.Causes, func(c *jsonschema.ValidationError) bool { return isShapeMismatch(c, at) })
	}
	if !slices.Equal(e.InstanceLocation, at) {
		return false
	}
	switch e.ErrorKind.(type) {
	case *kind.Const, *kind.Type, *kind.Enum:
		return true
	}
	return false
}

// schemaProblem is one place the schema refused, with what a message
// about it needs.
type schemaProblem struct {
	src        *diag.Source
	k          schema.Kind
	root       *yaml.Node
	path       []string
	field      schema.Field
	name       string
	key, value *yaml.Node
	// country and today are the directory's, for reading and suggesting dates.
	country, today string
}

func (c *checker) schemaMessage(src *diag.Source, k schema.Kind, root *yaml.Node, e *jsonschema.ValidationError) diag.List {
	path := e.InstanceLocation
	key, value := locate(root, path)
	p := schemaProblem{src: src, k: k, root: root, path: path, field: c.schemas.Field(k, path), name: fieldName(path),
		key: key, value: value, country: c.config.Country, today: c.today.String()}
	switch ek := e.ErrorKind.(type) {
	case *kind.Required:
		return c.missingFields(p, ek)
	case *kind.AdditionalProperties:
		return p.unknownFields(ek)
	}
	if _, ok := e.ErrorKind.(*kind.Pattern); ok && reportedElsewhere(k, p.name) {
		return nil
	}
	m := diag.Message{Severity: diag.Error, Code: diag.Schema, Location: valueLocation(src, value)}
	p.describe(&m, e.ErrorKind)
	return diag.List{m}
}

// reportedElsewhere reports whether a value of the field name that is not
// written as an id is explained by a later check, which knows what it
// should be: a term of a vocabulary (Movement → movement), or another
// file (organization, venue). One message per value is enough, and the
// later one can say which id was meant.
func reportedElsewhere(k schema.Kind, name string) bool {
	switch name {
	case "accessibility":
		return k == schema.Listing || k == schema.Venue
	case "categories", "needs", "audience.groups", "organization", "venue":
		return k == schema.Listing
	}
	return false
}

// missingFields says which required fields are missing, one message per
// field, at the group that lacks it.
func (c *checker) missingFields(p schemaProblem, ek *kind.Required) diag.List {
	var list diag.List
	for _, missing := range ek.Missing {
		if misspeltAs(p.value, missing, p.field.Properties) {
			// The unknown-field message at the misspelt key says it all,
			// where the volunteer is looking.
			continue
		}
		mf := c.schemas.Field(p.k, append(slices.Clone(p.path), missing))
		list.Add(diag.Message{Severity: diag.Error, Code: diag.MissingField,
			Location: groupLocation(p.src, p.root, p.key, p.value, p.path),
			Text:     fmt.Sprintf("The required field %q is missing", joinField(p.name, missing)),
			Hint:     addLineHint(missing, mf)})
	}
	return list
}

// misspeltAs reports whether a field of group that is not one of props
// is closest to missing: "summery" when summary is missing.
func misspeltAs(group *yaml.Node, missing string, props []string) bool {
	if group == nil || group.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(group.Content); i += 2 {
		key := group.Content[i].Value
		if !slices.Contains(props, key) && suggest.Closest(key, props) == missing {
			return true
		}
	}
	return false
}

// unknownFields says which fields the group should not have, one message
// per field, at its name.
func (p schemaProblem) unknownFields(ek *kind.AdditionalProperties) diag.List {
	var list diag.List
	at := valueLocation(p.src, p.value)
	// One look through the group for all the unknown fields: a file
	// with thousands of them must not cost thousands of looks.
	keys := keysOf(p.value)
	for _, extra := range ek.Properties {
		loc := at
		if extraKey := keys[extra]; extraKey != nil {
			loc = keyLocation(p.src, extraKey)
		}
		m := diag.Message{Severity: diag.Error, Code: diag.UnknownField, Location: loc,
			Text:       fmt.Sprintf("Unknown field %q", joinField(p.name, extra)),
			Suggestion: suggest.Closest(extra, p.field.Properties),
			Hint:       allowedFieldsHint(p.name, p.k, p.typedFields())}
		colonWithoutSpace(&m, extra, p.field.Properties)
		list.Add(m)
	}
	return list
}

// colonWithoutSpace explains an unknown field that is a known one and its
// value without a space after the colon: in { min_age:18 } YAML reads
// "min_age:18" as the name of a field.
func colonWithoutSpace(m *diag.Message, extra string, props []string) {
	name, value, ok := strings.Cut(extra, ":")
	if !ok || value == "" || !slices.Contains(props, name) {
		return
	}
	m.Text = fmt.Sprintf("A space is needed after the colon in %q", extra)
	m.Suggestion = name + ": " + value
	m.Hint = "Each detail is written as \"name: value\", with a space after the colon, like:\n\n  " + m.Suggestion
}

// typedFields are the fields of the group that volunteers type, for the
// list of allowed fields: lang is rare (a listing is in the directory's
// language), source_id is written by the importers, and a Markdown
// listing's description is the text below its details, never a field.
func (p schemaProblem) typedFields() []string {
	return slices.DeleteFunc(slices.Clone(p.field.Properties), func(f string) bool {
		if len(p.path) > 0 {
			return false
		}
		return f == "lang" || f == "source_id" || f == "description" && p.k == schema.Listing && strings.HasSuffix(p.src.Path, ".md")
	})
}

// describe fills in the message about one value the schema refused.
func (p schemaProblem) describe(m *diag.Message, ek jsonschema.ErrorKind) {
	name, field, value := p.name, p.field, p.value
	switch ek := ek.(type) {
	case *kind.Type:
		p.wrongType(m, ek)
	case *kind.Enum:
		p.notAllowed(m)
	case *kind.Const, *kind.OneOf, *kind.AnyOf:
		p.unknownForm(m)
	case *kind.MinLength, *kind.MinProperties:
		m.Code = diag.Empty
		m.Text = fmt.Sprintf("%q is empty", name)
		m.Hint = exampleHint(name, field)
	case *kind.MaxLength:
		m.Code = diag.TooLong
		m.Text = fmt.Sprintf("%q is %d characters long; the limit is %d", name, ek.Got, ek.Want)
		m.Hint = "Shorten it. " + field.Description
	case *kind.Pattern, *kind.Format:
		m.Code = diag.BadFormat
		m.Text = fmt.Sprintf("%q is not %s", value.Value, formatName(name, p.path))
		m.Hint = field.Description
		m.Suggestion = fixFormat(name, value.Value)
		p.dateExample(m)
	case *kind.MinItems:
		m.Code = diag.Empty
		m.Text = fmt.Sprintf("%q needs at least %d item", name, ek.Want)
		m.Hint = exampleHint(name, field)
	case *kind.MaxItems:
		m.Code = diag.TooLong
		m.Text = fmt.Sprintf("%q has %d items; the limit is %d", name, ek.Got, ek.Want)
	case *kind.UniqueItems:
		p.listedTwice(m, ek)
	case *kind.Minimum, *kind.Maximum, *kind.ExclusiveMinimum, *kind.ExclusiveMaximum:
		p.outOfRange(m)
	case *kind.PropertyNames:
		p.badID(m, ek)
	default:
		m.Text = fmt.Sprintf("%q: %v", name, ek)
	}
}

// dateExample suggests the year-month-day form of a date written another
// way, and shows that form in the text: the date meant when it can be
// told, else today's.
func (p schemaProblem) dateExample(m *diag.Message) {
	if p.name != "verified" && p.name != "capacity.updated" {
		return
	}
	m.Suggestion = fixDate(p.value.Value, p.country)
	m.Text += ", like " + cmp.Or(m.Suggestion, p.today)
}

func (p schemaProblem) wrongType(m *diag.Message, ek *kind.Type) {
	m.Code = diag.WrongType
	want := ek.Want[0]
	switch {
	case ek.Got == "null":
		if p.key != nil {
			m.Location = keyLocation(p.src, p.key)
		}
		m.Text = fmt.Sprintf("%q is empty", p.name)
		m.Hint = exampleHint(p.name, p.field)
	case want == "string" && (ek.Got == "number" || ek.Got == "integer" || ek.Got == "boolean"):
		m.Text = fmt.Sprintf("%q must be text: put it in quotes", p.name)
		m.Suggestion = `"` + p.value.Value + `"`
		m.Hint = "Without quotes, YAML reads this as a number or yes/no, and could drop a leading zero."
	default:
		m.Text = fmt.Sprintf("%q should be %s, not %s", p.name, shapeName(want), shapeName(ek.Got))
		m.Hint = exampleHint(p.name, p.field)
	}
}

func (p schemaProblem) notAllowed(m *diag.Message) {
	m.Code = diag.NotAllowed
	m.Text = fmt.Sprintf("%q is not allowed for %q", p.value.Value, p.name)
	m.Suggestion = suggest.Closest(p.value.Value, p.field.Enum)
	m.Hint = p.field.Description
	if m.Hint == "" {
		m.Hint = fmt.Sprintf("%s can be: %s.", p.name, strings.Join(p.field.Enum, ", "))
	}
}

func (p schemaProblem) unknownForm(m *diag.Message) {
	m.Code = diag.NotAllowed
	m.Text = fmt.Sprintf("%q is not written in a form signpost understands", p.name)
	m.Hint = p.field.Description
	if p.name == "cost" {
		m.Text = fmt.Sprintf("The cost %q is not free or an amount", p.value.Value)
		m.Hint = "Write cost: free, or an amount like:\n\n  cost: { amount: 3.50, per: session, concessions: Free for carers }"
	}
}

func (p schemaProblem) listedTwice(m *diag.Message, ek *kind.UniqueItems) {
	m.Code = diag.DuplicateItem
	second := p.value.Content[ek.Duplicates[1]]
	m.Location = valueLocation(p.src, second)
	m.Text = fmt.Sprintf("%q is listed twice in %q", second.Value, p.name)
	m.Hint = "Remove one of them."
}

func (p schemaProblem) outOfRange(m *diag.Message) {
	m.Code = diag.OutOfRange
	m.Text = fmt.Sprintf("%s is out of range for %q", p.value.Value, p.name)
	m.Hint = p.field.Description
	if p.name == "cost.amount" {
		m.Hint = "If it costs nothing, write cost: free instead."
	}
}

func (p schemaProblem) badID(m *diag.Message, ek *kind.PropertyNames) {
	m.Code = diag.BadFormat
	if pk := keyOf(p.value, ek.Property); pk != nil {
		m.Location = keyLocation(p.src, pk)
	}
	m.Text = fmt.Sprintf("%q is not a valid id", ek.Property)
	m.Hint = "Ids are lowercase letters, digits and single hyphens, like sea-swimming."
}

// groupLocation marks the start of a group missing a field: the key of a
// nested group, or the first line of the file for the top level.
func groupLocation(src *diag.Source, root, key, value *yaml.Node, path []string) *diag.Location {
	if len(path) > 0 && key != nil {
		return keyLocation(src, key)
	}
	if len(path) > 0 {
		return valueLocation(src, value)
	}
	// Front matter starts on line 2, after its opening ---.
	return src.At(max(1, root.Line-1), 1, 0)
}

func joinField(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

func shapeName(t string) string {
	switch t {
	case "string":
		return "text"
	case "array":
		return "a list"
	case "object":
		return "a group of details (name: value)"
	case "number":
		return "a number"
	case "integer":
		return "a whole number"
	case "boolean":
		return "yes or no"
	case "null":
		return "empty"
	}
	return t
}

func formatName(name string, path []string) string {
	last := name
	if i := strings.LastIndex(name, "."); i >= 0 {
		last = name[i+1:]
	}
	switch last {
	case "email":
		return "an email address"
	case "phone":
		return "a phone number"
	case "website", "base_url", "repository", "online_url":
		return "a web address starting with https://"
	case "verified", "updated":
		return "a date written as year-month-day"
	case "languages", "lang":
		return "a language code"
	case "currency":
		return "a currency code like GBP"
	case "country":
		return "a two-letter country code like GB"
	case "stale_after":
		return "a length of time like \"6 months\""
	case "tags":
		return "a tag: lowercase words"
	}
	if len(path) > 0 {
		return "valid for " + name
	}
	return "valid"
}

// fixFormat proposes a corrected value for common slips.
func fixFormat(name, v string) string {
	switch {
	case strings.HasSuffix(name, "website") || strings.HasSuffix(name, "url") || name == "repository":
		if strings.HasPrefix(v, "www.") || (!strings.Contains(v, "://") && strings.Contains(v, ".")) {
			return "https://" + v
		}
	case name == "tags" || strings.HasSuffix(name, "categories") || strings.HasSuffix(name, "needs") ||
		strings.HasSuffix(name, "accessibility") || strings.HasSuffix(name, "groups") ||
		name == "organization" || name == "venue":
		if lower := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(v)), " ", "-"); lower != v {
			return lower
		}
	}
	return ""
}

func exampleHint(name string, f schema.Field) string {
	h := f.Description
	if len(f.Examples) > 0 {
		if h != "" {
			h += "\n"
		}
		h += "For example: " + f.Examples[0]
	}
	return h
}

func addLineHint(field string, f schema.Field) string {
	h := f.Description
	example := "..."
	if len(f.Examples) > 0 {
		example = f.Examples[0]
	}
	if h != "" {
		h += "\n\n"
	}
	return h + "Add a line like:\n\n  " + field + ": " + example
}

func allowedFieldsHint(name string, k schema.Kind, props []string) string {
	sorted := slices.Clone(props)
	slices.Sort(sorted)
	where := "A " + string(k)
	if name != "" {
		where = name
	}
	return fmt.Sprintf("%s can have: %s.", where, strings.Join(sorted, ", "))
}
