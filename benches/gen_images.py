#!/usr/bin/env python3
"""Writes the image benchmark's two sites: N articles, each a page bundle with a 1600x1000 PNG.

    gen_images.py OUT N

  OUT/images-on/   every article shows its photo (`![...](photo.png)`): herald reads each
                   image's size (and makes its variants, where it does)
  OUT/images-off/  the same files, the photo not shown: the difference is the image stage's cost
"""
import os
import struct
import sys
import zlib

WIDTH, HEIGHT = 1600, 1000


def png(seed):
    """An RGB PNG with a gradient and a band that differs per seed (no two files alike)."""
    rows = []
    base = bytes((x * 255 // WIDTH + seed) % 256 for x in range(WIDTH))
    for y in range(HEIGHT):
        shade = (y * 255 // HEIGHT + seed * 7) % 256
        row = bytearray(b"\0")
        row += bytes(v for x in range(0, WIDTH, 200) for v in (base[x], shade, (base[x] ^ shade)) * 200)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    images = [png(i % 16) for i in range(16)]
    for name, shown in (("images-on", True), ("images-off", False)):
        site = os.path.join(out, name)
        os.makedirs(os.path.join(site, "content", "photos"), exist_ok=True)
        with open(os.path.join(site, "book.toml"), "w") as f:
            f.write('[book]\ntitle = "Photos"\ndescription = "A site of photos."\n\n'
                    '[site]\nbase-url = "https://example.org/"\n\n[search]\nenabled = false\n')
        with open(os.path.join(site, "content", "_index.md"), "w") as f:
            f.write("---\ntitle: Photos\n---\nPhotos.\n")
        for i in range(n):
            folder = os.path.join(site, "content", "photos", "p%05d" % i)
            os.makedirs(folder, exist_ok=True)
            photo = os.path.join(folder, "photo.png")
            if not os.path.exists(photo):
                with open(photo, "wb") as f:
                    f.write(images[i % 16] + struct.pack(">I", i))
            body = "A photo of the day.\n\n" + ("![A gradient, photo %d](photo.png)\n\n" % i if shown else "") + "More text.\n"
            with open(os.path.join(folder, "index.md"), "w") as f:
                f.write("---\ntitle: Photo %d\ndate: 2026-01-01\nimage: /img/share.png\n---\n%s" % (i, body))
        os.makedirs(os.path.join(site, "static", "img"), exist_ok=True)
        with open(os.path.join(site, "static", "img", "share.png"), "wb") as f:
            f.write(images[0])


if __name__ == "__main__":
    main()
