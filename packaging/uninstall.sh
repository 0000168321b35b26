#!/usr/bin/env bash
# Remove what packaging/install.sh added for the current user: exactly the files and folders
# listed in ~/.local/lib/<app>/install-manifest.txt, nothing else. Your data folder
# ($XDG_DATA_HOME/<app>, by default ~/.local/share/<app>) is never touched.
#   bash packaging/uninstall.sh              from a checkout
#   bash ~/.local/lib/<app>/uninstall.sh     the copy the installer leaves beside the app
set -euo pipefail

# The manifest is trusted only as far as it could be right: a path is removed if it is one
# install.sh could have created (named after the app or its id, or a folder holding such a
# file), never inside the data folder, and a folder only when it is empty.
is_removable() {  # is_removable KIND PATH
  local kind=$1 path=$2 name
  name=$(basename "$path")
  case $path in /*) ;; *) return 1 ;; esac
  case "$path/" in *"/../"*|*"/./"*|"$data_dir/"*) return 1 ;; esac
  case $kind in
    tree) [ "$path" = "$lib_dir" ] ;;
    link) [ "$name" = "$slug" ] && [ "$(readlink -- "$path")" = "$lib_dir/$slug" ] ;;
    file) case $name in "$app_id".desktop|"$app_id".png|"$app_id".svg|"$app_id".metainfo.xml) ;;
                        *) return 1 ;; esac ;;
    dir) holds_an_entry "$path" ;;
    *) return 1 ;;
  esac
}

holds_an_entry() {  # true if a removable file, link or the bundle lies somewhere below $1
  local entry_path
  for entry_path in "${kept_paths[@]}"; do
    case $entry_path in "$1"/*) return 0 ;; esac
  done
  return 1
}

main() {
  local quiet=0 here entry kind path removed=0
  [ "${1:-}" = --quiet ] && quiet=1
  here=$(cd "$(dirname "$0")" && pwd)
  if [ -f "$here/install-manifest.txt" ]; then
    lib_dir=$here
  else
    slug=$(PYTHONPATH="$here/../src" python3 -c 'from followup_desktop import APP_SLUG; print(APP_SLUG)')
    lib_dir="$HOME/.local/lib/$slug"
  fi
  slug=$(basename "$lib_dir")
  local manifest="$lib_dir/install-manifest.txt"
  if [ ! -f "$manifest" ]; then
    [ "$quiet" -eq 1 ] || echo "Nothing to uninstall: $manifest does not exist."
    return 0
  fi
  case ${XDG_DATA_HOME:-} in /*) data_dir="$XDG_DATA_HOME/$slug" ;; *) data_dir="$HOME/.local/share/$slug" ;; esac

  local entries=()
  mapfile -t entries <"$manifest"
  app_id=""
  kept_paths=()  # the files, link and tree: the folders that may go are their ancestors
  for entry in "${entries[@]}"; do
    kind=${entry%%$'\t'*}
    path=${entry#*$'\t'}
    case $kind in
      app-id) app_id=$path ;;
      dir) ;;
      *) kept_paths+=("$path") ;;
    esac
  done
  if [ -z "$app_id" ]; then
    echo "$manifest has no app id; not removing anything." >&2
    return 1
  fi

  # Newest first: files before the folders that hold them, the bundle (with the manifest) last.
  for (( i=${#entries[@]}-1; i>=0; i-- )); do
    kind=${entries[i]%%$'\t'*}
    path=${entries[i]#*$'\t'}
    [ "$kind" = app-id ] && continue
    if ! is_removable "$kind" "$path"; then
      echo "Left alone (not something install.sh made): $path" >&2
      continue
    fi
    case $kind in
      tree) rm -rf -- "$path" ;;
      file) if [ -f "$path" ] || [ -L "$path" ]; then rm -f -- "$path"; fi ;;
      link) rm -f -- "$path" ;;
      dir) rmdir -- "$path" 2>/dev/null || true ;;  # kept if something else lives there now
    esac
    removed=$((removed + 1))
  done
  [ "$quiet" -eq 1 ] || echo "Uninstalled $slug ($removed entries). Your data in $data_dir is kept."
}

# Everything runs from main, which bash has read in full before it starts: the installed copy
# of this script deletes itself along with the bundle.
main "$@"
