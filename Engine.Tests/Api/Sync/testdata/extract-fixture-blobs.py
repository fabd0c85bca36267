#!/usr/bin/env python3
"""Extracts the protobuf `data` blobs of the reference's .c1z fixtures into fixture-blobs.bin.zst for
SyncFixtureBlobTests, until the v1 reader (Engine.Sqlite / import) reads the fixtures directly.

Usage (from this directory, with python3, zstd and sqlite3 installed):
    python3 extract-fixture-blobs.py ../../../../../shared/fixtures/c1z

Takes every row of in-progress.c1z and org-1k-resources.c1z and every 50th row (by rowid) of
org-35k-resources.c1z. Output: zstd of a sequence of records
    table (1 byte: 1 resource type, 2 resource, 3 entitlement, 4 grant) | length (u32 LE) | blob
"""
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile

TABLES = [(1, "v1_resource_types"), (2, "v1_resources"), (3, "v1_entitlements"), (4, "v1_grants")]
FILES = [("in-progress.c1z", 1), ("org-1k-resources.c1z", 1), ("org-35k-resources.c1z", 50)]


def main(fixtures):
    out = bytearray()
    with tempfile.TemporaryDirectory() as tmp:
        for name, every in FILES:
            with open(os.path.join(fixtures, name), "rb") as f:
                raw = f.read()
            assert raw[:5] == b"C1ZF\0", name
            db = os.path.join(tmp, name + ".db")
            subprocess.run(["zstd", "-d", "-q", "-f", "-o", db], input=raw[5:], check=True)
            con = sqlite3.connect(db)
            for code, table in TABLES:
                for (blob,) in con.execute(f"SELECT data FROM {table} WHERE id % ? = 0 ORDER BY id", (every,)):
                    out += struct.pack("<BI", code, len(blob)) + blob
            con.close()
    subprocess.run(["zstd", "-19", "-q", "-f", "-o", "fixture-blobs.bin.zst"], input=bytes(out), check=True)


if __name__ == "__main__":
    main(sys.argv[1])
