# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role's argument_specs validate a project's packages exactly as copr_package does (one spec in
module_utils; the role's YAML must not drift from it)."""

from __future__ import annotations

import pathlib

import yaml

from ansible_collections.copr.copr.plugins.module_utils.copr_resources import package_argument_spec

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Role argument specs take no aliases (ansible-lint's schema): role items use the option names.
RULES = ("type", "elements", "required", "choices", "default")


def _rules(spec):
    """Only what validation uses (no descriptions), recursively; 'options' for suboptions."""
    result = {}
    for name, option in spec.items():
        rules = dict((key, option[key]) for key in RULES if option.get(key) not in (None, False))
        if option.get("options"):
            rules["options"] = _rules(option["options"])
        result[name] = rules
    return result


def test_role_package_items_match_copr_package():
    specs = yaml.safe_load((ROOT / "roles" / "projects" / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    project = specs["argument_specs"]["main"]["options"]["copr_projects"]["options"]
    packages = project["packages"]
    assert (packages["type"], packages["elements"]) == ("list", "dict")
    assert _rules(packages["options"]) == _rules(package_argument_spec())
