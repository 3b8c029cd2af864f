# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure-Python RPM header reader: crafted headers, and real SRPMs made by rpmbuild when it is installed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import io
import os
import shutil
import struct
import subprocess

import pytest

from ansible_collections.copr.copr.plugins.module_utils.rpm_header import (
    RpmHeaderError,
    evr,
    read_rpm_header,
    read_srpm_nvr,
)


def header_bytes(tags):
    """An RPM header structure holding ``tags`` ({tag: str | int})."""
    index, store = b"", b""
    for tag, value in sorted(tags.items()):
        if isinstance(value, int):
            store += b"\x00" * ((4 - len(store) % 4) % 4)
            index += struct.pack(">iIiI", tag, 4, len(store), 1)
            store += struct.pack(">i", value)
        else:
            index += struct.pack(">iIiI", tag, 6, len(store), 1)
            store += value.encode() + b"\x00"
    return b"\x8e\xad\xe8\x01\x00\x00\x00\x00" + struct.pack(">II", len(tags), len(store)) + index + store


def with_tags(base, extra):
    tags = dict(base)
    tags.update(extra)
    return tags


def rpm_bytes(tags, lead_type=1, payload=b""):
    lead = b"\xed\xab\xee\xdb\x03\x00" + struct.pack(">H", lead_type) + b"\x00\x01" + b"x" * 66 + b"\x00\x01\x00\x05"
    lead += b"\x00" * (96 - len(lead))
    signature = header_bytes({1000: 12345, 1004: "sig"})  # odd size: needs padding
    signature += b"\x00" * ((8 - len(signature) % 8) % 8)
    return lead + signature + header_bytes(tags) + payload


SOURCE_TAGS = {1000: "hello", 1001: "1.2.3", 1002: "4.fc43", 1022: "x86_64", 1106: 1}


class CountingReader(io.BytesIO):
    def __init__(self, data):
        super(CountingReader, self).__init__(data)
        self.consumed = 0

    def read(self, size=-1):
        data = super(CountingReader, self).read(size)
        self.consumed += len(data)
        return data


def test_crafted_source_rpm(tmp_path):
    path = tmp_path / "hello-1.2.3-4.fc43.src.rpm"
    path.write_bytes(rpm_bytes(SOURCE_TAGS))
    header = read_srpm_nvr(str(path))
    assert header == {"name": "hello", "version": "1.2.3", "release": "4.fc43", "epoch": None,
                      "arch": "x86_64", "source": True}
    assert evr(header) == "1.2.3-4.fc43"


def test_epoch_is_read():
    data = rpm_bytes(with_tags(SOURCE_TAGS, {1003: 3}))
    header = read_rpm_header("x.src.rpm", io.BytesIO(data))
    assert header["epoch"] == 3
    assert evr(header) == "3:1.2.3-4.fc43"


def test_only_the_header_is_read():
    payload = b"\x00" * (4 * 1024 * 1024)
    reader = CountingReader(rpm_bytes(SOURCE_TAGS, payload=payload))
    read_srpm_nvr("big.src.rpm", reader)
    assert reader.consumed < 1024


def test_binary_rpm_is_refused():
    data = rpm_bytes(with_tags(SOURCE_TAGS, {1044: "hello-1.2.3-4.fc43.src.rpm"}), lead_type=0)
    with pytest.raises(RpmHeaderError, match="is a binary RPM .*not a source RPM"):
        read_srpm_nvr("hello.x86_64.rpm", io.BytesIO(data))
    assert read_rpm_header("hello.x86_64.rpm", io.BytesIO(data))["source"] is False


@pytest.mark.parametrize("data, message", [
    (b"", "not an RPM package"),
    (b"Name: hello\nVersion: 1\n" * 10, "not an RPM package"),
    (rpm_bytes(SOURCE_TAGS)[:90], "file ends inside the lead"),
    (rpm_bytes(SOURCE_TAGS)[:150], "file ends inside the"),
    (rpm_bytes(SOURCE_TAGS)[:96] + b"\x00" * 64, "bad signature header magic"),
    (rpm_bytes({1000: "hello"}), "lacks name, version or release"),
])
def test_not_an_rpm(data, message):
    with pytest.raises(RpmHeaderError, match=message):
        read_srpm_nvr("thing.src.rpm", io.BytesIO(data))


def test_implausible_sizes_are_refused():
    data = bytearray(rpm_bytes(SOURCE_TAGS))
    data[96 + 8:96 + 12] = struct.pack(">I", 0x7fffffff)
    with pytest.raises(RpmHeaderError, match="implausible"):
        read_srpm_nvr("x.src.rpm", io.BytesIO(bytes(data)))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(RpmHeaderError, match="Cannot read .*nope.src.rpm"):
        read_srpm_nvr(str(tmp_path / "nope.src.rpm"))


SPEC = """Name: gs-hello
Version: 1.2.3
Release: 4%{?dist}
Epoch: %s
Summary: test package
License: MIT
BuildArch: noarch
%%description
A test package.
%%files
"""


def rpmbuild(tmp_path, epoch, mode):
    top = tmp_path / "top"
    spec = tmp_path / "gs-hello.spec"
    spec.write_text(SPEC.replace("%s", str(epoch)).replace("%%", "%"))
    subprocess.check_call(["rpmbuild", mode, "--define", "_topdir %s" % top, "--define", "dist .fc43",
                           "--define", "_srcrpmdir %s" % tmp_path, "--define", "_rpmdir %s" % tmp_path, str(spec)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return tmp_path


@pytest.mark.skipif(not shutil.which("rpmbuild"), reason="rpmbuild is not installed (Debian: apt-get install rpm)")
def test_real_srpm_from_rpmbuild(tmp_path):
    rpmbuild(tmp_path, 2, "-bs")
    (path,) = glob.glob(str(tmp_path / "*.src.rpm"))
    assert os.path.basename(path) == "gs-hello-1.2.3-4.fc43.src.rpm"
    header = read_srpm_nvr(path)
    assert (header["name"], header["version"], header["release"], header["epoch"]) == ("gs-hello", "1.2.3", "4.fc43", 2)
    assert header["source"] is True
    if shutil.which("rpm"):
        queried = subprocess.check_output(["rpm", "-qp", "--qf", "%{NAME} %{VERSION} %{RELEASE} %{EPOCH}", path],
                                          stderr=subprocess.DEVNULL).decode()
        assert queried == "gs-hello 1.2.3 4.fc43 2"


@pytest.mark.skipif(not shutil.which("rpmbuild"), reason="rpmbuild is not installed (Debian: apt-get install rpm)")
def test_real_binary_rpm_is_refused(tmp_path):
    rpmbuild(tmp_path, 0, "-bb")
    (path,) = glob.glob(str(tmp_path / "*" / "*.noarch.rpm"))
    with pytest.raises(RpmHeaderError, match="not a source RPM"):
        read_srpm_nvr(path)
