"""Render the face photos of Course 4's face-recognition lesson (c4w4a1).

What it makes (under `datasets/c4/faces/`):
    images/<name>.jpg        one database photo of each of the 10 residents (96 x 96 RGB)
    images/camera_<k>.jpg    30 visitor photos taken by the door camera (96 x 96 RGB):
                             20 of residents (two each), 10 of strangers
    people.json              who is who: the residents, and for every camera photo the
                             person shown and whether they live in the house
    faces_samples.png        sample sheet: rows = identities, columns = photos (the first
                             8 training identities, then the residents and two strangers)

Nothing else is stored: the training, validation and held-out identities that
`face_encoder.py` needs are rendered again, byte for byte, from their seeds.

How a face is made. Every person is a fixed vector of *identity traits* drawn once from
`default_rng([SEED, group, index])`; every photo adds *nuisance* drawn from
`default_rng([SEED, group, index, PHOTO, k])`. Identity traits (stable across photos):
skin tone, face width, length, jaw width and chin, ear size and height, eye spacing,
height, size, shape and iris colour, brow thickness, arch, slope and gap, nose length,
width, tip and style, mouth width, lip thickness and colour, mouth height, hair style,
colour, volume and hairline (with side parting), facial hair (beard, goatee, moustache,
stubble or none), glasses (a quarter of the people wear them in every photo, with their
own frame shape and colour), and a mole or freckles for some. Colours come from small
palettes shared by many people (10 skin tones, 9 hair colours, 6 iris colours), so no
single colour names a person. Per-photo nuisance (never part of who someone is): head
turn (yaw up to +-0.45 rad), tilt (roll up to +-12 deg), nod (pitch), expression (smile,
open mouth, blink, raised brows, gaze), distance and framing (scale +-10 %, shift
+-7 % of the frame), light direction and strength, colour temperature, exposure and
contrast, background (walls, gradients, blurred blobs, stripes, a door frame), shirt
colour, a hat or cap in 12 % of the photos, blur and sensor noise.

A face is drawn on a 192 x 192 canvas (features placed on a head that turns, by projecting
face coordinates through the yaw and pitch of a round head), lit, tilted, pasted on its
background and shrunk to 96 x 96, the encoder's input size.

Groups (disjoint people): TRAIN (index 0 .. N-1), VALID (threshold choice), HELDOUT
(verification accuracy), RESIDENT (the 10 named people), STRANGER (visitors who do not
live there). The builder writes only the resident and visitor files and the sample
sheet; `face_encoder.py` trains on TRAIN and measures on the others.

Run from the repository root:  .venv/bin/python datasets/builders/faces.py
"""

from __future__ import annotations

import io
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from palette import jitter, mix, shade  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

SEED = 7
OUT_DIR = REPO_ROOT / "datasets" / "c4" / "faces"
IMAGES_DIR = OUT_DIR / "images"
PEOPLE_FILE = OUT_DIR / "people.json"
SHEET_FILE = OUT_DIR / "faces_samples.png"
SIZE = 96  # the encoder's input size
CANVAS = 192  # faces are drawn at twice the size, then shrunk
JPEG_QUALITY = 92

# Identity groups: the second entry of every generator's seed.
TRAIN, VALID, HELDOUT, RESIDENT, STRANGER = 0, 1, 2, 3, 4
PHOTO = 1000  # marks a per-photo generator
DATABASE_PHOTO = 0  # photo index of a resident's database photo; visitors use 1, 2, ...

# The residents: friendly names, each with a skin tone and hair style fixed by hand so that
# the database shows a varied household (all other traits come from the generator).
RESIDENTS: dict[str, tuple[int, str]] = {
    "amara": (7, "long"),
    "bjorn": (0, "side"),
    "chen": (2, "fringe"),
    "dalia": (4, "bob"),
    "emeka": (8, "buzz"),
    "farah": (3, "bun"),
    "giulia": (1, "long"),
    "hiroshi": (2, "spiky"),
    "ines": (5, "curly"),
    "kofi": (6, "bald"),
}
N_STRANGERS = 10
VISITS_PER_RESIDENT = 2

Color = tuple[int, int, int]
Rng = np.random.Generator
Draw = ImageDraw.ImageDraw

SKIN: list[Color] = [
    (250, 222, 198),
    (238, 198, 165),
    (226, 178, 140),
    (210, 160, 120),
    (188, 134, 96),
    (164, 110, 76),
    (138, 90, 60),
    (112, 70, 46),
    (88, 56, 38),
    (232, 190, 160),
]
HAIR: list[Color] = [
    (24, 20, 18),
    (58, 40, 28),
    (96, 64, 40),
    (140, 84, 44),
    (205, 168, 100),
    (150, 150, 148),
    (228, 226, 220),
    (124, 48, 28),
    (72, 58, 52),
]
IRIS: list[Color] = [
    (86, 54, 30),
    (48, 32, 22),
    (122, 96, 52),
    (80, 128, 186),
    (78, 136, 88),
    (118, 128, 138),
]
HAIR_STYLES = ("bald", "buzz", "short", "side", "fringe", "long", "bob", "curly", "bun", "spiky")
HAIR_WEIGHTS = (0.06, 0.1, 0.16, 0.13, 0.1, 0.14, 0.1, 0.09, 0.06, 0.06)
FACIAL_HAIR = ("none", "beard", "goatee", "moustache", "stubble")
FACIAL_WEIGHTS = (0.64, 0.1, 0.08, 0.09, 0.09)


