package csvfile

import "strings"

// formulaStarts are the first characters with which a spreadsheet program
// reads a cell as a formula (OWASP's list for CSV injection): a listing
// whose note says =HYPERLINK("https://…","Call Pam") must arrive in the
// spreadsheet as that text, not as a link someone else chose.
const formulaStarts = "=+-@\t\r"

// asText makes a value safe to open in a spreadsheet: one that would be
// read as a formula gets a leading apostrophe, which spreadsheets take to
// mean text and do not show.
func asText(v string) string {
	if v != "" && strings.ContainsRune(formulaStarts, rune(v[0])) {
		return "'" + v
	}
	return v
}

// fromText undoes asText: an apostrophe before what would be a formula is
// dropped, so an exported sheet imports back to the same values. Any
// other apostrophe is part of the text.
func fromText(v string) string {
	if rest, ok := strings.CutPrefix(v, "'"); ok && rest != "" && strings.ContainsRune(formulaStarts, rune(rest[0])) {
		return rest
	}
	return v
}
