"""Fixtures for the DCT-scaled JPEG decode test (io.clipstream.model.image.DctScaledDecodeGoldenTest).

Writes photo-like JPEGs (quality 90, 4:2:0: smooth gradients, soft texture, hard-edged shapes; no per-pixel noise)
sized so that a minimum shorter side of 224 and of 448 make the decoder pick 1/1, 1/2, 1/4 and 1/8, plus Pillow's
reference preprocessing of each, computed exactly like transformers' slow CLIP and SigLIP image processors do:
full decode, ImageOps.exif_transpose, convert("RGB"), Image.resize(BICUBIC), then a centre crop (CLIP) or nothing
(SigLIP squash). References are 224x224 RGB PNGs; manifest.json lists them with the Pillow version.

Requires pillow and numpy. Deterministic: re-running with the same Pillow (libjpeg-turbo) and numpy versions
reproduces the same bytes. The Java test never runs this script.
"""
import json
from pathlib import Path

import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageOps

HERE = Path(__file__).resolve().parent
SIZE = 224
# (file, width, height, seed)
SOURCES = [
    ("landscape_1000x750.jpg", 1000, 750, 1),
    ("landscape_2000x1500.jpg", 2000, 1500, 2),
    ("landscape_2400x1800.jpg", 2400, 1800, 3),
    ("portrait_1200x1600.jpg", 1200, 1600, 4),
]


def smooth_field(rng, w, h, cells):
    """Low-frequency random field in 0..1: a coarse random grid upsampled bicubically (clouds, not noise)."""
    gw, gh = max(2, w // cells), max(2, h // cells)
    grid = Image.fromarray((rng.random((gh, gw)) * 255).astype(np.uint8), "L")
    return np.asarray(grid.resize((w, h), resample=Image.BICUBIC), dtype=np.float32) / 255.0


def scene(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    sky = smooth_field(rng, w, h, 160)
    detail = smooth_field(rng, w, h, 12)  # soft texture at the scale of a few JPEG blocks
    r = 40 + 150 * (x / w) + 50 * sky + 20 * detail
    g = 60 + 120 * (1 - y / h) + 40 * np.sin(x / (w / 5.0) + seed) + 20 * detail
    b = 90 + 110 * (y / h) * sky + 25 * np.cos((x + y) / (w / 9.0))
    img = Image.fromarray(np.stack([r, g, b], -1).clip(0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(img)
    for _ in range(14):  # hard edges at every orientation, of every size
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        x1, y1 = x0 + int(rng.integers(w // 40, w // 4)), y0 + int(rng.integers(h // 40, h // 4))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        shape = rng.integers(0, 3)
        if shape == 0:
            d.ellipse([x0, y0, x1, y1], fill=colour)
        elif shape == 1:
            d.rectangle([x0, y0, x1, y1], fill=colour)
        else:
            d.line([x0, y0, x1, y1], fill=colour, width=max(2, w // 300))
    return img


def reference_resize(img, mode):
    """transformers' slow CLIPImageProcessor / SiglipImageProcessor resize and crop, on Pillow."""
    if mode == "siglip":
        return img.resize((SIZE, SIZE), resample=Image.BICUBIC)
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_long = int(SIZE * long / short)
    new_w, new_h = (SIZE, new_long) if w <= h else (new_long, SIZE)
    resized = np.asarray(img.resize((new_w, new_h), resample=Image.BICUBIC))
    top, left = (new_h - SIZE) // 2, (new_w - SIZE) // 2
    return Image.fromarray(resized[top:top + SIZE, left:left + SIZE])


def main():
    manifest = {"pillow": PIL.__version__, "numpy": np.__version__, "size": SIZE, "sources": []}
    for name, w, h, seed in SOURCES:
        scene(w, h, seed).save(HERE / name, quality=90, subsampling=2)  # 2 = 4:2:0
        decoded = ImageOps.exif_transpose(Image.open(HERE / name)).convert("RGB")
        entry = {"file": name, "width": w, "height": h}
        for mode in ("clip", "siglip"):
            ref = HERE / f"{Path(name).stem}_{mode}.png"
            reference_resize(decoded, mode).save(ref, optimize=True)
            entry[mode] = ref.name
        manifest["sources"].append(entry)
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


if __name__ == "__main__":
    main()
