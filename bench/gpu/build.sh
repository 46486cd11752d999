#!/usr/bin/env bash
# Bundles gpuSteps.ts into .gpu/out/gpu-steps.mjs (one file: Node + dawn.node run it) and packs what a bare x86-64
# Linux machine with an NVIDIA GPU and no network needs beside it into .gpu/carry/ (≈ 27 MB): a stripped Node,
# Dawn's dawn.node (npm run setup:webgpu first) and Debian's Vulkan loader and GL dispatch libraries (the NVIDIA
# Vulkan ICD is libGLX_nvidia, which needs libglvnd). Run from the project root; needs strip, xz, apt-get download.
set -euo pipefail
root="$(pwd)"; gpu="$root/.gpu"; mkdir -p "$gpu/out" "$gpu/carry"
cp "$root/bench/gpu/run-on-gpu.sh" "$root/bench/gpu/torch_anchor.py" "$gpu/"
"$root/node_modules/.bin/esbuild" "$root/bench/gpu/gpuSteps.ts" --bundle --platform=node --format=esm --target=node20 \
  --outfile="$gpu/out/gpu-steps.mjs" --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
dawn="$root/dawn/node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || { echo "no $dawn: run npm run setup:webgpu first" >&2; exit 1; }
cd "$gpu/carry"
strip -o node "$(command -v node)" && xz -T0 -6 -f node
cp "$dawn" . && xz -T0 -6 -f dawn.node
apt-get download libvulkan1 libglvnd0 libgl1 libglx0 libegl1 libgles2 libopengl0 2>&1 | grep -v unsandboxed || true
# Without them Dawn finds no driver on the GPU machine: fail here, not on device time.
[ "$(ls ./*.deb 2>/dev/null | wc -l)" -eq 7 ] || { echo "apt-get download did not fetch the 7 loader packages (apt-get update first?)" >&2; exit 1; }
ls -la "$gpu/out" "$gpu/carry"
