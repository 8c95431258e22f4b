package diag

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the list of message codes in README.md")

// declaredCode is a Code constant as written in codes.go.
type declaredCode struct {
	name, value, doc string
}

func declaredCodes(t *testing.T) []declaredCode {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var out []declaredCode
	for _, decl := range file.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				t.Errorf("%s: every constant in codes.go is a Code, written as Name Code = \"name\"", vs.Names[0].Name)
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: the value must be a string literal", name.Name)
					continue
				}
				value, _ := strconv.Unquote(lit.Value)
				out = append(out, declaredCode{name: name.Name, value: value, doc: strings.TrimSpace(vs.Doc.Text())})
			}
		}
	}
	return out
}

// constName is the constant name a code's text calls for: "unknown-field"
// is UnknownField, "yaml-syntax" YAMLSyntax.
func constName(value string) string {
	var b strings.Builder
	for word := range strings.SplitSeq(value, "-") {
		switch word {
		case "yaml", "html", "id":
			b.WriteString(strings.ToUpper(word))
		default:
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

var codeText = regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)

func TestEveryCodeIsDeclaredOnceAndDocumented(t *testing.T) {
	declared := declaredCodes(t)
	if len(declared) == 0 {
		t.Fatal("no codes found in codes.go")
	}
	table := Codes()
	inTable := map[Code]int{}
	for _, info := range table {
		inTable[info.Code]++
		if info.Summary == "" || strings.ContainsAny(info.Summary, "|\n") || !strings.HasSuffix(info.Summary, ".") {
			t.Errorf("%s: the summary must be one sentence on one line, without |: %q", info.Code, info.Summary)
		}
		if info.Severity != Error && info.Severity != Warning {
			t.Errorf("%s: severity %d", info.Code, info.Severity)
		}
	}
	values := map[string]string{}
	for _, c := range declared {
		if other, ok := values[c.value]; ok {
			t.Errorf("%s and %s are both %q", other, c.name, c.value)
		}
		values[c.value] = c.name
		if !codeText.MatchString(c.value) {
			t.Errorf("%s: %q is not lowercase words joined by hyphens", c.name, c.value)
		}
		if want := constName(c.value); c.name != want {
			t.Errorf("%q is declared as %s; name it %s", c.value, c.name, want)
		}
		if !strings.HasPrefix(c.doc, c.name+": ") || len(c.doc) < len(c.name)+20 {
			t.Errorf("%s: the doc comment must say what the code means, starting %q", c.name, c.name+": ")
		}
		if n := inTable[Code(c.value)]; n != 1 {
			t.Errorf("%s is in the table of codes %d times, want once", c.name, n)
		}
		if _, ok := Lookup(Code(c.value)); !ok {
			t.Errorf("Lookup(%s) found nothing", c.name)
		}
	}
	if len(table) != len(declared) {
		t.Errorf("the table has %d codes, codes.go declares %d", len(table), len(declared))
	}
	if _, ok := Lookup("no-such-code"); ok {
		t.Error(`Lookup("no-such-code") found something`)
	}
	table[0].Summary = "changed"
	if Codes()[0].Summary == "changed" {
		t.Error("Codes returns the table itself, not a copy")
	}
}

// The README lists the codes between these lines; -update writes the list.
const (
	readmeBegin = "<!-- message codes: written by go test ./site/diag -update from site/diag/codes.go -->\n"
	readmeEnd   = "<!-- end of message codes -->\n"
)

func readmeCodes() string {
	var b strings.Builder
	b.WriteString("| code | severity | meaning |\n|---|---|---|\n")
	for _, info := range Codes() {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", info.Code, info.Severity, info.Summary)
	}
	return b.String()
}

func TestREADMEListsEveryCode(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	before, rest, ok1 := strings.Cut(readme, readmeBegin)
	got, after, ok2 := strings.Cut(rest, readmeEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md has no list of message codes between %q and %q", readmeBegin, readmeEnd)
	}
	want := readmeCodes()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+readmeBegin+want+readmeEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's list of message codes differs from codes.go (run go test ./site/diag -update):\n--- README ---\n%s--- codes.go ---\n%s", got, want)
}

// TestNoCodeFromStringLiteral reads every Go file under site/ and cmd/: a
// message's code must be one of the constants, never a string literal, so
// a new code cannot be emitted without being declared (and documented, and
// listed in the README). It also checks that every declared code is used,
// and that messages written with both fields have the code's severity.
func TestNoCodeFromStringLiteral(t *testing.T) {
	declared := map[string]Code{}
	for _, c := range declaredCodes(t) {
		declared[c.name] = Code(c.value)
	}
	used := map[string]bool{}
	var messages int
	fset := token.NewFileSet()
	for _, root := range []string{"../../site", "../../cmd"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			file, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			inDiag := file.Name.Name == "diag"
			codeArgs := codeParameters(file, inDiag)
			for _, p := range literalCodes(file, inDiag, declared, codeArgs, &messages, func(pos token.Pos, code Code, sev Severity) {
				if info, ok := Lookup(code); ok && info.Severity != sev {
					t.Errorf("%s: severity %s with code %s, which codes.go gives severity %s", fset.Position(pos), sev, code, info.Severity)
				}
			}) {
				t.Errorf("%s: a code written as a string literal; use (or declare) a constant in site/diag/codes.go", fset.Position(p))
			}
			if inDiag && d.Name() == "codes.go" {
				return nil // the table names every code; that is no use of one
			}
			ast.Inspect(file, func(n ast.Node) bool {
				if name, ok := codeRef(n, inDiag); ok && declared[name] != "" {
					used[name] = true
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if messages < 40 {
		t.Errorf("found only %d messages with a code: is the search still looking in the right places?", messages)
	}
	for _, name := range slices.Sorted(maps.Keys(declared)) {
		if !used[name] {
			t.Errorf("%s is declared but no message uses it; use it, or remove it from codes.go and the README", name)
		}
	}
}

// codeRef reports the constant a node names, if it is diag.Name (or Name
// inside package diag).
func codeRef(n ast.Node, inDiag bool) (string, bool) {
	switch n := n.(type) {
	case *ast.SelectorExpr:
		if x, ok := n.X.(*ast.Ident); ok && x.Name == "diag" {
			return n.Sel.Name, true
		}
	case *ast.Ident:
		if inDiag {
			return n.Name, true
		}
	}
	return "", false
}

// isDiagType reports whether expr is diag.name (or name inside package diag).
func isDiagType(expr ast.Expr, name string, inDiag bool) bool {
	switch e := expr.(type) {
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "diag" && e.Sel.Name == name
	case *ast.Ident:
		return inDiag && e.Name == name
	}
	return false
}

// codeParameters finds the functions in a file, declared or assigned to a
// variable, that take a diag.Code: by name, the positions of those
// parameters.
func codeParameters(file *ast.File, inDiag bool) map[string][]int {
	out := map[string][]int{}
	add := func(name string, ft *ast.FuncType) {
		i := 0
		for _, field := range ft.Params.List {
			n := max(1, len(field.Names))
			if isDiagType(field.Type, "Code", inDiag) {
				for j := range n {
					out[name] = append(out[name], i+j)
				}
			}
			i += n
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			add(n.Name.Name, n.Type)
		case *ast.AssignStmt:
			for i, rhs := range n.Rhs {
				if fl, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok {
						add(id.Name, fl.Type)
					}
				}
			}
		}
		return true
	})
	return out
}

func isString(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

func isCodeField(e ast.Expr) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Code"
}

// literalCodes returns where a file sets or compares a message's code with a
// string literal: Code: "x" in a diag.Message, m.Code = "x", m.Code == "x",
// or "x" passed where a function takes a diag.Code. It counts the messages
// it sees with a code and passes those that also name a severity to sev.
func literalCodes(file *ast.File, inDiag bool, declared map[string]Code, codeArgs map[string][]int, messages *int, sev func(token.Pos, Code, Severity)) []token.Pos {
	var bad []token.Pos
	message := func(lit *ast.CompositeLit) {
		var code Code
		severity := Severity(-1)
		for _, elt := range lit.Elts {
			kv, ok := elt.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			switch key.Name {
			case "Code":
				*messages++
				if isString(kv.Value) {
					bad = append(bad, kv.Value.Pos())
				} else if name, ok := codeRef(kv.Value, inDiag); ok {
					code = declared[name]
				}
			case "Severity":
				if name, ok := codeRef(kv.Value, inDiag); ok {
					switch name {
					case "Error":
						severity = Error
					case "Warning":
						severity = Warning
					}
				}
			}
		}
		if code != "" && severity >= 0 {
			sev(lit.Pos(), code, severity)
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CompositeLit:
			switch {
			case isDiagType(n.Type, "Message", inDiag):
				message(n)
			case isDiagType(n.Type, "List", inDiag) || isMessageSlice(n.Type, inDiag):
				for _, elt := range n.Elts {
					if el, ok := elt.(*ast.CompositeLit); ok && el.Type == nil {
						message(el)
					}
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if isCodeField(lhs) && i < len(n.Rhs) && isString(n.Rhs[i]) {
					bad = append(bad, n.Rhs[i].Pos())
				}
			}
		case *ast.BinaryExpr:
			if (n.Op == token.EQL || n.Op == token.NEQ) &&
				(isCodeField(n.X) && isString(n.Y) || isCodeField(n.Y) && isString(n.X)) {
				bad = append(bad, n.Pos())
			}
		case *ast.CallExpr:
			var name string
			switch f := n.Fun.(type) {
			case *ast.Ident:
				name = f.Name
			case *ast.SelectorExpr:
				name = f.Sel.Name
			}
			for _, i := range codeArgs[name] {
				if i < len(n.Args) && isString(n.Args[i]) {
					bad = append(bad, n.Args[i].Pos())
				}
			}
		}
		return true
	})
	return bad
}

func isMessageSlice(expr ast.Expr, inDiag bool) bool {
	at, ok := expr.(*ast.ArrayType)
	return ok && isDiagType(at.Elt, "Message", inDiag)
}

// TestLiteralCodesAreFound: each way of writing a code as a string
// literal is caught, and constants are not, so TestNoCodeFromStringLiteral
// cannot pass by looking at the wrong things.
func TestLiteralCodesAreFound(t *testing.T) {
	declared := map[string]Code{"Stale": Stale, "Empty": Empty}
	tests := []struct {
		name, src string
		bad       int // string literals to be found
		mismatch  int // messages whose severity is not the code's
	}{
		{"constants", `m := diag.Message{Severity: diag.Warning, Code: diag.Stale}; m.Code = diag.Empty; _ = m.Code == diag.Stale`, 0, 0},
		{"literal in a message", `_ = diag.Message{Severity: diag.Error, Code: "stale"}`, 1, 0},
		{"literal in a pointer to a message", `_ = &diag.Message{Code: "stale"}`, 1, 0},
		{"literal in a list", `_ = diag.List{{Code: "stale"}, {Code: diag.Empty}}`, 1, 0},
		{"literal in a slice of messages", `_ = []diag.Message{{Code: "stale"}}`, 1, 0},
		{"literal assigned", `m.Code = "stale"`, 1, 0},
		{"literal compared", `_ = "stale" != m.Code`, 1, 0},
		{"literal passed as a Code", `fail := func(s string, c diag.Code) {}; fail("x", "stale")`, 1, 0},
		{"another struct's Code field", `_ = hsds{Code: "SU"}; _ = diag.Note{Text: "stale"}`, 0, 0},
		{"a warning's code as an error", `_ = diag.Message{Severity: diag.Error, Code: diag.Stale}`, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package x\nfunc f() {\n" + tt.src + "\n}\n"
			file, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			var messages, mismatch int
			bad := literalCodes(file, false, declared, codeParameters(file, false), &messages, func(_ token.Pos, c Code, s Severity) {
				if info, _ := Lookup(c); info.Severity != s {
					mismatch++
				}
			})
			if len(bad) != tt.bad || mismatch != tt.mismatch {
				t.Errorf("found %d literals and %d wrong severities, want %d and %d", len(bad), mismatch, tt.bad, tt.mismatch)
			}
		})
	}
}
