#!/usr/bin/env bash
# The .deb as a user gets it: unpacked (dpkg-deb -x) into a fresh directory,
# run from there with no BACKSTEP_* override and the working directory far from
# any checkout, under strace: no file under the source or build tree may be
# opened. Runs `train --preset xor`, the window (--frames 30 --screenshot, in
# English and Chinese, with a lesson open), and `export-pytorch`.
#   tests/package/installed_test.sh path/to/backstep_X.Y.Z_amd64.deb
#   tests/package/installed_test.sh PREFIX    a `cmake --install` tree instead,
#                                             copied to a fresh directory (ctest)
# Needs: dpkg-deb, strace, xvfb-run (when there is no display), python3.
set -euo pipefail

deb=$(realpath "$1")  # a .deb or an install prefix
source_tree=$(realpath "$(dirname "$0")/../..")
work=$(mktemp -d /tmp/backstep-installed.XXXXXX)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "installed_test: FAIL: $*" >&2
  exit 1
}

if [ -d "$deb" ]; then
  mkdir -p "$work/root/usr"
  cp -a "$deb"/. "$work/root/usr/"
else
  dpkg-deb -x "$deb" "$work/root"
fi
exe="$work/root/usr/bin/backstep"
[ -x "$exe" ] || fail "no usr/bin/backstep in $deb"

# Nothing of this machine's checkout in the shipped binary.
if strings "$exe" | grep -F -e "$source_tree" -e /work/ -e /build/; then
  fail "the binary names a build or source path (above)"
fi

# A clean environment: no overrides, a fresh config dir, cwd inside the unpacked tree.
unset BACKSTEP_ASSETS BACKSTEP_SHADERS BACKSTEP_CJK_FONT
export XDG_CONFIG_HOME="$work/config"
mkdir -p "$XDG_CONFIG_HOME" "$work/out"
cd "$work/out"

# Runs the unpacked backstep under strace; fails if it opened any path inside
# the source tree (or the build trees in it).
traced() {
  local name=$1
  shift
  strace -f -qq -e trace=open,openat,stat,newfstatat,statx,access,readlink,execve \
    -o "$work/$name.strace" "$@"
  if grep -F "\"$source_tree" "$work/$name.strace"; then
    fail "$name touched the source tree (above)"
  fi
}

with_display() {
  if [ -n "${DISPLAY:-}" ]; then
    "$@"
  else
    xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" "$@"
  fi
}

echo "== --version"
"$exe" --version | grep -Eq '^backstep [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"

echo "== train --preset xor"
traced train "$exe" train --preset xor --steps 300 --log-every 0 --out "$work/out/xor.json" \
  > "$work/train.out"
grep -q "train_loss\|loss" "$work/train.out" || fail "train printed no loss: $(cat "$work/train.out")"
[ -s "$work/out/xor.json" ] || fail "train wrote no model"

echo "== export-pytorch"
traced export "$exe" export-pytorch --model "$work/out/xor.json" --out "$work/out/model.py"
grep -q "import torch" "$work/out/model.py" || fail "export-pytorch wrote no script"
python3 -c "import ast, sys; ast.parse(open(sys.argv[1]).read())" "$work/out/model.py" ||
  fail "the exported script is not Python"

echo "== the window, English, a lesson open"
lesson=$(ls "$work/root/usr/share/backstep/assets/lessons" | head -1)
lesson=${lesson%.json}
[ -n "$lesson" ] || fail "no lessons installed"
with_display strace -f -qq -e trace=open,openat -o "$work/window_en.strace" \
  "$exe" --preset xor --lesson "$lesson" --frames 30 --screenshot "$work/out/en.png" \
  2> "$work/window_en.err" || fail "window (en): $(cat "$work/window_en.err")"
grep -F "\"$source_tree" "$work/window_en.strace" && fail "the window touched the source tree"
grep -q 'usr/share/backstep/shaders/heatmap.frag' "$work/window_en.strace" ||
  fail "the window did not load the installed shaders"
grep -q 'usr/share/backstep/assets/lessons' "$work/window_en.strace" ||
  fail "the window did not read the installed lessons"
grep -Eq 'DejaVuSans.*\.ttf' "$work/window_en.strace" || fail "the window opened no DejaVu font"

echo "== the window, Chinese"
with_display strace -f -qq -e trace=open,openat -o "$work/window_zh.strace" \
  "$exe" --preset xor --lang zh --frames 30 --screenshot "$work/out/zh.png" \
  2> "$work/window_zh.err" || fail "window (zh): $(cat "$work/window_zh.err")"
grep -Eqi 'wqy|NotoSansCJK|noto-cjk' "$work/window_zh.strace" || fail "no CJK font opened for --lang zh"
grep -q "cjk\|Chinese" "$work/window_zh.err" && fail "--lang zh fell back: $(cat "$work/window_zh.err")"

# Both screenshots are real pictures of the window, not blank frames.
python3 - "$work/out/en.png" "$work/out/zh.png" <<'PY' || fail "screenshots"
import struct, sys, zlib
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    w, h = struct.unpack(">II", data[16:24])
    assert (w, h) == (1600, 900), (path, w, h)
    idat, pos = b"", 8
    while pos < len(data):
        n = struct.unpack(">I", data[pos:pos + 4])[0]
        if data[pos + 4:pos + 8] == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    # Distinct byte values over the image: a blank frame has one colour.
    assert len(set(raw[::97])) > 20, path + ": looks blank"
    print(path, w, "x", h, "ok")
PY
if [ -n "${BACKSTEP_KEEP_SHOTS:-}" ]; then cp "$work/out/en.png" "$work/out/zh.png" "$BACKSTEP_KEEP_SHOTS"/; fi

echo "installed_test: ok ($deb)"
