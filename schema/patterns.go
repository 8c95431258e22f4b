package schema

import (
	"encoding/json"
	"regexp"
)

// IDPattern matches an id: lowercase letters, digits and single hyphens,
// like riverside-walking-group. Ids are file names, so the content folder
// is read, and new files are named, by this pattern. It is the "id"
// definition of common.schema.json, so Go code and the schemas editors
// use never disagree.
var IDPattern = commonPattern("id")

// LanguagePattern matches a language code (BCP 47) as content files write
// it, like pl or zh-Hant: the "language" definition of common.schema.json.
var LanguagePattern = commonPattern("language")

// commonPattern compiles the pattern of a definition in common.schema.json.
// The schemas are embedded and tested, so a failure here is a bug in them,
// found by every test run.
func commonPattern(def string) *regexp.Regexp {
	data, err := files.ReadFile("common.schema.json")
	if err != nil {
		panic(err)
	}
	var doc struct {
		Defs map[string]struct {
			Pattern string `json:"pattern"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		panic("common.schema.json: " + err.Error())
	}
	p := doc.Defs[def].Pattern
	if p == "" {
		panic("common.schema.json: no pattern for " + def)
	}
	// The patterns use only what ECMA-262 (JSON Schema's dialect) and Go's
	// RE2 read alike: classes, groups, repetition and anchors.
	return regexp.MustCompile(p)
}
