"""Draws the Vision sample's picture (images/house.png, 320 x 200): a red-roofed house and a tree on a green hill under
a blue sky with a yellow sun. Pure Python (zlib + struct), 3x3 supersampled, deterministic.
Run: python3 samples/Vision/draw-picture.py"""
import math, os, struct, zlib

W, H, SS = 320, 200, 3


def color(x, y):
    """The colour at a sub-pixel point (x right, y down), as (r, g, b)."""
    if math.hypot(x - 262, y - 42) <= 22:                       # sun
        return (250, 204, 21)
    if 96 <= x <= 176 and 96 <= y <= 150:                        # house wall, with a door and a window
        if 124 <= x <= 144 and 118 <= y <= 150:
            return (120, 72, 32)
        if 152 <= x <= 168 and 106 <= y <= 122:
            return (191, 219, 254)
        return (245, 236, 214)
    if 86 <= x <= 186 and 56 <= y < 96 and abs(x - 136) <= (y - 56) * 50 / 40:   # roof
        return (200, 40, 40)
    if 226 <= x <= 236 and 100 <= y <= 150:                      # tree trunk
        return (110, 70, 40)
    if math.hypot(x - 231, y - 92) <= 24:                        # tree crown
        return (34, 139, 34)
    if y >= 140 + 10 * math.sin(x / 50):                         # hill
        return (76, 175, 80)
    t = y / H                                                    # sky, lighter towards the horizon
    return (int(100 + 90 * t), int(170 + 60 * t), 255)


rows = []
for py in range(H):
    row = bytearray([0])
    for px in range(W):
        acc = [0, 0, 0]
        for sy in range(SS):
            for sx in range(SS):
                c = color(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                for i in range(3):
                    acc[i] += c[i]
        row += bytes(round(a / (SS * SS)) for a in acc)
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "images", "house.png")
with open(out, "wb") as f:
    f.write(png)
print(f"wrote {out} ({len(png)} bytes)")
