"""Build the content and style images of the neural style transfer lesson (c4w4a2).

What it makes (all under `datasets/c4/nst/`), every image 400 x 400 (the course's size):
    content/<name>.jpg   photographs that scikit-image and scikit-learn ship offline,
                         cropped square and resized (licences in CONTENT below and in the
                         manifest notes): astronaut, coffee, chelsea, rocket, camera
                         (greyscale), china, flower.
    style/<name>.jpg     "paintings" drawn here with numpy and Pillow, one per technique:
                         impressionist   short thick brush dabs over a pond at dusk,
                         swirls          a night sky of vortices, haloed stars, a cypress,
                         stained_glass   Voronoi panes of jewel colours with dark leading,
                         mosaic          small tesserae laid along a wave-and-ring motif,
                         cubist          overlapping angular shards in earth colours,
                         hatched and outlined.
    nst_samples.png      a sheet of all content and style images with their names.

Why the photographs are copied rather than read from the packages at run time: the files
and their checksums in the manifest pin the exact pixels the lesson and its figures were
made with (scikit-image has replaced a sample image before: `camera` in 0.18), and the
learner's environment need not hold scikit-image (it is a build-only extra here).

Each style image has its own generator `default_rng([SEED, index])`; JPEGs are written
with fixed settings and no metadata, so a rerun gives the same bytes (same Pillow/libjpeg).

Run from the repository root:  .venv/bin/python datasets/builders/nst_images.py
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SEED = 11
SIZE = 400
REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = REPO_ROOT / "datasets" / "c4" / "nst"
CONTENT_DIR = OUT_DIR / "content"
STYLE_DIR = OUT_DIR / "style"
SHEET_FILE = OUT_DIR / "nst_samples.png"
JPEG_QUALITY = 92

Rng = np.random.Generator
Color = tuple[int, int, int]

# name: (package, source, square crop (left, top, side) in source pixels, licence)
CONTENT: dict[str, tuple[str, str, tuple[int, int, int], str]] = {
    "astronaut": (
        "scikit-image",
        "astronaut",
        (0, 0, 512),
        "NASA photograph of Eileen Collins; public domain (skimage.data.astronaut)",
    ),
    "coffee": (
        "scikit-image",
        "coffee",
        (60, 0, 400),
        "CC0, photographer Rachel Michetti, courtesy of Pikolo Espresso Bar (skimage.data.coffee)",
    ),
    "chelsea": (
        "scikit-image",
        "chelsea",
        (120, 0, 300),
        "CC0, photographer Stefan van der Walt (skimage.data.chelsea)",
    ),
    "rocket": (
        "scikit-image",
        "rocket",
        (106, 0, 427),
        "SpaceX launch photo of DSCOVR on Falcon 9; released into the public domain "
        "by SpaceX (skimage.data.rocket)",
    ),
    "camera": (
        "scikit-image",
        "camera",
        (0, 0, 512),
        "CC0, photographer Lav Varshney (skimage.data.camera); greyscale",
    ),
    "china": (
        "scikit-learn",
        "china.jpg",
        (0, 0, 427),
        "CC BY 2.0, photo by danielbuechele on Flickr "
        "(flickr.com/photos/danielbuechele/6061409035), via sklearn.datasets "
        "load_sample_image('china.jpg'); cropped and resized here",
    ),
    "flower": (
        "scikit-learn",
        "flower.jpg",
        (90, 0, 427),
        "CC BY 2.0, photo by vultilion on Flickr "
        "(flickr.com/photos/vultilion/6056698931), via sklearn.datasets "
        "load_sample_image('flower.jpg'); cropped and resized here",
    ),
}


# ------------------------------------------------------------------------- content


def source_image(package: str, source: str) -> Image.Image:
    """A sample image exactly as the package ships it."""
    if package == "scikit-image":
        import skimage.data

        return Image.fromarray(getattr(skimage.data, source)())
    import sklearn.datasets

    return Image.open(Path(sklearn.datasets.__file__).parent / "images" / source)


def content_image(name: str) -> Image.Image:
    """Square crop of a package photograph resized to SIZE x SIZE (greyscale stays L)."""
    package, source, (left, top, side), _ = CONTENT[name]
    img = source_image(package, source)
    img = img.crop((left, top, left + side, top + side))
    return img.resize((SIZE, SIZE), Image.LANCZOS)


# --------------------------------------------------------------------------- tools


def smooth_field(rng: Rng, cells: int, size: int = SIZE) -> np.ndarray:
    """Smooth random field in [0, 1] of shape (size, size)."""
    coarse = (rng.random((cells, cells)) * 255).astype(np.uint8)
    img = Image.fromarray(coarse).resize((size, size), Image.BICUBIC)
    return np.asarray(img, dtype=np.float64) / 255.0


def jitter(rng: Rng, color, amount: float) -> Color:
    moved = np.asarray(color, float) + rng.normal(0, amount, 3)
    return tuple(int(c) for c in np.clip(moved, 0, 255))


def mix(a, b, t: float) -> np.ndarray:
    return np.asarray(a, float) * (1 - t) + np.asarray(b, float) * t


def grain(img: Image.Image, rng: Rng, amount: float) -> Image.Image:
    """Canvas grain: small Gaussian noise on every pixel."""
    pixels = np.asarray(img, float) + rng.normal(0, amount, (*img.size[::-1], 1))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def dab(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    angle: float,
    length: float,
    width: float,
    color: Color,
) -> None:
    """One brush dab: a thick line with round ends."""
    dx, dy = math.cos(angle) * length / 2, math.sin(angle) * length / 2
    w = max(1, int(round(width)))
    draw.line([(x - dx, y - dy), (x + dx, y + dy)], fill=color, width=w)
    r = w / 2
    for ex, ey in ((x - dx, y - dy), (x + dx, y + dy)):
        draw.ellipse((ex - r, ey - r, ex + r, ey + r), fill=color)


# ----------------------------------------------------------------- the paintings


def impressionist(rng: Rng) -> Image.Image:
    """A pond at dusk painted in short dabs: sky, far trees, water, lily pads, blossoms."""
    big = SIZE * 2
    yy, xx = np.mgrid[0:big, 0:big] / big
    sky = mix((150, 170, 215), (240, 190, 170), yy[..., None] / 0.3 * 0.8)
    trees = mix((40, 80, 60), (90, 120, 70), smooth_field(rng, 9, big)[..., None])
    water = mix((60, 110, 150), (140, 180, 190), smooth_field(rng, 6, big)[..., None])
    water = mix(
        water, (230, 180, 170), 0.35 * np.clip(1 - np.abs(xx - 0.6)[..., None] * 3, 0, 1)
    )  # sunset reflection
    shore = 0.28 + 0.05 * smooth_field(rng, 4, big)
    base = np.where((yy < shore)[..., None], sky, trees)
    base = np.where((yy > shore + 0.12)[..., None], water, base)
    canvas = Image.fromarray(base.astype(np.uint8)).filter(ImageFilter.GaussianBlur(12))
    base = np.asarray(canvas, float)
    draw = ImageDraw.Draw(canvas)
    lilies = [
        (rng.uniform(0, big), rng.uniform(big * 0.5, big), rng.uniform(30, 80)) for _ in range(14)
    ]
    for size, count in ((26, 2600), (16, 5200), (9, 7000)):
        for _ in range(count):
            x, y = rng.uniform(0, big), rng.uniform(0, big)
            color = base[min(int(y), big - 1), min(int(x), big - 1)]
            angle = rng.normal(0, 0.25) if y > big * 0.4 else rng.uniform(0, math.pi)
            for lx, ly, lr in lilies:  # lily pads: green, blossoms: pink and white
                d = math.hypot((x - lx) / 1.8, y - ly)
                if d < lr * 0.35 and rng.random() < 0.7:
                    color = (235, 160, 185) if rng.random() < 0.6 else (250, 240, 235)
                elif d < lr:
                    color = mix((70, 130, 70), (150, 170, 80), rng.random())
            dab(
                draw,
                x,
                y,
                angle,
                size * rng.uniform(1.2, 2.2),
                size * rng.uniform(0.4, 0.7),
                jitter(rng, color, 18),
            )
    canvas = canvas.resize((SIZE, SIZE), Image.LANCZOS)
    return grain(canvas, rng, 4)


def swirl_flow(x: np.ndarray, y: np.ndarray, vortices) -> tuple[np.ndarray, np.ndarray]:
    """Velocity of a drift to the right plus a few vortices (counter-clockwise if s > 0)."""
    u, v = np.full_like(x, 0.6), 0.15 * np.sin(x / 60.0)
    for cx, cy, radius, strength in vortices:
        dx, dy = x - cx, y - cy
        fall = strength * np.exp(-(dx * dx + dy * dy) / (2 * radius * radius))
        u, v = u - dy / radius * fall, v + dx / radius * fall
    return u, v


def swirls(rng: Rng) -> Image.Image:
    """A night sky of swirling strokes, haloed stars, a crescent moon and a dark cypress."""
    big = SIZE * 2
    yy = np.mgrid[0:big, 0:big][0] / big
    base = mix((20, 40, 110), (60, 110, 170), yy[..., None] ** 0.7)
    canvas = Image.fromarray(base.astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    vortices = [
        (
            rng.uniform(0.2, 0.8) * big,
            rng.uniform(0.15, 0.55) * big,
            rng.uniform(70, 140),
            rng.choice([-1, 1]) * rng.uniform(2.0, 3.5),
        )
        for _ in range(4)
    ]
    blues = [
        (25, 50, 130),
        (40, 80, 170),
        (70, 130, 200),
        (120, 170, 220),
        (180, 210, 230),
        (30, 60, 100),
    ]
    for _ in range(5200):  # strokes follow streamlines of the flow
        x, y = rng.uniform(-20, big + 20), rng.uniform(-20, big * 0.8)
        color = jitter(rng, blues[rng.integers(len(blues))], 12)
        width = int(rng.integers(4, 9))
        points = [(x, y)]
        for _ in range(int(rng.integers(4, 9))):
            u, v = swirl_flow(np.array(x), np.array(y), vortices)
            norm = math.hypot(float(u), float(v)) + 1e-6
            x, y = x + 6 * float(u) / norm, y + 6 * float(v) / norm
            points.append((x, y))
        draw.line(points, fill=color, width=width, joint="curve")
    stars = [(rng.uniform(0.05, 0.95) * big, rng.uniform(0.05, 0.6) * big) for _ in range(9)]
    for sx, sy in stars:  # halos: rings of short yellow dabs
        r0 = rng.uniform(18, 34)
        for ring in range(4, 0, -1):
            color = mix((250, 230, 120), (200, 180, 90) if ring > 2 else (255, 250, 200), 0.5)
            for k in range(int(10 * ring + 8)):
                a = 2 * math.pi * k / (10 * ring + 8) + rng.normal(0, 0.05)
                r = r0 * ring / 2.5
                dab(
                    draw,
                    sx + r * math.cos(a),
                    sy + r * math.sin(a),
                    a + math.pi / 2,
                    10,
                    5,
                    jitter(rng, color, 15),
                )
        draw.ellipse((sx - r0 / 2, sy - r0 / 2, sx + r0 / 2, sy + r0 / 2), fill=(255, 245, 180))
    mx, my = big * rng.uniform(0.75, 0.88), big * rng.uniform(0.1, 0.2)  # the moon
    draw.ellipse((mx - 55, my - 55, mx + 55, my + 55), fill=(250, 210, 80))
    draw.ellipse((mx - 30, my - 70, mx + 70, my + 40), fill=(40, 70, 140))
    for _ in range(900):  # village hills along the bottom
        x, y = rng.uniform(0, big), rng.uniform(big * 0.8, big)
        dab(
            draw,
            x,
            y,
            rng.normal(0, 0.3),
            30,
            8,
            jitter(rng, (40, 60, 60) if rng.random() < 0.8 else (220, 200, 90), 15),
        )
    cx = big * rng.uniform(0.08, 0.2)  # a cypress: dark flame-shaped strokes
    for _ in range(1500):
        t = rng.random()
        y = big * (0.2 + 0.8 * t)
        half = 70 * t**0.6 + 8
        x = cx + rng.uniform(-half, half) + 15 * math.sin(y / 40)
        dab(
            draw,
            x,
            y,
            -math.pi / 2 + rng.normal(0, 0.3),
            40,
            7,
            jitter(rng, (20, 45, 30) if rng.random() < 0.8 else (70, 90, 50), 10),
        )
    canvas = canvas.resize((SIZE, SIZE), Image.LANCZOS)
    return grain(canvas, rng, 4)


def voronoi(points: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Nearest point index and (second nearest - nearest distance) for every pixel."""
    from scipy.spatial import cKDTree

    yy, xx = np.mgrid[0:size, 0:size]
    pixels = np.stack([xx.ravel(), yy.ravel()], axis=1).astype(float)
    dist, index = cKDTree(points).query(pixels, k=2)
    return index[:, 0].reshape(size, size), (dist[:, 1] - dist[:, 0]).reshape(size, size)


