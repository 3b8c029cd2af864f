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
      - Base URL of the Copr frontend, for example U(https://copr.fedorainfracloud.org). A URL ending in C(/api_3) or
        C(/api_3/) is accepted as the same frontend (the modules add C(/api_3/) to every request).
      - If not set, the environment variable E(COPR_URL) is used, then C(copr_url) from the config file,
        then U(https://copr.fedorainfracloud.org).
      - Must be an C(http://) or C(https://) URL; plain C(http://) gives a warning because the token travels
        unencrypted, except to this machine (C(localhost), C(127.0.0.0/8), C(::1)).
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
      - A task that may write (not in check mode) fails before any request when there is no login and token
        anywhere, and says where it looked. When Copr refuses them (HTTP 401), the message says where they came
        from (task options, environment, which config file), and, when it can tell, why (the config file's
        C(# expiration date) is past, the login is a user name).
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
  api_version:
    description:
      - The Copr API to speak. V(3) is APIv3 (C(/api_3/)), what every Copr frontend since 2020 serves, including
        U(https://copr.fedorainfracloud.org). V(1) is the legacy APIv1 (C(/api/)) of self-hosted frontends older
        than September 2021, which lack APIv3.
      - If not set, the environment variable E(COPR_API_VERSION) is used, then V(3).
      - "APIv1 expresses far less than APIv3. An option that APIv1 cannot express fails before anything is sent,
        with the message C(<option> is not supported by Copr API v1 (api_version: 1)). The module notes and the
        R(API versions guide,ansible_collections.copr.copr.docsite.guide_api_versions) list what works."
      - On V(1), set C(username) in the config file or E(COPR_USERNAME) (APIv1 cannot tell whom a token belongs to).
      - Results have the same keys on both; a value APIv1 cannot read is V(null).
    type: int
    choices: [1, 3]
    version_added: 0.2.0
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

    # The five sources of copr_build and copr_package: one argument spec
    # (module_utils/copr_sources.py), documented once here. Modules override only
    # each option's top-level description.
    SOURCES = r"""
options:
  scm:
    description:
      - A Git or SVN repository.
    type: dict
    suboptions:
      clone_url:
        description: URL to clone.
        type: str
        required: true
      committish:
        description: Branch, tag or commit. Default is the repository's default branch.
        type: str
      subdirectory:
        description: Subdirectory of the repository that holds the package.
        type: str
      spec:
        description: Path of the spec file in the subdirectory (found automatically when not set).
        type: str
      type:
        description: Version control system.
        type: str
        choices: [git, svn]
        default: git
      method:
        description: How Copr makes the SRPM.
        type: str
        choices: [rpkg, tito, tito_test, make_srpm]
        default: rpkg
  pypi:
    description:
      - A package from PyPI.
    type: dict
    suboptions:
      package_name:
        description: Name of the package on PyPI.
        type: str
        required: true
      version:
        description: Version to build. Default is the latest.
        type: str
      spec_generator:
        description: Tool that writes the spec file. Copr's default is V(pyp2spec).
        type: str
        choices: [pyp2rpm, pyp2spec]
      python_versions:
        description: Python major versions to build for (pyp2rpm only). Copr's default is V(["3"]).
        type: list
        elements: str
  rubygems:
    description:
      - A gem from RubyGems.
    type: dict
    suboptions:
      gem_name:
        description: Name of the gem.
        type: str
        required: true
  custom:
    description:
      - A script that produces the SRPM (or a spec file and sources).
    type: dict
    suboptions:
      script:
        description:
          - The script (at most 4096 characters).
          - Copr turns CRLF line ends into LF (when the first line ends in CR) and adds a final newline; the
            script is compared after the same changes.
        type: str
        required: true
      chroot:
        description: Chroot the script runs in. Copr's default is V(fedora-latest-x86_64).
        type: str
      builddeps:
        description: Packages the script needs.
        type: list
        elements: str
      resultdir:
        description: Directory where the script leaves its results.
        type: str
      repos:
        description: Extra repositories for the script's chroot.
        type: list
        elements: str
  distgit:
    description:
      - A package of a dist-git instance.
    type: dict
    suboptions:
      package_name:
        description:
          - Name of the package in dist-git.
          - Required by M(copr.copr.copr_build).
          - For M(copr.copr.copr_package) it is the package's own O(copr.copr.copr_package#module:name), because
            Copr clones the dist-git repository of that name; leave it unset (another value is an error).
        type: str
      distgit:
        description:
          - Dist-git instance, for example V(fedora) or V(centos). Default is the Copr deployment's first one.
          - When not set, it is not compared (the default depends on the deployment).
        type: str
      namespace:
        description: Namespace in dist-git, for example V(forks/user).
        type: str
      committish:
        description: Branch, tag or commit.
        type: str
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
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - When the task runs on the controller, the action plugin runs the whole module there, in Ansible's worker process
        (no module process per task or loop item). Set E(COPR_EXECUTION=module), or C(execution = module) in the
        C([copr.copr]) section of C(ansible.cfg), to run it as a module process instead.
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
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - When the task runs on the controller, the action plugin runs the whole module there, in Ansible's worker process
        (no module process per task or loop item). Set E(COPR_EXECUTION=module), or C(execution = module) in the
        C([copr.copr]) section of C(ansible.cfg), to run it as a module process instead.
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads from Copr.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module only reads from Copr.
"""
