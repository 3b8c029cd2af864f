# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Copr client modules use: resource methods over one protocol backend.

It knows nothing about Ansible.  Settings, errors and the HTTP transport are
shared by every protocol (copr_transport.py); each protocol is one backend
file (copr_api_v3.py, copr_api_v1.py) that translates between the option
vocabulary (the names Copr returns on GET) and what its endpoints expect.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

# Re-exported: modules and tests import the client's vocabulary from here.
from ansible_collections.copr.copr.plugins.module_utils.copr_transport import (  # noqa: F401 pylint: disable=unused-import
    COLLECTION_VERSION,
    DEFAULT_API_URL,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    CoprApiError,
    CoprConfigError,
    CoprError,
    CoprSettings,
    CoprTransport,
    CoprUnsupportedError,
    RetryPolicy,
    read_config_file,
    resolve_settings,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_api_v3 import (  # noqa: F401 pylint: disable=unused-import
    BUILD_FINAL_STATES,
    BUILD_UNFINISHED_STATES,
    CoprApiV3,
    build_chroot_to_options,
    build_to_options,
    build_web_url,
    chroot_to_options,
    package_to_options,
    permissions_to_options,
    project_to_options,
    source_to_options,
)
from ansible_collections.copr.copr.plugins.module_utils.copr_api_v1 import CoprApiV1


BACKENDS = {"v3": CoprApiV3, "v1": CoprApiV1}


class CoprClient:
    """What modules use: resource methods over one protocol backend.

    Attribute access falls through to the backend, so ``client.get_project``
    is the backend's ``get_project``.  Results are dicts in option names.
    """

    def __init__(self, settings, protocol="v3", warn=None, retry=None, sleep=time.sleep, session=None):
        if protocol not in BACKENDS:
            raise CoprConfigError("Unknown Copr API protocol %r (known: %s)" % (protocol, ", ".join(sorted(BACKENDS))))
        self.settings = settings
        self.transport = CoprTransport(settings, warn=warn, retry=retry, sleep=sleep, session=session)
        self.backend = BACKENDS[protocol](self.transport)

    def __getattr__(self, name):
        return getattr(self.backend, name)
