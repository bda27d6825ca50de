#!/usr/bin/env bash
# One command on a fresh Debian 12 machine (as root): install what is
# missing, build, install into ./_install, then build the demo with the
# installed stmcc and run it with statistics on, then the task examples.
# Knobs: STM_JOBS (default 2), STM_BUILD_ROOT (where build/ goes),
# STM_PREFIX (default ./_install).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${STM_JOBS:-2}
build=${STM_BUILD_ROOT:-$root}/build
prefix=${STM_PREFIX:-$root/_install}

bash scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja
cmake --build "$build" -j "$jobs"
cmake --install "$build" --prefix "$prefix"

mkdir -p "$build/demo"
echo "+ $prefix/bin/stmcc -O2 examples/demo/counter.c -o $build/demo/counter"
"$prefix/bin/stmcc" -O2 examples/demo/counter.c -o "$build/demo/counter"
echo "+ STM_STATS=1 $build/demo/counter"
STM_STATS=1 "$build/demo/counter"

# The task-pool examples (docs/TASKS.md): each checks its own result and
# prints its speed-up against one thread.
for ex in interest trains eventloop; do
  echo "+ $prefix/bin/stmcc -O2 examples/$ex.c examples/common/example.c -o $build/demo/$ex && $build/demo/$ex"
  "$prefix/bin/stmcc" -O2 "examples/$ex.c" examples/common/example.c -o "$build/demo/$ex"
  "$build/demo/$ex"
done
