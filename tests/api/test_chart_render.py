"""The chart as a browser shows it: served SVG in an ``<img>`` tag, rendered by headless
Chromium to a PNG, checked pixel by pixel. Skipped where Chromium is not installed
(``apt-get install chromium``), so CI without it stays green.

The PNG is left in the test's tmp folder (printed with ``-s``) for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.chart import FLAG_COLOUR, HEIGHT, PALETTE, WIDTH

CHROMIUM = next((found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """(width, height, RGB pixels) of an 8-bit RGB or RGBA PNG, with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    pixels: list[tuple[int, int, int]] = []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]) & 0xFF
        pixels.extend(tuple(line[x : x + 3]) for x in range(0, stride, bpp))  # type: ignore[misc]
        previous = line
    return width, height, pixels


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(p - c) <= tolerance for p, c in zip(pixel, colour, strict=True))


def test_the_chart_renders_in_a_browser_img_tag(client: TestClient, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium): the chart is not rendered")
    svg = client.get("/v1/metrics/stabilization-humanitarian-funding/chart.svg")
    assert svg.status_code == 200
    (tmp_path / "chart.svg").write_text(svg.text, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html><body style="margin:0;background:#fff">'
        '<img src="chart.svg" alt="Stabilization and humanitarian funding"></body></html>',
        encoding="utf-8",
    )
    png = tmp_path / "chart.png"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert png.exists(), done.stderr.decode(errors="replace")[-2000:]
    print(f"\nchart rendered to {png}")
    width, height, pixels = read_png(png)
    assert (width, height) == (WIDTH, HEIGHT)
    colours = Counter(pixels)
    ink = sum(n for rgb, n in colours.items() if not _near(rgb, (255, 255, 255), 8))
    assert 0.02 < ink / len(pixels) < 0.4, "the image did not load, or it is a smear"
    # the first scope's line and the flag rings are drawn in their colours
    assert sum(n for rgb, n in colours.items() if _near(rgb, _rgb(PALETTE[0]))) > 300
    assert sum(n for rgb, n in colours.items() if _near(rgb, _rgb(FLAG_COLOUR))) > 60
    # and the text is dark, on white, inside the frame (nothing drawn in the last column or row)
    assert sum(n for rgb, n in colours.items() if max(rgb) < 90) > 500
    edge = pixels[WIDTH - 1 :: WIDTH] + pixels[-WIDTH:]
    assert all(_near(p, (255, 255, 255), 8) for p in edge)