def box(cx: float, cy: float, rx: float, ry: float) -> tuple[float, float, float, float]:
    """Bounding box of an ellipse given its centre and radii."""
    return (cx - rx, cy - ry, cx + rx, cy + ry)


# ------------------------------------------------------------------------- identities


def identity_traits(
    group: int, index: int, skin: int | None = None, hair_style: str | None = None
) -> dict:
    """The stable traits of one person (see the module docstring)."""
    rng = np.random.default_rng([SEED, group, index])
    t: dict = {}
    t["skin_index"] = int(rng.integers(len(SKIN))) if skin is None else skin
    t["skin"] = jitter(rng, SKIN[t["skin_index"]], 8)
    t["rx"] = rng.uniform(0.235, 0.28) * CANVAS  # face half-width (pixels)
    t["aspect"] = rng.uniform(1.18, 1.45)  # half-height / half-width
    t["jaw"] = rng.uniform(0.62, 1.0)  # width of the jaw relative to the cheeks
    t["chin"] = rng.uniform(0.0, 0.16)  # how pointed the chin is
    t["ear_size"] = rng.uniform(0.17, 0.3)
    t["ear_y"] = rng.uniform(-0.08, 0.1)
    t["eye_u"] = rng.uniform(0.36, 0.5)  # eye centre, in face half-widths from the middle
    t["eye_v"] = rng.uniform(-0.12, 0.06)  # eye height, in face half-heights (0 = centre)
    t["eye_w"] = rng.uniform(0.3, 0.4)
    t["eye_shape"] = rng.uniform(0.38, 0.72)  # eye height / eye width
    t["iris"] = jitter(rng, IRIS[int(rng.integers(len(IRIS)))], 10)
    t["brow_thick"] = rng.uniform(0.025, 0.075)
    t["brow_arch"] = rng.uniform(-0.01, 0.07)
    t["brow_slope"] = rng.uniform(-0.06, 0.06)
    t["brow_gap"] = rng.uniform(0.1, 0.2)
    t["nose_len"] = rng.uniform(0.22, 0.42)
    t["nose_w"] = rng.uniform(0.13, 0.27)
    t["nose_tip"] = rng.uniform(0.04, 0.1)
    t["nose_style"] = int(rng.integers(3))
    t["mouth_v"] = rng.uniform(0.5, 0.64)
    t["mouth_w"] = rng.uniform(0.36, 0.6)
    t["lip"] = rng.uniform(0.04, 0.09)
    t["lip_color"] = mix(t["skin"], jitter(rng, (170, 70, 70), 25), rng.uniform(0.25, 0.6))
    t["hair_style"] = hair_style or HAIR_STYLES[int(rng.choice(len(HAIR_STYLES), p=HAIR_WEIGHTS))]
    t["hair_index"] = int(rng.integers(len(HAIR)))
    t["hair"] = jitter(rng, HAIR[t["hair_index"]], 10)
    t["hair_volume"] = rng.uniform(0.05, 0.2)
    t["hairline"] = rng.uniform(-0.78, -0.5)
    t["parting"] = rng.uniform(-0.25, 0.25)
    t["brow_color"] = shade(t["hair"], 0.7) if sum(t["hair"]) < 450 else shade(t["hair"], 0.55)
    t["facial_hair"] = FACIAL_HAIR[int(rng.choice(len(FACIAL_HAIR), p=FACIAL_WEIGHTS))]
    t["glasses"] = rng.random() < 0.25
    t["frame_round"] = rng.random() < 0.5
    t["frame_color"] = [
        (20, 20, 22),
        (110, 70, 40),
        (170, 170, 175),
        (140, 30, 40),
        (30, 50, 110),
    ][int(rng.integers(5))]
    t["frame_size"] = rng.uniform(1.1, 1.35)
    t["mole"] = (rng.uniform(-0.6, 0.6), rng.uniform(-0.1, 0.5)) if rng.random() < 0.2 else None
    t["freckles"] = rng.random() < 0.1
    t["freckle_seed"] = int(rng.integers(1 << 30))
    return t


# -------------------------------------------------------------------------- per photo


