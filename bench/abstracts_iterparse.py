#!/usr/bin/env python3
"""The abstracts scan as the projects reelhouse replaces do it: iterparse over the .xml.gz.

    abstracts_iterparse.py FILE.xml.gz --parser etree|lxml [--prefix-mb N] [--candidates F]

Streams the gzip through xml.etree.ElementTree.iterparse or lxml.etree.iterparse, collects
title (without "Wikipedia: "), url and abstract of every <doc>, keeps the docs whose
lower-cased, punctuation-stripped base title is a candidate, and clears each element (and
its predecessors) to keep memory flat — the idiomatic pattern. With --prefix-mb only the
first N MB (10^6 bytes) of XML are read, cut after the next </doc> and closed with </feed>,
so the run stays bounded. Prints one line:
    <parser> uncompressed_bytes=<n> seconds=<s> mb_per_s=<MB/s> docs=<n> kept=<n>
"""
import argparse
import gzip
import re
import sys
import time


class Prefix:
    """A file object returning the first `limit` bytes, extended to the next </doc>."""

    def __init__(self, raw, limit):
        self.raw, self.limit, self.read_bytes, self.done = raw, limit, 0, False
        self.tail = b""

    def read(self, size=-1):
        if self.done:
            out, self.tail = self.tail, b""
            return out
        size = 1 << 16 if size is None or size < 0 else size
        chunk = self.raw.read(size)
        if not chunk:
            self.done = True
            return b""
        self.read_bytes += len(chunk)
        if self.limit and self.read_bytes >= self.limit:
            end = chunk.find(b"</doc>")
            while end < 0:
                more = self.raw.read(1 << 16)
                if not more:
                    break
                chunk += more
                self.read_bytes += len(more)
                end = chunk.find(b"</doc>", len(chunk) - len(more) - 6)
            if end >= 0:
                self.read_bytes -= len(chunk) - (end + 6)
                chunk = chunk[: end + 6]
                self.tail = b"\n</feed>\n"
            self.done = True
        return chunk


def normalise(title):
    base = re.sub(r" \([^()]*\)$", "", title)
    base = base.lower().replace("&", "and").replace("'", "")
    return " ".join(re.findall(r"[^\W_]+", base))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--parser", choices=["etree", "lxml"], required=True)
    parser.add_argument("--prefix-mb", type=float, default=0)
    parser.add_argument("--candidates")
    args = parser.parse_args()
    if args.parser == "lxml":
        from lxml import etree
    else:
        import xml.etree.ElementTree as etree
    candidates = None
    if args.candidates:
        with open(args.candidates, encoding="utf-8") as handle:
            candidates = {normalise(line.rstrip("\n")) for line in handle if line.strip()}

    start = time.monotonic()
    source = Prefix(gzip.open(args.file, "rb"), int(args.prefix_mb * 1e6))
    docs = kept = 0
    title = url = abstract = None
    root = None
    for event, element in etree.iterparse(source, events=("start", "end")):
        if event == "start":
            if root is None:
                root = element
            continue
        tag = element.tag
        if tag == "title":
            title = element.text or ""
        elif tag == "url":
            url = element.text or ""
        elif tag == "abstract":
            abstract = element.text or ""
        elif tag == "doc":
            docs += 1
            name = title[11:] if title.startswith("Wikipedia: ") else title
            if candidates is None or normalise(name) in candidates:
                kept += 1
            element.clear()
            root.clear()  # drop the processed docs from the tree
    seconds = time.monotonic() - start
    print(f"{args.parser} uncompressed_bytes={source.read_bytes} seconds={seconds:.3f} "
          f"mb_per_s={source.read_bytes / 1e6 / seconds:.1f} docs={docs} kept={kept}")


if __name__ == "__main__":
    sys.exit(main())
