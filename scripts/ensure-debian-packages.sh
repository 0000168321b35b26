#!/usr/bin/env bash
# Install the Debian packages given as arguments where they are missing (as root; otherwise say
# which command would), plus python3-venv when Python cannot make a virtual environment.
# Shared by scripts/setup.sh and packaging/build.sh.
#   usage: scripts/ensure-debian-packages.sh PACKAGE ...
set -euo pipefail
packages=("$@")
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  packages+=(python3 python3-venv)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
