#!/usr/bin/env python3
"""Builds the seed corpus of each libFuzzer target in Fuzz/ (see docs/reliability.md).

Sources, all optional except the first two:
  Tests/KafkaProtocolTests/Fixtures/<api>/request-*.hex   request frames from real clients (size prefix included)
  Tests/KafkaRecordsTests/Fixtures/batch-*.hex            record batches from kafka-python, one per codec
  Tests/KafkaRecordsTests/Fixtures/legacy-*.hex           v0/v1 message sets from kafka-python; downconverted-*.hex, Fjord's
  Fuzz/Corpus/wire/*.bin                                  raw request frames (size prefix included), when present
  Fuzz/Corpus/<target>/*                                  hand-made seeds, copied as they are

Output, one directory per target under OUT (default .build-fuzz/seeds), each file named by the SHA-1 of its
bytes as libFuzzer names its own corpus files:
  FuzzFrames    each frame as sent (size prefix kept), each source file as it is, and each client's frames
                back to back, cut into streams of at most 4 KiB (libFuzzer's input limit grows to the largest seed)
  FuzzRequests  each frame body (size prefix stripped)
  FuzzBatch     each batch fixture, and the `records` of every partition of every Produce frame
  FuzzLegacy    each v0/v1 message set fixture (legacy-*, downconverted-*) and each batch fixture

The directories are rebuilt from scratch each time, so a fixture removed from the tree leaves no seed behind.
A source that does not parse (a partial frame, a Produce request that ends early) is reported and used as far
as it goes; it never stops the script, since `make test` runs it.
"""

import argparse
import hashlib
import shutil
import struct
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL_FIXTURES = ROOT / "Tests/KafkaProtocolTests/Fixtures"
RECORDS_FIXTURES = ROOT / "Tests/KafkaRecordsTests/Fixtures"
WIRE_CORPUS = ROOT / "Fuzz/Corpus/wire"
OWN_SEEDS = ROOT / "Fuzz/Corpus"
TARGETS = ("FuzzFrames", "FuzzRequests", "FuzzBatch", "FuzzLegacy")
STREAM_LIMIT = 4096

PRODUCE_KEY = 0
PRODUCE_FIRST_FLEXIBLE = 9


def read_hex(path: Path) -> bytes:
    return bytes.fromhex("".join(path.read_text().split()))


def warn(message: str) -> None:
    print(f"fuzz seeds: warning: {message}", file=sys.stderr)


def split_frames(stream: bytes, origin: str) -> list[bytes]:
    """The whole frames (size prefix included) at the start of `stream`; anything after them is reported."""
    frames = []
    at = 0
    while at < len(stream):
        size = struct.unpack_from(">i", stream, at)[0] if len(stream) - at >= 4 else -1
        if size < 0 or at + 4 + size > len(stream):
            warn(f"{origin}: the {len(stream) - at} bytes from byte {at} are not a whole frame")
            break
        frames.append(stream[at : at + 4 + size])
        at += 4 + size
    return frames


class Reader:
    """Just enough of Kafka's primitive types to walk a Produce request."""

    def __init__(self, data: bytes):
        self.data = data
        self.at = 0

    def take(self, count: int) -> bytes:
        if count < 0 or self.at + count > len(self.data):
            raise ValueError(f"needs {count} bytes at {self.at} of {len(self.data)}")
        chunk = self.data[self.at : self.at + count]
        self.at += count
        return chunk

    def int16(self) -> int:
        return struct.unpack(">h", self.take(2))[0]

    def int32(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def uvarint(self) -> int:
        value = shift = 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def string(self, flexible: bool) -> bytes | None:
        length = self.uvarint() - 1 if flexible else self.int16()
        return None if length < 0 else self.take(length)

    def bytes_field(self, flexible: bool) -> bytes | None:
        length = self.uvarint() - 1 if flexible else self.int32()
        return None if length < 0 else self.take(length)

    def array_count(self, flexible: bool) -> int:
        return max(self.uvarint() - 1 if flexible else self.int32(), 0)

    def tagged_fields(self) -> None:
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())


