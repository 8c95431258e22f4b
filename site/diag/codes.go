package diag

import "slices"

// Code is a stable, machine-readable name for a kind of problem. Codes are
// part of signpost's interface: tools that read `check --format json` (and
// the preview's problem overlay) match on them, so every code is declared
// here, once, with what it means, and listed in the README ("Message codes
// for tool authors"). A code is never renamed or reused for another meaning;
// a new kind of problem gets a new code, declared here.
//
// Like esbuild's message ids (internal/logger/msg_ids.go), the constants
// are named after their text: "unknown-field" is UnknownField, "yaml-syntax"
// is YAMLSyntax.
type Code string

// Reading the content folder (site/load). These stop a file from being
// checked further.
const (
	// Unreadable: a file or folder in the content folder cannot be read
	// (permissions, an I/O error, or in `serve` the whole folder has gone).
	// Always an error.
	Unreadable Code = "unreadable"
	// CaseClash: two paths differ only in capital letters, so one would
	// replace the other on Windows and macOS. Always an error.
	CaseClash Code = "case-clash"
	// MisplacedFile: a file or folder where signpost reads nothing of that
	// kind, such as a .yml file, a .txt in listings/ or an unknown folder.
	// Always an error.
	MisplacedFile Code = "misplaced-file"
	// MissingDirectory: the content folder has no directory.yaml. Always an
	// error, with no location.
	MissingDirectory Code = "missing-directory"
	// HiddenFile: files whose names start with a dot are ignored. One
	// message lists them all (the hint holds the paths). A warning.
	HiddenFile Code = "hidden-file"
	// ReservedName: a file name Windows cannot use (CON, NUL, COM1, …),
	// which stops the repository being checked out there. Always an error.
	ReservedName Code = "reserved-name"
	// NotAFile: a symbolic link, named pipe, device or other special file.
	// It is never opened. Always an error.
	NotAFile Code = "not-a-file"
	// ThemeOutdated: a theme override written for an older signpost,
	// which leaves out what the pages now need (a listing page that does
	// not read its detail files). Always a warning.
	ThemeOutdated Code = "theme-outdated"
	// TooLarge: a file bigger than load.MaxFileSize, or a postcodes.csv
	// bigger than load.MaxPostcodesSize. Always an error.
	TooLarge Code = "too-large"
	// Encoding: a file that is not UTF-8 text (invalid UTF-8, or a NUL
	// byte). Always an error.
	Encoding Code = "encoding"
	// ControlCharacter: a control character other than tab and line breaks
	// (C0, DEL, C1), or a bidirectional override or isolate (U+202A to
	// U+202E, U+2066 to U+2069), anywhere in a file. They are invisible, can
	// make text show other than it is written, or make a terminal run
	// commands. Always an error.
	ControlCharacter Code = "control-character"
	// BadID: a file name that is not a valid id (lowercase letters, digits
	// and single hyphens), or a translation whose name does not end in a
	// language code. Always an error.
	BadID Code = "bad-id"
	// FrontMatter: a Markdown listing that does not start its details with a
	// line of three dashes, or never closes them. Always an error.
	FrontMatter Code = "front-matter"
)

// YAML that cannot be read, or that signpost refuses.
const (
	// YAMLSyntax: YAML that cannot be parsed, or is not "name: value"
	// details: unbalanced quotes, more than one document, a field name that
	// is not a plain word. Always an error.
	YAMLSyntax Code = "yaml-syntax"
	// YAMLAlias: a YAML anchor or alias (& or *). Always an error.
	YAMLAlias Code = "yaml-alias"
	// YAMLTag: a YAML tag (!!str, !custom). Always an error.
	YAMLTag Code = "yaml-tag"
	// YAMLNumber: a number written in hexadecimal, octal, binary, with
	// underscores or a + sign (refused by site/load), or with leading zeros
	// (017, which YAML reads as 15), an exponent (1e1), or a decimal point
	// where a whole number belongs (min_age: 18.0) (refused by site/check,
	// which leaves a phone number without quotes to WrongType); the
	// suggestion is the plain decimal form. Always an error.
	YAMLNumber Code = "yaml-number"
	// CurlyQuotes: a value inside curly quotes “…”, which YAML takes as
	// part of the text; the suggestion uses straight quotes. Always an error.
	CurlyQuotes Code = "curly-quotes"
	// DuplicateField: a field given twice in one file, or a description
	// field in a .md listing (whose description is the text below the
	// details). A note points at the first one. Always an error.
	DuplicateField Code = "duplicate-field"
	// Placeholder: a TODO from the template `signpost new` writes has not
	// been filled in. Always an error.
	Placeholder Code = "placeholder"
)

