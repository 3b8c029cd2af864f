"""Start the server: ``PYTHONPATH=tests python -m copr_server --port 8765``."""

import argparse
import json
import os
import sys

from . import faults
from .app import create_app
from .serving import make_copr_server


def main(argv=None):
    parser = argparse.ArgumentParser(prog="copr_server", description="Local Copr API server (APIv3 and APIv1)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--seed", default=None, help="seed JSON (default: the bundled seed.json)")
    parser.add_argument("--base-url", default=None,
                        help="URL clients use to reach the server (default: taken from each request)")
    parser.add_argument("--results-url", default=None,
                        help="backend results base for repo URLs (default: <base url>/results)")
    parser.add_argument("--build-speed", type=float, default=1.0,
                        help="seconds per build phase (default 1.0; 0 = builds move only by /_test control calls)")
    faults.add_arguments(parser)
    parser.add_argument("--v1-variant", choices=["2021", "2014"], default="2021",
                        help="what the legacy /api/ answers like: 2021 (the last APIv1, default) "
                             "or 2014 (the seed's API notes)")
    parser.add_argument("--v3-old-slashes", action="store_true",
                        help="answer 308 to GET /api_3/build/list (and the other routes old frontends "
                             "defined with a trailing slash) asked for without the slash")
    args = parser.parse_args(argv)
    if args.build_speed < 0:
        parser.error("--build-speed must be >= 0")
    try:
        fault_config = faults.config_from(args, os.environ)
    except (faults.FaultConfigError, OSError) as exc:
        parser.error(str(exc))
    if faults.active(fault_config):
        # On stderr, so the "listening" line stays the first line of stdout; the seed is
        # what a failing run needs to be replayed.
        print("copr_server faults: " + json.dumps(fault_config, sort_keys=True), file=sys.stderr, flush=True)
    app = create_app(seed_path=args.seed, base_url=args.base_url, results_url=args.results_url,
                     build_speed=args.build_speed, fault_config=fault_config, v1_variant=args.v1_variant,
                     v3_old_slashes=args.v3_old_slashes)
    # make_server binds and listens right away, so the line below is only
    # printed once connections are accepted (they queue until serve_forever).
    server = make_copr_server(args.host, args.port, app)
    host = args.host if ":" not in args.host else "[{0}]".format(args.host)
    print("copr_server listening on http://{0}:{1}".format(host, server.server_port), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
