#!/usr/bin/env bash
# The CUDA checks of core and the CLI, in one run on a GPU machine (no FFmpeg, no Qt, no SQLite;
# LibTorch from Python's torch). Prepare the pictures and weights here with
# tests/gpu/prepare_carry.sh, then on the GPU machine, from the repository root:
#   bash tests/gpu/cuda_check.sh [CARRY_DIR] [OUT_DIR] [SECONDS] [SECTIONS]
# It builds the CLI with STF2M_WITH_MEDIA=OFF against torch's LibTorch and then, as time allows
# (SECONDS, default 540, counted from the start), checks and measures:
#   1. faces: on CUDA against the CPU, per picture: the same faces, every output within 1e-3;
#   2. tf32: the same with TF32 allowed (STF2M_ALLOW_TF32=1), to show what it would change;
#   3. bench: bench perception per stage on CUDA and on 2 CPU threads, same machine;
#   4. eval: the shipped default model on CUDA and on 2 CPU threads (accuracy, adaptation ms);
#   5. train: meta-training iterations on CUDA and on 2 CPU threads (seconds per iteration),
#      twice on CUDA with the same seed (are the weights identical?), and once on CUDA without
#      deterministic algorithms (STF2M_NONDETERMINISTIC=1: what determinism costs);
#   6. full: the default config's whole meta-training on CUDA, and that model evaluated on the CPU.
# SECTIONS (default all): a comma-separated list of those names.
# Everything it prints also goes to OUT_DIR/log.txt; the JSON it produced to OUT_DIR/results.tar.gz.
set -uo pipefail
carry=${1:-.gpu-carry}
[ -d "$carry" ] && carry=$(cd "$carry" && pwd)   # CMake needs absolute paths
out=${2:-${OUT:-/tmp/stf2m-gpu}}
budget=${3:-540}
sections=${4:-faces,tf32,bench,eval,train,full}
want() { [[ ",$sections," == *",$1,"* ]]; }
mkdir -p "$out"
exec > >(tee "$out/log.txt") 2>&1
work=/tmp/stf2m-gpu-work
rm -rf "$work" && mkdir -p "$work/json"
build=$work/build
export work build
left() { echo $((budget - SECONDS)); }
# step NAME MAX_SECONDS COMMAND...: runs COMMAND with a time limit, or skips it when time is short.
step() {
  local name=$1 max=$2; shift 2
  local l; l=$(left)
  # Its own lines go to stderr, so that COMMAND's stdout can be redirected to a file.
  if ((l < 25)); then echo "== $name: SKIPPED (${l}s left)" >&2; return 99; fi
  ((max > l - 10)) && max=$((l - 10))
  echo "== $name (limit ${max}s, ${l}s left)" >&2
  local t0=$SECONDS rc
  if [ "$(type -t "$1")" = function ]; then
    export -f "$1"
    timeout "$max" bash -c '"$@"' bash "$@"
  else
    timeout "$max" "$@"
  fi
  rc=$?
  echo "== $name: rc $rc, $((SECONDS - t0)) s" >&2
  return $rc
}

echo "== machine"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
nproc
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cxx11 abi", torch.compiled_with_cxx11_abi())'
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
torch_root=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
[ -d /usr/local/cuda/bin ] && export PATH=/usr/local/cuda/bin:$PATH
command -v nvcc && nvcc --version | tail -1
g++ --version | head -1; cmake --version | head -1

# STF2M_CHECK_PREBUILT=PATH/stf2m skips configuring and building (a rerun on a warm machine).
# nlohmann-json, CLI11 and OpenSSL's headers come from the carry (prepare_carry.sh); libcrypto is
# the machine's own when it has one (Python's ssl module needs it), else the carried Debian copy.
crypto=$(ls /usr/lib/x86_64-linux-gnu/libcrypto.so.3 /usr/lib64/libcrypto.so.3 \
  "$(python3 -c 'import sys; print(sys.prefix)')"/lib/libcrypto.so.3 2>/dev/null | head -1)
