# -*- coding: utf-8 -*-
# Copyright: (c) 2026, copr.copr developers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A multipart/form-data body streamed from disk.

``requests`` builds a ``files=`` upload in memory, so a 2 GB SRPM would cost
2 GB of RAM.  :class:`MultipartStream` produces the same bytes lazily: it is a
file-like object with ``__len__`` (requests sends ``Content-Length``) and
``read(n)`` (urllib3/http.client pull it in blocks), and reads the file part
from disk block by block.  No third-party or Ansible imports.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import os


def _quote(value):
    # What urllib3 (format_multipart_header_param, HTML5 style) does to names and file names.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


class MultipartStream:
    """A multipart/form-data body whose parts are bytes or files on disk.

    ``parts`` is a list of ``(name, filename, content_type, source)`` where
    ``source`` is ``bytes`` or ``{"path": "/local/file"}``.  The layout is the
    one urllib3's ``encode_multipart_formdata`` produces for requests' ``files=``.
    The size of a file part is taken when the stream is built; a file that
    changes size afterwards makes ``read`` raise IOError rather than send a
    body that disagrees with Content-Length.
    """

    def __init__(self, parts, boundary=None):
        self.boundary = boundary or binascii.hexlify(os.urandom(16)).decode("ascii")
        self._segments = []   # bytes, or (path, size)
        for name, filename, content_type, source in parts:
            header = '--%s\r\nContent-Disposition: form-data; name="%s"' % (self.boundary, _quote(name))
            if filename is not None:
                header += '; filename="%s"' % _quote(filename)
            if content_type:
                header += "\r\nContent-Type: %s" % content_type
            header += "\r\n\r\n"
            self._segments.append(header.encode("utf-8"))
            if isinstance(source, dict):
                self._segments.append((source["path"], os.path.getsize(source["path"])))
            else:
                self._segments.append(source if isinstance(source, bytes) else source.encode("utf-8"))
            self._segments.append(b"\r\n")
        self._segments.append(("--%s--\r\n" % self.boundary).encode("ascii"))
        self._length = sum(seg[1] if isinstance(seg, tuple) else len(seg) for seg in self._segments)
        self._index = 0        # current segment
        self._offset = 0       # bytes consumed of the current segment
        self._handle = None
        self._handle_path = None
        self._sent = 0

    @property
    def content_type(self):
        return "multipart/form-data; boundary=%s" % self.boundary

    def __len__(self):
        return self._length

    def read(self, size=-1):
        """Return at most ``size`` bytes (everything left when size is negative or None)."""
        if size is None or size < 0:
            size = self._length - self._sent
        chunks = []
        wanted = size
        while wanted > 0 and self._index < len(self._segments):
            segment = self._segments[self._index]
            if isinstance(segment, tuple):
                path, seg_size = segment
                if self._handle is None:
                    self._handle = open(path, "rb")
                    self._handle_path = path
                data = self._handle.read(min(wanted, seg_size - self._offset))
                if not data and self._offset < seg_size:
                    self.close()
                    raise IOError("%s shrank while it was being uploaded" % path)
            else:
                seg_size = len(segment)
                data = segment[self._offset:self._offset + wanted]
            chunks.append(data)
            self._offset += len(data)
            wanted -= len(data)
            if self._offset >= seg_size:
                if self._handle is not None:
                    grown = self._handle.read(1)
                    self.close()
                    if grown:
                        raise IOError("%s grew while it was being uploaded" % segment[0])
                self._index += 1
                self._offset = 0
        data = b"".join(chunks)
        self._sent += len(data)
        return data

    def rewind(self):
        """Back to the first byte, to send the same body again (a retried request)."""
        self.close()
        self._index = 0
        self._offset = 0
        self._sent = 0

    def close(self):
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __iter__(self):
        while True:
            block = self.read(64 * 1024)
            if not block:
                return
            yield block
