#!/usr/bin/env bash
# Builds the API reference site into artifacts/docs with docfx (the dotnet tool pinned in .config/dotnet-tools.json):
# the API pages from the XML documentation of the three packages, plus the guides in docs/ (docs/docfx.json).
# Warnings are errors: a broken cross-reference (<xref:...>, <see cref>), a missing file or a dead link fails the build.
#
#   eng/docs.sh            build the site (artifacts/docs/index.html)
#   eng/docs.sh --serve    build it and serve it at http://localhost:8080
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore > /dev/null
rm -rf artifacts/docs docs/api/*.yml docs/api/.manifest
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet docfx docs/docfx.json --warningsAsErrors "$@" 2>&1 | tee "$log" || status=$?
# docfx prints its own summary; make sure no warning slipped through a code path that does not honour the flag.
if grep -Eq '^\s*[0-9]+ warning\(s\)' "$log" && ! grep -Eq '^\s*0 warning\(s\)' "$log"; then
  echo "docs: docfx reported warnings (see above)"; status=1
fi
[ "$status" -eq 0 ] && echo "docs: built artifacts/docs/index.html"
exit "$status"
