#!/usr/bin/env bash
# Install the bundle for the current user (no root needed):
#   bash packaging/install.sh [--autostart] [BUNDLE]
# BUNDLE defaults to dist/<app> as packaging/build.sh leaves it. This puts
#   the bundle             ~/.local/lib/<app>/ (with a copy of uninstall.sh)
#   a command              ~/.local/bin/<app> -> the bundle's executable
#   the menu entry         $XDG_DATA_HOME/applications/<APP_ID>.desktop
#   the icons              $XDG_DATA_HOME/icons/hicolor/<size>/apps/<APP_ID>.{png,svg}
#   software-centre data   $XDG_DATA_HOME/metainfo/<APP_ID>.metainfo.xml
#   with --autostart       $XDG_CONFIG_HOME/autostart/<APP_ID>.desktop (start at login)
# ($XDG_DATA_HOME defaults to ~/.local/share, $XDG_CONFIG_HOME to ~/.config.)
# Every file and folder it creates is listed in ~/.local/lib/<app>/install-manifest.txt;
# uninstall.sh removes exactly those. Running it again replaces the previous installation.
# -E: the roll-back trap below must fire inside functions too.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)

usage() { sed -n '2,3s/^# \{0,1\}//p' "$0"; }

autostart=0
bundle=""
for argument in "$@"; do
  case $argument in
    --autostart) autostart=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
    *) bundle=$argument ;;
  esac
done
if [ -z "$bundle" ]; then
  slug=$(PYTHONPATH="$here/../src" python3 -c 'from followup_desktop import APP_SLUG; print(APP_SLUG)')
  bundle="$here/../dist/$slug"
fi
bundle=$(cd "$bundle" 2>/dev/null && pwd) || { echo "No bundle at $bundle: run packaging/build.sh first." >&2; exit 1; }

