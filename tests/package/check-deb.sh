#!/usr/bin/env bash
# Checks a .deb made by `./dev package`: a valid Debian package name (Tauri
# derives it from productName, and a Cyrillic one makes dpkg refuse the
# package), the window, the `mcu` command and the menu entry with the Russian
# name inside, the WebKitGTK dependency, and an `mcu` from the package that
# creates a working database.
set -euo pipefail
deb=$1
fail() { echo "check-deb: $*" >&2; exit 1; }

name=$(dpkg-deb -f "$deb" Package)
[[ $name =~ ^[a-z0-9][a-z0-9+.-]+$ ]] || fail "invalid Debian package name: $name"
[ "$name" = mcu-dezhurny ] || fail "package name $name, expected mcu-dezhurny"
dpkg-deb -f "$deb" Depends | grep -q 'libwebkit2gtk-4.1-0' || fail "no WebKitGTK 4.1 dependency"

files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/mcu-app ./usr/bin/mcu ./usr/share/applications/mcu-dezhurny.desktop \
  ./usr/share/icons/hicolor/128x128/apps/mcu-app.png; do
  grep -qx "$f" <<<"$files" || grep -qx "${f#./}" <<<"$files" || fail "missing $f"
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
dpkg-deb -x "$deb" "$dir/root"
desktop="$dir/root/usr/share/applications/mcu-dezhurny.desktop"
grep -qx 'Name=МЦУ·Дежурный' "$desktop" || fail "menu entry without the Russian name"
grep -qx 'Exec=mcu-app' "$desktop" || fail "menu entry does not start mcu-app"
out=$(MCU_NOW=2026-11-27T10:00 "$dir/root/usr/bin/mcu" --db "$dir/t.sqlite" init)
grep -q 'Создана база данных' <<<"$out" || fail "packaged mcu did not create a database: $out"
MCU_NOW=2026-11-27T10:00 "$dir/root/usr/bin/mcu" --db "$dir/t.sqlite" backup create --dir "$dir/copies" >/dev/null
echo "check-deb: $deb is a valid package with the window, mcu and the menu entry"
