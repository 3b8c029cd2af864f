#!/usr/bin/env bash
# Run 'make STEP' for each STEP, timing each, and print a summary.
#
#   run-steps.sh STEP...                        one after the other; stop at the first failure
#   run-steps.sh --lane "STEP..." --lane "STEP..."  the lanes side by side (2 cores: the
#                                                integration targets in one lane, everything
#                                                else in the other), each lane in order
#
# Each lane but the first gets its own copy of the collection (BUILD=.build-laneN), so
# that a step of one lane rebuilding .build cannot pull the tree from under a step of
# another; its output is prefixed with the lane's first step. Shared one-time set-up
# (the venv, Debian packages) runs before the lanes start. A lane stops at its first
# failure; the other lanes go on, and the run fails if any lane failed.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

MAKE="${MAKE:-make}"
start_all=$SECONDS
work="$ROOT/tests/output/steps"

# run_lane INDEX STEP...: the steps in order; writes "step result seconds" lines to $work/lane-INDEX.
run_lane() {
    local index=$1; shift
    local record="$work/lane-$index" step t0 rc
    local -a extra=()
    [ "$index" -gt 1 ] && extra=("BUILD=$ROOT/.build-lane$index")
    : > "$record"
    for step in "$@"; do
        printf '\n#################### make %s ####################\n' "$step"
        t0=$SECONDS
        "$MAKE" --no-print-directory -C "$ROOT" "${extra[@]}" "$step"
        rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "$step FAIL $((SECONDS - t0)) $rc" >> "$record"
            printf '\nFAILED: make %s exited with %s; later steps of this lane were not run.\n' "$step" "$rc" >&2
            return "$rc"
        fi
        echo "$step PASS $((SECONDS - t0)) 0" >> "$record"
    done
}

summary() {
    local status=$1 lane step result seconds rc
    local -a records=("$work"/lane-*)
    printf '\n==================== summary ====================\n'
    for lane in "${records[@]}"; do
        [ -f "$lane" ] || continue
        [ "${#records[@]}" -gt 1 ] && printf '  %s:\n' "$(basename "$lane")"
        while read -r step result seconds rc; do
            printf '  %-24s %-6s %5ss\n' "$step" "$result" "$seconds"
        done < "$lane"
    done
    printf '  %-24s %-6s %5ss\n' "total (wall)" "$([ "$status" -eq 0 ] && echo PASS || echo FAIL)" "$((SECONDS - start_all))"
    printf '=================================================\n'
}

lanes=()
while [ $# -gt 0 ]; do
    case "$1" in
        --lane) lanes+=("$2"); shift 2 ;;
        *) break ;;
    esac
done
rm -rf "$work" && mkdir -p "$work"

if [ ${#lanes[@]} -eq 0 ]; then
    run_lane 1 "$@"
    status=$?
    summary "$status"
    exit "$status"
fi

# One-time set-up the lanes share: two concurrent pip or apt-get runs would collide.
"$MAKE" --no-print-directory -C "$ROOT" venv || exit $?
"$ROOT/scripts/apt-deps.sh" rpm shellcheck || exit $?

pids=()
for index in "${!lanes[@]}"; do
    n=$((index + 1))
    read -r -a steps <<< "${lanes[$index]}"
    if [ "$n" -eq 1 ]; then
        run_lane "$n" "${steps[@]}" &
    else
        # The first step names the lane in front of each of its lines.
        run_lane "$n" "${steps[@]}" 2>&1 | sed -u "s/^/${steps[0]}| /" &
    fi
    pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
# A lane piped through sed reports sed's status: read every lane's own record.
if grep -qs ' FAIL ' "$work"/lane-*; then
    status=1
fi
summary "$status"
exit "$status"