def photo_nuisance(rng: Rng, calm: bool = False) -> dict:
    """Pose, expression, light and scene of one photo; `calm` gives a database photo
    (near frontal, neutral, even light, plain background, no hat)."""
    k = 0.25 if calm else 1.0
    n: dict = {}
    n["yaw"] = rng.uniform(-0.45, 0.45) * k
    n["pitch"] = rng.uniform(-0.25, 0.25) * k
    n["roll"] = rng.uniform(-12, 12) * k
    n["scale"] = 1 + rng.uniform(-0.1, 0.1) * k
    n["dx"], n["dy"] = rng.uniform(-0.07, 0.07, 2) * CANVAS * k
    n["smile"] = rng.uniform(-0.3, 1.0) * k
    n["open"] = rng.uniform(0, 1) if (not calm and rng.random() < 0.3) else 0.0
    n["blink"] = rng.uniform(0.25, 1.0) if (not calm and rng.random() < 0.25) else 1.0
    n["brow_raise"] = rng.uniform(-0.03, 0.06) * k
    n["gaze"] = rng.uniform(-0.3, 0.3, 2) * k
    n["light_angle"] = rng.uniform(0, 2 * math.pi)
    n["light"] = rng.uniform(0.05, 0.45) * k
    n["tint"] = rng.uniform(-0.12, 0.12) * k  # warm (> 0) or cold (< 0) light
    n["exposure"] = 1 + rng.uniform(-0.22, 0.18) * k
    n["contrast"] = 1 + rng.uniform(-0.25, 0.15) * k
    n["background"] = (
        "plain" if calm else ["wall", "gradient", "blobs", "stripes", "door"][int(rng.integers(5))]
    )
    n["bg_colors"] = [
        mix(tuple(int(v) for v in rng.integers(25, 235, 3)), (128, 128, 128), 0.35)
        for _ in range(2)
    ]
    n["shirt"] = tuple(int(v) for v in rng.integers(20, 230, 3))
    n["hat"] = None if calm or rng.random() >= 0.12 else ["cap", "beanie"][int(rng.integers(2))]
    n["hat_color"] = tuple(int(v) for v in rng.integers(20, 230, 3))
    n["blur"] = rng.uniform(0, 1.3) * k
    n["noise"] = rng.uniform(0, 7) * k
    return n


@dataclass
class Head:
    """Where a head is on the canvas and how it is turned.

    Face coordinates: u across (-1 = left edge of the face, +1 = right edge), v down
    (-1 = top of the skull, +1 = chin). A point on the face's surface turns with the head
    as on a sphere: it moves to sin(asin(u) + yaw); points outside the face (|u| > 1)
    keep their distance from the centre.
    """

    cx: float
    cy: float
    rx: float
    ry: float
    yaw: float
    pitch: float

    def x(self, u: float, depth: float = 0.0) -> float:
        phi = math.asin(max(-1.0, min(1.0, u)))
        turned = math.sin(max(-math.pi / 2, min(math.pi / 2, phi + self.yaw)))
        return self.cx + self.rx * (turned * max(1.0, abs(u)) + depth * math.sin(self.yaw))

    def y(self, u: float, v: float, depth: float = 0.0) -> float:
        z = math.sqrt(max(0.0, 1 - u * u)) + depth
        return self.cy + self.ry * (v + 0.35 * self.pitch * z)

    def p(self, u: float, v: float, depth: float = 0.0) -> tuple[float, float]:
        return (self.x(u, depth), self.y(u, v, depth))

    def squash(self, u: float) -> float:
        """How much a small feature at `u` narrows when the head turns (1 = not at all)."""
        phi = math.asin(max(-0.99, min(0.99, u)))
        return max(0.15, math.cos(max(-1.5, min(1.5, phi + self.yaw))) / math.cos(phi))


def face_outline(head: Head, t: dict, n: int = 72) -> list[tuple[float, float]]:
    """The face's outline: round skull, jaw narrowing to the chin."""
    pts = []
    for k in range(n):
        a = 2 * math.pi * k / n
        u, v = math.sin(a), -math.cos(a)
        if v > 0:  # lower half: narrow the jaw, point the chin
            u *= 1 - (1 - t["jaw"]) * v**1.5
            v *= 1 + t["chin"] * (1 - abs(math.sin(a))) ** 2
        pts.append(head.p(u, v))
    return pts


def hairline(head: Head, t: dict, n: int = 25, drop: float = 0.0) -> list[tuple[float, float]]:
    """Points of the hairline from the right temple to the left one."""
    pts = []
    for u in np.linspace(0.98, -0.98, n):
        v = t["hairline"] + drop + 0.32 * u * u + t["parting"] * 0.12 * u
        pts.append(head.p(float(u), v))
    return pts


def skull_top(head: Head, t: dict, volume: float, n: int = 25) -> list[tuple[float, float]]:
    """Points over the top of the head, `volume` face-widths outside the skull, left to right."""
    pts = []
    for a in np.linspace(-math.pi * 0.55, math.pi * 0.55, n):
        r = 1 + volume
        pts.append(
            (
                head.cx + head.rx * r * math.sin(a) * (1 + 0.1 * math.sin(head.yaw)),
                head.cy + head.ry * (-r * math.cos(a)),
            )
        )
    return pts