# The bundle names itself: the folder is called like its executable, and its resources hold the
# desktop entry named after the app id. So this script needs no copy of either.
slug=$(basename "$bundle")
desktop_files=("$bundle"/_internal/resources/*.desktop)
if [ ! -x "$bundle/$slug" ] || [ ${#desktop_files[@]} -ne 1 ] || [ ! -f "${desktop_files[0]}" ]; then
  echo "$bundle does not look like a bundle from packaging/build.sh." >&2
  exit 1
fi
if [ -e "$bundle/install-manifest.txt" ]; then
  echo "$bundle is an installed copy; install from the folder packaging/build.sh made." >&2
  exit 1
fi
app_id=$(basename "${desktop_files[0]}" .desktop)
resources="$bundle/_internal/resources"

xdg_dir() {  # the XDG variable's value if it is an absolute path (as the spec demands), else $2
  case ${1:-} in /*) echo "$1" ;; *) echo "$2" ;; esac
}
data_home=$(xdg_dir "${XDG_DATA_HOME:-}" "$HOME/.local/share")
config_home=$(xdg_dir "${XDG_CONFIG_HOME:-}" "$HOME/.config")
lib_dir="$HOME/.local/lib/$slug"
bin_dir="$HOME/.local/bin"
manifest="$lib_dir/install-manifest.txt"
case "$HOME$data_home$config_home" in
  *$'\n'*|*$'\t'*) echo "Paths with tabs or newlines are not supported." >&2; exit 1 ;;
esac

# The uninstaller is always the copy inside the installation: it finds the manifest beside itself.
if [ -f "$manifest" ]; then
  echo "Replacing the installed version first."
  bash "$lib_dir/uninstall.sh" --quiet
elif [ -e "$lib_dir" ]; then
  echo "$lib_dir exists but was not made by this script; move it away first." >&2
  exit 1
fi

record() { printf '%s\t%s\n' "$1" "$2" >>"$manifest"; }

pending_dirs=()  # folders made before the manifest exists, recorded once it does
make_dir() {  # mkdir -p that remembers each folder it creates, outermost first
  local path=$1 missing=()
  while [ ! -d "$path" ]; do
    missing=("$path" "${missing[@]}")
    path=$(dirname "$path")
  done
  for path in "${missing[@]}"; do
    mkdir "$path"
    if [ -f "$manifest" ]; then record dir "$path"; else pending_dirs+=("$path"); fi
  done
}

roll_back() {
  echo "Installation failed; removing what it added." >&2
  if [ -f "$lib_dir/uninstall.sh" ]; then bash "$lib_dir/uninstall.sh" --quiet; fi
  for (( i=${#pending_dirs[@]}-1; i>=0; i-- )); do rmdir "${pending_dirs[i]}" 2>/dev/null || true; done
}
trap roll_back ERR

install_file() {  # install_file SOURCE TARGET
  make_dir "$(dirname "$2")"
  cp "$1" "$2"
  chmod 0644 "$2"
  record file "$2"
}

# Exec= needs the desktop entry spec's quoting: reserved characters inside double quotes, with
# ", `, $ and \ escaped, % doubled, then every \ doubled again for the string level.
exec_value() {
  local path=$1
  if [[ $path =~ ^[A-Za-z0-9/._+-]+$ ]]; then
    printf '%s' "$path"
    return
  fi
  path=${path//\\/\\\\}; path=${path//\"/\\\"}; path=${path//\`/\\\`}; path=${path//\$/\\\$}
  path="\"${path//%/%%}\""
  printf '%s' "${path//\\/\\\\}"
}

# The bundled entry, with Exec/TryExec pointing at the installed executable by absolute path:
# ~/.local/bin is not on every desktop session's PATH. (The bundled Exec takes no arguments.)
write_desktop_entry() {
  local target=$1 executable="$lib_dir/$slug" exec_line try_line
  exec_line="Exec=$(exec_value "$executable")"
  try_line="TryExec=${executable//\\/\\\\}"
  make_dir "$(dirname "$target")"
  while IFS= read -r line; do
    case $line in
      Exec=*) printf '%s\n' "$exec_line" ;;
      TryExec=*) printf '%s\n' "$try_line" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"${desktop_files[0]}" >"$target"
  chmod 0644 "$target"
  record file "$target"
  if command -v desktop-file-validate >/dev/null && ! desktop-file-validate "$target"; then
    echo "warning: $target does not validate" >&2
  fi
}

# The bundle first: the manifest lives in its folder.
make_dir "$(dirname "$lib_dir")"
mkdir "$lib_dir"
: >"$manifest"
record app-id "$app_id"
for path in "${pending_dirs[@]}"; do record dir "$path"; done
pending_dirs=()
record tree "$lib_dir"
cp "$here/uninstall.sh" "$lib_dir/uninstall.sh"
cp -a "$bundle/." "$lib_dir/"

make_dir "$bin_dir"
command_path="$bin_dir/$slug"
if [ -e "$command_path" ] && [ ! -L "$command_path" ]; then
  echo "note: $command_path exists and is not a link; left as it is."
  command_path="$lib_dir/$slug"
else
  ln -sfn "$lib_dir/$slug" "$command_path"
  record link "$command_path"
fi

write_desktop_entry "$data_home/applications/$app_id.desktop"
for icon in "$resources"/icons/hicolor/*/apps/"$app_id".*; do
  size_dir=$(basename "$(dirname "$(dirname "$icon")")")
  install_file "$icon" "$data_home/icons/hicolor/$size_dir/apps/$(basename "$icon")"
done
install_file "$resources/$app_id.metainfo.xml" "$data_home/metainfo/$app_id.metainfo.xml"
if [ "$autostart" -eq 1 ]; then
  write_desktop_entry "$config_home/autostart/$app_id.desktop"
fi
trap - ERR

echo "Installed $slug to $lib_dir."
echo "Start it from your applications menu or with: $command_path"
case ":$PATH:" in *":$bin_dir:"*) ;; *) echo "($bin_dir is not on your PATH; the menu entry works regardless.)" ;; esac
echo "Uninstall with: bash $lib_dir/uninstall.sh (your data is never removed)"
