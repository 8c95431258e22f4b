// Package initdir writes a new directory repository, as `signpost init`
// does: the content folder with its settings explained and one example of
// each kind of file, the GitHub workflows that call signpost's reusable
// ones at a released version, issue forms, a CODEOWNERS example, and a
// README and CONTRIBUTING for the people who run and update it.
package initdir

// SignpostVersion is the signpost release the workflows of a new directory
// call, and the one the reusable workflows download by default. It is
// bumped to the next tag, in the same commit as the default
// signpost-version of .github/workflows/directory-*.yml, just before
// tagging: the release workflow refuses a tag that differs.
const SignpostVersion = "v0.1.0"