def draw_back_hair(draw: Draw, head: Head, t: dict) -> None:
    """Hair that falls behind the face (long hair, bob, curls, bun)."""
    style, hair, vol = t["hair_style"], t["hair"], t["hair_volume"]
    cx, cy, rx, ry = head.cx, head.cy, head.rx, head.ry
    if style in ("long", "bob"):
        bottom = cy + ry * (1.25 if style == "long" else 0.55)
        width = rx * (1.22 + vol)
        draw.rounded_rectangle(
            (cx - width, cy - ry * (1 + vol), cx + width, bottom), radius=int(rx * 0.7), fill=hair
        )
    elif style == "curly":
        rng = np.random.default_rng(int(sum(hair)) + 11)
        for k in range(22):
            a = math.pi * (-0.62 + 1.24 * k / 21)
            r = rx * rng.uniform(0.24, 0.34)
            draw.ellipse(
                box(
                    cx + rx * (1.02 + vol) * math.sin(a),
                    cy - ry * 0.15 - ry * (0.95 + vol) * math.cos(a),
                    r,
                    r,
                ),
                fill=hair,
            )
        draw.ellipse(box(cx, cy - ry * 0.3, rx * (1.15 + vol), ry * (0.85 + vol)), fill=hair)
    elif style == "bun":
        draw.ellipse(
            box(cx + rx * 0.1 * math.sin(head.yaw), cy - ry * (1.12 + vol), rx * 0.42, ry * 0.3),
            fill=hair,
        )


def draw_front_hair(draw: Draw, head: Head, t: dict) -> None:
    """Hair on the skull, in front of the face: cap, parting, fringe, spikes, stubble."""
    style, hair, vol = t["hair_style"], t["hair"], t["hair_volume"]
    if style == "bald":
        return
    if style == "buzz":
        draw.polygon(
            skull_top(head, t, 0.02) + hairline(head, t, drop=0.05),
            fill=mix(hair, t["skin"], 0.35),
        )
        return
    volume = {"curly": vol + 0.1, "spiky": vol * 0.6, "fringe": vol}.get(style, vol * 0.8)
    drop = 0.28 if style == "fringe" else 0.0
    draw.polygon(skull_top(head, t, volume) + hairline(head, t, drop=drop), fill=hair)
    if style == "side":  # a swoop from the parting to the far temple
        side = 1 if t["parting"] >= 0 else -1
        draw.polygon(
            [
                head.p(0.35 * side, t["hairline"] - 0.05),
                head.p(-0.95 * side, -0.5),
                head.p(-0.98 * side, t["hairline"] + 0.3),
                head.p(-0.3 * side, t["hairline"] + 0.1),
            ],
            fill=hair,
        )
    elif style == "spiky":
        for u in np.linspace(-0.7, 0.7, 6):
            base = head.p(float(u), -1.0 - volume + 0.05)
            tip = head.p(float(u) * 1.1, -1.0 - volume - 0.22)
            draw.polygon(
                [(base[0] - head.rx * 0.16, base[1]), tip, (base[0] + head.rx * 0.16, base[1])],
                fill=hair,
            )


def draw_ears(draw: Draw, head: Head, t: dict) -> None:
    size, ey = t["ear_size"], t["eye_v"] + t["ear_y"]
    for side in (-1, 1):
        x = head.x(side * 0.98)
        w = head.rx * size * 0.55 * (0.5 + 0.5 * head.squash(side * 0.6))
        draw.ellipse(
            (x - w, head.y(side, ey - 0.02), x + w, head.y(side, ey + size)),
            fill=shade(t["skin"], 0.9),
            outline=shade(t["skin"], 0.72),
        )


def draw_neck(draw: Draw, head: Head, t: dict, n: dict) -> None:
    cx, cy, rx, ry = head.cx + head.rx * 0.3 * math.sin(head.yaw), head.cy, head.rx, head.ry
    draw.rectangle(
        (cx - rx * 0.45, cy + ry * 0.5, cx + rx * 0.45, cy + ry * 1.4), fill=shade(t["skin"], 0.8)
    )
    draw.ellipse(box(cx, cy + ry * 1.55, rx * 1.9, ry * 0.45), fill=n["shirt"])


def draw_facial_hair(draw: Draw, head: Head, t: dict) -> None:
    kind, mv = t["facial_hair"], t["mouth_v"]
    color = t["hair"] if t["hair_style"] != "bald" else shade(t["hair"], 0.8)
    if kind in ("beard", "stubble"):
        pts = [head.p(-0.97, t["eye_v"] + 0.25)]
        for a in np.linspace(-0.5 * math.pi, 0.5 * math.pi, 21):
            u, v = math.sin(a), math.cos(a)
            u *= 1 - (1 - t["jaw"]) * v**1.5
            v *= 1 + t["chin"] * (1 - abs(math.sin(a))) ** 2
            pts.append(head.p(u * 1.02, v * 1.04 + 0.02))
        pts.append(head.p(0.97, t["eye_v"] + 0.25))
        inner = [
            head.p(u, mv - 0.08 + 0.25 * (1 - u * u) * 0.3) for u in np.linspace(0.7, -0.7, 9)
        ]
        fill = color if kind == "beard" else mix(color, t["skin"], 0.55)
        draw.polygon(pts + inner, fill=fill)
        if kind == "beard":  # keep the lips visible
            draw.ellipse(
                box(*head.p(0, mv), head.rx * t["mouth_w"] * 0.7, head.ry * 0.06),
                fill=mix(color, t["skin"], 0.3),
            )
    elif kind == "goatee":
        draw.polygon(
            [
                head.p(-0.25, mv + 0.1),
                head.p(0.25, mv + 0.1),
                head.p(0.2, 0.98),
                head.p(0, 1.08 + t["chin"]),
                head.p(-0.2, 0.98),
            ],
            fill=color,
        )
    if kind in ("beard", "goatee", "moustache"):
        w = t["mouth_w"] * 0.62
        top = mv - 0.1
        draw.polygon(
            [
                head.p(-w, mv - 0.02),
                head.p(-w * 0.6, top),
                head.p(0, top - 0.015),
                head.p(w * 0.6, top),
                head.p(w, mv - 0.02),
                head.p(0, mv - 0.045),
            ],
            fill=shade(color, 0.9),
        )


