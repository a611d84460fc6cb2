#!/usr/bin/env bash
# The whole test suite, on a fresh machine too (the README's test command; .ci/run runs it):
#   1. installs the Debian packages the real-backend tests start (prometheus + promtool, victoria-metrics,
#      prometheus-alertmanager) unless their binaries are already on PATH (needs root or sudo);
#   2. runs `dotnet test Hesione.sln -c Release` from the repository root and fails when a test fails.
# A missing backend makes the real-backend tests fail, never skip (unless HESIONE_SKIP_BACKEND_TESTS=1 is set).
# Arguments go to dotnet test, e.g. ./test.sh --filter Category=Slow
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

command -v dotnet >/dev/null 2>&1 || { echo "error: the .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK first" >&2; exit 1; }

# --- 1. backends -------------------------------------------------------------------------------------------
packages=()
{ command -v prometheus && command -v promtool; } >/dev/null 2>&1 || packages+=(prometheus)
command -v victoria-metrics >/dev/null 2>&1 || packages+=(victoria-metrics)
command -v prometheus-alertmanager >/dev/null 2>&1 || packages+=(prometheus-alertmanager)

if ((${#packages[@]} > 0)); then
  echo ">>> installing ${packages[*]} (the real-backend tests start them)"
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      as_root=(sudo)
    else
      echo "error: need root (or sudo) to apt-get install ${packages[*]}" >&2
      exit 1
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || { echo "error: no apt-get: install ${packages[*]} by hand (binaries on PATH)" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
else
  echo ">>> backends already installed"
fi

for binary in prometheus promtool victoria-metrics prometheus-alertmanager; do
  printf '    %-24s %s\n' "$binary" "$(command -v "$binary")"
done

# --- 2. tests ----------------------------------------------------------------------------------------------
echo ">>> dotnet test Hesione.sln -c Release $*"
dotnet test Hesione.sln -c Release "$@"
