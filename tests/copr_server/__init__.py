"""Local Copr API server (APIv3 double) for tests, CI and offline playbook runs."""

from .app import create_app

__all__ = ["create_app"]
