#!/usr/bin/env python3
"""Makes the fuzz targets' seed corpora (fuzz/corpus/<target>/) from the bundled site and the
test fixtures: every Markdown file under content/, every file text a test writes (string
literals that start with front matter), and the request targets the server tests send.

Run from anywhere: python3 fuzz/seed.py. The corpora are not committed; libFuzzer adds to them.
"""
import ast
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# A Rust string literal: raw (r"..." / r#"..."#) or plain with escapes.
RAW = re.compile(r'r(#*)"(.*?)"\1', re.S)
PLAIN = re.compile(r'(?<![r#\w])"((?:[^"\\]|\\.)*)"', re.S)


def rust_literals(text):
    for m in RAW.finditer(text):
        yield m.group(2)
    for m in PLAIN.finditer(RAW.sub("", text)):
        body = m.group(1)
        # Rust escapes that Python's do not share: \u{..} and line continuations.
        body = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda u: chr(int(u.group(1), 16)), body)
        body = re.sub(r"\\\n\s*", "", body)
        try:
            yield ast.literal_eval('"' + body + '"')
        except (ValueError, SyntaxError):
            continue


def save(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    files = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((ROOT / "content").rglob("*.md"))]
    sources = sorted((ROOT / "tests").rglob("*.rs")) + sorted((ROOT / "src").rglob("*.rs"))
    targets = set()
    for src in sources:
        text = src.read_text(encoding="utf-8")
        for lit in rust_literals(text):
            if lit.startswith("---"):
                files.append(lit)
            elif lit.startswith("/") and len(lit) < 200 and " " not in lit:
                targets.add(lit)
    for f in files:
        save("front_matter", f)
        save("comparisons", f)
        # The Markdown stage gets the body; its first byte picks the options.
        body = f.split("\n---", 1)[-1]
        save("markdown", "\0" + body)
    for t in sorted(targets):
        for ending in ("\r\n", "\n"):
            save("serve_request", f"GET {t} HTTP/1.1{ending}Host: x{ending}Connection: keep-alive{ending}{ending}")
    save("serve_request", "HEAD /smo/?q=1 HTTP/1.0\r\n\r\n")
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(f"{target}: {len(list((CORPUS / target).iterdir()))} seeds")


if __name__ == "__main__":
    main()
