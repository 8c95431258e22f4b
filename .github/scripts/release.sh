#!/usr/bin/env bash
# Builds signpost's release archives: one for each of Linux, macOS and
# Windows on amd64 and arm64, each with the signpost binary, LICENSE and
# pr-summary.sh (the reusable check workflow runs it), and checksums.txt
# with their SHA-256 sums.
#
# Usage (from the repository root, in a checkout of the tag):
#   bash .github/scripts/release.sh v1.2.3 dist
#
# Before building it checks that the tag is the version the reusable
# workflows download by default and "signpost init" writes into new
# directories (SignpostVersion in site/initdir/initdir.go): bump them
# together, then tag. After building it checks that the binary for this
# machine reports the tag ("signpost version"), which Go stamps from the
# checkout. DRY_RUN=1 skips both checks, to try the build from any commit.
set -euo pipefail
cd "$(dirname "$0")/../.."

tag=${1:?usage: release.sh TAG OUT-FOLDER}
out=${2:?usage: release.sh TAG OUT-FOLDER}
dry_run=${DRY_RUN:-}
targets=${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}

if ! [[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "release.sh: $tag is not a version tag like v1.2.3" >&2
  exit 1
fi

if [ -z "$dry_run" ]; then
  want=$(sed -n 's/^const SignpostVersion = "\(.*\)"$/\1/p' site/initdir/initdir.go)
  if [ "$want" != "$tag" ]; then
    echo "release.sh: the tag is $tag but site/initdir/initdir.go says SignpostVersion = \"$want\"." >&2
    echo "Set it (and the default signpost-version of .github/workflows/directory-*.yml) to $tag, commit, and tag that commit." >&2
    exit 1
  fi
  for wf in .github/workflows/directory-*.yml; do
    if ! grep -qxF "        default: $tag" "$wf"; then
      echo "release.sh: $wf does not download $tag by default (its signpost-version input)." >&2
      exit 1
    fi
  done
fi

buildvcs=true
if [ -n "$dry_run" ]; then buildvcs=auto; fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
host="$(go env GOHOSTOS)/$(go env GOHOSTARCH)"

for target in $targets; do
  goos=${target%/*}
  goarch=${target#*/}
  name=signpost_${goos}_${goarch}
  exe=signpost
  if [ "$goos" = windows ]; then exe=signpost.exe; fi
  dir="$work/$name"
  mkdir -p "$dir"
  echo "== $target"
  # Static binaries without cgo, so one file runs on any machine of the
  # platform; -trimpath leaves the build machine's folders out; -buildvcs
  # stamps the tag and commit (and fails where git cannot tell them).
  CGO_ENABLED=0 GOOS=$goos GOARCH=$goarch go build -trimpath -buildvcs="$buildvcs" -o "$dir/$exe" ./cmd/signpost
  cp LICENSE .github/scripts/pr-summary.sh "$dir/"
  if [ "$target" = "$host" ]; then
    reported=$("$dir/$exe" version)
    echo "$reported"
    if [ -z "$dry_run" ] && [[ $reported != "signpost $tag "* ]]; then
      echo "release.sh: the binary says \"$reported\", not $tag: build from a checkout of the tag." >&2
      exit 1
    fi
  fi
  if [ "$goos" = windows ]; then
    (cd "$dir" && zip -q -X "$out/$name.zip" "$exe" LICENSE pr-summary.sh)
  else
    tar -czf "$out/$name.tar.gz" -C "$dir" --owner=0 --group=0 --numeric-owner "$exe" LICENSE pr-summary.sh
  fi
done

shopt -s nullglob
cd "$out"
archives=(signpost_*.tar.gz signpost_*.zip)
if [ ${#archives[@]} = 0 ]; then
  echo "release.sh: no archives were made" >&2
  exit 1
fi
sha256sum "${archives[@]}" >checksums.txt
cat checksums.txt
