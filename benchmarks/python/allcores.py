#!/usr/bin/env python3
"""Python all-cores baseline for clipstream's ingest benchmark.

How the Python batch pipelines (clip-retrieval's inference over a torch DataLoader with num_workers,
img2dataset feeding it) use a machine: worker processes, one per core by default, decode and preprocess
whole batches with Pillow and NumPy (exactly baseline.py's preprocess), and the parent runs one onnxruntime
session on batches of 32 as they arrive, in order. Batches travel through shared memory, two per worker in
flight (DataLoader's default prefetch_factor), so no pickling of pixels is timed.

Usage: allcores.py --model DIR --images DIR [--workers N] [--batch 32] [--threads 0] [--limit N]
Prints one JSON line with images/s.
"""
import argparse
import json
import multiprocessing as mp
import os
import time
from multiprocessing import shared_memory

import numpy as np
import onnxruntime as ort

from baseline import load_preprocess, preprocess

_worker = {}


def _start_worker(model_dir, shm_name, shape):
    mode, edge, crop, cfg = load_preprocess(model_dir)
    shm = shared_memory.SharedMemory(name=shm_name)
    _worker.update(shm=shm, slots=np.ndarray(shape, dtype=np.float32, buffer=shm.buf), mode=mode, edge=edge,
                   crop=crop, mean=np.array(cfg["image_mean"], dtype=np.float32),
                   std=np.array(cfg["image_std"], dtype=np.float32))


def _fill(slot, paths):
    """Decodes and preprocesses one batch into its shared-memory slot: what a DataLoader worker does."""
    w = _worker
    out = w["slots"][slot]
    for i, path in enumerate(paths):
        out[i] = preprocess(path, w["mode"], w["edge"], w["crop"], w["mean"], w["std"])
    return slot, len(paths)


def encode_all(pool, session, slots, batches, batch_size):
    """Runs every batch through the session in order; returns (images, seconds the parent waited for data)."""
    free = list(range(len(slots)))
    pending = []
    nxt = 0
    count = 0
    waited = 0.0
    while nxt < len(batches) and free:
        pending.append(pool.apply_async(_fill, (free.pop(), batches[nxt])))
        nxt += 1
    while pending:
        t0 = time.perf_counter()
        slot, n = pending.pop(0).get()
        waited += time.perf_counter() - t0
        embeds = session.run(["image_embeds"], {"pixel_values": slots[slot][:n]})[0]
        embeds /= np.linalg.norm(embeds, axis=-1, keepdims=True)
        count += n
        if nxt < len(batches):
            pending.append(pool.apply_async(_fill, (slot, batches[nxt])))
            nxt += 1
    return count, waited


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="model directory in the Hugging Face layout")
    ap.add_argument("--images", required=True)
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=0, help="onnxruntime intra-op threads, 0 = default")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    _, _, crop, _ = load_preprocess(args.model)
    files = sorted(os.path.join(args.images, f) for f in os.listdir(args.images)
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))
    if args.limit:
        files = files[:args.limit]
    batches = [files[i:i + args.batch] for i in range(0, len(files), args.batch)]
    shape = (2 * args.workers, args.batch, 3, crop, crop)
    shm = shared_memory.SharedMemory(create=True, size=int(np.prod(shape)) * 4)
    try:
        slots = np.ndarray(shape, dtype=np.float32, buffer=shm.buf)
        # The pool starts before onnxruntime creates its threads: forking a process with threads is unsafe.
        with mp.Pool(args.workers, initializer=_start_worker, initargs=(args.model, shm.name, shape)) as pool:
            options = ort.SessionOptions()
            if args.threads:
                options.intra_op_num_threads = args.threads
            session = ort.InferenceSession(os.path.join(args.model, "onnx", "vision_model.onnx"), options,
                                           providers=["CPUExecutionProvider"])
            # Warm-up, not timed: every worker started and one batch through the session.
            encode_all(pool, session, slots, batches[:args.workers], args.batch)

            start = time.perf_counter()
            count, waited = encode_all(pool, session, slots, batches, args.batch)
            elapsed = time.perf_counter() - start
            del slots
    finally:
        shm.close()
        shm.unlink()
    print(json.dumps({"images": count, "seconds": round(elapsed, 3), "images_per_s": round(count / elapsed, 2),
                      "workers": args.workers, "wait_share": round(waited / elapsed, 3), "batch": args.batch,
                      "onnxruntime": ort.__version__}))


if __name__ == "__main__":
    main()
