#!/usr/bin/env python3
"""Writes the pictures `./clipstream local --images samples` indexes, drawn by the generator the bundled tiny CLIP
was trained on (models/trained-tiny/world.py), and captions.json beside them.

Several pictures show (colour, shape) pairs the model never saw in training (a red circle, blue squares, ...),
next to pictures that differ from them in one attribute, so the prompts below test composition, not memory.
Each file name is its short caption, and the publisher sends the path as metadata, so a search hit names what it
shows. captions.json has each picture's full caption and attributes, and the prompts with the pictures that
answer them; LocalModeIT (local) checks that those rank in the top 3 through indexing and search.

Needs Pillow and NumPy. Deterministic.
"""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "models/trained-tiny"))
import world  # noqa: E402
from world import Scene  # noqa: E402

SIZE = 256
SEED = 20261207

# colour, shape, pattern, count, size, background
SAMPLES = [
    # a red circle on grass (held out), and pictures one attribute away from it
    ("red", "circle", "plain", 1, "large", "grass"),
    ("red", "circle", "plain", 1, "large", "sand"),
    ("red", "square", "plain", 1, "large", "grass"),
    ("green", "circle", "plain", 1, "large", "grass"),
    ("orange", "circle", "plain", 1, "large", "grass"),
    ("red", "triangle", "dotted", 1, "small", "grass"),
    # two blue squares (held out)
    ("blue", "square", "plain", 2, "large", "snow"),
    ("blue", "square", "checkered", 3, "small", "sand"),
    ("blue", "circle", "plain", 2, "large", "snow"),
    ("purple", "square", "plain", 2, "large", "snow"),
    ("blue", "triangle", "plain", 2, "small", "sky"),
    # a yellow star in the sky (held out)
    ("yellow", "star", "plain", 1, "large", "sky"),
    ("yellow", "star", "striped", 2, "small", "sand"),
    ("yellow", "circle", "plain", 1, "large", "sky"),
    ("orange", "star", "plain", 1, "large", "sky"),
    # three green triangles (held out)
    ("green", "triangle", "plain", 3, "small", "sand"),
    ("green", "triangle", "dotted", 1, "large", "night"),
    ("green", "square", "plain", 3, "small", "sand"),
    ("yellow", "triangle", "plain", 3, "small", "night"),
    # a striped purple hexagon (held out)
    ("purple", "hexagon", "striped", 1, "large", "night"),
    ("purple", "hexagon", "plain", 2, "small", "grass"),
    ("purple", "square", "striped", 1, "large", "night"),
    ("blue", "hexagon", "striped", 1, "large", "night"),
    # an orange cross on snow (held out)
    ("orange", "cross", "plain", 1, "large", "snow"),
    ("orange", "cross", "checkered", 2, "small", "grass"),
    ("red", "cross", "plain", 1, "large", "snow"),
    ("orange", "square", "plain", 1, "large", "snow"),
    # a dotted pink square (held out)
    ("pink", "square", "dotted", 1, "large", "sky"),
    ("pink", "circle", "dotted", 1, "large", "sky"),
    ("red", "square", "dotted", 1, "large", "sky"),
    # and a few more of what the model did see
    ("green", "star", "checkered", 1, "large", "snow"),
    ("pink", "hexagon", "striped", 3, "small", "sky"),
    ("yellow", "cross", "plain", 2, "large", "night"),
    ("purple", "circle", "dotted", 1, "small", "sand"),
    ("red", "hexagon", "checkered", 1, "large", "sand"),
    ("blue", "star", "plain", 3, "small", "grass"),
]

# Each prompt names some attributes; the pictures with exactly those are its answers. All are held-out pairs.
PROMPTS = {
    "a red circle on grass": dict(colour="red", shape="circle", background="grass"),
    "two blue squares": dict(colour="blue", shape="square", count=2),
    "a yellow star in the sky": dict(colour="yellow", shape="star", count=1, background="sky"),
    "three green triangles": dict(colour="green", shape="triangle", count=3),
    "a striped purple hexagon": dict(colour="purple", shape="hexagon", pattern="striped"),
    "an orange cross on snow": dict(colour="orange", shape="cross", background="snow"),
    "a dotted pink square": dict(colour="pink", shape="square", pattern="dotted"),
}


def file_name(s):
    words = [world.COUNT_WORDS[s.count]] if s.count > 1 else []
    words += [s.size] + ([s.pattern] if s.pattern != "plain" else []) + [s.colour, world.noun(s.shape, s.count)]
    words += world.BACKGROUND_PHRASES[s.background][0].split()
    return "-".join(words) + ".jpg"


def main():
    for old in HERE.glob("*.jpg"):
        old.unlink()
    images = {}
    for i, attrs in enumerate(SAMPLES):
        scene = Scene(*attrs)
        name = file_name(scene)
        assert name not in images, name
        world.render(scene, SIZE, world.scene_seed(SEED, i)).save(HERE / name, quality=90)
        images[name] = dict(caption=scene.caption(), heldOut=scene.held_out(), **scene.label())
    prompts = {}
    for prompt, wanted in PROMPTS.items():
        answers = sorted(n for n, a in images.items() if all(a[k] == v for k, v in wanted.items()))
        assert answers and all(images[n]["heldOut"] for n in answers), prompt
        prompts[prompt] = answers
    (HERE / "captions.json").write_text(json.dumps({
        "about": "Written by make_samples.py: each picture's caption and attributes, and prompts of held-out "
                 "(colour, shape) pairs with the pictures that answer them.",
        "images": images, "prompts": prompts}, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(images)} pictures and captions.json")


if __name__ == "__main__":
    main()
