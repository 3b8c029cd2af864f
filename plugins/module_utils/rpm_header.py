# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read name, version, release and epoch from an RPM file's header, in pure Python.

No rpm bindings and no Ansible imports: the local Copr test server imports
this same file to read uploaded SRPMs.  Only the header bytes are read (the
lead, the signature header and the main header's index and data store), never
the payload, so a 2 GB SRPM costs a few kilobytes of memory.

Layout (rpm's lib/rpmlead.c and lib/header.c):

* lead: 96 bytes, magic ``ed ab ee db``, major, minor, type (2 bytes: 0 binary,
  1 source), archnum, name[66], osnum, signature type, 16 reserved bytes;
* signature header, padded to a multiple of 8 bytes;
* main header.

A header is ``8e ad e8 01``, 4 reserved bytes, the entry count and the data
size (big-endian 32-bit), then 16-byte index entries (tag, type, offset,
count) and the data store.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import struct

LEAD_MAGIC = b"\xed\xab\xee\xdb"
HEADER_MAGIC = b"\x8e\xad\xe8\x01"
LEAD_SIZE = 96
LEAD_TYPE_SOURCE = 1

TAG_NAME = 1000
TAG_VERSION = 1001
TAG_RELEASE = 1002
TAG_EPOCH = 1003
TAG_ARCH = 1022
TAG_SOURCERPM = 1044          # set in binary packages only
TAG_SOURCEPACKAGE = 1106      # set in source packages

TYPE_INT32 = 4
TYPE_STRING = 6
TYPE_STRING_ARRAY = 8
TYPE_I18NSTRING = 9

# Bounds so that a corrupt file cannot make us allocate gigabytes (rpm's own
# limits are of the same order: 256 MB of header data).
MAX_INDEX_ENTRIES = 0x10000
MAX_DATA_SIZE = 256 * 1024 * 1024


class RpmHeaderError(ValueError):
    """The file is not an RPM, not a source RPM, or its header is damaged."""


def _read_exact(handle, size, path, what):
    data = handle.read(size)
    if len(data) != size:
        raise RpmHeaderError("%s is not an RPM package: file ends inside the %s" % (path, what))
    return data


def _read_header(handle, path, what):
    """Read one header structure; return (index entries, data store, total size read)."""
    intro = _read_exact(handle, 16, path, what)
    if intro[:4] != HEADER_MAGIC:
        raise RpmHeaderError("%s is not an RPM package: bad %s magic" % (path, what))
    count, size = struct.unpack(">II", intro[8:16])
    if count > MAX_INDEX_ENTRIES or size > MAX_DATA_SIZE:
        raise RpmHeaderError("%s is not an RPM package: implausible %s size" % (path, what))
    index = _read_exact(handle, 16 * count, path, what)
    store = _read_exact(handle, size, path, what)
    entries = [struct.unpack(">iIiI", index[i * 16:(i + 1) * 16]) for i in range(count)]
    return entries, store, 16 + 16 * count + size


def _value(entries, store, tag):
    """The value of ``tag`` (str, int, or list of str), or None when absent."""
    for entry_tag, entry_type, offset, count in entries:
        if entry_tag != tag:
            continue
        if offset < 0 or offset > len(store):
            raise RpmHeaderError("damaged RPM header (tag %d points outside the data)" % tag)
        if entry_type in (TYPE_STRING, TYPE_I18NSTRING, TYPE_STRING_ARRAY):
            strings = []
            position = offset
            for _index in range(max(count, 1) if entry_type != TYPE_STRING else 1):
                end = store.find(b"\x00", position)
                if end < 0:
                    raise RpmHeaderError("damaged RPM header (unterminated string for tag %d)" % tag)
                strings.append(store[position:end].decode("utf-8", "replace"))
                position = end + 1
            return strings if entry_type == TYPE_STRING_ARRAY else strings[0]
        if entry_type == TYPE_INT32:
            if offset + 4 > len(store):
                raise RpmHeaderError("damaged RPM header (tag %d points outside the data)" % tag)
            return struct.unpack(">i", store[offset:offset + 4])[0]
        return None
    return None


def read_rpm_header(path, handle=None):
    """Read the header of the RPM file at ``path``.

    Returns a dict ``{name, version, release, epoch, arch, source}`` where
    ``epoch`` is an int or None and ``source`` tells whether it is a source
    package.  ``handle`` may be an open binary file (then ``path`` only names
    it in messages).  Raises RpmHeaderError when the file is not an RPM.
    """
    if handle is None:
        try:
            with open(path, "rb") as opened:
                return read_rpm_header(path, opened)
        except (IOError, OSError) as exc:
            raise RpmHeaderError("Cannot read %s: %s" % (path, exc.strerror or exc))
    lead = handle.read(LEAD_SIZE)
    if len(lead) < 4 or lead[:4] != LEAD_MAGIC:
        raise RpmHeaderError("%s is not an RPM package (no RPM lead magic at the start of the file)" % path)
    if len(lead) != LEAD_SIZE:
        raise RpmHeaderError("%s is not an RPM package: file ends inside the lead" % path)
    lead_type = struct.unpack(">H", lead[6:8])[0]

    sig_size = _read_header(handle, path, "signature header")[2]
    padding = (8 - sig_size % 8) % 8
    _read_exact(handle, padding, path, "signature padding")
    entries, store = _read_header(handle, path, "main header")[:2]

    name = _value(entries, store, TAG_NAME)
    version = _value(entries, store, TAG_VERSION)
    release = _value(entries, store, TAG_RELEASE)
    if not (name and version and release):
        raise RpmHeaderError("%s is not a usable RPM package: its header lacks name, version or release" % path)
    has_source_rpm = _value(entries, store, TAG_SOURCERPM) is not None
    source = lead_type == LEAD_TYPE_SOURCE and not has_source_rpm
    return {
        "name": name,
        "version": version,
        "release": release,
        "epoch": _value(entries, store, TAG_EPOCH),
        "arch": _value(entries, store, TAG_ARCH),
        "source": source,
    }


def read_srpm_nvr(path, handle=None):
    """Like read_rpm_header, but insists on a source RPM (RpmHeaderError otherwise)."""
    header = read_rpm_header(path, handle)
    if not header["source"]:
        raise RpmHeaderError("%s is a binary RPM (%s-%s-%s.%s), not a source RPM"
                             % (path, header["name"], header["version"], header["release"], header["arch"]))
    return header


def evr(header):
    """``[epoch:]version-release`` as Copr shows it in ``source_package.version``."""
    text = "%s-%s" % (header["version"], header["release"])
    if header.get("epoch"):
        text = "%s:%s" % (header["epoch"], text)
    return text