def draw_eyes(draw: Draw, head: Head, t: dict, n: dict) -> None:
    ev, w0 = t["eye_v"], t["eye_w"]
    for side in (-1, 1):
        u = side * t["eye_u"]
        left, right = head.x(u - w0 / 2), head.x(u + w0 / 2)
        cx, cy = (left + right) / 2, head.y(u, ev)
        half_w = (right - left) / 2
        half_h = head.rx * w0 * t["eye_shape"] * 0.6 * n["blink"]
        # almond: upper and lower lids as arcs
        upper = [(cx + half_w * s, cy - half_h * (1 - s * s)) for s in np.linspace(-1, 1, 9)]
        lower = [(cx + half_w * s, cy + half_h * 0.8 * (1 - s * s)) for s in np.linspace(1, -1, 9)]
        draw.polygon(upper + lower, fill=(240, 238, 232))
        if n["blink"] > 0.35:
            r = min(half_h * 0.95, half_w * 0.5)
            ix = cx + n["gaze"][0] * half_w * 0.45
            iy = cy + n["gaze"][1] * half_h * 0.3
            draw.ellipse(box(ix, iy, r, r), fill=t["iris"])
            draw.ellipse(box(ix, iy, r * 0.45, r * 0.45), fill=(15, 12, 12))
            draw.ellipse(box(ix - r * 0.3, iy - r * 0.3, r * 0.15, r * 0.15), fill=(250, 250, 250))
        draw.line(upper, fill=shade(t["skin"], 0.35), width=max(2, int(head.rx * 0.03)))
        draw.line(upper[:1] + lower + upper[-1:], fill=shade(t["skin"], 0.7), width=1)
        # brow
        bv = ev - t["brow_gap"] - n["brow_raise"]
        pts_top, pts_bot = [], []
        for s in np.linspace(-1, 1, 9):
            uu = u + s * w0 * 0.62
            arch = t["brow_arch"] * (1 - s * s) + t["brow_slope"] * s * side
            thick = t["brow_thick"] * (1.1 - 0.45 * (s * side + 1) / 2)
            pts_top.append(head.p(uu, bv - arch - thick / 2))
            pts_bot.append(head.p(uu, bv - arch + thick / 2))
        draw.polygon(pts_top + pts_bot[::-1], fill=t["brow_color"])


def draw_nose(draw: Draw, head: Head, t: dict) -> None:
    top_v, tip_v = t["eye_v"] + 0.05, t["eye_v"] + t["nose_len"] + 0.1
    w, depth = t["nose_w"], t["nose_tip"]
    dark = shade(t["skin"], 0.68)
    tip = head.p(0, tip_v, depth * 3)
    side = -1 if head.yaw > 0 else 1  # the shadowed side of the bridge
    if t["nose_style"] == 0:  # a line down the bridge and two nostrils
        draw.line(
            [head.p(side * 0.06, top_v), head.p(side * 0.08, tip_v - 0.05, depth)],
            fill=dark,
            width=2,
        )
    elif t["nose_style"] == 1:  # a shadow triangle
        draw.polygon(
            [head.p(0, top_v), head.p(side * w * 0.6, tip_v), head.p(side * w * 0.1, tip_v)],
            fill=shade(t["skin"], 0.86),
        )
    else:  # a round tip
        draw.ellipse(
            box(*tip, head.rx * w * 0.35, head.ry * 0.04),
            fill=shade(t["skin"], 0.93),
            outline=shade(t["skin"], 0.8),
        )
    for s in (-1, 1):
        nx, ny = head.p(s * w * 0.42, tip_v + 0.015, depth)
        r = head.rx * w * 0.14 * head.squash(s * w)
        draw.ellipse(box(nx, ny, r, r * 0.6), fill=dark)
    draw.line(
        [
            head.p(-w * 0.5, tip_v + 0.03, depth * 0.5),
            (tip[0], tip[1] + head.ry * 0.045),
            head.p(w * 0.5, tip_v + 0.03, depth * 0.5),
        ],
        fill=shade(t["skin"], 0.78),
        width=2,
    )


