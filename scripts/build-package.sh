#!/usr/bin/env bash
# Builds the npm package into target/npm/shopscope and packs it (target/npm/shopscope-<version>.tgz):
#   lib/      the JS API: client.js (the Worker wrapper) and what it runs (analyses.js and analyses/, the
#             operations by analysis; engine.js, worker.js, ...), with client.d.ts and its neighbours
#             generated from their JSDoc by tsc, and types.d.ts (the core's shapes)
#   pkg/      wasm-pack --target web (what the worker and ShopScope.inThisThread load; also `shopscope/web`)
#   bundler/  wasm-pack --target bundler (`shopscope/bundler`: the raw bindings for webpack/Vite apps), its
#             glue pointed at pkg/'s wasm file (one copy in the package)
# The layout mirrors www/, where the demo page uses the same lib/ and pkg/ files.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
out=target/npm/shopscope
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
description=$(sed -n 's/^description = "\(.*\)"/\1/p' Cargo.toml | head -1)

bash scripts/build-wasm.sh >&2
rm -rf "$out" target/npm/*.tgz
mkdir -p "$out/lib" "$out/pkg"
wasm-pack --log-level warn build --mode no-install --release --target bundler --out-dir "$out/bundler" --no-pack . >&2
rm -f "$out/bundler/.gitignore"
# One copy of the wasm: the bundler glue imports the web build's file, the same module byte for byte (both
# targets compile the same crate with the same flags; checked, so that a toolchain that makes them differ
# fails here rather than shipping a glue for another module).
if ! cmp -s "$out/bundler/shopscope_bg.wasm" www/pkg/shopscope_bg.wasm; then
  echo "[package] the bundler and web builds' wasm differ: they cannot share one file" >&2
  exit 1
fi
rm "$out/bundler/shopscope_bg.wasm" "$out/bundler/shopscope_bg.wasm.d.ts"
sed -i 's#"\./shopscope_bg\.wasm"#"../pkg/shopscope_bg.wasm"#' "$out/bundler/shopscope.js"
cp -r www/lib/. "$out/lib/"
# The types are the JSDoc's, checked strictly: a declaration that does not match the code fails the build.
tsc --allowJs --declaration --emitDeclarationOnly --strict --target es2022 --module es2022 \
  --moduleResolution bundler --lib es2022,esnext.disposable,dom,dom.iterable --outDir "$out/lib" www/lib/client.js >&2
cp www/pkg/shopscope.js www/pkg/shopscope.d.ts www/pkg/shopscope_bg.wasm www/pkg/shopscope_bg.wasm.d.ts "$out/pkg/"
# A bundler resolves the wasm's imports (module "./shopscope_bg.js") next to the wasm file: there they are
# the bundler glue's own functions (the web glue passes its imports itself and never loads this file).
echo "export * from '../bundler/shopscope_bg.js';" >"$out/pkg/shopscope_bg.js"
cp README.md LICENSE-MIT LICENSE-APACHE "$out/"

cat >"$out/package.json" <<JSON
{
  "name": "shopscope",
  "version": "$version",
  "description": "$description",
  "license": "MIT OR Apache-2.0",
  "keywords": ["rfm", "segmentation", "k-means", "association-rules", "fp-growth", "recommendations", "customer-lifetime-value", "webassembly", "privacy"],
  "type": "module",
  "main": "./lib/client.js",
  "types": "./lib/client.d.ts",
  "exports": {
    ".": { "types": "./lib/client.d.ts", "default": "./lib/client.js" },
    "./worker.js": "./lib/worker.js",
    "./web": { "types": "./pkg/shopscope.d.ts", "default": "./pkg/shopscope.js" },
    "./bundler": { "types": "./bundler/shopscope.d.ts", "default": "./bundler/shopscope.js" },
    "./shopscope_bg.wasm": "./pkg/shopscope_bg.wasm",
    "./package.json": "./package.json"
  },
  "files": ["lib", "pkg", "bundler", "README.md", "LICENSE-MIT", "LICENSE-APACHE"],
  "sideEffects": ["./bundler/shopscope.js", "./lib/worker.js"]
}
JSON

(cd target/npm && npm pack --silent ./shopscope >/dev/null)
tarball=target/npm/shopscope-$version.tgz
echo "[package] $tarball: $(stat -c %s "$tarball") bytes" >&2
echo "$tarball"
