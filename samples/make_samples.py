#!/usr/bin/env python3
"""Writes the sample pictures that `./clipstream local --images samples` indexes: simple drawings of colours
and shapes (a real CLIP model finds "a red circle" among them; the bundled tiny model cannot). Needs Pillow."""
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
COLOURS = {"red": (220, 30, 40), "green": (40, 170, 60), "blue": (40, 80, 220), "yellow": (245, 210, 30)}
BACKGROUNDS = {"white": (250, 250, 250), "black": (15, 15, 15), "sky": (140, 190, 240)}


def draw(shape, colour, background):
    img = Image.new("RGB", (320, 240), BACKGROUNDS[background])
    d = ImageDraw.Draw(img)
    box = (100, 60, 220, 180)
    fill = COLOURS[colour]
    if shape == "circle":
        d.ellipse(box, fill=fill)
    elif shape == "square":
        d.rectangle(box, fill=fill)
    else:
        d.polygon([(160, 55), (225, 185), (95, 185)], fill=fill)
    return img


def main():
    combos = [("circle", "red", "white"), ("circle", "blue", "sky"), ("circle", "yellow", "black"),
              ("square", "green", "white"), ("square", "red", "black"), ("square", "blue", "white"),
              ("triangle", "yellow", "sky"), ("triangle", "green", "black"), ("triangle", "red", "sky"),
              ("circle", "green", "sky"), ("square", "yellow", "white"), ("triangle", "blue", "white")]
    for shape, colour, background in combos:
        draw(shape, colour, background).save(HERE / f"{colour}-{shape}-on-{background}.jpg", quality=85)


if __name__ == "__main__":
    main()
