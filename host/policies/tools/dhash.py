#!/usr/bin/env python3
"""dhash.py: difference hashes (dHash) of logo images, for policy packs.

Usage:
  dhash.py IMAGE.png ...      print the 16-hex-digit dHash of each PNG
  dhash.py --draw DIR         draw the test logos into DIR (PNG files) and
                              print each one's name, file and dHash
  dhash.py --variants         print, for each test logo, the hash of a copy
                              cropped by 6% on the right (the near-copy the
                              packs' examples use) and its distance
  dhash.py --check            draw the test logos in memory and check that
                              their hashes do not depend on how the image
                              is scaled down, and that they stay far apart

The hash, as postcheck and the extension compute it (host/policies/FORMAT.md,
DESIGN.md "Logos"):
  1. composite any transparency over white;
  2. grey = 0.299 R + 0.587 G + 0.114 B;
  3. scale down to 9 x 8 pixels (here: the mean of the source pixels each
     target pixel covers, i.e. area averaging);
  4. for each row y (top to bottom) and x = 0..7 (left to right), the bit is
     1 when pixel(x, y) < pixel(x + 1, y);
  5. bits in row-major order, the first one the most significant bit of a
     64-bit number, printed as 16 lower-case hex digits.

The built-in packs cannot know the organisations' real logos, so they list
the hashes of logos drawn here for the tests. Each test logo is a mosaic of
9 x 8 flat cells in the organisation's two colours, with neighbouring cells
always far apart in brightness, so that any reasonable way of scaling it
down (area averaging, bilinear, nearest pixel, a browser's canvas) gives the
same hash. To put a real logo into a pack, run this script on it (convert a
JPEG or SVG to PNG first, e.g. with ImageMagick's `convert`) and add the
printed line to the pack's settings.logos.

Pure standard library (zlib, struct): reads 8- and 16-bit PNGs, grey, grey
with alpha, RGB, RGBA and palette, not interlaced.
"""
import struct
import sys
import zlib

W_HASH, H_HASH = 9, 8


# ---------------------------------------------------------------- PNG I/O