def stained_glass(rng: Rng) -> Image.Image:
    """Voronoi panes in jewel colours, light falling through, dark lead between panes."""
    big = SIZE * 2
    points = rng.uniform(0, big, (140, 2))
    cell, gap = voronoi(points, big)
    jewels = np.array(
        [
            (170, 20, 40),
            (20, 60, 160),
            (20, 130, 70),
            (230, 170, 30),
            (110, 40, 140),
            (30, 150, 170),
            (210, 90, 30),
            (240, 230, 200),
        ],
        float,
    )
    colours = jewels[rng.integers(len(jewels), size=len(points))]
    colours += rng.normal(0, 18, colours.shape)
    yy, xx = np.mgrid[0:big, 0:big] / big
    light = 0.75 + 0.5 * np.exp(-((xx - 0.5) ** 2 + (yy - 0.35) ** 2) / 0.12)
    pane = colours[cell] * light[..., None]
    streak = smooth_field(rng, 40, big)  # uneven glass thickness
    pane *= (0.85 + 0.3 * streak)[..., None]
    lead = np.clip((gap - 4) / 3, 0, 1)[..., None]
    out = pane * lead + np.array((25, 22, 20)) * (1 - lead)
    canvas = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    canvas = canvas.resize((SIZE, SIZE), Image.LANCZOS)
    return grain(canvas, rng, 5)


