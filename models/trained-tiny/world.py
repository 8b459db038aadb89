"""The synthetic world the tiny CLIP learns: pictures of coloured, patterned shapes on textured backgrounds, with
captions written from varied templates and synonyms.

Every picture is fixed by six attributes (colour, shape, pattern, count, size, background) plus a seed for
everything else (positions, rotations, colour jitter, texture noise). Some (colour, shape) pairs never appear in
training: HELD_OUT. Evaluation, the Java test fixtures and the samples use them, so what is measured there is
composition ("red" and "circle" were each seen, a red circle never was).

Needs Pillow and NumPy only (samples/make_samples.py uses it without PyTorch).
"""
import math
import random
from dataclasses import dataclass, asdict

import numpy as np
from PIL import Image, ImageDraw

COLOURS = {
    "red": (210, 35, 40), "orange": (245, 130, 20), "yellow": (240, 215, 35), "green": (35, 165, 60),
    "blue": (35, 85, 215), "purple": (125, 55, 175), "pink": (240, 125, 190),
}
SHAPES = ["circle", "square", "triangle", "star", "hexagon", "cross"]
PATTERNS = ["plain", "striped", "dotted", "checkered"]
COUNTS = [1, 2, 3]
SIZES = ["small", "large"]
BACKGROUNDS = ["grass", "sand", "snow", "sky", "night"]
ATTRIBUTES = {
    "colour": list(COLOURS), "shape": SHAPES, "pattern": PATTERNS, "count": COUNTS, "size": SIZES,
    "background": BACKGROUNDS,
}
# (colour, shape) pairs that training never shows: one per colour, every shape at least once.
HELD_OUT = [("red", "circle"), ("blue", "square"), ("green", "triangle"), ("yellow", "star"),
            ("purple", "hexagon"), ("orange", "cross"), ("pink", "square")]
COUNT_WORDS = {1: "one", 2: "two", 3: "three"}


@dataclass(frozen=True)
class Scene:
    colour: str
    shape: str
    pattern: str
    count: int
    size: str
    background: str

    def held_out(self):
        return (self.colour, self.shape) in HELD_OUT

    def label(self):
        return asdict(self)

    def caption(self):
        """The canonical caption: every attribute, canonical words (evaluation prompts and sample names)."""
        return canonical(self)


def random_scene(rng, held_out):
    """A scene from the training combinations (held_out False) or the held-out ones (True)."""
    while True:
        colour, shape = rng.choice(list(COLOURS)), rng.choice(SHAPES)
        if ((colour, shape) in HELD_OUT) == held_out:
            break
    return Scene(colour, shape, rng.choice(PATTERNS), rng.choice(COUNTS), rng.choice(SIZES),
                 rng.choice(BACKGROUNDS))


# ------------------------------------------------------------------------------------------------ captions

def plural(word):
    return word + "es" if word.endswith("s") else word + "s"


def noun(shape, count):
    return shape if count == 1 else plural(shape)


def canonical(s, **override):
    """"a photo of two large striped red circles on grass": one template, canonical words; attributes may be
    overridden (the zero-shot prompts vary one attribute and keep the others)."""
    a = dict(asdict(s), **override)
    count = "one" if a["count"] == 1 else COUNT_WORDS[a["count"]]
    return (f"a photo of {count} {a['size']} {a['pattern']} {a['colour']} {noun(a['shape'], a['count'])} "
            f"{BACKGROUND_PHRASES[a['background']][0]}")


COLOUR_SYNONYMS = {"red": ["red", "scarlet"], "orange": ["orange"], "yellow": ["yellow", "golden"],
                   "green": ["green", "emerald"], "blue": ["blue", "azure"], "purple": ["purple", "violet"],
                   "pink": ["pink"]}
SHAPE_SYNONYMS = {"circle": ["circle", "disc"], "square": ["square", "block"], "triangle": ["triangle"],
                  "star": ["star"], "hexagon": ["hexagon"], "cross": ["cross", "plus sign"]}
