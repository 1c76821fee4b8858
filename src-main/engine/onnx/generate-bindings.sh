#!/usr/bin/env bash
# Regenerates the static protobuf bindings for the vendored ONNX schema (onnx.proto) with protobufjs-cli.
# The outputs are generated files: never edit them by hand, rerun this script instead.
set -euo pipefail
cd "$(dirname "$0")"
bin="../../../node_modules/.bin"
# Encode/decode/create only: the engine writes models and reads them back in tests; JSON conversion and
# verification would triple the file for nothing.
"$bin/pbjs" --target static-module --wrap es6 --no-verify --no-convert --no-delimited --no-service \
  --out onnx.generated.js onnx.proto
"$bin/pbts" --no-comments --out onnx.generated.d.ts onnx.generated.js
