# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nox sessions of copr.copr: antsibull-nox's (configured in antsibull-nox.toml) plus 'docs'.

'make test' runs docs-check, extra-checks and build-import-check; 'make docs'
runs docs. Each session installs its tools into its own venv under .nox/.
"""

from __future__ import annotations

import os
import sys

import nox

try:
    import antsibull_nox
except ImportError:
    print("You need to install antsibull-nox in the same Python environment as nox.")
    sys.exit(1)


antsibull_nox.load_antsibull_nox_toml()

ROOT = os.path.dirname(os.path.abspath(__file__))


@nox.session(name="docs", default=False)
def docs(session: nox.Session) -> None:
    """Build the HTML docs site (modules, role, guides) into .build/docs/build/html."""
    session.install("antsibull-docs>=2.18,<3", "ansible-core", "ansible-pygments", "sphinx", "sphinx-ansible-theme>=0.9")
    session.run("bash", os.path.join(ROOT, "scripts", "docs.sh"), *session.posargs, external=True)


# Allow to run the noxfile with `python noxfile.py`, `pipx run noxfile.py`, or similar.
if __name__ == "__main__":
    nox.main()
