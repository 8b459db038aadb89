#!/usr/bin/env python3
"""Python baseline for clipstream's indexer benchmark.

Encodes every image in a folder the way Python CLIP services do it (Immich machine-learning,
clip-as-service): Pillow decode, convert to RGB, bicubic resize of the shortest edge, centre crop,
NumPy normalisation, then onnxruntime on batches of the same size clipstream uses. Single process,
like those services per worker. Prints one JSON line with images/s.

Usage: baseline.py --model DIR --images DIR [--batch 32] [--threads 0] [--limit N]
Needs: pillow, numpy, onnxruntime (requirements.txt beside this file).
"""
import argparse
import json
import os
import time

import numpy as np
import onnxruntime as ort
from PIL import Image


def load_preprocess(model_dir):
    with open(os.path.join(model_dir, "preprocessor_config.json")) as f:
        cfg = json.load(f)
    size = cfg.get("size", {})
    crop = cfg.get("crop_size", {})
    if "shortest_edge" in size:
        return "crop", size["shortest_edge"], crop.get("height", size["shortest_edge"]), cfg
    return "squash", size["height"], size["height"], cfg


def preprocess(path, mode, edge, crop, mean, std):
    img = Image.open(path).convert("RGB")
    if mode == "squash":
        img = img.resize((crop, crop), Image.BICUBIC)
    else:
        w, h = img.size
        if w <= h:
            nw, nh = edge, int(edge * h / w)
        else:
            nw, nh = int(edge * w / h), edge
        img = img.resize((nw, nh), Image.BICUBIC)
        left, top = (nw - crop) // 2, (nh - crop) // 2
        img = img.crop((left, top, left + crop, top + crop))
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - mean) / std
    return x.transpose(2, 0, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="model directory in the Hugging Face layout")
    ap.add_argument("--images", required=True)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads, 0 = default")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    mode, edge, crop, cfg = load_preprocess(args.model)
    mean = np.array(cfg["image_mean"], dtype=np.float32)
    std = np.array(cfg["image_std"], dtype=np.float32)
    options = ort.SessionOptions()
    if args.threads:
        options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(os.path.join(args.model, "onnx", "vision_model.onnx"), options,
                                   providers=["CPUExecutionProvider"])
    files = sorted(os.path.join(args.images, f) for f in os.listdir(args.images)
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))
    if args.limit:
        files = files[:args.limit]
    # Warm-up: one batch, not timed.
    warm = np.stack([preprocess(f, mode, edge, crop, mean, std) for f in files[:args.batch]])
    session.run(None, {"pixel_values": warm})

    start = time.perf_counter()
    decode_s = 0.0
    count = 0
    for i in range(0, len(files), args.batch):
        t0 = time.perf_counter()
        batch = np.stack([preprocess(f, mode, edge, crop, mean, std) for f in files[i:i + args.batch]])
        decode_s += time.perf_counter() - t0
        embeds = session.run(["image_embeds"], {"pixel_values": batch})[0]
        embeds /= np.linalg.norm(embeds, axis=-1, keepdims=True)
        count += len(batch)
    elapsed = time.perf_counter() - start
    print(json.dumps({"images": count, "seconds": round(elapsed, 3), "images_per_s": round(count / elapsed, 2),
                      "preprocess_share": round(decode_s / elapsed, 3), "batch": args.batch,
                      "onnxruntime": ort.__version__}))


if __name__ == "__main__":
    main()
