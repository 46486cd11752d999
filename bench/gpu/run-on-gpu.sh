#!/usr/bin/env bash
# On the GPU machine, with .gpu/ (bench/gpu/build.sh) in the tree: unpacks Node, dawn.node and the Vulkan loader,
# then times Trainer.step() on WebGPU with Paretoscope's kernels on and off. JSON lines in RESULTS_DIR
# (default .gpu/results), then the PyTorch CUDA anchor (torch_anchor.py, where python3 has torch; SKIP_TORCH=1 skips it).
# Env: BATCHES (256,1024,4096), NETS (mdmtn,hps), STEPS (20), PROFILE (0|1), WEBGPU_TIMEOUT (s).
set -u
[ -f "$(dirname "$0")/out/gpu-steps.mjs" ] && ls "$(dirname "$0")"/carry/*.deb > /dev/null 2>&1 || { echo "no .gpu/out/gpu-steps.mjs or carry/*.deb: run bash bench/gpu/build.sh here first" >&2; exit 1; }
here="$(cd "$(dirname "$0")" && pwd)"; C="$here/carry"; T=/tmp/paretoscope-gpu; R="${RESULTS_DIR:-$here/results}"; mkdir -p "$T" "$R"
xz -dc "$C/node.xz" > "$T/node" && chmod +x "$T/node"; xz -dc "$C/dawn.node.xz" > "$T/dawn.node"
for f in "$C"/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json} DAWN_NODE="$T/dawn.node" XDG_RUNTIME_DIR=/tmp
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
timeout "${WEBGPU_TIMEOUT:-420}" "$T/node" "$here/out/gpu-steps.mjs" "${BATCHES:-256,1024,4096}" "${NETS:-mdmtn,hps}" "${STEPS:-20}" 3 "${PROFILE:-0}" 2>&1 | grep -v XDG_RUNTIME | tee "$R/webgpu.jsonl"
[ -n "${SKIP_TORCH:-}" ] || PYTHONUNBUFFERED=1 timeout 150 python3 "$here/torch_anchor.py" "${BATCHES:-256,1024,4096}" 50 10 2>&1 | tee "$R/torch.jsonl"