SIZE_SYNONYMS = {"small": ["small", "tiny", "little"], "large": ["large", "big", "huge"]}
PATTERN_ADJECTIVES = {"plain": ["plain", "solid", "plain"], "striped": ["striped", "stripy"],
                      "dotted": ["dotted", "polka-dot", "spotted"], "checkered": ["checkered", "checked"]}
PATTERN_PHRASES = {"plain": ["in a single colour", "without a pattern"], "striped": ["with stripes"],
                   "dotted": ["with dots", "with polka dots"], "checkered": ["with a checkerboard pattern",
                                                                           "with checks"]}
BACKGROUND_PHRASES = {
    "grass": ["on grass", "on the grass", "on a lawn", "in a meadow"],
    "sand": ["on sand", "on the sand", "on a beach", "in the desert"],
    "snow": ["on snow", "in the snow", "on a snowy field"],
    "sky": ["in the sky", "against the sky", "among clouds"],
    "night": ["at night", "in the night sky", "in the dark"],
}
COUNT_SYNONYMS = {1: ["a", "one", "a single"], 2: ["two", "a pair of", "2"], 3: ["three", "3", "a trio of"]}
TEMPLATES = [
    "{np} {bg}", "a photo of {np} {bg}", "a picture of {np} {bg}", "an image showing {np} {bg}",
    "{np}", "a photo of {np}", "{bg_cap}, {np}", "there {be} {np} {bg}", "{np} {pp} {bg}", "{np} {bg}, {pp}",
    "a drawing of {np} {bg}", "{np}, {bg}",
]


def training_caption(s, rng):
    """One of many captions of scene s: synonyms, several templates, some attributes left out."""
    pick = rng.choice
    use_size = rng.random() < 0.7
    pattern_as_phrase = s.pattern != "plain" and rng.random() < 0.3
    use_pattern = not pattern_as_phrase and (rng.random() < (0.35 if s.pattern == "plain" else 0.8))
    use_colour = rng.random() < 0.92
    use_count = rng.random() < 0.85 or s.count > 1 and rng.random() < 0.5
    shape = pick(SHAPE_SYNONYMS[s.shape])
    if s.count > 1:
        shape = plural(shape)
    adjectives = []
    if use_size:
        adjectives.append(pick(SIZE_SYNONYMS[s.size]))
    if use_pattern:
        adjectives.append(pick(PATTERN_ADJECTIVES[s.pattern]))
    if use_colour:
        adjectives.append(pick(COLOUR_SYNONYMS[s.colour]))
    if len(adjectives) > 1 and rng.random() < 0.15:
        rng.shuffle(adjectives)
    if use_count:
        words = [pick(COUNT_SYNONYMS[s.count])] + adjectives + [shape]
    else:
        words = (["a"] if s.count == 1 else ["some"]) + adjectives + [shape]
    np_ = " ".join(words)
    if words[0] == "a" and words[1][0] in "aeiou":
        np_ = "an" + np_[1:]
    bg = pick(BACKGROUND_PHRASES[s.background]) if rng.random() < 0.85 else ""
    template = pick(TEMPLATES)
    if not bg and ("{bg" in template):
        template = pick(["{np}", "a photo of {np}", "{np} {pp}"])
    if "{pp}" in template and not pattern_as_phrase:
        template = template.replace(" {pp}", "").replace(", {pp}", "")
    elif pattern_as_phrase and "{pp}" not in template:
        template = template.replace("{np}", "{np} {pp}", 1)
    text = template.format(np=np_, bg=bg, bg_cap=bg[:1].upper() + bg[1:] if bg else "",
                           be="is" if s.count == 1 else "are", pp=pick(PATTERN_PHRASES.get(s.pattern, [""])))
    text = " ".join(text.split())
    if rng.random() < 0.2:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.1:
        text += "."
    return text


# ------------------------------------------------------------------------------------------------- drawing

BACKGROUND_BASE = {"grass": (70, 125, 45), "sand": (222, 196, 140), "snow": (238, 242, 248),
                   "sky": (150, 195, 240), "night": (18, 22, 48)}