def produce_records(frame: bytes) -> list[bytes]:
    """The `records` of every partition of a Produce request frame; [] for any other API."""
    reader = Reader(frame[4:])
    api_key, version = reader.int16(), reader.int16()
    if api_key != PRODUCE_KEY:
        return []
    flexible = version >= PRODUCE_FIRST_FLEXIBLE
    reader.int32()  # correlation ID
    reader.string(False)  # client ID: always a classic string, even in header v2
    if flexible:
        reader.tagged_fields()
    if version >= 3:
        reader.string(flexible)  # transactional ID
    reader.int16()  # acks
    reader.int32()  # timeout
    payloads = []
    for _ in range(reader.array_count(flexible)):
        reader.string(flexible)  # topic name
        for _ in range(reader.array_count(flexible)):
            reader.int32()  # partition index
            records = reader.bytes_field(flexible)
            if records:
                payloads.append(records)
            if flexible:
                reader.tagged_fields()
        if flexible:
            reader.tagged_fields()
    return payloads


def collect_sources(wire: Path) -> dict[str, bytes]:
    """The bytes of every source file, hex decoded, by name (a file may hold several frames)."""
    sources: dict[str, bytes] = {}
    for path in sorted(PROTOCOL_FIXTURES.glob("*/request-*.hex")):
        try:
            sources[str(path.relative_to(ROOT))] = read_hex(path)
        except ValueError as error:
            warn(f"{path}: not hex: {error}")
    if wire.is_dir():
        for path in sorted(wire.glob("*.bin")):
            sources[str(path)] = path.read_bytes()
    return sources


def streams(frames: list[bytes]) -> list[bytes]:
    """Consecutive frames joined into streams of at most STREAM_LIMIT bytes (a longer frame stays alone)."""
    joined: list[bytes] = []
    current = b""
    for frame in frames:
        if current and len(current) + len(frame) > STREAM_LIMIT:
            joined.append(current)
            current = b""
        current += frame
    if current:
        joined.append(current)
    return [stream for stream in joined if stream not in frames]


def client_of(source: str) -> str:
    """The client a fixture came from: the last dash-separated word of its name (request-v3-librdkafka.hex)."""
    return Path(source).stem.rsplit("-", 1)[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / ".build-fuzz/seeds", help="output directory")
    parser.add_argument("--wire", type=Path, default=WIRE_CORPUS, help="directory of captured frames (*.bin)")
    args = parser.parse_args()

    seeds: dict[str, set[bytes]] = {target: set() for target in TARGETS}
    sources = collect_sources(args.wire)
    by_client: dict[str, list[bytes]] = defaultdict(list)
    frame_count = 0
    for source, data in sources.items():
        frames = split_frames(data, source)
        frame_count += len(frames)
        by_client[client_of(source)].extend(frames)
        if data:
            seeds["FuzzFrames"].add(data)
        for frame in frames:
            seeds["FuzzFrames"].add(frame)
            seeds["FuzzRequests"].add(frame[4:])
            try:
                seeds["FuzzBatch"].update(produce_records(frame))
            except (ValueError, struct.error) as error:
                warn(f"{source}: a Produce frame ends early ({error}); its records are not used")
    for frames in by_client.values():
        seeds["FuzzFrames"].update(streams(frames))
    for path in sorted(RECORDS_FIXTURES.glob("batch-*.hex")):
        seeds["FuzzBatch"].add(read_hex(path))
        seeds["FuzzLegacy"].add(read_hex(path))
    for pattern in ("legacy-*.hex", "downconverted-*.hex"):
        for path in sorted(RECORDS_FIXTURES.glob(pattern)):
            seeds["FuzzLegacy"].add(read_hex(path))
    for target in TARGETS:
        own = OWN_SEEDS / target
        if own.is_dir():
            seeds[target].update(p.read_bytes() for p in sorted(own.iterdir()) if p.is_file())

    wire = "present" if args.wire.is_dir() else "absent"
    print(f"fuzz seeds: {frame_count} frames from {len(sources)} files ({args.wire.name if args.wire != WIRE_CORPUS else 'Fuzz/Corpus/wire'} {wire})")
    for target in TARGETS:
        directory = args.out / target
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        for seed in sorted(seeds[target]):  # a fixed creation order, for a reproducible smoke run
            (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
        print(f"  {target:13} {len(seeds[target]):4} seeds in {directory.relative_to(ROOT) if directory.is_relative_to(ROOT) else directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
