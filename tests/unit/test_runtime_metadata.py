# -*- coding: utf-8 -*-
# Copyright: copr.copr contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml's 'copr' action group lists exactly the modules in plugins/modules."""

from __future__ import annotations

import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _modules():
    return sorted(
        path.stem
        for path in (ROOT / "plugins" / "modules").glob("*.py")
        if path.name != "__init__.py"
    )


def _action_group():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    group = (runtime.get("action_groups") or {}).get("copr")
    assert group is not None, "meta/runtime.yml has no action_groups.copr"
    return group


def test_every_module_is_in_the_action_group():
    missing = sorted(set(_modules()) - set(_action_group()))
    assert not missing, "modules missing from action_groups.copr in meta/runtime.yml: %s" % missing


def test_action_group_names_only_existing_modules():
    unknown = sorted(set(_action_group()) - set(_modules()))
    assert not unknown, "action_groups.copr names modules that do not exist in plugins/modules: %s" % unknown


def test_action_group_has_no_duplicates():
    group = _action_group()
    assert len(group) == len(set(group)), "duplicate entries in action_groups.copr: %s" % group


def test_requires_ansible():
    runtime = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    assert runtime.get("requires_ansible") == ">=2.19.0"