[ -n "$crypto" ] || crypto=$carry/prefix/libcrypto.so.3.debian
echo "libcrypto: $crypto"
configure() {
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTF2M_WITH_MEDIA=OFF -DSTF2M_BUILD_GUI=OFF \
    -DSTF2M_BUILD_TESTS=OFF -Dnlohmann_json_DIR="$carry/prefix/share/cmake/nlohmann_json" \
    -DCLI11_DIR="$carry/prefix/share/cmake/CLI11" -DOPENSSL_INCLUDE_DIR="$carry/prefix/include" \
    -DOPENSSL_CRYPTO_LIBRARY="$crypto" "$@" > "$work/configure.log" 2>&1
}
# Torch's own CMake package first; if it fails on this machine, a minimal package that points at
# the same headers and libraries (the CUDA libraries linked with --no-as-needed so that LibTorch
# registers its CUDA backend).
if [ -n "${STF2M_CHECK_PREBUILT:-}" ]; then
  echo "using the prebuilt $STF2M_CHECK_PREBUILT"
elif step "configure (torch's CMake package)" 120 configure -DCMAKE_PREFIX_PATH="$torch_prefix"; then
  echo "configured with torch's TorchConfig.cmake"
else
  tail -40 "$work/configure.log"
  rm -rf "$build"
  mkdir -p "$work/torch-shim"
  cat > "$work/torch-shim/TorchConfig.cmake" <<CMAKE
if(NOT TARGET stf2m_torch_shim)
  add_library(stf2m_torch_shim INTERFACE IMPORTED GLOBAL)
  set_target_properties(stf2m_torch_shim PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "$torch_root/include;$torch_root/include/torch/csrc/api/include"
    INTERFACE_COMPILE_DEFINITIONS "_GLIBCXX_USE_CXX11_ABI=1"
    INTERFACE_LINK_LIBRARIES "-Wl,--no-as-needed;$torch_root/lib/libtorch_cuda.so;$torch_root/lib/libc10_cuda.so;-Wl,--as-needed;$torch_root/lib/libtorch.so;$torch_root/lib/libtorch_cpu.so;$torch_root/lib/libc10.so")
endif()
set(TORCH_LIBRARIES stf2m_torch_shim)
set(Torch_FOUND TRUE)
CMAKE
  step "configure (minimal Torch package)" 60 configure -DTorch_DIR="$work/torch-shim" || { tail -40 "$work/configure.log"; exit 1; }
fi
stf2m=${STF2M_CHECK_PREBUILT:-$build/app/cli/stf2m}
if [ -z "${STF2M_CHECK_PREBUILT:-}" ]; then
  step "build stf2m" 330 ninja -C "$build" -k 0 stf2m > "$work/build.log" 2>&1
  build_rc=$?
  grep -E "error|FAILED" "$work/build.log" | head -40
  tail -3 "$work/build.log"
  ((build_rc == 0)) || exit 1
fi
export STF2M_FACE_MODELS=$carry/face-model STF2M_THREADS=2 stf2m carry work
step "info" 60 "$stf2m" info --device cuda

