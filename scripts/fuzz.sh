#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of Fuzz/ (docs/reliability.md, "Coverage-guided fuzzing (libFuzzer)").
#
#   scripts/fuzz.sh build CONFIG              build every target (CONFIG: debug or release)
#   scripts/fuzz.sh run   CONFIG SECONDS      each target for SECONDS, growing Fuzz/.corpus/<target>
#   scripts/fuzz.sh smoke CONFIG RUNS         each target for RUNS inputs from its seeds alone, -seed=1
#
# Both run modes fuzz the targets one after another (one core: the machine is shared), write each target's
# full libFuzzer log to .build-fuzz/logs/, print one summary line per target, and exit non-zero if any
# target crashed, hung, ran out of memory or tripped AddressSanitizer; the input that did it is saved under
# Fuzz/.artifacts/. Corpus and artifacts live outside .build-fuzz (both git-ignored) so `make clean` keeps them. Environment: SWIFT (default swift), PYTHON (default python3), FUZZ_TARGETS
# (default all four), FUZZ_ARGS (extra libFuzzer flags).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SWIFT=${SWIFT:-swift}
PYTHON=${PYTHON:-python3}
SCRATCH=$PWD/.build-fuzz
CORPUS=$PWD/Fuzz/.corpus
ARTIFACTS=$PWD/Fuzz/.artifacts
TARGETS=(${FUZZ_TARGETS:-FuzzFrames FuzzRequests FuzzBatch FuzzLegacy})
# A hang is an input that takes longer than this (seconds); libFuzzer then fails the run like a crash.
PER_INPUT_TIMEOUT=10

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

build() {
    local config=$1
    # Both flag sets are needed: SwiftPM's --sanitize links libFuzzer's main and instruments C code,
    # -sanitize=fuzzer on swiftc adds the coverage instrumentation to Swift code. The gold linker warns
    # once per ASan helper symbol it cannot export; those lines are noise and are dropped.
    (cd Fuzz && "$SWIFT" build -c "$config" --scratch-path "$SCRATCH" \
        --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
        --explicit-target-dependency-import-check error 2>&1) |
        { grep -v "ld.gold: warning: Cannot export local symbol" || true; }
}

seeds() {
    "$PYTHON" scripts/fuzz_seeds.py --out "$SCRATCH/seeds"
}

# run_target CONFIG TARGET CORPUS_DIR FLAGS...: one libFuzzer run; prints a summary, returns its status.
run_target() {
    local config=$1 target=$2 corpus=$3
    shift 3
    local binary=$SCRATCH/$config/$target log=$SCRATCH/logs/$target-$mode.log
    mkdir -p "$corpus" "$SCRATCH/logs" "$ARTIFACTS"
    local status=0
    SWIFT_BACKTRACE=enable=no SWIFT_DETERMINISTIC_HASHING=1 "$binary" "$@" -timeout=$PER_INPUT_TIMEOUT -print_final_stats=1 \
        -artifact_prefix="$ARTIFACTS/$target-" ${FUZZ_ARGS:-} \
        "$corpus" "$SCRATCH/seeds/$target" >"$log" 2>&1 || status=$?
    local done runs
    done=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$status" -eq 0 ]; then
        printf '  %-13s ok      %s runs  %s\n' "$target" "${runs:-?}" "${done#*DONE }"
    else
        printf '  %-13s FAILED  exit %s after %s runs; log %s\n' "$target" "$status" "${runs:-?}" "${log#$PWD/}" >&2
        grep -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY|Test unit written|#[0-9]+ 0x.* in \$s' "$log" |
            head -n 25 | sed 's/^/      /' >&2
        local artifact
        artifact=$(sed -n "s/.*Test unit written to //p" "$log" | tail -n 1)
        if [ -n "$artifact" ]; then
            echo "      reproduce: SWIFT_BACKTRACE=enable=no $binary $artifact" >&2
        fi
    fi
    return "$status"
}

[ $# -ge 2 ] || usage
mode=$1 config=$2
case "$config" in debug | release) ;; *) usage ;; esac

case "$mode" in
build)
    build "$config"
    ;;
run | smoke)
    [ $# -eq 3 ] || usage
    amount=$3
    build "$config"
    seeds
    failed=()
    for target in "${TARGETS[@]}"; do
        if [ "$mode" = run ]; then
            # The corpus grows from run to run; -max_total_time bounds the run, not the input count.
            run_target "$config" "$target" "$CORPUS/$target" -max_total_time="$amount" || failed+=("$target")
        else
            # A fresh corpus, a fixed mutation seed, no corpus reloading and deterministic Swift hashing: close to
            # the same inputs every time (coverage still varies by a percent or so between runs). Whatever
            # fails is saved in Fuzz/.artifacts/, so a failure reproduces regardless.
            smoke=$SCRATCH/smoke/$target
            rm -rf "$smoke"
            run_target "$config" "$target" "$smoke" -runs="$amount" -seed=1 -reload=0 || failed+=("$target")
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz $mode: ${failed[*]} failed (see docs/reliability.md for turning the input into a regression test)" >&2
        exit 1
    fi
    ;;
*)
    usage
    ;;
esac
