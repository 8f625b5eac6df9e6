"""Frames between the serving process and its query workers.

A message is a length-prefixed frame on a socket pair, written and read with one system
call each in the common case (a reply is `(status, value)` pickled by the pool).
"""

from __future__ import annotations

import socket
import struct

_HEADER = struct.Struct("!I")
_CHUNK = 1 << 16


def send(sock: socket.socket, data: bytes) -> None:
    """Write one frame."""
    if len(data) <= _CHUNK:  # one system call
        sock.sendall(_HEADER.pack(len(data)) + data)
    else:  # no copy of a large body
        sock.sendall(_HEADER.pack(len(data)))
        sock.sendall(data)


def recv(sock: socket.socket) -> bytes:
    """One frame; EOFError if the other end closed."""
    chunk = sock.recv(_CHUNK)
    while len(chunk) < _HEADER.size:
        more = sock.recv(_CHUNK)
        if not more:
            raise EOFError
        chunk += more
    (size,) = _HEADER.unpack_from(chunk)
    end = _HEADER.size + size
    if len(chunk) >= end:
        return chunk[_HEADER.size : end]
    buf = bytearray(end)
    buf[: len(chunk)] = chunk
    view, got = memoryview(buf), len(chunk)
    while got < end:
        n = sock.recv_into(view[got:], end - got)
        if not n:
            raise EOFError
        got += n
    return bytes(view[_HEADER.size :])
