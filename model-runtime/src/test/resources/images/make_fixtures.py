#!/usr/bin/env python3
"""Generate the image fixtures and Pillow reference outputs for io.clipstream.model.image tests.

Requires only: pillow, numpy (plus the Python standard library).
Deterministic: every random choice comes from numpy generators with fixed seeds, so re-running with the
same Pillow/libjpeg/libwebp versions reproduces the same bytes. The Java tests never run this script;
they read the committed outputs.

Layout (all relative to this file's folder):
  src/                 fixture files fed to ImageDecoder
  ref/<fixture>.png    Pillow reference decode: ImageOps.exif_transpose(im).convert("RGB"), lossless PNG
  resize/*.png         Pillow Image.resize(size, Image.BICUBIC) references for the resampler
  clip/<name>.png      CLIP reference: shortest edge 224 (transformers' int truncation), PIL bicubic, center crop 224
  siglip/<name>.png    SigLIP reference: PIL bicubic squash to 224x224
  manifest.json        what each fixture is and what the tests should expect
  tensor_samples.json  normalised CHW float32 samples computed with numpy the way transformers does it

Run: python make_fixtures.py   (re-creates everything above; commit the outputs)
"""

import hashlib
import io
import json
import os
import shutil
import struct
import zlib

import numpy as np
import PIL
from PIL import Image, ImageDraw, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
REF = os.path.join(HERE, "ref")
RESIZE = os.path.join(HERE, "resize")
CLIP = os.path.join(HERE, "clip")
SIGLIP = os.path.join(HERE, "siglip")

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
SIGLIP_MEAN = [0.5, 0.5, 0.5]
SIGLIP_STD = [0.5, 0.5, 0.5]
RESCALE = 1 / 255

manifest = {"pillow": PIL.__version__, "numpy": np.__version__, "fixtures": [], "resize": [], "preprocess": []}


def reset_dirs():
    for d in (SRC, REF, RESIZE, CLIP, SIGLIP):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)


