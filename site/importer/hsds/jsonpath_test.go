package hsds

import (
	"strings"
	"testing"
)

func TestDecodeErrorsNameTheJSONPath(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"number for text", `{"id": "a", "name": 12}`, "line 1, column 21, at $.name: expected text, found a number"},
		{"text for number", `{"id":"a","minimum_age":"twelve"}`, "at $.minimum_age: expected a number, found text"},
		{"deep in a list", "{\"schedules\": [\n {\"freq\": \"WEEKLY\"},\n {\"opens_at\": 10}\n]}", "line 3, column 15, at $.schedules[1].opens_at: expected text"},
		{"object for list", `{"phones": {"number": "1"}}`, "at $.phones: expected a list ([...]), found an object"},
		{"list for object", `{"organization": [1]}`, "at $.organization: expected an object ({...}), found a list"},
		{"after a nested object", `{"organization": {"name": "x"}, "phones": [{"number": "1"}, {"number": true}]}`, "at $.phones[1].number: expected text, found true or false"},
		{"bad JSON", "{\"id\": \"a\",\n \"name\": \"b\" \"x\"}", "line 2, column 14, at $.name: this is not JSON"},
		{"cut short", `{"id": "a", "phones": [`, "this is not JSON: unexpected end of JSON input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s service
			err := decode([]byte(c.doc), &s)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("decode(%s) = %v, want %q", c.doc, err, c.want)
			}
		})
	}
}
