#!/usr/bin/env bash
# make demo: start the local Copr server, converge the example projects and
# build (waited for) twice (the second run must report changed=0), print the
# projects as copr_project_info sees them, then stop the server. All of it
# is scripts/run-examples.sh, here on the .build copy with the dev venv; the
# release test runs the same on the installed tarball in a fresh venv.
set -euo pipefail
# shellcheck source=scripts/common.sh
. "$(dirname "$0")/common.sh"

require_venv
exec "$ROOT/scripts/run-examples.sh" "$BUILD" "$VPY" "$BUILD/demo"
