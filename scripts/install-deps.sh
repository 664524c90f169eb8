#!/usr/bin/env bash
# Installs what tiermix needs to build and test, from Debian's packages
# (coinor-cbc: the independent solver the tests and benchmarks check
# tiermix against; clang and libclang-rt-14-dev, its sanitizer and
# libFuzzer runtimes: the suite's second sanitizer build and the fuzz
# harnesses of tests/fuzz, run by .ci/run; chromium and a font: the
# browser tests of tiermix report and the README's screenshot;
# python3-numpy: bench/lagrangian_bound.py).
# Run as root (or with sudo available).  Safe to run again.
set -euo pipefail
packages=(gcc make cmake pkg-config libglpk-dev glpk-utils libgsl-dev libcjson-dev libxlsxwriter-dev python3-jsonschema coinor-cbc clang libclang-rt-14-dev valgrind lcov chromium fonts-liberation fonts-noto-color-emoji python3-numpy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
