#!/usr/bin/env bash
# Every test: install what is missing, build, run the whole lit suite, then
# the runtime tests under ASan+UBSan and under TSan (STM_TEST_TSAN=0 skips
# TSan).  Ends with one line "N passed, N failed" summing all lit runs; a
# stage that fails without a lit summary (a build error) counts as one
# failure.  Exits non-zero if anything failed or nothing ran.
# Knobs: STM_JOBS (default 2), STM_BUILD_ROOT (where build*/ go),
# STM_STAGE_TIMEOUT (seconds per stage, default 1500).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=${STM_JOBS:-2}
stage_limit=${STM_STAGE_TIMEOUT:-1500}
# Build directories go under STM_BUILD_ROOT (default: the source tree).
broot=${STM_BUILD_ROOT:-$root}
logs=$broot/build/test-logs
passed=0
failed=0

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$logs"

# The counts of the lit summaries in a log, into lit_passed/lit_failed.
# XFAIL and UNSUPPORTED count as neither; XPASS, UNRESOLVED and TIMEOUT are
# failures, as lit itself treats them.
count_lit() {
  read -r lit_passed lit_failed < <(awk '
    /^Total Discovered Tests:/ { in_summary = 1; next }
    in_summary && /^  [A-Za-z][A-Za-z ]*: *[0-9]+/ {
      split($0, kv, ":"); key = kv[1]; gsub(/^ +| +$/, "", key)
      if (key == "Passed") p += kv[2]
      else if (key ~ /^(Failed|Unresolved|Timed Out|Unexpectedly Passed)$/) f += kv[2]
      next
    }
    { in_summary = 0 }
    END { print p + 0, f + 0 }' "$1")
}

# stage NAME BUILD_DIR TARGET [CMAKE ARGS...]: configure, build and test.
stage() {
  local name=$1 dir=$2 target=$3
  shift 3
  local log=$logs/$name.log rc
  echo "=== $name: $dir, target $target"
  # The time limit is a backstop for a hang lit's own per-test timeout
  # cannot see (e.g. a stuck build); timeout(1) kills the whole group.
  timeout -k 30 "$stage_limit" bash -c 'cmake -S . -B "$1" -G Ninja "${@:4}" &&
      cmake --build "$1" -j "$2" --target "$3"' stage "$dir" "$jobs" "$target" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "=== $name: killed after $stage_limit s"
  fi
  count_lit "$log"
  passed=$((passed + lit_passed))
  failed=$((failed + lit_failed))
  if [ "$rc" -ne 0 ] && [ "$lit_failed" -eq 0 ]; then
    echo "=== $name: FAILED (exit $rc) without a failing test: counted as one failure"
    failed=$((failed + 1))
  fi
  echo "=== $name: $lit_passed passed, $lit_failed failed, exit $rc"
}

start=$SECONDS
stage all "$broot/build" check
stage asan "$broot/build-asan" check-runtime -DSTM_SANITIZE=address,undefined
if [ "${STM_TEST_TSAN:-1}" != 0 ]; then
  stage tsan "$broot/build-tsan" check-runtime -DSTM_SANITIZE=thread
fi
echo "=== done in $((SECONDS - start)) s; logs in $logs"

if [ $((passed + failed)) -eq 0 ]; then
  echo "no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
