#!/usr/bin/env bash
# Runs every FleetCtl test on a bare Debian 12 machine: installs what the tests need when it is missing
# (strongSwan 5.9.8 daemons and swanctl, socat, stunnel, Chromium for the dashboard tests, PostgreSQL), then restores, builds and tests the whole solution.
# Integration tests start real charon daemons in network namespaces, so this needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")"

packages=(strongswan-charon strongswan-swanctl libcharon-extra-plugins libstrongswan-extra-plugins
          socat stunnel4 openssl iproute2 procps
          chromium postgresql
          # libreswan's libraries and tools, for the real-pluto lab; never libreswan itself (it conflicts with
          # strongSwan's packages): tests/FleetCtl.Integration.Tests/Lab/LibreswanLab.cs unpacks it with apt-get download + dpkg -x
          dns-root-data host iptables libnss3-tools libcurl3-nss libevent-core-2.1-7 libevent-pthreads-2.1-7 libldns3
          libunbound8 libnspr4 libnss3 libcap-ng0 libaudit1 libldap-2.5-0)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "== installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is needed (dotnet not on PATH)"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# In CI the real-strongSwan lab must run: a lab test that cannot start fails instead of skipping.
[ "${CI:-}" = "true" ] && export FLEETCTL_REQUIRE_LAB=1
echo "== restore";  dotnet restore FleetCtl.sln -v q
echo "== build";    dotnet build FleetCtl.sln -c Release --no-restore -v q -nologo
echo "== test"
log=$(mktemp)
set +e
dotnet test FleetCtl.sln -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# one closing line over all test projects (dotnet test prints a "Total tests" block per project)
awk '/^ *Passed: [0-9]+$/ { p += $2 } /^ *Failed: [0-9]+$/ { f += $2 } /^ *Skipped: [0-9]+$/ { s += $2 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
# and, last (where a CI excerpt that shows only the end still has them), every failed test with its message and
# the top of its stack
if grep -q '^  Failed ' "$log"; then
  echo "== failed tests"
  awk '/^  Failed / { on = 1; n = 0 } on { print; n++ } /^  Stack Trace:/ && on { st = 1 }
       st && n > 0 && /^ *at / { k++ } k >= 6 || n >= 40 { on = 0; st = 0; k = 0 }' "$log"
fi
rm -f "$log"
exit "$status"