def draw_mouth(draw: Draw, head: Head, t: dict, n: dict) -> None:
    mv, half = t["mouth_v"], t["mouth_w"] / 2 * (1 + 0.15 * max(n["smile"], 0))
    bend = 0.07 * n["smile"]  # corners move up with a smile
    gap = 0.09 * n["open"]
    lip = t["lip"]
    us = np.linspace(-half, half, 11)
    mid = [head.p(float(u), mv - bend * (u / half) ** 2 + bend * 0.3, 0.05) for u in us]
    upper = [
        head.p(
            float(u),
            mv - bend * (u / half) ** 2 + bend * 0.3 - lip * (1 - (u / half) ** 2) - 0.01,
            0.05,
        )
        for u in us
    ]
    lower = [
        head.p(
            float(u),
            mv
            - bend * (u / half) ** 2
            + bend * 0.3
            + gap * (1 - (u / half) ** 2)
            + lip * 1.3 * (1 - (u / half) ** 2)
            + 0.01,
            0.05,
        )
        for u in us
    ]
    draw.polygon(upper + lower[::-1], fill=t["lip_color"])
    if gap > 0.01:
        opening = mid + [
            head.p(
                float(u),
                mv - bend * (u / half) ** 2 + bend * 0.3 + gap * (1 - (u / half) ** 2),
                0.05,
            )
            for u in us[::-1]
        ]
        draw.polygon(opening, fill=(60, 20, 25))
        draw.polygon(
            mid + [(x, y + gap * head.ry * 0.35) for x, y in mid[::-1]], fill=(235, 232, 222)
        )
    draw.line(mid, fill=shade(t["lip_color"], 0.55), width=2)


def draw_marks(draw: Draw, head: Head, t: dict) -> None:
    if t["mole"] is not None:
        u, v = t["mole"]
        draw.ellipse(
            box(*head.p(u, v), head.rx * 0.035, head.rx * 0.035), fill=shade(t["skin"], 0.45)
        )
    if t["freckles"]:
        rng = np.random.default_rng(t["freckle_seed"])
        for _ in range(18):
            u = rng.uniform(0.2, 0.7) * (1 if rng.random() < 0.5 else -1)
            v = t["eye_v"] + rng.uniform(0.12, 0.32)
            draw.ellipse(box(*head.p(u, v), 1.1, 1.1), fill=shade(t["skin"], 0.78))


def draw_glasses(draw: Draw, head: Head, t: dict) -> None:
    color, size = t["frame_color"], t["frame_size"]
    width = max(2, int(head.rx * 0.045))
    centres = []
    for side in (-1, 1):
        u = side * t["eye_u"]
        left = head.x(u - t["eye_w"] * size / 2)
        right = head.x(u + t["eye_w"] * size / 2)
        cy = head.y(u, t["eye_v"])
        h = head.rx * t["eye_w"] * 0.42 * size
        frame = (left, cy - h, right, cy + h)
        if t["frame_round"]:
            draw.ellipse(frame, outline=color, width=width)
        else:
            draw.rounded_rectangle(frame, radius=int(h * 0.4), outline=color, width=width)
        centres.append((left, right, cy))
        edge = head.x(side * 1.0)
        draw.line(
            [(left if side < 0 else right, cy - h * 0.5), (edge, cy - h * 0.7)],
            fill=color,
            width=width,
        )
    (_, l_right, l_y), (r_left, _, r_y) = centres
    draw.line([(l_right, l_y - 2), (r_left, r_y - 2)], fill=color, width=width)


def draw_hat(draw: Draw, head: Head, n: dict) -> None:
    cx, cy, rx, ry, color = head.cx, head.cy, head.rx, head.ry, n["hat_color"]
    if n["hat"] == "beanie":
        draw.chord(box(cx, cy - ry * 0.45, rx * 1.12, ry * 0.82), 180, 360, fill=color)
        draw.rectangle(
            (cx - rx * 1.12, cy - ry * 0.55, cx + rx * 1.12, cy - ry * 0.4), fill=shade(color, 0.8)
        )
    else:
        draw.chord(box(cx, cy - ry * 0.5, rx * 1.06, ry * 0.72), 180, 360, fill=color)
        peak = head.x(0.2)
        draw.ellipse(box(peak, cy - ry * 0.5, rx * 0.9, ry * 0.1), fill=shade(color, 0.75))


def background(n: dict, rng: Rng) -> Image.Image:
    """The scene behind the head."""
    a, b = n["bg_colors"]
    kind = n["background"]
    ramp = np.linspace(0, 1, CANVAS)[:, None] * np.ones((1, CANVAS))
    if kind == "plain":
        field = 0.2 * ramp
        b = mix(a, (235, 235, 235), 0.6)
        a = mix(a, (200, 200, 200), 0.6)
    elif kind == "gradient":
        field = ramp if rng.random() < 0.5 else ramp.T
    elif kind == "blobs":
        coarse = (rng.random((5, 5)) * 255).astype(np.uint8)
        field = (
            np.asarray(Image.fromarray(coarse).resize((CANVAS, CANVAS), Image.BICUBIC), float)
            / 255
        )
    else:
        field = 0.15 * ramp
    aa, bb = np.asarray(a, float), np.asarray(b, float)
    img = Image.fromarray((aa + (bb - aa) * np.clip(field, 0, 1)[..., None]).astype(np.uint8))
    draw = ImageDraw.Draw(img)
    if kind == "stripes":
        step = int(rng.integers(10, 30))
        for x in range(int(rng.integers(step)), CANVAS, step):
            draw.line([(x, 0), (x, CANVAS)], fill=shade(a, 0.8), width=int(rng.integers(2, 6)))
    elif kind == "door":
        x = int(rng.integers(0, CANVAS - 50))
        draw.rectangle(
            (x, int(rng.integers(0, 40)), x + int(rng.integers(40, 80)), CANVAS),
            fill=b,
            outline=shade(b, 0.6),
            width=4,
        )
    elif kind == "wall":
        floor = int(rng.integers(120, 175))
        draw.rectangle((0, floor, CANVAS, CANVAS), fill=b)
    return img


