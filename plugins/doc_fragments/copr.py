# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:

    # Connection options shared by every module.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Copr frontend, without C(/api_3).
      - If not set, the environment variable E(COPR_URL) is used, then C(copr_url) from the config file,
        then U(https://copr.fedorainfracloud.org).
      - Must be an C(http://) or C(https://) URL; plain C(http://) gives a warning because the token travels unencrypted.
    type: str
    aliases: [copr_url]
  api_login:
    description:
      - The API login (the HTTP Basic user name), as shown on the C(/api) page of the Copr frontend.
      - This is B(not) your Copr user name.
      - If not set, the environment variable E(COPR_LOGIN) is used, then C(login) from the config file.
      - Half of the credentials, so it is hidden from output like the token.
    type: str
    aliases: [login]
  api_token:
    description:
      - The API token (the HTTP Basic password). Tokens expire; renew them at C(<api_url>/api).
      - If not set, the environment variable E(COPR_TOKEN) is used, then C(token) from the config file.
      - It never appears in the output, in errors or in the diff.
    type: str
    aliases: [token]
  config_file:
    description:
      - A copr-cli configuration file (INI, section C([copr-cli]), keys C(copr_url), C(login), C(token), C(username)).
      - If not set, the environment variable E(COPR_CONFIG) is used, then C(~/.config/copr) if it exists.
      - A file named explicitly (here or in E(COPR_CONFIG)) that is missing or unreadable is an error;
        a missing default file is not.
      - Its values have the lowest precedence, below task options and E(COPR_URL), E(COPR_LOGIN), E(COPR_TOKEN)
        and E(COPR_USERNAME).
    type: path
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP request.
      - A request that gets no answer within this time counts as a failure whose fate is unknown (see O(retries)).
    type: float
    default: 30
  retries:
    description:
      - How many times one request may be sent again after a transient failure, with exponential backoff and
        jitter (O(retry_delay), doubling, at most 20 s between tries) and a warning for each retry.
      - "Transient failures: no answer or a dropped connection, HTTP 502, 503 or 504 (Apache in front of Copr
        answers them, sometimes after Copr did the work), and Copr's C(operation in progress) HTTP 500
        (it clears when the pending action, such as a project delete, is done)."
      - "Retried: every read; project and chroot edits (they send the whole wanted value, so sending them twice
        gives the same result); deletes (a 404 after an attempt whose answer was lost means the delete was
        done); project creation (sent with Copr's C(exist_ok), so a second create returns the project the first
        one made); build cancels (a 409 after a lost answer, with the build canceled, means done)."
      - "Never retried blindly: build submissions. Copr's own error answer (HTTP 4xx, or a 500 with its error
        text) fails at once and nothing was submitted; C(operation in progress) and a refused connection
        (nothing was processed) are retried. After a 502, 503, 504 or a connection lost after sending, the
        module looks for the build among the project's new builds and uses it if it is there; if not, it looks
        again after 3 x O(retry_delay) seconds, and only then submits once more, with a warning. If that
        answer is lost too and no build shows up, the task fails and asks you to check the project."
      - "Never retried at all: HTTP 400, 401 (an expired token fails at once, with where to renew it),
        403, 404, 409, other 500 errors, and TLS errors."
      - V(0) disables every retry, and the build resubmission too.
      - If not set, the environment variable E(COPR_RETRIES) is used, then V(6).
      - Every module returns the number of requests it sent again as RV(retries).
    type: int
  retry_max_time:
    description:
      - The most seconds spent on one request, waits between retries included. No retry starts whose wait
        would end after it; the last error then says how many attempts were made and how long they took.
      - This is also how long a Copr C(operation in progress) error is waited out.
      - If not set, the environment variable E(COPR_RETRY_MAX_TIME) is used, then V(90).
    type: float
  retry_delay:
    description:
      - Seconds to wait before the first retry of a request; each further retry waits about twice as long
        (with jitter, at most 20 s).
      - If not set, the environment variable E(COPR_RETRY_DELAY) is used, then V(1).
    type: float
requirements:
  - requests
"""

    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/copr.copr.copr) in C(module_defaults) to set the connection options once for every module.
    support: full
    membership:
      - copr.copr.copr
"""

    ATTRIBUTES = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
"""

    INFO_ATTRIBUTES = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads from Copr.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module only reads from Copr.
"""