def photo(w, h, seed):
    """Smooth synthetic 'photo': low-frequency colour waves, soft shapes, then a few hard-edged shapes.

    Smooth so that PNG compresses; hard edges so that bicubic overshoot and clipping get exercised.
    """
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    chans = []
    for _ in range(3):
        fx, fy = rng.uniform(0.5, 2.5, size=2)
        px, py = rng.uniform(0, 2 * np.pi, size=2)
        c = 128 + 90 * np.sin(xx / w * np.pi * fx + px) * np.cos(yy / h * np.pi * fy + py)
        c += 30 * (xx / w - yy / h)
        chans.append(c)
    img = Image.fromarray(np.clip(np.stack(chans, axis=-1), 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)

    def shape():
        x0, x1 = sorted(rng.integers(-w // 4, w + w // 4, size=2))
        y0, y1 = sorted(rng.integers(-h // 4, h + h // 4, size=2))
        colour = tuple(int(v) for v in rng.integers(0, 256, size=3))
        if rng.random() < 0.5:
            draw.ellipse([x0, y0, x1 + 1, y1 + 1], fill=colour)
        else:
            draw.rectangle([x0, y0, x1 + 1, y1 + 1], fill=colour)

    for _ in range(4):
        shape()
    img = img.filter(ImageFilter.GaussianBlur(max(1.0, min(w, h) / 100)))
    draw = ImageDraw.Draw(img)
    for _ in range(3):
        shape()
    return img


def write_png_raw(path, width, height, colour_type, bit_depth, rows):
    """Minimal PNG writer (filter 0 on every row) for 16-bit colour images that Pillow cannot save."""

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
    with open(path, "wb") as f:
        f.write(data)


written_refs = {}


def save_ref(name, img_rgb, source_is_plain_rgb_png):
    """Store Pillow's decode once; returns (path relative to this folder, sha256 of the raw RGB bytes).

    An 8-bit RGB PNG without EXIF decodes to exactly its own pixels, so the source doubles as the reference;
    identical decodes (e.g. baseline vs progressive JPEG of the same coefficients) share one file.
    """
    assert img_rgb.mode == "RGB"
    digest = hashlib.sha256(img_rgb.tobytes()).hexdigest()
    if source_is_plain_rgb_png:
        return "src/" + name, digest
    if digest not in written_refs:
        img_rgb.save(os.path.join(REF, name + ".png"), optimize=True)
        written_refs[digest] = "ref/" + name + ".png"
    return written_refs[digest], digest


def add_decodable(name, kind, description, **extra):
    """Open the fixture with Pillow exactly like the reference preprocessors do and store the result."""
    path = os.path.join(SRC, name)
    with Image.open(path) as im:
        fmt = im.format
        mode = im.mode
        has_exif = bool(im.getexif())
        upright = ImageOps.exif_transpose(im)
        rgb = upright.convert("RGB")
    with open(path, "rb") as f:
        head = f.read(25)
    plain_rgb_png = fmt == "PNG" and mode == "RGB" and head[24] == 8 and not has_exif  # IHDR bit depth 8
    reference, digest = save_ref(name, rgb, plain_rgb_png)
    entry = {
        "file": name,
        "format": fmt,
        "pillowMode": mode,
        "width": rgb.width,
        "height": rgb.height,
        "kind": kind,  # exact | jpeg | webp-lossy | cmyk-jpeg
        "description": description,
        "bytes": os.path.getsize(path),
        "reference": reference,
        "rgbSha256": digest,
    }
    entry.update(extra)
    manifest["fixtures"].append(entry)
    return rgb


def add_bad(name, reason, description):
    manifest["fixtures"].append(
        {"file": name, "kind": "bad", "reason": reason, "description": description, "bytes": os.path.getsize(os.path.join(SRC, name))}
    )


def clip_resize_crop(img, shortest_edge=224, crop=224):
    """transformers CLIPImageProcessor (PIL backend): get_resize_output_image_size + PIL bicubic + center_crop."""
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = shortest_edge, int(shortest_edge * long / short)
    new_w, new_h = (new_short, new_long) if w <= h else (new_long, new_short)
    resized = img.resize((new_w, new_h), Image.BICUBIC)
    arr = np.array(resized)
    top = (new_h - crop) // 2
    left = (new_w - crop) // 2
    assert top >= 0 and left >= 0, "fixtures keep the resized image at least as large as the crop"
    return Image.fromarray(arr[top : top + crop, left : left + crop]), (new_w, new_h)


def to_chw(arr_hwc, mean, std):
    """transformers rescale (float64 multiply, cast to float32) then normalize in float32, channels first."""
    x = (arr_hwc.astype(np.float64) * RESCALE).astype(np.float32)
    x = np.moveaxis(x, -1, 0)
    m = np.array(mean, dtype=np.float32)
    s = np.array(std, dtype=np.float32)
    return ((x.T - m) / s).T


def add_preprocess(name, rgb, seed):
    """Reference CLIP and SigLIP outputs for one decoded fixture, plus float samples of the normalised tensors."""
    base = name.replace(".", "_")  # keep the extension: photo.png and photo.jpg must not share a reference
    clip_img, clip_resized = clip_resize_crop(rgb)
    clip_img.save(os.path.join(CLIP, base + ".png"), optimize=True)
    siglip_img = rgb.resize((224, 224), Image.BICUBIC)
    siglip_img.save(os.path.join(SIGLIP, base + ".png"), optimize=True)
    rng = np.random.default_rng(seed)
    entry = {"file": name, "reference": base + ".png", "clipResized": list(clip_resized), "modes": {}}
    for mode, img, mean, std in (
        ("clip", clip_img, CLIP_MEAN, CLIP_STD),
        ("siglip", siglip_img, SIGLIP_MEAN, SIGLIP_STD),
    ):
        t = to_chw(np.array(img), mean, std)
        assert t.dtype == np.float32 and t.shape == (3, 224, 224)
        idx = [(0, 0, 0), (2, 223, 223), (1, 112, 112)]
        idx += [tuple(int(v) for v in (rng.integers(0, 3), rng.integers(0, 224), rng.integers(0, 224))) for _ in range(61)]
        entry["modes"][mode] = {
            "mean": mean,
            "std": std,
            "rescale": RESCALE,
            "sum": float(t.astype(np.float64).sum()),
            "samples": [[c, y, x, float(t[c, y, x])] for (c, y, x) in idx],
        }
    manifest["preprocess"].append(entry)


def add_resize(src_name, src_img, w, h):
    out = src_img.resize((w, h), Image.BICUBIC)
    ref = "%s_%dx%d.png" % (os.path.splitext(src_name)[0], w, h)
    out.save(os.path.join(RESIZE, ref), optimize=True)
    manifest["resize"].append({"source": src_name, "width": w, "height": h, "reference": ref})


def main():
    reset_dirs()

    # --- Lossless sources (Java decode must equal Pillow exactly) ---------------------------------
    p640 = photo(640, 480, 1)
    p640.save(os.path.join(SRC, "photo_640x480.png"), optimize=True)
    p300 = photo(300, 500, 2)
    p300.save(os.path.join(SRC, "photo_300x500.png"), optimize=True)
    p50 = photo(50, 30, 3)
    p50.save(os.path.join(SRC, "photo_50x30.png"), optimize=True)
    p240 = photo(240, 900, 16)
    p240.save(os.path.join(SRC, "photo_240x900.png"), optimize=True)
    p224 = photo(224, 224, 4)
    p224.save(os.path.join(SRC, "photo_224x224.png"), optimize=True)
    noise = Image.fromarray(np.random.default_rng(5).integers(0, 256, size=(48, 64, 3), dtype=np.uint8), "RGB")
    noise.save(os.path.join(SRC, "noise_64x48.png"))
    for n, d in (
        ("photo_640x480.png", "RGB PNG, landscape"),
        ("photo_300x500.png", "RGB PNG, portrait"),
        ("photo_240x900.png", "RGB PNG, tall portrait (Pillow 13 resizes it vertical pass first)"),
        ("photo_50x30.png", "RGB PNG, small (upscaling)"),
        ("photo_224x224.png", "RGB PNG, already model size"),
        ("noise_64x48.png", "RGB PNG, uniform random noise (worst case for resampler rounding/clipping)"),
    ):
        add_decodable(n, "exact", d)

    # RGBA with varied alpha, including alpha 0 over non-zero colour (Pillow's convert("RGB") keeps it).
    small = photo(128, 96, 6)
    alpha = np.random.default_rng(7).integers(0, 256, size=(96, 128), dtype=np.uint8)
    alpha[:, :16] = 0
    alpha[:, -16:] = 255
    rgba = small.copy()
    rgba.putalpha(Image.fromarray(alpha, "L"))
    rgba.save(os.path.join(SRC, "rgba.png"))
    add_decodable("rgba.png", "exact", "RGBA PNG, varied alpha, colour kept under alpha 0")

    small.convert("L").save(os.path.join(SRC, "gray.png"))
    add_decodable("gray.png", "exact", "8-bit grayscale PNG")
    la = small.convert("L")
    la.putalpha(Image.fromarray(alpha, "L"))
    la.save(os.path.join(SRC, "gray_alpha.png"))
    add_decodable("gray_alpha.png", "exact", "8-bit gray+alpha PNG")

    pal = small.quantize(colors=37, method=Image.Quantize.MEDIANCUT)
    pal.save(os.path.join(SRC, "palette.png"))
    add_decodable("palette.png", "exact", "palette PNG, 37 colours")
    pal_t = pal.copy()
    pal_t.info["transparency"] = 3
    pal_t.save(os.path.join(SRC, "palette_trns.png"), transparency=3)
    add_decodable("palette_trns.png", "exact", "palette PNG with a tRNS transparent index (Pillow keeps its colour)")

    # 16-bit gray: Pillow opens as I;16 and convert("RGB") CLAMPS to 255 (values > 255 become white).
    g16 = (np.arange(48 * 64, dtype=np.uint32).reshape(48, 64) * 7 % 1024).astype(np.uint16)
    Image.fromarray(g16).save(os.path.join(SRC, "gray16.png"))
    add_decodable("gray16.png", "exact", "16-bit gray PNG; Pillow clamps to 0..255 when converting I;16 to RGB")
    # 16-bit RGB / RGBA: Pillow unpacks with rawmode RGB;16B / RGBA;16B, i.e. keeps the high byte.
    rng16 = np.random.default_rng(8)
    small16 = np.array(small.resize((64, 48), Image.NEAREST)).astype(np.uint16)
    rgb16 = (small16 * 257 + rng16.integers(0, 257, size=(48, 64, 3), dtype=np.uint16)).astype(">u2")
    write_png_raw(os.path.join(SRC, "rgb16.png"), 64, 48, 2, 16, [rgb16[y].tobytes() for y in range(48)])
    add_decodable("rgb16.png", "exact", "16-bit RGB PNG; Pillow keeps the high byte of each sample")
    a16 = (alpha[:48, :64].astype(np.uint16) * 257 + 128)[..., None]
    rgba16 = np.concatenate([rgb16.astype(np.uint16), a16], axis=-1).astype(">u2")
    write_png_raw(os.path.join(SRC, "rgba16.png"), 64, 48, 6, 16, [rgba16[y].tobytes() for y in range(48)])
    add_decodable("rgba16.png", "exact", "16-bit RGBA PNG; high byte, alpha dropped")

    # GIF with two different frames: only the first one may be used.
    f1 = photo(120, 90, 9).quantize(colors=64)
    f2 = photo(120, 90, 10).quantize(colors=64)
    f1.save(os.path.join(SRC, "two_frames.gif"), save_all=True, append_images=[f2], duration=100, loop=0)
    with Image.open(os.path.join(SRC, "two_frames.gif")) as g:
        assert getattr(g, "n_frames", 1) == 2
        g.seek(1)
        second = g.convert("RGB")
    add_decodable("two_frames.gif", "exact", "animated GIF, 2 frames; first frame expected",
                  secondFrameSha256=hashlib.sha256(second.tobytes()).hexdigest())

    # First frame smaller than the logical screen (Pillow fills the rest with the transparent index, else index
    # 0), and a frame sticking out of the screen (Pillow grows the canvas). Pillow never writes these, so a
    # Pillow GIF is patched.
    single = photo(64, 48, 15).quantize(colors=16)
    buf = io.BytesIO()
    single.save(buf, "GIF", transparency=5)
    with open(os.path.join(SRC, "gif_offset_frame.gif"), "wb") as f:
        f.write(patch_gif_screen(buf.getvalue(), 80, 60, 10, 5))
    add_decodable("gif_offset_frame.gif", "exact", "GIF whose 64x48 frame sits at (10,5) on an 80x60 screen, transparent index 5")
    buf = io.BytesIO()
    single.save(buf, "GIF")
    with open(os.path.join(SRC, "gif_frame_outside_screen.gif"), "wb") as f:
        f.write(patch_gif_screen(buf.getvalue(), 50, 40, 8, 4))
    add_decodable("gif_frame_outside_screen.gif", "exact", "GIF whose 64x48 frame at (8,4) exceeds its 50x40 screen")

    # WebP lossy / lossless (libwebp through Pillow).
    p160 = photo(160, 120, 11)
    p160.save(os.path.join(SRC, "lossy.webp"), quality=80, method=4)
    add_decodable("lossy.webp", "webp-lossy", "WebP lossy (VP8), q80")
    p160.save(os.path.join(SRC, "lossless.webp"), lossless=True)
    add_decodable("lossless.webp", "exact", "WebP lossless (VP8L)")
    rgba_small = rgba.resize((64, 48), Image.NEAREST)
    rgba_small.save(os.path.join(SRC, "lossless_alpha.webp"), lossless=True, exact=True)
    add_decodable("lossless_alpha.webp", "exact", "WebP lossless with alpha (exact=True keeps colour under alpha 0)")

    # BMP.
    photo(120, 90, 12).save(os.path.join(SRC, "photo.bmp"))
    add_decodable("photo.bmp", "exact", "24-bit BMP")
    pal.resize((64, 48), Image.NEAREST).save(os.path.join(SRC, "palette.bmp"))
    add_decodable("palette.bmp", "exact", "8-bit palette BMP")

    # JPEG (libjpeg-turbo via Pillow; Java uses TwelveMonkeys over the JDK's libjpeg 6b).
    p640.save(os.path.join(SRC, "photo_640x480.jpg"), quality=90)
    add_decodable("photo_640x480.jpg", "jpeg", "baseline JPEG q90 4:2:0")
    p640.save(os.path.join(SRC, "photo_640x480_progressive.jpg"), quality=90, progressive=True)
    add_decodable("photo_640x480_progressive.jpg", "jpeg", "progressive JPEG q90 4:2:0")
    p300.save(os.path.join(SRC, "photo_300x500.jpg"), quality=85, subsampling=0)
    add_decodable("photo_300x500.jpg", "jpeg", "baseline JPEG q85 4:4:4 portrait")
    p160_rgb = photo(160, 120, 17)
    p160_rgb.save(os.path.join(SRC, "rgb_keep.jpg"), quality=90, keep_rgb=True)
    add_decodable("rgb_keep.jpg", "jpeg", "JPEG storing RGB directly (Adobe transform 0, no YCbCr conversion)")
    small.convert("L").save(os.path.join(SRC, "gray.jpg"), quality=90)
    add_decodable("gray.jpg", "jpeg", "grayscale JPEG")

    # CMYK JPEG with a real K channel (Pillow writes Adobe APP14, transform 0, inverted CMYK).
    arr = np.array(photo(160, 120, 13)).astype(np.int32)
    k = 255 - arr.max(axis=-1)
    denom = np.maximum(255 - k, 1)
    cmy = ((255 - arr - k[..., None]) * 255 // denom[..., None]).clip(0, 255)
    cmyk = np.concatenate([cmy, k[..., None]], axis=-1).astype(np.uint8)
    Image.frombytes("CMYK", (160, 120), cmyk.tobytes()).save(os.path.join(SRC, "cmyk.jpg"), quality=92)
    add_decodable("cmyk.jpg", "cmyk-jpeg", "CMYK JPEG (Adobe transform 0); Pillow converts with its naive cmyk2rgb")

    # EXIF orientations 2..8 on a small, clearly asymmetric JPEG (and one PNG + one WebP with EXIF).
    oriented = photo(96, 64, 14)
    for o in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = o
        oriented.save(os.path.join(SRC, "exif_orientation_%d.jpg" % o), quality=92, exif=exif)
        add_decodable("exif_orientation_%d.jpg" % o, "jpeg", "JPEG 96x64 with EXIF orientation %d" % o, orientation=o)
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:tiff="http://ns.adobe.com/tiff/1.0/" tiff:Orientation="6"/></rdf:RDF></x:xmpmeta>')
    oriented.save(os.path.join(SRC, "xmp_orientation_6.jpg"), quality=92, xmp=xmp)
    add_decodable("xmp_orientation_6.jpg", "jpeg", "JPEG without EXIF, XMP tiff:Orientation=6 (Pillow's getexif fallback)",
                  orientation=6)
    exif = Image.Exif()
    exif[0x0112] = 6
    oriented.save(os.path.join(SRC, "exif_orientation_6.png"), exif=exif)
    add_decodable("exif_orientation_6.png", "exact", "PNG with eXIf chunk, orientation 6", orientation=6)
    oriented.save(os.path.join(SRC, "exif_orientation_8.webp"), lossless=True, exif=exif_bytes(8))
    add_decodable("exif_orientation_8.webp", "exact", "lossless WebP with EXIF chunk, orientation 8", orientation=8)

    # --- Bad inputs ---------------------------------------------------------------------------------
    with open(os.path.join(SRC, "photo_640x480.jpg"), "rb") as f:
        jpg = f.read()
    with open(os.path.join(SRC, "truncated.jpg"), "wb") as f:
        f.write(jpg[: len(jpg) * 55 // 100])
    assert_pillow_fails("truncated.jpg")
    add_bad("truncated.jpg", "CORRUPT", "first 55% of photo_640x480.jpg")
    with open(os.path.join(SRC, "photo_640x480.png"), "rb") as f:
        png = f.read()
    with open(os.path.join(SRC, "truncated.png"), "wb") as f:
        f.write(png[: len(png) // 2])
    assert_pillow_fails("truncated.png")
    add_bad("truncated.png", "CORRUPT", "first 50% of photo_640x480.png")
    open(os.path.join(SRC, "empty.jpg"), "wb").close()
    add_bad("empty.jpg", "EMPTY", "zero bytes")
    with open(os.path.join(SRC, "not_an_image.jpg"), "w") as f:
        f.write("This is a text file that merely has a .jpg name.\n")
    add_bad("not_an_image.jpg", "UNSUPPORTED_FORMAT", "plain text named .jpg")
    Image.new("1", (4000, 4000)).save(os.path.join(SRC, "huge_4000x4000.png"), optimize=True)
    add_bad("huge_4000x4000.png", "TOO_MANY_PIXELS", "4000x4000 black 1-bit PNG, a few KiB (pixel-limit guard)")

    # --- Resampler references (lossless sources, so only the resampler is compared) ------------------
    for w, h in ((224, 168), (298, 224), (224, 224), (333, 111), (17, 400)):
        add_resize("photo_640x480.png", p640, w, h)
    for w, h in ((224, 373), (224, 224), (150, 700)):
        add_resize("photo_300x500.png", p300, w, h)
    for w, h in ((373, 224), (224, 224), (97, 301), (51, 29)):
        add_resize("photo_50x30.png", p50, w, h)
    # (60, 20), (70, 10) and (51, 29)-style shapes shrink the height much more than the width: vertical pass first.
    for w, h in ((31, 17), (100, 75), (40, 130), (3, 11), (1, 1), (127, 48), (60, 20), (70, 10), (20, 47)):
        add_resize("noise_64x48.png", noise, w, h)

    # --- Preprocessing references ----------------------------------------------------------------------
    refs = {n: Image.open(os.path.join(HERE, fixture(n)["reference"])).convert("RGB") for n in
            ("photo_640x480.png", "photo_300x500.png", "photo_240x900.png", "photo_50x30.png", "photo_224x224.png",
             "photo_640x480.jpg")}
    for i, (n, img) in enumerate(refs.items()):
        add_preprocess(n, img, 100 + i)

    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")

    total = 0
    for root, _, files in os.walk(HERE):
        for fn in files:
            total += os.path.getsize(os.path.join(root, fn))
    print("fixtures written, %d files in manifest, folder size %.1f KiB" % (len(manifest["fixtures"]), total / 1024))


def fixture(name):
    return next(f for f in manifest["fixtures"] if f["file"] == name)


def patch_gif_screen(data, screen_w, screen_h, left, top):
    """Rewrites the logical screen size and the first image descriptor's position of a single-frame GIF."""
    b = bytearray(data)
    struct.pack_into("<HH", b, 6, screen_w, screen_h)
    flags = b[10]
    pos = 13
    if flags & 0x80:
        pos += 3 << ((flags & 7) + 1)
    while b[pos] == 0x21:  # extension: introducer, label, sub-blocks
        pos += 2
        while b[pos]:
            pos += b[pos] + 1
        pos += 1
    assert b[pos] == 0x2C, "image descriptor expected"
    struct.pack_into("<HH", b, pos + 1, left, top)
    return bytes(b)


def exif_bytes(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif.tobytes()


def assert_pillow_fails(name):
    try:
        with Image.open(os.path.join(SRC, name)) as im:
            im.load()
    except (OSError, SyntaxError, ValueError):
        return
    raise AssertionError("Pillow unexpectedly decoded " + name)


if __name__ == "__main__":
    main()