def lighting(n: dict, head: Head) -> np.ndarray:
    """Multiplicative light on the head: brighter towards the light, darker at the rim."""
    yy, xx = np.mgrid[0:CANVAS, 0:CANVAS].astype(np.float64)
    du, dv = (xx - head.cx) / head.rx, (yy - head.cy) / head.ry
    direction = du * math.cos(n["light_angle"]) + dv * math.sin(n["light_angle"])
    rim = np.clip(du**2 + dv**2, 0, 2)
    return 1 + n["light"] * 0.6 * np.clip(direction, -1.5, 1.5) - 0.12 * rim**2


def render_photo(traits: dict, n: dict, rng: Rng) -> np.ndarray:
    """One photo of the person with `traits` under nuisance `n`: uint8 (SIZE, SIZE, 3)."""
    t = traits
    rx = t["rx"] * n["scale"]
    head = Head(
        cx=CANVAS / 2 + n["dx"],
        cy=CANVAS * 0.53 + n["dy"],
        rx=rx,
        ry=rx * t["aspect"] * 0.95,
        yaw=n["yaw"],
        pitch=n["pitch"],
    )
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw_back_hair(draw, head, t)
    draw_neck(draw, head, t, n)
    draw_ears(draw, head, t)
    # skin: the skull stays round while the features turn; the jaw turns with the face
    draw.ellipse(box(head.cx, head.cy - head.ry * 0.1, head.rx, head.ry * 0.9), fill=t["skin"])
    draw.polygon(face_outline(head, t), fill=t["skin"])
    draw_facial_hair(draw, head, t)
    draw_marks(draw, head, t)
    draw_eyes(draw, head, t, n)
    draw_nose(draw, head, t)
    draw_mouth(draw, head, t, n)
    if n["hat"] is None:
        draw_front_hair(draw, head, t)
    else:
        if t["hair_style"] in ("long", "bob", "curly"):
            draw_front_hair(draw, head, t)
        draw_hat(draw, head, n)
    if t["glasses"]:
        draw_glasses(draw, head, t)
    rgba = np.asarray(layer, dtype=np.float64)
    rgba[..., :3] *= lighting(n, head)[..., None]
    layer = Image.fromarray(np.clip(rgba, 0, 255).astype(np.uint8), "RGBA")
    layer = layer.rotate(n["roll"], resample=Image.BILINEAR, center=(head.cx, head.cy))
    img = background(n, rng)
    img.paste(layer, (0, 0), layer)
    if n["blur"] > 0.2:
        img = img.filter(ImageFilter.GaussianBlur(n["blur"]))
    img = img.resize((SIZE, SIZE), Image.LANCZOS)
    x = np.asarray(img, dtype=np.float64)
    x *= np.array([1 + n["tint"], 1.0, 1 - n["tint"]])
    x = (x - 128) * n["contrast"] + 128
    x *= n["exposure"]
    x += rng.normal(0, n["noise"], x.shape)
    return np.clip(np.round(x), 0, 255).astype(np.uint8)


def render(
    group: int, index: int, photo: int, calm: bool = False, traits: dict | None = None
) -> np.ndarray:
    """Photo number `photo` of person `index` of `group` (deterministic)."""
    if traits is None:
        traits = person_traits(group, index)
    rng = np.random.default_rng([SEED, group, index, PHOTO, photo])
    return render_photo(traits, photo_nuisance(rng, calm=calm), rng)


def person_traits(group: int, index: int) -> dict:
    """Traits of a person; residents get their hand-fixed skin tone and hair style."""
    if group == RESIDENT:
        skin, style = list(RESIDENTS.values())[index]
        return identity_traits(group, index, skin=skin, hair_style=style)
    return identity_traits(group, index)


def render_set_person(group: int, index: int, photos: int, first_photo: int = 0) -> np.ndarray:
    """Photos `first_photo`, ... of one person: uint8 (photos, SIZE, SIZE, 3)."""
    traits = person_traits(group, index)
    return np.stack([render(group, index, first_photo + k, traits=traits) for k in range(photos)])


def render_set(group: int, people: int, photos: int, first_photo: int = 0) -> np.ndarray:
    """Photos of `people` persons of a group: uint8 (people, photos, SIZE, SIZE, 3)."""
    return np.stack([render_set_person(group, i, photos, first_photo) for i in range(people)])


# ---------------------------------------------------------------------- the files