// Fields the schemas (schema/) reject.
const (
	// Schema: a value the schema rejects for a reason none of the codes
	// below names, or details the schema accepted but signpost cannot read
	// (a bug in signpost). Always an error.
	Schema Code = "schema"
	// MissingField: a required field is missing, or an online activity has
	// no online_url. Points at the group that lacks it. Always an error.
	MissingField Code = "missing-field"
	// UnknownField: a field the schema does not know, usually misspelt; the
	// suggestion is the closest known field. Always an error.
	UnknownField Code = "unknown-field"
	// WrongType: a value of the wrong kind, such as text where a list or a
	// number belongs, or nothing after the colon. Always an error.
	WrongType Code = "wrong-type"
	// NotAllowed: a value that is not one of the allowed values (the
	// suggestion is the closest), or not in a form signpost understands,
	// such as a cost that is neither free nor an amount. Always an error.
	NotAllowed Code = "not-allowed"
	// Empty: a file with no details, or an empty text, list or group that
	// must have something in it. Always an error.
	Empty Code = "empty"
	// TooLong: text longer than its limit, or a list with too many items.
	// Always an error.
	TooLong Code = "too-long"
	// BadFormat: a value not in the form its field needs: a web or email
	// address, a phone number, a date, an id. Also a web address the
	// schema's pattern lets through that cannot be used: a user name or
	// password before @, a site name that cannot exist or is this computer,
	// a port that is not one. Often has a suggestion. Always an error.
	BadFormat Code = "bad-format"
	// DuplicateItem: the same value twice in one list. Always an error.
	DuplicateItem Code = "duplicate-item"
	// OutOfRange: a number outside its allowed range, max_age below
	// min_age, places_left above total_places, or a latitude or longitude
	// out of range in postcodes.csv. Always an error.
	OutOfRange Code = "out-of-range"
)

// Rules the schemas cannot express (site/check).
const (
	// BadTimezone: directory.yaml's timezone is not an IANA time zone name
	// written as an area and a place (Europe/London), UTC or Etc/…: also
	// the posix/ and right/ copies, Factory, posixrules and names written
	// as paths (./Europe/London), whose suggestion is the plain name.
	// Always an error.
	BadTimezone Code = "bad-timezone"
	// BadPostcode: a venue's postcode is not one in the directory's country;
	// the suggestion is the normal spelling when there is one. Always an
	// error.
	BadPostcode Code = "bad-postcode"
	// HalfPosition: a venue gives lat without lon, or lon without lat. A
	// warning.
	HalfPosition Code = "half-position"
	// NoPosition: a venue has no lat and lon, so its activities cannot be
	// sorted by distance from a place, postcode or position people search
	// near. One per venue. A warning.
	NoPosition Code = "no-position"
	// DuplicatePlace: two places of places.yaml, or one place twice, share
	// a name or alias (ignoring capitals), so a search near it could mean
	// either; a note points at the other one. Always an error.
	DuplicatePlace Code = "duplicate-place"
	// PostcodesHeader: postcodes.csv does not start with the line
	// postcode,lat,lon. Always an error.
	PostcodesHeader Code = "postcodes-header"
	// PostcodesRow: a row of postcodes.csv that is not a postcode (or an
	// outward code) of the directory's country, a latitude and a longitude:
	// too few or too many fields, a postcode of another form, a number that
	// is not one. Positions out of range are OutOfRange. Always an error.
	PostcodesRow Code = "postcodes-row"
	// DuplicatePostcode: a postcode given on two rows of postcodes.csv
	// (after writing both in capitals with the usual spacing); a note
	// points at the first. Always an error.
	DuplicatePostcode Code = "duplicate-postcode"
	// BadSchedule: a schedule that does not follow the schedule grammar.
	// Always an error.
	BadSchedule Code = "bad-schedule"
	// SkippedTime: a session starts or ends at a time the clocks skip on the
	// day they go forward; the text says what calendars show. A warning.
	SkippedTime Code = "skipped-time"
	// DateOutOfRange: a date in a schedule, in verified or in a capacity's
	// updated that is before the earliest year signpost accepts or too many
	// years ahead. Always an error.
	DateOutOfRange Code = "date-out-of-range"
	// AllPast: every session on a listing's schedule is in the past. A
	// warning.
	AllPast Code = "all-past"
	// FutureDate: a verified date, or a capacity's updated date, after
	// today; the suggestion is today.
	// Always an error.
	FutureDate Code = "future-date"
	// Stale: a listing last verified longer ago than stale_after. A
	// warning.
	Stale Code = "stale"
	// CapacityStale: a listing's capacity (places left, waiting time) last
	// updated longer ago than stale_after. A warning.
	CapacityStale Code = "capacity-stale"
	// CapacityMismatch: a listing's capacity disagrees with its status:
	// places left on a full activity, none left on an active one, or a
	// capacity on an ended one. A warning.
	CapacityMismatch Code = "capacity-mismatch"
	// UnknownTerm: a category, need or other term that is not in the
	// vocabularies; the suggestion is the closest term. Always an error.
	UnknownTerm Code = "unknown-term"
	// DuplicateSynonym: in taxonomy.yaml, a synonym that is already another
	// term's label or synonym in the same vocabulary (ignoring capitals), so
	// a search for it could not say which was meant. Always an error.
	DuplicateSynonym Code = "duplicate-synonym"
	// UnknownSynonym: in taxonomy.yaml, a word under remove_synonyms that
	// is not a synonym of its term, so removing it would do nothing.
	UnknownSynonym Code = "unknown-synonym"
	// UnknownReference: an organization or venue that has no file, or a
	// translation of a listing that does not exist. Always an error.
	UnknownReference Code = "unknown-reference"
	// MarkdownHTML: HTML, including a comment, in a description. Always an
	// error.
	MarkdownHTML Code = "markdown-html"
	// MarkdownImage: an image in a description. Always an error.
	MarkdownImage Code = "markdown-image"
	// MarkdownLink: a link in a description that goes anywhere but a web
	// page (http:, https:), an email address (mailto:), a phone number
	// (tel:) or a place on the site (a relative path or #part): another
	// scheme (javascript:, search-ms:, smb:, …), a backslash, a link
	// starting with //, a name before an @ that hides the site, or an email
	// link to more than one plain address or with cc or bcc. Always an
	// error.
	MarkdownLink Code = "markdown-link"
	// DuplicateID: two files have the same id; a note points at the other
	// file. Always an error.
	DuplicateID Code = "duplicate-id"
	// DuplicateTitle: two listings have the same title; a note points at
	// the other one. A warning.
	DuplicateTitle Code = "duplicate-title"
	// LikelyDuplicate: two organizations share a charity number or a
	// phone number, as one organization entered twice does (often after
	// an import); a note points at the other.
	LikelyDuplicate Code = "likely-duplicate"
	// TranslationLanguage: a translation in the language its listing is
	// written in. Always an error.
	TranslationLanguage Code = "translation-language"
	// TooManyProblems: one file has more problems than are shown for a
	// file; this message stands for the rest and says how many there are.
	// It points at the first one not shown. Always an error.
	TooManyProblems Code = "too-many-problems"
)

