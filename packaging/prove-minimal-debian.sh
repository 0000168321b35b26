#!/usr/bin/env bash
# Prove that the bundle runs on a bare Debian 12 that has only libgl1, libegl1 and libfontconfig1:
#   bash packaging/prove-minimal-debian.sh [CHROOT_DIR]      (as root; default /tmp/minroot)
# 1. debootstrap --variant=minbase bookworm into CHROOT_DIR (kept for later runs), from the mirror
#    this machine's apt uses, and install just those three packages (and what they depend on);
# 2. copy dist/<app>/ in, start an Xvfb on the host and bind-mount its socket folder, so the
#    chroot gets an X server without installing one;
# 3. list the libraries each bundled binary cannot resolve inside the chroot (ldd);
# 4. run the app there with --quit-when-ready (must exit 0), then run it again without the flag
#    and screenshot the X screen to docs/packaging-minimal-debian.png while the window shows.
# Not part of CI (debootstrap takes minutes and needs root); docs/packaging.md has the result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
chroot_dir=${1:-/tmp/minroot}
display_number=77
slug=$(PYTHONPATH="$root/src" python3 -c 'from followup_desktop import APP_SLUG; print(APP_SLUG)')
bundle="$root/dist/$slug"
screenshot="$root/docs/packaging-minimal-debian.png"

[ "$(id -u)" -eq 0 ] || { echo "Run as root (debootstrap and chroot need it)." >&2; exit 1; }
[ -x "$bundle/$slug" ] || { echo "No bundle: run packaging/build.sh first." >&2; exit 1; }
for tool in debootstrap:debootstrap Xvfb:xvfb import:imagemagick; do
  command -v "${tool%%:*}" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${tool##*:}"
done

debian_mirror() {  # the first non-security Debian URI in apt's sources, deb822 or one-line style
  local uri
  uri=$(grep -hoE '^(URIs:[[:space:]]*|deb[[:space:]]+)https?://[^[:space:]]+' \
          /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
          2>/dev/null | grep -oE 'https?://[^[:space:]]+' | grep -v security | grep debian \
          | head -n 1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

mounted=()
cleanup() {
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do umount "${mounted[i]}" 2>/dev/null || true; done
  if [ -n "${app_pid:-}" ]; then kill "$app_pid" 2>/dev/null || true; fi
  if [ -n "${xvfb_pid:-}" ]; then kill "$xvfb_pid" 2>/dev/null || true; wait "$xvfb_pid" || true; fi
}
trap cleanup EXIT
bind() {  # bind HOST_PATH PATH_IN_CHROOT
  mkdir -p "$chroot_dir$2"
  mount --bind "$1" "$chroot_dir$2"
  mounted+=("$chroot_dir$2")
}

if [ ! -f "$chroot_dir/etc/debian_version" ]; then
  mirror=$(debian_mirror)
  echo "debootstrap --variant=minbase bookworm $chroot_dir $mirror"
  debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >/dev/null
fi
mount -t proc proc "$chroot_dir/proc" && mounted+=("$chroot_dir/proc")
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
bind /dev/pts /dev/pts  # apt in the chroot logs through a pseudo-terminal
# A clean environment: nothing from the host's shell leaks into the proof.
chroot_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
            DISPLAY=":$display_number" XDG_RUNTIME_DIR=/tmp/runtime-root)
in_chroot() { chroot "$chroot_dir" "${chroot_env[@]}" "$@"; }
if ! in_chroot dpkg-query -W libgl1 libegl1 libfontconfig1 >/dev/null 2>&1; then
  in_chroot apt-get update -qq
  in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libgl1 libegl1 libfontconfig1 >/dev/null
fi
echo "Packages in the chroot: $(in_chroot dpkg-query -W | wc -l)" \
     "(a minbase system plus libgl1 libegl1 libfontconfig1 and their dependencies)"
for package in libxcb-cursor0 libxkbcommon0 libglib2.0-0 libdbus-1-3 libcups2 python3; do
  if in_chroot dpkg-query -W "$package" >/dev/null 2>&1; then
    echo "  $package: installed (as a dependency)"
  else
    echo "  $package: not installed"
  fi
done

rm -rf "$chroot_dir/opt/$slug" "$chroot_dir/root/data"
mkdir -p "$chroot_dir/opt" "$chroot_dir/tmp/runtime-root"
chmod 0700 "$chroot_dir/tmp/runtime-root"
cp -a "$bundle" "$chroot_dir/opt/"

echo "Libraries the bundled binaries cannot find in the chroot:"
in_chroot sh -c "
  cd /opt/$slug/_internal
  export LD_LIBRARY_PATH=/opt/$slug/_internal:/opt/$slug/_internal/PySide6/Qt/lib
  find . -name '*.so*' -type f | sort | while read -r file; do
    missing=\$(ldd \"\$file\" 2>/dev/null | awk '/not found/ {print \$1}' | tr '\n' ' ')
    [ -n \"\$missing\" ] && echo \"  \$file: \$missing\"
  done
  true"

Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$display_number" ] && break; sleep 0.1; done
bind /tmp/.X11-unix /tmp/.X11-unix

in_chroot "/opt/$slug/$slug" --data-dir /root/data demo
start=$(date +%s%N)
in_chroot "/opt/$slug/$slug" --data-dir /root/data --quit-when-ready
echo "--quit-when-ready exited 0 after $(( ($(date +%s%N) - start) / 1000000 )) ms"

# chroot and env exec in turn, so $! is the app itself (through a shell function it would be
# a subshell, and killing that would leave the app running).
chroot "$chroot_dir" "${chroot_env[@]}" "/opt/$slug/$slug" --data-dir /root/data &
app_pid=$!
sleep 4
kill -0 "$app_pid"  # still running: the window is up, not crashed
DISPLAY=":$display_number" import -window root "$screenshot"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
app_pid=""
echo "Screenshot of the running app: $screenshot"