def png_write(path, width, height, rgb_rows):
    """Writes an 8-bit RGB PNG. rgb_rows: list of bytes, 3 * width each."""
    raw = b"".join(b"\x00" + bytes(r) for r in rgb_rows)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", ihdr))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(data, width, height, bpp_bytes, row_bytes):
    out, prev, i = [], bytearray(row_bytes), 0
    for _ in range(height):
        ftype = data[i]
        row = bytearray(data[i + 1:i + 1 + row_bytes])
        i += 1 + row_bytes
        for x in range(row_bytes):
            a = row[x - bpp_bytes] if x >= bpp_bytes else 0
            b = prev[x]
            c = prev[x - bpp_bytes] if x >= bpp_bytes else 0
            if ftype == 1:
                row[x] = (row[x] + a) & 0xFF
            elif ftype == 2:
                row[x] = (row[x] + b) & 0xFF
            elif ftype == 3:
                row[x] = (row[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                row[x] = (row[x] + paeth(a, b, c)) & 0xFF
            elif ftype != 0:
                raise ValueError("bad PNG filter type %d" % ftype)
        out.append(row)
        prev = row
    return out


def png_read_grey(path):
    """Returns (width, height, rows of grey floats 0..255)."""
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s: not a PNG (convert it to PNG first)" % path)
    pos, idat, plte, trns = 8, b"", None, None
    width = height = depth = ctype = None
    while pos < len(blob):
        (n,) = struct.unpack(">I", blob[pos:pos + 4])
        kind, data = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, inter = struct.unpack(
                ">IIBBBBB", data)
            if inter:
                raise ValueError("%s: interlaced PNG not supported" % path)
        elif kind == b"PLTE":
            plte = data
        elif kind == b"tRNS":
            trns = data
        elif kind == b"IDAT":
            idat += data
        elif kind == b"IEND":
            break
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    if depth not in (8, 16) and not (ctype == 3 and depth == 8):
        raise ValueError("%s: bit depth %d not supported" % (path, depth))
    bps = depth // 8
    row_bytes = width * channels * bps
    rows = unfilter(zlib.decompress(idat), width, height, channels * bps,
                    row_bytes)
    grey = []
    for row in rows:
        vals = [row[k * bps] for k in range(width * channels)]
        line = []
        for x in range(width):
            px = vals[x * channels:(x + 1) * channels]
            if ctype == 3:
                r, g, b = plte[3 * px[0]:3 * px[0] + 3]
                a = trns[px[0]] if trns and px[0] < len(trns) else 255
            elif ctype in (0, 4):
                r = g = b = px[0]
                a = px[1] if ctype == 4 else 255
            else:
                r, g, b = px[0], px[1], px[2]
                a = px[3] if ctype == 6 else 255
            line.append(composite(r, g, b, a))
        grey.append(line)
    return width, height, grey


def composite(r, g, b, a):
    """Grey value of (r, g, b) with alpha a over white."""
    y = 0.299 * r + 0.587 * g + 0.114 * b
    return (y * a + 255.0 * (255 - a)) / 255.0


# ------------------------------------------------------------------ dHash

def shrink_area(grey, width, height):
    """Area-averages a grey image down to W_HASH x H_HASH."""
    out = []
    for ty in range(H_HASH):
        y0, y1 = ty * height / H_HASH, (ty + 1) * height / H_HASH
        line = []
        for tx in range(W_HASH):
            x0, x1 = tx * width / W_HASH, (tx + 1) * width / W_HASH
            total = weight = 0.0
            for y in range(int(y0), min(height, int(y1) + 1)):
                wy = min(y + 1, y1) - max(y, y0)
                if wy <= 0:
                    continue
                for x in range(int(x0), min(width, int(x1) + 1)):
                    wx = min(x + 1, x1) - max(x, x0)
                    if wx > 0:
                        total += grey[y][x] * wx * wy
                        weight += wx * wy
            line.append(total / weight)
        out.append(line)
    return out


def shrink_nearest(grey, width, height):
    """Samples the source pixel nearest each target pixel's centre."""
    return [[grey[int((ty + 0.5) * height / H_HASH)]
             [int((tx + 0.5) * width / W_HASH)] for tx in range(W_HASH)]
            for ty in range(H_HASH)]


def shrink_bilinear(grey, width, height):
    """Bilinear sample at each target pixel's centre (no prefiltering)."""
    out = []
    for ty in range(H_HASH):
        sy = min(max((ty + 0.5) * height / H_HASH - 0.5, 0), height - 1)
        line = []
        for tx in range(W_HASH):
            sx = min(max((tx + 0.5) * width / W_HASH - 0.5, 0), width - 1)
            x0, y0 = int(sx), int(sy)
            x1, y1 = min(x0 + 1, width - 1), min(y0 + 1, height - 1)
            fx, fy = sx - x0, sy - y0
            top = grey[y0][x0] * (1 - fx) + grey[y0][x1] * fx
            bot = grey[y1][x0] * (1 - fx) + grey[y1][x1] * fx
            line.append(top * (1 - fy) + bot * fy)
        out.append(line)
    return out


def dhash_of_small(small):
    """The 64-bit dHash of a 9 x 8 grey image."""
    h = 0
    for y in range(H_HASH):
        for x in range(W_HASH - 1):
            h = (h << 1) | (1 if small[y][x] < small[y][x + 1] else 0)
    return h


def dhash(grey, width, height, shrink=shrink_area):
    return dhash_of_small(shrink(grey, width, height))


def hexhash(h):
    return "%016x" % h


def distance(a, b):
    return bin(a ^ b).count("1")


# ------------------------------------------------------- the test logos

# Each test logo: a 9 x 8 mosaic of cells in five shades between the
# organisation's background colour (0) and its ink colour (4), like a tiled
# brand mark. Neighbouring cells in a row never share a shade, so no hash bit
# depends on rounding. The shades were drawn once from a seeded random
# generator (seed "postcheck-test-logo-<pack id>") and are written out here
# so that the logos never change. Rows are top to bottom.
LOGOS = {
    "alt": {
        "name": "ALT test logo (drawn for the tests)",
        "colours": ((255, 255, 255), (20, 40, 110)),
        "cells": ["304023402", "434104132", "142414303", "141013123",
                  "201302342", "430432423", "124013242", "131241241"],
    },
    "ala": {
        "name": "ALA test logo (drawn for the tests)",
        "colours": ((250, 250, 240), (0, 90, 60)),
        "cells": ["230403013", "213134210", "431042423", "210304342",
                  "043432101", "234031340", "313032131", "204230123"],
    },
    "society": {
        "name": "Society test logo (drawn for the tests)",
        "colours": ((255, 250, 235), (120, 20, 40)),
        "cells": ["410214041", "030320131", "130240142", "120140403",
                  "210324042", "310412101", "020432130", "243423424"],
    },
    "llmat": {
        "name": "LLMAT test logo (drawn for the tests)",
        "colours": ((255, 255, 255), (0, 70, 140)),
        "cells": ["013012303", "310421413", "014341212", "201301432",
                  "212043241", "040434203", "423432012", "034142412"],
    },
    "learning-alliance": {
        "name": "Learning Alliance test logo (drawn for the tests)",
        "colours": ((245, 245, 255), (90, 30, 120)),
        "cells": ["302130231", "041424342", "403031424", "340324302",
                  "012320130", "313124243", "032040231", "241034313"],
    },
}

CELL = 24  # source pixels per mosaic cell


def draw_logo(spec, cell=CELL):
    """Returns (width, height, rgb rows as bytearrays)."""
    bg, ink = spec["colours"]
    rows = []
    for line in spec["cells"]:
        row = bytearray()
        for c in line:
            t = int(c) / 4.0
            rgb = [int(round(b + (i - b) * t)) for b, i in zip(bg, ink)]
            row += bytes(rgb) * cell
        rows.extend(bytearray(row) for _ in range(cell))
    return W_HASH * cell, H_HASH * cell, rows


def grey_of_rgb(width, rows):
    return [[composite(r[3 * x], r[3 * x + 1], r[3 * x + 2], 255)
             for x in range(width)] for r in rows]


def check_cells(key, spec):
    """Equal neighbours in a row would make a hash bit depend on rounding.
    Returns a list of problems."""
    problems = []
    if len(spec["cells"]) != H_HASH or any(len(r) != W_HASH
                                           for r in spec["cells"]):
        problems.append("%s: cells must be 9 x 8" % key)
    for y, row in enumerate(spec["cells"]):
        for x in range(len(row) - 1):
            if row[x] == row[x + 1]:
                problems.append("%s: row %d has equal neighbours" % (key, y))
    return problems


def check():
    ok = True
    hashes = {}
    for key, spec in LOGOS.items():
        for p in check_cells(key, spec):
            print(p)
            ok = False
        w, h, rows = draw_logo(spec)
        grey = grey_of_rgb(w, rows)
        ref = dhash(grey, w, h)
        hashes[key] = ref
        for name, fn in (("nearest", shrink_nearest),
                         ("bilinear", shrink_bilinear)):
            got = dhash(grey, w, h, fn)
            if got != ref:
                print("%s: %s scaling gives %s, area gives %s" %
                      (key, name, hexhash(got), hexhash(ref)))
                ok = False
        # The same logo drawn at another size must stay close.
        w2, h2, rows2 = draw_logo(spec, cell=11)
        other = dhash(grey_of_rgb(w2, rows2), w2, h2)
        if distance(other, ref) > 2:
            print("%s: redrawn smaller, distance %d" %
                  (key, distance(other, ref)))
            ok = False
        for blank in (0, (1 << 64) - 1):
            if distance(ref, blank) <= 16:
                print("%s: too close to a blank or gradient image" % key)
                ok = False
    keys = sorted(hashes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            d = distance(hashes[a], hashes[b])
            if d <= 20:
                print("%s and %s: only %d bits apart" % (a, b, d))
                ok = False
    for key in keys:
        print("%-18s %s" % (key, hexhash(hashes[key])))
    print("check: %s" % ("ok" if ok else "FAILED"))
    return 0 if ok else 1


def draw(outdir):
    import os
    os.makedirs(outdir, exist_ok=True)
    for key, spec in LOGOS.items():
        w, h, rows = draw_logo(spec)
        path = os.path.join(outdir, "%s-test-logo.png" % key)
        png_write(path, w, h, rows)
        _, _, grey = png_read_grey(path)
        print('%-18s %s  {"name": "%s", "dhash": "%s"}' %
              (key, path, spec["name"], hexhash(dhash(grey, w, h))))
    return 0


def variants():
    for key, spec in LOGOS.items():
        w, h, rows = draw_logo(spec)
        grey = grey_of_rgb(w, rows)
        ref = dhash(grey, w, h)
        cut = int(w * 0.06)
        cropped = dhash([r[:w - cut] for r in grey], w - cut, h)
        print("%-18s logo %s  cropped %s  distance %d" %
              (key, hexhash(ref), hexhash(cropped), distance(ref, cropped)))
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "--variants":
        return variants()
    if len(argv) >= 2 and argv[1] == "--check":
        return check()
    if len(argv) == 3 and argv[1] == "--draw":
        return draw(argv[2])
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    for path in argv[1:]:
        w, h, grey = png_read_grey(path)
        print("%s  %s" % (hexhash(dhash(grey, w, h)), path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