def mosaic(rng: Rng) -> Image.Image:
    """Tesserae along a motif of waves and rings, pale grout between them."""
    canvas = Image.new("RGB", (SIZE, SIZE), (205, 195, 175))
    draw = ImageDraw.Draw(canvas)
    palette = [
        (190, 80, 45),
        (235, 220, 190),
        (40, 35, 35),
        (200, 150, 60),
        (40, 110, 110),
        (150, 45, 40),
    ]
    centres = [(rng.uniform(0.2, 0.8) * SIZE, rng.uniform(0.2, 0.8) * SIZE) for _ in range(3)]
    tile = 11
    for row in range(SIZE // tile + 1):
        offset = (row % 2) * tile / 2
        for col in range(-1, SIZE // tile + 1):
            x = col * tile + offset + rng.normal(0, 0.8)
            y = row * tile + rng.normal(0, 0.8)
            wave = math.sin(x / 28 + 2.5 * math.sin(y / 45))
            ring = min(math.hypot(x - cx, y - cy) for cx, cy in centres)
            if ring < 70:
                index = 2 + int(ring // 14) % 3
            elif abs(wave) < 0.25:
                index = 0 if y % 90 < 45 else 5
            else:
                index = 1 if wave > 0 else 4
            shade = np.asarray(palette[index], float) * rng.uniform(0.86, 1.08)
            color = jitter(rng, shade, 5)
            half = tile / 2 - 1.3 + rng.normal(0, 0.4)
            a = rng.normal(0, 0.12)
            corners = [
                (
                    x + half * (math.cos(a + k * math.pi / 2) - math.sin(a + k * math.pi / 2)),
                    y + half * (math.sin(a + k * math.pi / 2) + math.cos(a + k * math.pi / 2)),
                )
                for k in range(4)
            ]
            draw.polygon(corners, fill=color)
    return grain(canvas, rng, 6)


def cubist(rng: Rng) -> Image.Image:
    """Overlapping angular shards in earth colours, shaded, hatched and outlined."""
    big = SIZE * 2
    palette = [
        (185, 140, 70),
        (120, 80, 45),
        (150, 150, 135),
        (80, 95, 110),
        (215, 200, 160),
        (100, 105, 60),
        (50, 45, 40),
        (170, 95, 60),
    ]
    canvas = Image.new("RGB", (big, big), (160, 140, 110))
    yy, xx = np.mgrid[0:big, 0:big]
    for _ in range(70):
        cx, cy = rng.uniform(-0.1, 1.1, 2) * big
        n = int(rng.integers(3, 6))
        angles = np.sort(rng.uniform(0, 2 * math.pi, n))
        radii = rng.uniform(60, 260, n)
        poly = [
            (cx + r * math.cos(a), cy + r * math.sin(a))
            for a, r in zip(angles, radii, strict=True)
        ]
        mask = Image.new("L", (big, big), 0)
        ImageDraw.Draw(mask).polygon(poly, fill=255)
        colour = np.asarray(jitter(rng, palette[rng.integers(len(palette))], 10), float)
        angle = rng.uniform(0, 2 * math.pi)  # a linear shading across the shard
        ramp = ((xx - cx) * math.cos(angle) + (yy - cy) * math.sin(angle)) / 260
        shard = colour * (1 + 0.35 * np.clip(ramp, -1, 1))[..., None]
        layer = Image.fromarray(np.clip(shard, 0, 255).astype(np.uint8))
        if rng.random() < 0.35:  # hatching
            hatch = ImageDraw.Draw(layer)
            step, tilt = int(rng.integers(10, 18)), rng.uniform(-1, 1)
            dark = tuple(int(c * 0.6) for c in colour)
            for k in range(-big, 2 * big, step):
                hatch.line([(k, 0), (k + tilt * big, big)], fill=dark, width=3)
        canvas.paste(layer, (0, 0), mask)
        if rng.random() < 0.6:
            ImageDraw.Draw(canvas).line(
                poly + poly[:1], fill=(35, 30, 28), width=int(rng.integers(3, 8))
            )
    canvas = canvas.resize((SIZE, SIZE), Image.LANCZOS)
    return grain(canvas, rng, 5)


STYLES: dict[str, Callable[[Rng], Image.Image]] = {
    "impressionist": impressionist,
    "swirls": swirls,
    "stained_glass": stained_glass,
    "mosaic": mosaic,
    "cubist": cubist,
}


def style_image(name: str) -> Image.Image:
    """The style image `name`, drawn from its own seed."""
    index = list(STYLES).index(name)
    return STYLES[name](np.random.default_rng([SEED, index]))


# ------------------------------------------------------------------------- files


def save_jpeg(img: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="JPEG", quality=JPEG_QUALITY, optimize=True, subsampling=0)


def write_sample_sheet(path: Path, images: dict[str, Image.Image]) -> None:
    """All images in two rows (content, then style), titled with their names."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    content = [n for n in images if n.startswith("content/")]
    style = [n for n in images if n.startswith("style/")]
    cols = max(len(content), len(style))
    fig, axes = plt.subplots(2, cols, figsize=(cols * 1.6, 2 * 1.8), dpi=90)
    for row, names in enumerate((content, style)):
        for col, ax in enumerate(axes[row]):
            ax.axis("off")
            if col < len(names):
                ax.imshow(images[names[col]].convert("RGB"))
                ax.set_title(names[col].removesuffix(".jpg"), fontsize=7)
    fig.tight_layout(pad=0.3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(fig)
    Image.open(buffer).convert("RGB").quantize(colors=256).save(path, optimize=True)


def colourfulness(img: Image.Image) -> float:
    """Hasler and Suesstrunk's colourfulness of an RGB image (0 for grey)."""
    rgb = np.asarray(img.convert("RGB"), float)
    rg, yb = rgb[..., 0] - rgb[..., 1], (rgb[..., 0] + rgb[..., 1]) / 2 - rgb[..., 2]
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def main() -> None:
    from graders.manifest import record_artifact

    start, cpu_start = time.perf_counter(), time.process_time()
    images: dict[str, Image.Image] = {}
    for name in CONTENT:
        images[f"content/{name}.jpg"] = content_image(name)
    for name in STYLES:
        images[f"style/{name}.jpg"] = style_image(name)
        print(f"drew {name} ({time.perf_counter() - start:.1f} s)", flush=True)
    files = []
    metrics: dict[str, float] = {
        "content_images": len(CONTENT),
        "style_images": len(STYLES),
        "image_size": SIZE,
    }
    for rel, img in images.items():
        path = OUT_DIR / rel
        save_jpeg(img, path)
        files.append(path)
        key = rel.removesuffix(".jpg").replace("/", "_")
        metrics[f"{key}_colourfulness"] = round(colourfulness(img), 1)
    write_sample_sheet(SHEET_FILE, images)
    files.append(SHEET_FILE)
    seconds = time.perf_counter() - start
    metrics["build_cpu_seconds"] = round(time.process_time() - cpu_start, 1)
    for name, value in metrics.items():
        print(f"{name:>36}: {value}")
    licences = "; ".join(f"content/{n}.jpg: {c[3]}" for n, c in CONTENT.items())
    record_artifact(
        "nst_images",
        builder="datasets/builders/nst_images.py",
        seed=SEED,
        files=files,
        metrics=metrics,
        libraries=("numpy", "pillow", "scikit-image", "scikit-learn", "matplotlib"),
        build_seconds=seconds,
        notes=(
            "Content photographs copied from the sample images scikit-image and "
            "scikit-learn ship, square-cropped and resized to 400 x 400 JPEG (q92). "
            f"Licences: {licences}. The CC BY 2.0 photos need their attribution wherever "
            "they are shown. Style images are drawn here (numpy + Pillow), no licence "
            "restrictions. colourfulness: Hasler & Suesstrunk (2003) metric."
        ),
    )
    print(f"built in {seconds:.1f} s")


if __name__ == "__main__":
    main()
