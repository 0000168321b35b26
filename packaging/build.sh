#!/usr/bin/env bash
# Build the one-folder bundle dist/followup-desktop/ (Linux). One command, safe to run again:
#   bash packaging/build.sh
# It installs the Debian packages the build needs where missing (as root), keeps its own venv in
# build/venv (PySide6-Essentials, PyInstaller and the app's dependencies only, so nothing from a
# development venv ends up in the bundle) and fails if the bundle would miss a library.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=build/venv

# binutils: PyInstaller and bundle_rules.py read library dependencies with objdump.
# desktop-file-utils, appstream: validate the desktop entry and metainfo that go into the bundle.
# The libraries: everything Qt's xcb, wayland, print and D-Bus parts link against must exist on
# the build machine, or PyInstaller cannot copy it into the bundle ("Library not found").
packages=(binutils desktop-file-utils appstream
          libglib2.0-0 libgl1 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 libcups2 libx11-6 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0
          libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1
          libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libwayland-client0 libwayland-cursor0)
bash scripts/ensure-debian-packages.sh "${packages[@]}"

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
stamp="$venv/.installed-$(cat pyproject.toml packaging/requirements-build.txt | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  echo "Installing the build tools and the app's dependencies into $venv"
  # The app itself is installed only to pull in its dependencies; the spec analyses src/.
  # pip's output goes to a log, shown if it fails.
  if ! "$venv/bin/python" -m pip install -r packaging/requirements-build.txt . \
       >build/pip-install.log 2>&1; then
    cat build/pip-install.log >&2
    exit 1
  fi
  rm -f "$venv"/.installed-*
  touch "$stamp"
fi

# Validators print nothing useful on success; on failure their report is the error message.
desktop-file-validate resources/*.desktop
if ! report=$(appstreamcli validate --no-net resources/*.metainfo.xml 2>&1); then
  echo "$report" >&2
  exit 1
fi

echo "Building the bundle in dist/ with PyInstaller"
"$venv/bin/python" -m PyInstaller --clean --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/followup-desktop.spec

slug=$(PYTHONPATH=src "$venv/bin/python" -c 'from followup_desktop import APP_SLUG; print(APP_SLUG)')
bundle="dist/$slug"
bytes=$(du -sb "$bundle" | cut -f1)
echo "Built $bundle: $((bytes / 1000000)) MB. Install it with: bash packaging/install.sh"
