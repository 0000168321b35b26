#!/usr/bin/env bash
# Shared set-up for run-app.sh and run-tests.sh: the Debian libraries Qt needs, a virtual
# environment in .venv, and the package installed into it. Safe to run again: it only does
# what is missing.
#   usage: scripts/setup.sh [app|test]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-app}

# Qt's xcb platform and fonts for the window; offscreen rendering needs the first line only.
packages=(libglib2.0-0 libgl1 libegl1 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3
          libx11-6 fonts-dejavu-core
          libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
          libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
if [ "$mode" = test ]; then
  # tests/e2e/desktop_session.py: X server, private session bus, notification server, tray,
  # screenshots; notify-send is the stand-in client of its self-tests.
  packages+=(xvfb xauth dbus-daemon dbus-bin dunst haskell-gtk-sni-tray-utils libnotify-bin
             imagemagick desktop-file-utils
             poppler-utils fonts-wqy-microhei  # card/letter PDF checks; smallest CJK font
             faketime  # scripts/test-at-any-hour.sh: the suite's night, weekend and DST runs
             sqlite3  # tests/e2e/test_faults.py: another program holding the write lock
             # tests/helpers/dovecot.py: a private IMAPS server with a certificate of its own;
             # tests/mail/test_secret_service.py: a real Secret Service on the private bus
             dovecot-imapd openssl gnome-keyring)
fi
bash scripts/ensure-debian-packages.sh "${packages[@]}"

[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""
[ "$mode" = test ] && extra="[test]"
stamp=".venv/.installed-$mode-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install --quiet -e ".$extra"
  touch "$stamp"
fi