def _background(kind, size, rng):
    """A textured background as an HxWx3 float array."""
    h = w = size
    base = np.array(BACKGROUND_BASE[kind], np.float32)
    img = np.broadcast_to(base, (h, w, 3)).copy()
    if kind == "grass":
        img += rng.normal(0, 14, (h, w, 1)).astype(np.float32) * np.array([0.6, 1.0, 0.4], np.float32)
        blades = max(40, size * 2)
        xs = rng.integers(0, w, blades)
        ys = rng.integers(0, h, blades)
        length = max(3, size // 16)
        for x, y in zip(xs, ys):
            shade = rng.uniform(-35, 25)
            img[max(0, y - length):y, x] += np.array([shade * 0.5, shade, shade * 0.3], np.float32)
    elif kind == "sand":
        img += rng.normal(0, 10, (h, w, 1)).astype(np.float32)
        yy = np.arange(h, dtype=np.float32)[:, None]
        img += (6 * np.sin(yy / max(2.0, size / 18) + rng.uniform(0, 6)))[..., None]
    elif kind == "snow":
        img += rng.normal(0, 5, (h, w, 1)).astype(np.float32)
        sparkle = rng.random((h, w)) < 0.01
        img[sparkle] = (205, 215, 235)
    elif kind == "sky":
        yy = np.linspace(-25, 25, h, dtype=np.float32)[:, None, None]
        img += yy * np.array([0.6, 0.5, 0.2], np.float32)
        for _ in range(rng.integers(2, 5)):
            cx, cy, r = rng.uniform(0, w), rng.uniform(0, h * 0.8), rng.uniform(size * 0.06, size * 0.14)
            y, x = np.ogrid[:h, :w]
            for dx in (-r, 0, r):
                blob = ((x - cx - dx) ** 2 + (y - cy) ** 2) < (r * 1.1) ** 2
                img[blob] = img[blob] * 0.3 + np.array([250, 250, 252], np.float32) * 0.7
    elif kind == "night":
        img += rng.normal(0, 4, (h, w, 1)).astype(np.float32)
        stars = rng.random((h, w)) < 0.004
        img[stars] = (235, 235, 210)
    return img


def _polygon(shape, cx, cy, r, angle):
    if shape == "square":
        pts = [(math.cos(angle + math.pi / 4 + k * math.pi / 2), math.sin(angle + math.pi / 4 + k * math.pi / 2))
               for k in range(4)]
        pts = [(x * 1.27, y * 1.27) for x, y in pts]  # side 0.9 r * 2
    elif shape == "triangle":
        pts = [(math.cos(angle - math.pi / 2 + k * 2 * math.pi / 3) * 1.1,
                math.sin(angle - math.pi / 2 + k * 2 * math.pi / 3) * 1.1 + 0.15) for k in range(3)]
    elif shape == "hexagon":
        pts = [(math.cos(angle + k * math.pi / 3), math.sin(angle + k * math.pi / 3)) for k in range(6)]
    elif shape == "star":
        pts = []
        for k in range(10):
            rad = 1.05 if k % 2 == 0 else 0.45
            a = angle - math.pi / 2 + k * math.pi / 5
            pts.append((math.cos(a) * rad, math.sin(a) * rad))
    elif shape == "cross":
        t = 0.36
        base = [(-t, -1), (t, -1), (t, -t), (1, -t), (1, t), (t, t), (t, 1), (-t, 1), (-t, t), (-1, t), (-1, -t),
                (-t, -t)]
        ca, sa = math.cos(angle), math.sin(angle)
        pts = [(x * ca - y * sa, x * sa + y * ca) for x, y in base]
    else:
        raise ValueError(shape)
    return [(cx + x * r, cy + y * r) for x, y in pts]


def _shape_mask(shape, box, cx, cy, r, angle):
    """Coverage of the shape in the box (x0, y0, x1, y1) as an HxWx1 float array."""
    x0, y0, x1, y1 = box
    mask = Image.new("L", (x1 - x0, y1 - y0), 0)
    d = ImageDraw.Draw(mask)
    cx, cy = cx - x0, cy - y0
    if shape == "circle":
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    else:
        d.polygon(_polygon(shape, cx, cy, r, angle), fill=255)
    return np.asarray(mask, np.float32)[..., None] / 255.0


def _pattern(pattern, box, cx, cy, r, angle):
    """1 where the pattern's second shade shows in the box, as an HxW float array."""
    if pattern == "plain":
        return None
    x0, y0, x1, y1 = box
    y, x = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    x, y = x - cx, y - cy
    ca, sa = math.cos(angle), math.sin(angle)
    u, v = x * ca + y * sa, -x * sa + y * ca
    period = max(3.0, r / 1.6)
    if pattern == "striped":
        return ((np.floor((u + v) / period) % 2) == 0).astype(np.float32)
    if pattern == "checkered":
        return (((np.floor(u / period) + np.floor(v / period)) % 2) == 0).astype(np.float32)
    if pattern == "dotted":
        gu, gv = (u / period) - np.round(u / period), (v / period) - np.round(v / period)
        return ((gu ** 2 + gv ** 2) < 0.3 ** 2).astype(np.float32)
    raise ValueError(pattern)


def _positions(count, radius, size, rng):
    """Centres for count objects of the given radius, apart from each other and inside the picture."""
    margin = radius * 1.05
    for _ in range(200):
        pts = [(rng.uniform(margin, size - margin), rng.uniform(margin, size - margin)) for _ in range(count)]
        if all(math.dist(a, b) > 2.05 * radius for i, a in enumerate(pts) for b in pts[i + 1:]):
            return pts
    layout = {1: [(0.5, 0.5)], 2: [(0.27, 0.5), (0.73, 0.5)], 3: [(0.27, 0.28), (0.73, 0.28), (0.5, 0.74)]}
    return [(fx * size, fy * size) for fx, fy in layout[count]]


def render(scene, size, seed):
    """The picture of scene as a size x size RGB Pillow image; seed fixes everything the attributes leave open."""
    rng = np.random.default_rng(seed)
    img = _background(scene.background, size, rng)
    frac = rng.uniform(0.09, 0.12) if scene.size == "small" else rng.uniform(0.19, 0.23)
    if scene.count == 3 and scene.size == "large":
        frac *= 0.92
    radius = frac * size
    base = np.array(COLOURS[scene.colour], np.float32) + rng.uniform(-14, 14, 3).astype(np.float32)
    second = base * 0.55 if scene.colour not in ("purple", "blue") else np.minimum(base * 1.0 + 90, 255)
    for cx, cy in _positions(scene.count, radius, size, rng):
        angle = 0.0 if scene.shape == "circle" else float(rng.uniform(-0.25, 0.25))
        reach = radius * 1.4
        box = (max(0, int(cx - reach)), max(0, int(cy - reach)), min(size, int(cx + reach) + 1),
               min(size, int(cy + reach) + 1))
        mask = _shape_mask(scene.shape, box, cx, cy, radius, angle)
        fill = np.broadcast_to(base, mask.shape[:2] + (3,))
        pat = _pattern(scene.pattern, box, cx, cy, radius, float(rng.uniform(-0.3, 0.3)))
        if pat is not None:
            fill = fill * (1 - pat[..., None]) + second * pat[..., None]
        region = img[box[1]:box[3], box[0]:box[2]]
        img[box[1]:box[3], box[0]:box[2]] = region * (1 - mask) + fill * mask
    return Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), "RGB")


def scene_seed(base_seed, index):
    """A per-picture seed independent of the order pictures are made in (parallel generation stays stable)."""
    return (base_seed * 1_000_003 + index * 7919) % (2 ** 63)


def scenes(count, held_out, seed):
    rng = random.Random(seed)
    return [random_scene(rng, held_out) for _ in range(count)]
