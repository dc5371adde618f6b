#!/usr/bin/env bash
# Regenerates the public API baselines (PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt) of every package from the
# analyzer's own RS0016 diagnostics ("symbol is not part of the declared public API"), instead of editing them by hand.
#
#   eng/refresh-public-api.sh            rebuild PublicAPI.Unshipped.txt of each package (creating the files if needed)
#   eng/refresh-public-api.sh --ship     then move every Unshipped entry into Shipped (do this when releasing)
#
# Tracking is switched on for a project by the presence of its PublicAPI.Shipped.txt (see src/Directory.Build.props):
# once the files exist, any public API added or removed without updating them fails the build (RS0016 / RS0017).
set -euo pipefail
cd "$(dirname "$0")/.."

ship=false
[ "${1:-}" = "--ship" ] && ship=true
header='#nullable enable'

# The entries of a file: everything but the header and blank lines (nothing is fine).
entries() { grep -v -x -F "$header" "$1" | grep -v '^[[:space:]]*$' || true; }

for project in src/Ollama.Net src/Ollama.Net.Extensions.AI src/Ollama.Net.Testing; do
  name=$(basename "$project")
  shipped="$project/PublicAPI.Shipped.txt"
  unshipped="$project/PublicAPI.Unshipped.txt"
  [ -f "$shipped" ] || printf '%s\n' "$header" > "$shipped"
  # Start Unshipped over: entries of removed APIs disappear, every public symbol not in Shipped is added back below.
  printf '%s\n' "$header" > "$unshipped"

  echo "== $name: applying the RS0016 code fix"
  dotnet restore "$project/$name.csproj" --verbosity quiet
  dotnet format analyzers "$project/$name.csproj" --diagnostics RS0016 --severity info --no-restore --verbosity quiet || true

  # Keep the files stable: header first, then the entries sorted (ordinal), without duplicates.
  for file in "$shipped" "$unshipped"; do
    { printf '%s\n' "$header"; entries "$file" | LC_ALL=C sort -u; } > "$file.tmp"
    mv "$file.tmp" "$file"
  done

  if $ship; then
    { printf '%s\n' "$header"; { entries "$shipped"; entries "$unshipped"; } | LC_ALL=C sort -u; } > "$shipped.tmp"
    mv "$shipped.tmp" "$shipped"
    printf '%s\n' "$header" > "$unshipped"
  fi

  echo "   $(($(wc -l < "$shipped") - 1)) shipped, $(($(wc -l < "$unshipped") - 1)) unshipped entries"
done

echo "== verify: the build must now be free of RS0016/RS0017"
dotnet build src/Ollama.Net.Extensions.AI -c Release --no-restore -warnaserror --verbosity quiet
dotnet build src/Ollama.Net.Testing -c Release --no-restore -warnaserror --verbosity quiet