def jpeg_bytes(x: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(x).save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


def visitor_plan() -> list[dict]:
    """Who each camera photo shows, in camera order (a fixed shuffle)."""
    visits = [
        {"person": name, "resident": True, "index": i, "photo": 1 + k}
        for i, name in enumerate(RESIDENTS)
        for k in range(VISITS_PER_RESIDENT)
    ]
    visits += [
        {"person": f"stranger_{j}", "resident": False, "index": j, "photo": 1}
        for j in range(N_STRANGERS)
    ]
    order = np.random.default_rng([SEED, 99]).permutation(len(visits))
    # camera_0 shows a resident (the lesson opens the door for them first)
    first = next(k for k, i in enumerate(order) if visits[i]["resident"])
    order[[0, first]] = order[[first, 0]]
    return [visits[i] for i in order]


def visitor_photo(visit: dict) -> np.ndarray:
    group = RESIDENT if visit["resident"] else STRANGER
    return render(group, visit["index"], visit["photo"])


def sample_sheet(rows: list[np.ndarray], labels: list[str]) -> bytes:
    """PNG: one row of photos per person with the person's label on the left."""
    cols = max(len(r) for r in rows)
    pad, label_w = 2, 78
    sheet = Image.new(
        "RGB", (label_w + cols * (SIZE + pad), len(rows) * (SIZE + pad)), (255, 255, 255)
    )
    draw = ImageDraw.Draw(sheet)
    for r, (photos, label) in enumerate(zip(rows, labels, strict=True)):
        y = r * (SIZE + pad)
        draw.text((4, y + SIZE // 2 - 6), label, fill=(0, 0, 0))
        for c, x in enumerate(photos):
            sheet.paste(Image.fromarray(x), (label_w + c * (SIZE + pad), y))
    # 256 colours (median cut, no dithering): a third of the bytes, no visible change
    sheet = sheet.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def main() -> None:
    from graders.manifest import record_artifact

    start, cpu = time.perf_counter(), time.process_time()
    IMAGES_DIR.mkdir(parents=True, exist_ok=True)
    files = []
    for i, name in enumerate(RESIDENTS):
        path = IMAGES_DIR / f"{name}.jpg"
        path.write_bytes(jpeg_bytes(render(RESIDENT, i, DATABASE_PHOTO, calm=True)))
        files.append(path)
    plan = visitor_plan()
    visitors = []
    for k, visit in enumerate(plan):
        path = IMAGES_DIR / f"camera_{k}.jpg"
        path.write_bytes(jpeg_bytes(visitor_photo(visit)))
        files.append(path)
        visitors.append(
            {"file": path.name, "person": visit["person"], "resident": visit["resident"]}
        )
    people = {
        "residents": {name: f"{name}.jpg" for name in RESIDENTS},
        "visitors": visitors,
        "image_size": [SIZE, SIZE, 3],
    }
    PEOPLE_FILE.write_text(json.dumps(people, indent=1) + "\n")
    files.append(PEOPLE_FILE)

    cols = 10
    train = render_set(TRAIN, 8, cols)
    rows = [train[i] for i in range(8)]
    labels = [f"train {i}" for i in range(8)]
    for i, name in enumerate(RESIDENTS):
        db = render(RESIDENT, i, DATABASE_PHOTO, calm=True)
        rows.append(np.stack([db] + [render(RESIDENT, i, k) for k in range(1, cols)]))
        labels.append(name)
    for j in range(2):
        rows.append(np.stack([render(STRANGER, j, k) for k in range(1, cols + 1)]))
        labels.append(f"stranger_{j}")
    SHEET_FILE.write_bytes(sample_sheet(rows, labels))
    files.append(SHEET_FILE)

    traits = [identity_traits(TRAIN, i) for i in range(400)]
    metrics = {
        "image_shape": [SIZE, SIZE, 3],
        "residents": len(RESIDENTS),
        "visitor_photos": len(plan),
        "visitor_photos_of_residents": sum(v["resident"] for v in plan),
        "visitor_photos_of_strangers": sum(not v["resident"] for v in plan),
        "skin_tones": len(SKIN),
        "hair_colours": len(HAIR),
        "hair_styles": len(HAIR_STYLES),
        "glasses_share_first400_train": round(float(np.mean([t["glasses"] for t in traits])), 3),
        "facial_hair_share_first400_train": round(
            float(np.mean([t["facial_hair"] != "none" for t in traits])), 3
        ),
        "hat_share_of_photos": 0.12,
        "committed_bytes": sum(f.stat().st_size for f in files),
    }
    seconds = time.perf_counter() - start
    metrics["cpu_seconds"] = round(time.process_time() - cpu, 1)
    for key, value in metrics.items():
        print(f"{key:>36}: {value}")
    record_artifact(
        "faces",
        builder="datasets/builders/faces.py",
        seed=SEED,
        files=files,
        metrics=metrics,
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Faces drawn here with Pillow and numpy (no photos of real people): stable identity "
    "traits per person, per-photo pose, expression, light, scene, hats, blur and noise. "
    "Only the residents' database photos, the 30 door-camera photos and the sample sheet are "
    "stored; the training and evaluation people of face_encoder.py are re-rendered from "
    "their seeds (same bytes on every run)."
)

if __name__ == "__main__":
    main()
