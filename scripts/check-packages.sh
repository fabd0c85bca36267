#!/usr/bin/env bash
# Checks the NuGet packages as a user meets them (README "Packages"): packs the five packages into a fresh folder,
# then
#   1. creates a new console project whose nuget.config takes Engine.* from that folder only (everything else from the
#      machine's configured sources), references Engine.Api and nothing else of ours, replaces Program.cs with the
#      README's embedding example exactly as written between its markers, builds it with warnings as errors, runs it
#      and checks the lines it prints;
#   2. installs the Engine.Cli tool from the folder and runs it.
# A private NuGet packages folder keeps a stale cached Engine.Api of the same version out. Exit 1 on any failure.
#   scripts/check-packages.sh [--no-build] [--keep]
#     --no-build  pack what the last `dotnet build -c Release` produced (CI builds the solution first)
#     --keep      keep the temporary directory (printed) for inspection
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1


repo="$(cd "$(dirname "$0")/.." && pwd)"
no_build=0 keep=0
for arg in "$@"; do
  case "$arg" in
    --no-build) no_build=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: scripts/check-packages.sh [--no-build] [--keep]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/engine-packages.XXXXXX")"
feed="$work/feed" app="$work/app" tools="$work/tools"
cleanup() { if [ "$keep" -eq 1 ]; then echo "kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

started=$SECONDS
fail() { echo "check-packages: FAILED: $*" >&2; echo "check-packages: failed after $((SECONDS - started)) s" >&2; exit 1; }
phase() { echo; echo "--- $1 (at $((SECONDS - started)) s)"; }
xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' <<<"$1"; }

phase "pack into $feed"
cd "$repo"
if [ "$no_build" -eq 0 ]; then
  # The two leaves build all five packable projects; the solution's tests and benchmarks are not needed.
  dotnet build Engine.Sqlite/Engine.Sqlite.csproj -c Release -v quiet || fail "build Engine.Sqlite"
  dotnet build Engine.Cli/Engine.Cli.csproj -c Release -v quiet || fail "build Engine.Cli"
fi
dotnet pack Engine.sln -c Release --no-build -o "$feed" -v quiet || fail "dotnet pack"
version="$(dotnet msbuild Engine.Api/Engine.Api.csproj -getProperty:PackageVersion -p:Configuration=Release)"
[ -n "$version" ] || fail "no PackageVersion from Engine.Api"
for id in Engine.Core Engine.Lsm Engine.Api Engine.Sqlite Engine.Cli; do
  [ -f "$feed/$id.$version.nupkg" ] || fail "$id.$version.nupkg was not produced (IsPackable?)"
done
ls -l "$feed"

# From here on: the private packages folder (the repository's own build above keeps the usual one).
export NUGET_PACKAGES="$work/nuget-packages"

phase "nuget.config: Engine.* from the folder only, the rest from this machine's sources"
mkdir -p "$app"
# The sources as configured for a directory outside the repository (user and machine configs), with their names, so
# credentials stored for a source still apply.
mapfile -t listing < <(cd "$work" && dotnet nuget list source)
sources="" mappings=""
for ((i = 0; i < ${#listing[@]}; i++)); do
  if [[ "${listing[$i]}" =~ ^[[:space:]]*[0-9]+\.[[:space:]]+(.+)[[:space:]]\[Enabled\][[:space:]]*$ ]]; then
    name="$(xml_escape "${BASH_REMATCH[1]}")"
    url="$(xml_escape "$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' <<<"${listing[$((i + 1))]}")")"
    sources+="    <add key=\"$name\" value=\"$url\" />"$'\n'
    mappings+="    <packageSource key=\"$name\"><package pattern=\"*\" /></packageSource>"$'\n'
  fi
done
[ -n "$sources" ] || fail "no enabled NuGet source on this machine (dotnet nuget list source)"
# In $work, so the tool install below sees it too.
cat >"$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="engine-local" value="$(xml_escape "$feed")" />
$sources  </packageSources>
  <packageSourceMapping>
    <clear />
    <packageSource key="engine-local"><package pattern="Engine.*" /></packageSource>
$mappings  </packageSourceMapping>
</configuration>
EOF
cat "$work/nuget.config"

phase "console project referencing Engine.Api $version, Program.cs = the README's embedding example"
example="$(awk '/<!-- embedding-example:start -->/{inside=1; next} /<!-- embedding-example:end -->/{inside=0} inside' README.md)"
[ -n "$example" ] || fail "README.md has no block between <!-- embedding-example:start --> and <!-- embedding-example:end -->"
[ "$(grep -c '^```' <<<"$example")" -eq 2 ] && [ "$(head -n 1 <<<"$example")" = '```csharp' ] \
  || fail "the README's embedding example is not exactly one \`\`\`csharp block"
cd "$app"
dotnet new console --name EngineExample --output . --no-restore >/dev/null || fail "dotnet new console"
sed '1d;$d' <<<"$example" >Program.cs
dotnet add package Engine.Api --version "$version" --no-restore >/dev/null || fail "dotnet add package Engine.Api"
# Warnings are errors so the README's code stays clean; the vulnerability audit is left to the repository's own
# restore, as an advisory published tomorrow says nothing about the packaging.
dotnet build -c Release -v quiet -p:TreatWarningsAsErrors=true -p:NuGetAudit=false \
  || fail "the README's embedding example does not build against the packed Engine.Api"

# The restore took our packages from the folder (byte for byte), their dependency chain is right, and no build-only
# package (Grpc.Tools) leaked into the dependencies.
for id in Engine.Api Engine.Lsm Engine.Core; do
  lower="${id,,}"
  cmp -s "$NUGET_PACKAGES/$lower/$version/$lower.$version.nupkg" "$feed/$id.$version.nupkg" \
    || fail "$id $version was not restored from $feed"
done
grep -q '<dependency id="Engine.Lsm"' "$NUGET_PACKAGES/engine.api/$version/engine.api.nuspec" || fail "Engine.Api does not depend on Engine.Lsm"
grep -q '<dependency id="Engine.Core"' "$NUGET_PACKAGES/engine.lsm/$version/engine.lsm.nuspec" || fail "Engine.Lsm does not depend on Engine.Core"
for leaked in grpc.tools engine.sqlite engine.cli; do
  [ ! -e "$NUGET_PACKAGES/$leaked" ] || fail "$leaked was restored: it must not be a dependency of Engine.Api"
done

phase "run the example"
output="$(dotnet bin/Release/net10.0/EngineExample.dll 2>&1)" || { echo "$output"; fail "the embedding example exited with an error"; }
echo "$output"
grep -Eqx 'kv ok: alice, alice,carol, 2 iterated' <<<"$output" || fail "the example did not print 'kv ok: alice, alice,carol, 2 iterated'"
grep -Eqx 'sync ok: 2 grants in sync [0-9A-Za-z]{27}' <<<"$output" || fail "the example did not print 'sync ok: 2 grants in sync <KSUID>'"

phase "install the Engine.Cli tool from the folder and run it"
# The nuget.config above (in $work) supplies the folder: --add-source cannot be combined with source mapping.
cd "$work"
dotnet tool install --tool-path "$tools" Engine.Cli --version "$version" || fail "dotnet tool install Engine.Cli"
installed="$(find "$tools/.store" -iname "engine.cli.$version.nupkg" | head -n 1)"
[ -n "$installed" ] && cmp -s "$installed" "$feed/Engine.Cli.$version.nupkg" \
  || fail "Engine.Cli $version was not installed from $feed"
help="$("$tools/engine" --help 2>&1)" || { echo "$help"; fail "engine --help exited with an error"; }
echo "$help"
demo="$("$tools/engine" demo --users 200 --store "$work/store" 2>&1)" || { echo "$demo"; fail "engine demo --users 200 --store $work/store"; }
echo "$demo"
grep -q "Store size on disk" <<<"$demo" || fail "engine demo printed no store size"

echo
echo "check-packages: OK (version $version) in $((SECONDS - started)) s"
