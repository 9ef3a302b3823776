# Shared steps of dev/start and dev/test: install what the build needs, from
# registries only (crates.io, Debian, npm, PyPI), and build the wasm bundle.
# Sourced, not run.

# Each step says how long the script has run so far (bash's SECONDS).
log() { printf '\033[1m==> [%dm%02ds] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  local want; want=$(wasm_bindgen_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "cargo install wasm-bindgen-cli $want (matches Cargo.lock)"
    # Without --locked: its lock file wants a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  command -v wasm-opt >/dev/null || apt_install binaryen
}

# Builds target/site/pkg/app.js + app_bg.wasm (hydration bundle), with brotli
# and gzip copies beside them that the server sends to browsers accepting them.
build_wasm() {
  log "building the wasm bundle"
  local out=${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  mkdir -p target/site/pkg
  # Optimise before wasm-bindgen: Debian's wasm-opt (108) run on wasm-bindgen's
  # output breaks its externref table ("Table.set(): Argument 1 is invalid").
  # -Os, not -Oz: -Oz drops a function-table entry wasm-bindgen then cannot
  # find ("failed to find `0` in function table"); -Os output is as small.
  wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
    --enable-sign-ext --enable-mutable-globals \
    "$out/app.wasm" -o "$out/app.opt.wasm"
  # Stale compressed copies would be served instead of the new bundle.
  rm -f target/site/pkg/app.js.br target/site/pkg/app.js.gz target/site/pkg/app_bg.wasm.br target/site/pkg/app_bg.wasm.gz
  wasm-bindgen --target web --no-typescript --out-dir target/site/pkg --out-name app "$out/app.opt.wasm"
  # The server (leptos_axum's file handler, tower-http ServeDir) sends these
  # precompressed files when the request accepts br or gzip; it compresses
  # nothing on the fly.
  command -v brotli >/dev/null || apt_install brotli
  for f in target/site/pkg/app.js target/site/pkg/app_bg.wasm; do
    brotli -f -q 11 -o "$f.br" "$f"
    gzip -9 -n -c "$f" >"$f.gz"
  done
  log "wasm bundle: $(stat -c %s target/site/pkg/app_bg.wasm) bytes, $(stat -c %s target/site/pkg/app_bg.wasm.br) with brotli"
}
