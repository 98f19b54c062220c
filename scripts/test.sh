#!/usr/bin/env bash
# Runs every test: installs what the tests need, then `dotnet test` over the whole solution. The tests start their
# own throwaway anvil nodes on free loopback ports; test/MedRec.Web.Tests also clicks through the web front end in
# Debian's Chromium (web/tests/browser-story.mjs, screenshots in web/test-results/browser-story).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test MedRec.Orleans.sln -c Release --nologo 2>&1 | tee "$log" || status=$?

# The failed tests again at the end, each with the first lines of its message: CI keeps only the tail of the output.
awk '/^  Failed [A-Za-z]/ { name = $0; n = 0; printing = 1; print ""; print name; next }
     printing && /Stack Trace:|Standard Output Messages:/ { printing = 0 }
     printing && n < 12 && /[^ ]/ { print; n++ }' "$log"

# One closing line for the whole run, summed over the test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
exit "$status"
