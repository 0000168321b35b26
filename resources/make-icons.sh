#!/usr/bin/env bash
# Render the app icon from its SVG source into every file the platforms want:
#   icons/hicolor/<N>x<N>/apps/<APP_ID>.png  freedesktop icon theme sizes (Linux, window icon)
#   icons/<APP_ID>.ico                        Windows executable and installer icon
#   icons/<APP_ID>.icns                       macOS app bundle icon
# The generated files are committed; run this again after editing the SVG.
# Needs: rsvg-convert (librsvg2-bin), convert (imagemagick), png2icns (icnsutils).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app_id=$(PYTHONPATH="$here/../src" python3 -c 'from followup_desktop import APP_ID; print(APP_ID)')
icons="$here/icons"
source_svg="$icons/hicolor/scalable/apps/$app_id.svg"

tools=(rsvg-convert:librsvg2-bin convert:imagemagick png2icns:icnsutils)
missing=()
for pair in "${tools[@]}"; do
  command -v "${pair%%:*}" >/dev/null || missing+=("${pair##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Install first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

png() { echo "$icons/hicolor/${1}x${1}/apps/$app_id.png"; }

for size in 16 22 24 32 48 64 128 256 512; do
  mkdir -p "$(dirname "$(png "$size")")"
  rsvg-convert --width "$size" --height "$size" "$source_svg" --output "$(png "$size")"
done

# Windows shows 16-48 in lists and 256 on large-icon views; ImageMagick packs them into one file.
convert "$(png 16)" "$(png 24)" "$(png 32)" "$(png 48)" "$(png 64)" "$(png 128)" "$(png 256)" \
  "$icons/$app_id.ico"
# png2icns picks the icns slot for each image from its size.
png2icns "$icons/$app_id.icns" "$(png 16)" "$(png 32)" "$(png 48)" "$(png 128)" "$(png 256)" \
  "$(png 512)" >/dev/null

echo "Icons written under $icons"
