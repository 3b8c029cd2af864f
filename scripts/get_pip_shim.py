"""Install offline stand-ins for ansible-test's get-pip bootstrap script.

ansible-test (--venv, sanity) downloads get-pip-<ver>.py from a host that
is not reachable here, unless ~/.ansible/test/cache/get_pip_<ver>.py
exists. The stand-in bootstraps pip with ensurepip and then runs
``pip install`` with the arguments ansible-test passes (pip==<ver>).

Run with the venv's Python: it reads the pip version(s) from the installed
ansible_test; 24.2 (core 2.19) and 25.2 (core 2.21) are always written.
"""

import os
import re
import sys

SHIM = '''\
"""Offline stand-in for get-pip.py, written by copr.copr scripts/get_pip_shim.py."""
import subprocess
import sys

# get-pip.py options that 'pip install' does not know.
DROP = {"--no-setuptools", "--no-wheel"}

args = [a for a in sys.argv[1:] if a not in DROP]
subprocess.run([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"],
               check=True, stdout=subprocess.DEVNULL)
sys.exit(subprocess.run([sys.executable, "-m", "pip", "install"] + args).returncode)
'''


def wanted_versions():
    versions = {"24.2", "25.2"}
    try:
        import ansible_test  # pylint: disable=import-outside-toplevel
    except ImportError:
        return versions
    path = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    try:
        with open(path, encoding="utf-8") as handle:
            versions.update(re.findall(r"pip='([0-9.]+)'", handle.read()))
    except OSError:
        pass
    return versions


def main():
    cache = os.path.expanduser("~/.ansible/test/cache")
    os.makedirs(cache, exist_ok=True)
    for version in sorted(wanted_versions()):
        path = os.path.join(cache, "get_pip_%s.py" % version.replace(".", "_"))
        current = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as handle:
                current = handle.read()
        if current is not None and "copr.copr scripts/get_pip_shim.py" not in current:
            continue  # a real get-pip.py someone placed there: keep it
        if current != SHIM:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(SHIM)
            print("==> wrote get-pip stand-in %s" % path, file=sys.stderr)


if __name__ == "__main__":
    main()
