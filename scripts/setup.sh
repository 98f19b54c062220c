#!/usr/bin/env bash
# Installs what MedRec.Orleans needs on a fresh machine: the pinned npm tools (solc, anvil), PostgreSQL (the integration
# tests start their own throwaway servers with initdb and pg_ctl), libsecp256k1 (signature recovery), the web front
# end (npm ci + build of web/), Debian's Chromium (the browser tests) and the NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: Node.js with npm is required" >&2; exit 1; }

# package-lock.json pins solc and @foundry-rs/anvil exactly; skip the reinstall when nothing changed.
if ! cmp -s package-lock.json node_modules/.medrec-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.medrec-lock
fi

anvil_bin="node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
case "$(uname -s)-$(uname -m)" in
  Linux-aarch64) anvil_bin="node_modules/@foundry-rs/anvil-linux-arm64/bin/anvil" ;;
  Darwin-arm64) anvil_bin="node_modules/@foundry-rs/anvil-darwin-arm64/bin/anvil" ;;
  Darwin-x86_64) anvil_bin="node_modules/@foundry-rs/anvil-darwin-amd64/bin/anvil" ;;
esac
[ -x "$anvil_bin" ] || chmod +x "$anvil_bin" 2>/dev/null || true
"$anvil_bin" --version >/dev/null || { echo "error: anvil did not install ($anvil_bin)" >&2; exit 1; }

# PostgreSQL 15 or later: the tests look for initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin (Debian's
# layout) and run them as the `postgres` user when they run as root.
have_postgres() {
  { command -v initdb && command -v pg_ctl; } >/dev/null 2>&1 && return 0
  for bin in /usr/lib/postgresql/*/bin; do
    [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  done
  return 1
}
if ! have_postgres; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL (apt-get install postgresql) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    have_postgres || { echo "error: apt-get installed postgresql but initdb/pg_ctl are still missing" >&2; exit 1; }
  else
    echo "error: PostgreSQL (initdb and pg_ctl) is required by the integration tests and was not found on PATH or" >&2
    echo "       under /usr/lib/postgresql/*/bin. Install it as root, e.g. \`sudo apt-get install -y postgresql\`." >&2
    exit 1
  fi
fi

# libsecp256k1 (Debian's libsecp256k1-1): the gatekeepers recover request signers with it, ~5x faster than the managed
# fallback they use without it (docs/benchmarks.md). A test checks that it loads.
have_secp256k1() {
  { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep 'libsecp256k1\.so\.1' >/dev/null
}
if ! have_secp256k1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing libsecp256k1 (apt-get install libsecp256k1-1) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libsecp256k1-1 >/dev/null
    have_secp256k1 || { echo "error: apt-get installed libsecp256k1-1 but libsecp256k1.so.1 is still missing" >&2; exit 1; }
  else
    echo "warning: libsecp256k1.so.1 not found; install it as root (\`sudo apt-get install -y libsecp256k1-1\`)." >&2
    echo "         The gatekeepers fall back to a slower managed recovery; one test checks the library loads." >&2
  fi
fi

# The web front end (web/): its own exactly pinned npm packages, built into web/dist, which Host.Api serves. Built on
# every run (a few seconds) so web/dist always matches web/src.
if ! cmp -s web/package-lock.json web/node_modules/.medrec-lock 2>/dev/null; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  cp web/package-lock.json web/node_modules/.medrec-lock
fi
(cd web && npm run --silent build >/dev/null)

# Debian's Chromium for the browser tests (test/MedRec.Web.Tests drives it with playwright-core; a test tool's own
# browser download is not used).
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "installing Chromium (apt-get install chromium chromium-driver) ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    command -v chromium >/dev/null || { echo "error: apt-get installed chromium but the chromium binary is still missing" >&2; exit 1; }
  else
    echo "warning: chromium not found; install it as root (\`sudo apt-get install -y chromium chromium-driver\`)." >&2
    echo "         The browser tests (test/MedRec.Web.Tests) fail without it." >&2
  fi
fi

dotnet restore MedRec.Orleans.sln --verbosity quiet
