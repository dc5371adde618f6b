"""Draws the packages' icon (eng/icon.png, 128 x 128): a blue rounded square with a white ring (the O of Ollama) and
a dot (the .NET). Pure Python (zlib + struct), 4x4 supersampled. Run: python3 eng/make-icon.py"""
import math, os, struct, zlib

SIZE, SS = 128, 4
BLUE, WHITE = (30, 58, 138), (255, 255, 255)


def coverage(x, y):
    """(background alpha, white alpha) at a sub-pixel point, in pixel units."""
    r = 26  # corner radius of the square
    cx, cy = min(max(x, r), SIZE - r), min(max(y, r), SIZE - r)
    inside_square = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    ring = 26 <= math.hypot(x - 58, y - 60) <= 40
    dot = math.hypot(x - 98, y - 96) <= 10
    return inside_square, inside_square and (ring or dot)


rows = []
for py in range(SIZE):
    row = bytearray([0])  # filter: none
    for px in range(SIZE):
        bg = fg = 0
        for sy in range(SS):
            for sx in range(SS):
                b, f = coverage(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                bg += b
                fg += f
        n = SS * SS
        a = bg / n
        w = fg / bg if bg else 0.0
        rgb = [round(BLUE[i] * (1 - w) + WHITE[i] * w) for i in range(3)]
        row += bytes(rgb + [round(255 * a)])
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png"), "wb") as f:
    f.write(png)
