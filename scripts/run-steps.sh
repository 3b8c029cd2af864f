#!/usr/bin/env bash
# Run 'make STEP' for each STEP in order, timing each; stop at the first
# failure with a clear message; print a summary either way.
set -uo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

MAKE="${MAKE:-make}"
names=() results=() times=()
start_all=$SECONDS
status=0

summary() {
    printf '\n==================== summary ====================\n'
    local i
    for i in "${!names[@]}"; do
        printf '  %-12s %-6s %5ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
    done
    printf '  %-12s %-6s %5ss\n' "total" "$([ "$status" -eq 0 ] && echo PASS || echo FAIL)" "$((SECONDS - start_all))"
    printf '=================================================\n'
}

for step in "$@"; do
    printf '\n#################### make %s ####################\n' "$step"
    t0=$SECONDS
    "$MAKE" --no-print-directory -C "$ROOT" "$step"
    rc=$?
    names+=("$step"); times+=("$((SECONDS - t0))")
    if [ "$rc" -ne 0 ]; then
        results+=("FAIL")
        status=$rc
        summary
        printf '\nFAILED: make %s exited with %s; later steps were not run.\n' "$step" "$rc" >&2
        exit "$rc"
    fi
    results+=("PASS")
done
summary