// Problems with the run itself rather than the content.
const (
	// Cancelled: the check was stopped (Ctrl+C, SIGTERM) before it
	// finished, so the other findings are incomplete. Always an error, with
	// no location.
	Cancelled Code = "cancelled"
	// Render: the preview (`serve`) could not render the site, usually
	// because of a theme template. Only the preview's overlay shows it.
	// Always an error.
	Render Code = "render"
)

// CodeInfo documents one code for the people who write tools.
type CodeInfo struct {
	Code Code
	// Severity is the severity messages with this code have.
	Severity Severity
	// Summary says in one line what the code means.
	Summary string
}

// codes is in the order the README lists them.
var codes = [...]CodeInfo{
	{Unreadable, Error, "A file or folder in the content folder cannot be read."},
	{CaseClash, Error, "Two paths differ only in capital letters, so they collide on Windows and macOS."},
	{MisplacedFile, Error, "A file or folder where signpost reads nothing of its kind (a `.yml` file, an unknown folder)."},
	{MissingDirectory, Error, "The content folder has no `directory.yaml`."},
	{HiddenFile, Warning, "Files whose names start with a dot are ignored; one message lists them all."},
	{ReservedName, Error, "A file name Windows cannot use (`CON`, `NUL`, `COM1`, …)."},
	{NotAFile, Error, "A symbolic link, named pipe or other special file; it is never opened."},
	{ThemeOutdated, Warning, "A theme override written for an older signpost: a listing page that does not read its detail files."},
	{TooLarge, Error, "A file far bigger than any content file (over 1 MB; `postcodes.csv` over 100 MB)."},
	{Encoding, Error, "A file that is not UTF-8 text."},
	{ControlCharacter, Error, "A control character, or a bidirectional override or isolate (`U+202A`–`U+202E`, `U+2066`–`U+2069`)."},
	{BadID, Error, "A file name that is not a valid id, or a translation not named after a language code."},
	{FrontMatter, Error, "A `.md` listing whose details do not start, or never end, with a `---` line."},
	{YAMLSyntax, Error, "YAML that cannot be read, or is not `name: value` details."},
	{YAMLAlias, Error, "A YAML anchor or alias (`&`, `*`)."},
	{YAMLTag, Error, "A YAML tag (`!!str`, `!custom`)."},
	{YAMLNumber, Error, "A number in hexadecimal, octal, binary, with `_`, leading zeros or an exponent, or `18.0` for a whole number; the suggestion is the decimal form."},
	{CurlyQuotes, Error, "A value in curly quotes `“…”`; the suggestion uses straight quotes."},
	{DuplicateField, Error, "A field given twice, or a `description` field in a `.md` listing."},
	{Placeholder, Error, "A TODO from the template has not been filled in."},
	{Schema, Error, "A value the schema rejects for a reason no other code names."},
	{MissingField, Error, "A required field is missing (including `online_url` for an online activity)."},
	{UnknownField, Error, "A field the schema does not know; the suggestion is the closest known field."},
	{WrongType, Error, "A value of the wrong kind, such as text where a list belongs."},
	{NotAllowed, Error, "A value that is not one of the allowed values, or not in a form signpost understands."},
	{Empty, Error, "A file with no details, or an empty text, list or group."},
	{TooLong, Error, "Text longer than its limit, or a list with too many items."},
	{BadFormat, Error, "A web or email address, phone number, date or id in the wrong form."},
	{DuplicateItem, Error, "The same value twice in one list."},
	{OutOfRange, Error, "A number outside its range, `max_age` below `min_age`, or `places_left` above `total_places`."},
	{BadTimezone, Error, "`timezone` is not an IANA time zone name like `Europe/London`, `UTC` or `Etc/GMT+5`."},
	{BadPostcode, Error, "A postcode that is not one in the directory's country."},
	{HalfPosition, Warning, "A venue gives only one of `lat` and `lon`."},
	{NoPosition, Warning, "A venue has no `lat` and `lon`, so its activities cannot be sorted by distance."},
	{DuplicatePlace, Error, "Two places in `places.yaml` share a name or alias (ignoring capitals)."},
	{PostcodesHeader, Error, "`postcodes.csv` does not start with the line `postcode,lat,lon`."},
	{PostcodesRow, Error, "A row of `postcodes.csv` that is not a postcode or outward code, a latitude and a longitude."},
	{DuplicatePostcode, Error, "The same postcode on two rows of `postcodes.csv`."},
	{BadSchedule, Error, "A schedule that does not follow the schedule grammar."},
	{SkippedTime, Warning, "A session time the clocks skip when they go forward."},
	{DateOutOfRange, Error, "A date in a schedule, `verified` or a capacity's `updated` too far in the past or the future."},
	{AllPast, Warning, "Every session on the schedule is in the past."},
	{FutureDate, Error, "A `verified` date, or a capacity's `updated` date, after today."},
	{Stale, Warning, "A listing last verified longer ago than `stale_after`."},
	{CapacityStale, Warning, "A listing's places and waiting time last updated longer ago than `stale_after`."},
	{CapacityMismatch, Warning, "A listing's capacity disagrees with its status (places left on a full activity, none on an active one, any on an ended one)."},
	{UnknownTerm, Error, "A category, need or other term that is not in the vocabularies."},
	{DuplicateSynonym, Error, "A label or synonym in `taxonomy.yaml` that is already another term's label or synonym."},
	{UnknownSynonym, Error, "A word under `remove_synonyms` in `taxonomy.yaml` that is not one of the term's synonyms."},
	{UnknownReference, Error, "An organization or venue with no file, or a translation of a listing that does not exist."},
	{MarkdownHTML, Error, "HTML in a description."},
	{MarkdownImage, Error, "An image in a description."},
	{MarkdownLink, Error, "A link in a description to anything but a web page, an email address, a phone number or the site itself."},
	{DuplicateID, Error, "Two files have the same id."},
	{DuplicateTitle, Warning, "Two listings have the same title."},
	{LikelyDuplicate, Warning, "Two organizations share a charity number or a phone number: probably one organization entered twice."},
	{TranslationLanguage, Error, "A translation in the language its listing is written in."},
	{TooManyProblems, Error, "A file has more problems than are shown for one file; this one says how many more."},
	{Cancelled, Error, "The check was stopped before it finished; the findings are incomplete."},
	{Render, Error, "The preview (`serve`) could not render the site, usually because of a theme template."},
}

// Codes returns every code signpost emits, with its severity and meaning,
// in the order the README lists them. The slice is the caller's to change.
func Codes() []CodeInfo { return slices.Clone(codes[:]) }

// Lookup returns what is documented about a code, and whether it is one.
func Lookup(c Code) (CodeInfo, bool) {
	for _, info := range codes {
		if info.Code == c {
			return info, true
		}
	}
	return CodeInfo{}, false
}
