#!/usr/bin/env bash
# Writes a pull request's summary, in Markdown, for $GITHUB_STEP_SUMMARY:
# what changed in the content folder in plain words ("2 listings updated,
# 1 new"), the result of the check, listings that need checking, and where
# to find the preview.
#
# Usage (from the repository root, after building ./signpost):
#   bash .github/scripts/pr-summary.sh BASE HEAD >> "$GITHUB_STEP_SUMMARY"
# BASE and HEAD are commits; in check.yml they are the base branch (HEAD^1)
# and the pull request's merge commit (HEAD).
#
# Environment: CHECK_OUTCOME and BUILD_OUTCOME are the outcomes of the
# workflow's check and build steps (success, failure, skipped or empty);
# CONTENT is the content folder (default "content").
set -euo pipefail

base=${1:?usage: pr-summary.sh BASE HEAD}
head=${2:?usage: pr-summary.sh BASE HEAD}
content=${CONTENT:-content}
content=${content%/}
check_outcome=${CHECK_OUTCOME:-}
build_outcome=${BUILD_OUTCOME:-}
max_items=25 # longer lists end with "and N more"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# value KEY MD: prints the value of the top-level KEY of the file on stdin
# (in the front matter when MD is 1), without quotes or a trailing comment.
value() {
  awk -v key="$1" -v md="$2" -v sq="'" '
    NR == 1 && md == 1 { if ($0 !~ /^---[ \t]*\r?$/) exit; next }
    md == 1 && /^---[ \t]*\r?$/ { exit }
    index($0, key ":") == 1 {
      v = substr($0, length(key) + 2)
      sub(/\r$/, "", v)
      sub(/^[ \t]+/, "", v)
      q = substr(v, 1, 1)
      if (q == "\"" || q == sq) {
        rest = substr(v, 2); out = ""
        while (length(rest) > 0) {
          c = substr(rest, 1, 1)
          if (q == sq && c == sq && substr(rest, 2, 1) == sq) { out = out sq; rest = substr(rest, 3); continue }
          if (q == "\"" && c == "\\") { out = out substr(rest, 2, 1); rest = substr(rest, 3); continue }
          if (c == q) break
          out = out c; rest = substr(rest, 2)
        }
        v = out
      } else {
        sub(/[ \t]+#.*$/, "", v)
        sub(/[ \t]+$/, "", v)
      }
      print v
      exit
    }'
}

# name_of REV PATH: the title of a listing, or the name of an organization
# or venue, as written in PATH at REV ("" for the working tree); falls back
# to the file's id.
name_of() {
  local rev=$1 path=$2 key=name md=0 text
  case $path in */listings/*) key=title ;; esac
  case $path in *.md) md=1 ;; esac
  if [ -n "$rev" ]; then
    text=$(git show "$rev:$path" 2>/dev/null | value "$key" "$md" || true)
  else
    text=$(value "$key" "$md" <"$path" 2>/dev/null || true)
  fi
  if [ -z "$text" ]; then
    text=${path##*/}
    text=${text%.*}
  fi
  printf '%s' "$text"
}

# md: escapes the characters Markdown would otherwise format.
md() {
  sed -e 's/[][\\`*_<>|~]/\\&/g'
}

plural() { # N WORD
  if [ "$1" = 1 ]; then printf '1 %s' "$2"; else printf '%s %ss' "$1" "$2"; fi
}

# --- what changed ----------------------------------------------------------

declare -A items=() count=()
other=()
changed_files=()

add() { # KIND ACTION TEXT
  local k="$1:$2"
  count[$k]=$((${count[$k]:-0} + 1))
  items[$k]+="$3"$'\n'
}