# 1. faces, CUDA against CPU
pairs=() tf32pairs=()
faces_all() {  # SUFFIX [ENV=VALUE...]: every picture through `stf2m faces` on the CPU and on CUDA
  local suffix=$1; shift
  for p in "$carry"/photos/*.ppm; do
    local n; n=$(basename "$p" .ppm)
    [ -f "$work/json/faces-$n-cpu.json" ] || "$stf2m" faces "$p" --json --device cpu > "$work/json/faces-$n-cpu.json" || return 1
    env "$@" "$stf2m" faces "$p" --json --device cuda > "$work/json/faces-$n-$suffix.json" || return 1
  done
}
for p in "$carry"/photos/*.ppm; do
  n=$(basename "$p" .ppm)
  pairs+=("$work/json/faces-$n-cpu.json" "$work/json/faces-$n-cuda.json")
  tf32pairs+=("$work/json/faces-$n-cpu.json" "$work/json/faces-$n-cuda-tf32.json")
done
if want faces && step "faces on the CPU and on CUDA" 120 faces_all cuda; then
  echo "-- CUDA (TF32 off, our default) against CPU"
  python3 tests/gpu/compare_faces.py 1e-3 "${pairs[@]}"
fi
if want tf32 && step "faces on CUDA with TF32 allowed" 90 faces_all cuda-tf32 STF2M_ALLOW_TF32=1; then
  echo "-- CUDA with TF32 allowed against CPU"
  python3 tests/gpu/compare_faces.py 1e-3 "${tf32pairs[@]}"
fi

# 2. perception speed
photos=("$carry"/photos/sample{1,2,3,4,5,6}.ppm "$carry"/photos/frame640x360.ppm)
if want bench; then
  step "bench perception, CUDA" 90 "$stf2m" bench perception "${photos[@]}" --device cuda --repeat 5 --no-reference
  want tf32 && step "bench perception, CUDA, TF32 allowed" 90 env STF2M_ALLOW_TF32=1 "$stf2m" bench perception "${photos[@]}" --device cuda --repeat 5 --no-reference
  step "bench perception, 2 CPU threads" 90 "$stf2m" bench perception "${photos[@]}" --device cpu --threads 2 --repeat 3 --no-reference
fi

# 3. the default model, evaluated on both devices
want eval || want train || want full && step "synth" 60 "$stf2m" synth --out "$work/synth" --seed 1 > /dev/null
want eval && for d in cuda cpu; do
  step "eval default model, $d" 90 "$stf2m" eval --data "$work/synth" --model resources/models/default.stf2m --episodes 600 \
    --shots 1,5 --device $d --json > "$work/json/eval-default-$d.json"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(json.dumps(r)[:1500])' "$work/json/eval-default-$d.json"
done

# 4. meta-training iterations; determinism on CUDA
train() {  # DEVICE NAME ITERATIONS [ENV=VALUE...]
  env "${@:4}" "$stf2m" train --data "$work/synth" --config resources/models/default.json --out "$work/$2.stf2m" --seed 1 \
    --iterations "$3" --device "$1" > "$work/json/train-$2.json" 2> "$work/json/train-$2.log"
  local rc=$?
  python3 - "$work/json/train-$2.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print({k: s.get(k) for k in ("device", "iterations", "seconds", "seconds_per_iteration", "seconds_per_pretrain_iteration", "validation_accuracy")})
PY
  return $rc
}
if want train; then
  step "train 100 iterations, cuda (a)" 120 train cuda cuda-a 100
  step "train 100 iterations, cuda (b, same seed)" 120 train cuda cuda-b 100
  step "train 100 iterations, cuda, nondeterministic (c)" 120 train cuda cuda-c 100 STF2M_NONDETERMINISTIC=1
  step "train 100 iterations, cuda, nondeterministic (d)" 120 train cuda cuda-d 100 STF2M_NONDETERMINISTIC=1
  step "train 100 iterations, 2 CPU threads" 120 train cpu cpu-a 100
fi
for m in cuda-a cuda-b cuda-c cuda-d cpu-a; do
  [ -f "$work/$m.stf2m" ] && echo "$m weights_sha256 $("$stf2m" model card "$work/$m.stf2m" | python3 -c 'import json,sys; print(json.load(sys.stdin)["weights_sha256"])')"
done

# 5. the default config's whole meta-training on CUDA, evaluated on the CPU
if want full && step "train default config, cuda" 240 train cuda cuda-full 1000; then
  step "eval the CUDA-trained model on the CPU" 60 "$stf2m" eval --data "$work/synth" --model "$work/cuda-full.stf2m" \
    --episodes 600 --shots 1,5 --device cpu
fi
tar -C "$work" -czf "$out/results.tar.gz" json
echo "== done in $SECONDS s"
