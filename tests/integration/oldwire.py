"""Requests of any version, encoded and decoded by kafka-python 3's protocol classes.

kafka-python 3 builds its messages from Kafka's own JSON message definitions, so it is a codec
independent of Fjord's schema/ and generator: a frame it encodes is what a Kafka client of that
version sends, and its decoding of the answer checks Fjord's layout field by field. Used by
test_old_versions.py for the versions no installed client sends on its own.
"""

from __future__ import annotations

import struct

import kwire


def build(container, value):
    """Nested dicts and lists to kafka-python's message classes: a dict under a field whose class
    nests a struct type becomes that type, recursively (`topics=[{"name": ..., "partitions": [...]}]`)."""
    if not isinstance(value, dict):
        return value
    kwargs = {}
    for key, item in value.items():
        nested = _nested_class(container, key)
        if nested is not None and isinstance(item, list):
            kwargs[key] = [build(nested, x) for x in item]
        elif nested is not None and isinstance(item, dict):
            kwargs[key] = build(nested, item)
        else:
            kwargs[key] = item
    return container(**kwargs)


def _nested_class(container, field: str):
    """The nested struct class of `field` in `container` (a class attribute named after the struct type)."""
    fields = container._json["fields"] if getattr(container, "_json", None) else container._struct._json.get("fields", [])
    camel = "".join(part.capitalize() for part in field.split("_"))
    for f in fields:
        if f["name"].lower() == camel.lower() and "fields" in f:
            return getattr(container, f["type"].lstrip("[]"), None)
    return None


class Conn:
    """One connection; `call` sends a request at a version and returns the decoded answer as a dict."""

    def __init__(self, bootstrap: str, timeout: float = 15.0):
        self.sock = kwire.connect(bootstrap, timeout)
        self.correlation = 0

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> "Conn":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def call(self, request_cls, response_cls, version: int, **fields) -> dict:
        """Sends `request_cls` at `version` with `fields` (nested dicts allowed) and decodes the answer."""
        self.correlation += 1
        request = request_cls[version](**{k: _build_field(request_cls, k, v) for k, v in fields.items()})
        request.with_header(correlation_id=self.correlation, client_id="fjord-oldwire")
        frame = request.encode(header=True, framed=True)
        self.sock.sendall(frame)
        size = struct.unpack(">i", kwire.recv_exact(self.sock, 4))[0]
        body = kwire.recv_exact(self.sock, size)
        response = response_cls.decode(body, version=version, header=True)
        assert response.header.correlation_id == self.correlation
        return response.to_dict()


def _build_field(container, field: str, value):
    nested = _nested_class(container, field)
    if nested is None:
        return value
    if isinstance(value, list):
        return [build(nested, x) for x in value]
    return build(nested, value)


def call(bootstrap: str, request_cls, response_cls, version: int, **fields) -> dict:
    with Conn(bootstrap) as conn:
        return conn.call(request_cls, response_cls, version, **fields)