git diff --name-status -z -M "$base" "$head" -- "$content/" >"$tmp/diff"
while IFS= read -r -d '' status; do
  IFS= read -r -d '' path
  old=
  case $status in
    R* | C*)
      old=$path
      IFS= read -r -d '' path
      ;;
  esac
  changed_files+=("$path")
  case $status in
    A* | C*) action=new rev=$head ;;
    D*) action=removed rev=$base ;;
    R*) action=renamed rev=$head ;;
    *) action=updated rev=$head ;;
  esac
  rel=${path#"$content"/}
  file=${rel##*/}
  id=${file%.*}
  case $rel in
    listings/*.md | listings/*.yaml | listings/*.yml)
      if [[ $id == *.* ]]; then
        kind=translation
        text="$(name_of "$rev" "$path") (${id##*.})"
      else
        kind=listing
        text=$(name_of "$rev" "$path")
      fi
      ;;
    organizations/*.yaml | organizations/*.yml)
      kind=organization
      text=$(name_of "$rev" "$path")
      ;;
    venues/*.yaml | venues/*.yml)
      kind=venue
      text=$(name_of "$rev" "$path")
      ;;
    directory.yaml | directory.yml)
      other+=("The directory's settings (\`$rel\`) changed.")
      continue
      ;;
    taxonomy.yaml | taxonomy.yml)
      other+=("The vocabularies (\`$rel\`) changed.")
      continue
      ;;
    *)
      other+=("$(printf '%s' "$rel" | md) ($action)")
      continue
      ;;
  esac
  text=$(printf '%s' "$text" | md)
  if [ "$action" = renamed ]; then
    oldid=${old##*/}
    text="$text (file renamed from \`${oldid%.*}\`, so its web address changes)"
  fi
  add "$kind" "$action" "$text"
done <"$tmp/diff"

kinds=(listing translation organization venue)
actions=(updated new renamed removed)

headline=()
for kind in "${kinds[@]}"; do
  part=""
  for action in "${actions[@]}"; do
    n=${count[$kind:$action]:-0}
    [ "$n" -gt 0 ] || continue
    if [ -z "$part" ] && [ "$action" = new ]; then
      part="$n new $(plural "$n" "$kind" | cut -d' ' -f2-)"
    elif [ -z "$part" ]; then
      part="$(plural "$n" "$kind") $action"
    else
      part="$part, $n $action"
    fi
  done
  [ -z "$part" ] || headline+=("$part")
done

echo "## What this pull request changes"
echo
if [ ${#headline[@]} -eq 0 ] && [ ${#other[@]} -eq 0 ]; then
  echo "Nothing in the \`$content\` folder changes."
else
  if [ ${#headline[@]} -gt 0 ]; then
    line=""
    for part in "${headline[@]}"; do
      line=${line:+$line; }$part
    done
    echo "**$line.**"
    echo
  fi
  for kind in "${kinds[@]}"; do
    for action in "${actions[@]}"; do
      n=${count[$kind:$action]:-0}
      [ "$n" -gt 0 ] || continue
      noun=$kind
      [ "$n" = 1 ] || noun="${kind}s"
      label="${noun^} $action"
      [ "$action" != new ] || label="New ${noun}"
      mapfile -t names < <(printf '%s' "${items[$kind:$action]}")
      list=""
      for name in "${names[@]:0:max_items}"; do
        list=${list:+$list; }$name
      done
      if [ "$n" -gt "$max_items" ]; then
        list="$list; and $((n - max_items)) more"
      fi
      echo "- $label: $list"
    done
  done
  for line in "${other[@]}"; do
    echo "- $line"
  done
fi
echo

# --- the check ---------------------------------------------------------------

# The JSON report has every finding; exit 1 only means "there are errors".
status=0
./signpost check --format json --content "$content" >"$tmp/check.json" 2>"$tmp/check.err" || status=$?
if [ "$status" -gt 1 ] || ! jq -e '.findings' "$tmp/check.json" >/dev/null 2>&1; then
  echo "## The check"
  echo
  echo "The check could not run. The log of the **Check the listings** step says why."
  exit 0
fi

errors=$(jq '.errors' "$tmp/check.json")
warnings=$(jq '.warnings' "$tmp/check.json")

in_this_pr() { # PATH
  local f
  for f in ${changed_files[@]+"${changed_files[@]}"}; do
    [ "$f" != "$1" ] || return 0
  done
  return 1
}

echo "## The check"
echo
if [ "$errors" -eq 0 ] && [ "$check_outcome" = failure ]; then
  echo "❌ The check failed. The log of the **Check the listings** step says why."
elif [ "$errors" -gt 0 ]; then
  echo "❌ **$(plural "$errors" error) to fix before this can be published.** Each one is shown as a red cross" \
    "next to its line in the pull request's **Files changed** tab, with what to do. Fix them in this" \
    "pull request: the check runs again by itself after every change."
  echo
  jq -r '.findings[] | select(.severity == "error")
    | [.file // "", (.line // 0 | tostring),
       .message + (if .suggestion then " (did you mean \"" + .suggestion + "\"?)" else "" end)] | @tsv' \
    "$tmp/check.json" >"$tmp/errors"
  n=0
  while IFS=$'\t' read -r file line message; do
    n=$((n + 1))
    if [ "$n" -gt "$max_items" ]; then
      echo "- and $((errors - max_items)) more"
      break
    fi
    where="\`$file\`"
    [ "$line" = 0 ] || where="$where line $line"
    echo "- $where: $(printf '%s' "$message" | md)"
  done <"$tmp/errors"
elif [ "$check_outcome" = success ]; then
  echo "✅ No errors: this can be published once a reviewer has approved it."
else
  echo "✅ No errors."
fi
echo

if [ "$warnings" -gt 0 ]; then
  jq -r '.findings[] | select(.severity == "warning" and .code == "stale") | [.file // "", .message] | @tsv' \
    "$tmp/check.json" >"$tmp/stale"
  jq -r '.findings[] | select(.severity == "warning" and .code != "stale") | [.file // "", (.line // 0 | tostring), .message] | @tsv' \
    "$tmp/check.json" >"$tmp/other"
  if [ -s "$tmp/stale" ]; then
    echo "### Listings that need checking"
    echo
    echo "Nobody has confirmed these details for a long time. Ask the organizer whether they are still" \
      "right, then update the listing and its \`verified:\` date. This does not stop publishing."
    echo
    n=0
    total=$(wc -l <"$tmp/stale")
    while IFS=$'\t' read -r file message; do
      n=$((n + 1))
      if [ "$n" -gt "$max_items" ]; then
        echo "- and $((total - max_items)) more"
        break
      fi
      title=$(name_of "" "$file" | md)
      note=""
      if in_this_pr "$file"; then note=" — changed in this pull request"; fi
      echo "- **$title** (\`$file\`): $(printf '%s' "$message" | md)$note"
    done <"$tmp/stale"
    echo
  fi
  if [ -s "$tmp/other" ]; then
    echo "### Other warnings"
    echo
    while IFS=$'\t' read -r file line message; do
      where="\`$file\`"
      [ "$line" = 0 ] || where="$where line $line"
      echo "- $where: $(printf '%s' "$message" | md)"
    done <"$tmp/other"
    echo
  fi
fi

# --- the preview -------------------------------------------------------------

echo "## Preview"
echo
case $build_outcome in
  success)
    echo "The website as it would look with this change is attached to this run: scroll down to" \
      "**Artifacts** at the bottom of this page and download **site-preview**, unzip it and open" \
      "\`index.html\` (or the page of a listing: \`listings/<name>/index.html\`)."
    ;;
  failure)
    echo "The website could not be built. The log of the **Build the preview site** step says why."
    ;;
  *)
    echo "No preview yet: the website is built once the check finds no errors."
    ;;
esac
