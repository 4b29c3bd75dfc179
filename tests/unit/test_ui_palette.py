"""The 16 PLOVER type colours stay apart for normal vision and the three dichromacies.

Each colour is simulated for protanopia, deuteranopia and tritanopia (Machado, Oliveira
and Fernandes 2009, severity 1, in linear sRGB) and compared in CIELAB; the closest pair
under every vision must differ by more than `MIN_DELTA_E` (CIE76). The colours are
resources/plover.yaml's, which tests/unit/test_vocab.py keeps equal to the UI's.
"""

from __future__ import annotations

import itertools
import math

import pytest

from sitreport.vocab import PLOVER

MIN_DELTA_E = 15.0

VISION = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(hex_colour: str, vision: str) -> tuple[float, float, float]:
    rgb = [_linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]
    m = VISION[vision]
    r, g, b = (min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3))
    return _lab((r, g, b))


def _closest(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    seen = {t: _seen(c, vision) for t, c in colours.items()}
    return min((math.dist(seen[a], seen[b]), a, b) for a, b in itertools.combinations(seen, 2))


@pytest.mark.parametrize("vision", sorted(VISION))
def test_ui_palette_types_stay_apart(vision: str) -> None:
    colours = PLOVER.colours
    assert len(colours) == 16 and len(set(colours.values())) == 16
    distance, a, b = _closest(colours, vision)
    assert distance > MIN_DELTA_E, f"{a} and {b} look alike under {vision} (ΔE {distance:.1f})"


def test_ui_palette_check_catches_a_pair_that_only_differs_in_red_green() -> None:
    # Red and green of equal lightness: far apart for normal vision, close for deuteranopia.
    pair = {"A": "#b35900", "B": "#5c8a00", "C": "#0000ff"}
    assert _closest(pair, "normal")[0] > MIN_DELTA_E
    assert _closest(pair, "deuteranopia")[0] < MIN_DELTA_E
