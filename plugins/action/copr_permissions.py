# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs copr.copr.copr_permissions in the controller when the task runs there (see plugin_utils/copr_action.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.copr.copr.plugins.plugin_utils.copr_action import CoprAction


class ActionModule(CoprAction):
    module_name = "copr_permissions"
