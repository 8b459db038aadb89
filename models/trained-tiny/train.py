#!/usr/bin/env python3
"""Train the tiny CLIP that `./clipstream local` uses by default, on the synthetic world of world.py.

Both towers are the real CLIP architecture (transformers' CLIPModel: a ViT and a causal text transformer pooled
at the end-of-text token), trained from scratch with CLIP's symmetric contrastive loss on CPU. The script then:

  clip-hf/        exports the Hugging Face / transformers.js layout (onnx/vision_model.onnx, onnx/text_model.onnx,
                  config.json, preprocessor_config.json, tokenizer.json: a byte-level BPE trained on the
                  captions with CLIP's normaliser, split pattern and specials)
  clip-openclip/  and the OpenCLIP / Immich layout of the same weights (visual/model.onnx, textual/model.onnx)
  heldout/        writes Java test fixtures: pictures of held-out (colour, shape) pairs and their labels
  README.md       evaluates the exported ONNX graphs (onnxruntime) on held-out combinations and writes the model
                  card here and in docs/tiny-clip-model-card.md

Deterministic for a given seed, thread count, CPU and library versions (requirements.txt beside this file).
Takes about 10 minutes on 2 cores.
"""
import argparse
import json
import math
import os
import random
import resource
import shutil
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tiny"))
import world  # noqa: E402
from generate import (BICUBIC, CLIP_CONTEXT, OPENAI_MEAN, OPENAI_STD, RESCALE, ClipText, ClipVision,  # noqa: E402
                      OpenClipTextual, OpenClipVisual, assert_close, clip_tokenizer, export, write_json)
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors  # noqa: E402
from transformers import CLIPConfig, CLIPModel  # noqa: E402

IMAGE = 64
RENDER_SIZES = (96, 128, 160, 192)
FIXTURE_SIZE = 128
ARCH = dict(patch=16, hidden=96, layers=4, heads=4, text_hidden=64, text_layers=3, text_heads=4, projection=64,
            vocab=1000)


# -------------------------------------------------------------------------------------------------- data

def preprocess(img):
    """What the Java path does to a square picture: bicubic resize (Pillow's) to the model size, RGB bytes."""
    return np.asarray(img.convert("RGB").resize((IMAGE, IMAGE), resample=Image.BICUBIC), np.uint8)


def _render_task(args):
    scene, size, seed = args
    return preprocess(world.render(scene, size, seed))


def render_all(scenes, seed, sizes, workers):
    rng = random.Random(seed)
    tasks = [(s, rng.choice(sizes), world.scene_seed(seed, i)) for i, s in enumerate(scenes)]
    with Pool(workers) as pool:
        return np.stack(pool.map(_render_task, tasks, chunksize=256))


def to_tensor(pixels):
    x = torch.from_numpy(pixels).float().mul_(RESCALE).permute(0, 3, 1, 2)
    mean = torch.tensor(OPENAI_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(OPENAI_STD).view(1, 3, 1, 1)
    return ((x - mean) / std).contiguous()


def tokenize(tok, texts, eos):
    encodings = tok.encode_batch(texts)
    longest = max(len(e.ids) for e in encodings)
    ids = torch.full((len(texts), longest), eos, dtype=torch.int64)
    mask = torch.zeros((len(texts), longest), dtype=torch.int64)
    for row, e in enumerate(encodings):
        ids[row, :len(e.ids)] = torch.tensor(e.ids)
        mask[row, :len(e.ids)] = 1
    return ids, mask


def caption_tokenizer(vocab_size, lines):
    """A byte-level BPE on the captions, set up like a real CLIP tokenizer.json (models/tiny/generate.py's
    normaliser, split pattern, </w> suffix, specials last). The merges are learnt here rather than by the
    tokenizers library's trainer, whose choice among equally frequent pairs changes from run to run: ties go to
    the smallest pair, so a seed gives the same vocabulary every time."""
    probe, _, _ = clip_tokenizer(vocab_size, lines)  # for its normaliser and pre-tokeniser only
    counts = {}
    for line in lines:
        for piece, _ in probe.pre_tokenizer.pre_tokenize_str(probe.normalizer.normalize_str(line)):
            counts[piece] = counts.get(piece, 0) + 1
    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    vocab = alphabet + [c + "</w>" for c in alphabet]
    words = {tuple(w[:-1]) + (w[-1] + "</w>",): n for w, n in sorted(counts.items())}
    merges = []
    while len(vocab) + 2 < vocab_size:
        pairs = {}
        for w, n in words.items():
            for pair in zip(w, w[1:]):
                pairs[pair] = pairs.get(pair, 0) + n
        if not pairs:
            break
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        if pairs[best] < 2:
            break
        merges.append(best)
        vocab.append(best[0] + best[1])
        merged = {}
        for w, n in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        words = merged
    tok = Tokenizer(models.BPE(vocab={t: i for i, t in enumerate(vocab)}, merges=merges, end_of_word_suffix="</w>",
                               fuse_unk=False))
    tok.normalizer, tok.pre_tokenizer = probe.normalizer, probe.pre_tokenizer
    tok.add_special_tokens(["<|startoftext|>", "<|endoftext|>"])
    bos, eos = tok.token_to_id("<|startoftext|>"), tok.token_to_id("<|endoftext|>")
    assert eos == tok.get_vocab_size() - 1, "CLIP pools at argmax(input_ids): eos must be the largest id"
    tok.post_processor = processors.RobertaProcessing(("<|endoftext|>", eos), ("<|startoftext|>", bos),
                                                      trim_offsets=False, add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok, bos, eos


# ------------------------------------------------------------------------------------------------- model

def make_model(vocab, bos, eos):
    a = ARCH
    cfg = CLIPConfig(
        text_config=dict(vocab_size=vocab, hidden_size=a["text_hidden"], intermediate_size=4 * a["text_hidden"],
                         num_hidden_layers=a["text_layers"], num_attention_heads=a["text_heads"],
                         max_position_embeddings=CLIP_CONTEXT, bos_token_id=bos, eos_token_id=eos,
                         pad_token_id=eos, hidden_act="quick_gelu"),
        vision_config=dict(hidden_size=a["hidden"], intermediate_size=4 * a["hidden"], num_hidden_layers=a["layers"],
                           num_attention_heads=a["heads"], image_size=IMAGE, patch_size=a["patch"],
                           hidden_act="quick_gelu"),
        projection_dim=a["projection"])
    return cfg, CLIPModel(cfg)


def mimetic_init(model, seed):
    """Optional start for the vision tower (--init mimetic): each attention head's query-key product starts near
    0.7 (Z + I) and its value-output product near 0.4 (Z - I), Z random (Trockman and Kolter, "Mimetic
    initialization of self-attention layers", 2023), and the position embeddings start as 2-D sine-cosine codes, so
    attention begins local, as a convolution's would. Only the starting values change; the graph is CLIP's."""
    g = torch.Generator().manual_seed(seed)
    vm = model.vision_model
    with torch.no_grad():
        for layer in vm.encoder.layers:
            attn = layer.self_attn
            d, heads = attn.embed_dim, attn.num_heads
            dh = d // heads
            wq, wk, wv, wo = (torch.empty(d, d) for _ in range(4))
            for h in range(heads):
                rows = slice(h * dh, (h + 1) * dh)
                for (alpha, beta), (left, right) in (((0.7, 0.7), (wq, wk)), ((0.4, -0.4), (wv, wo))):
                    z = torch.randn(d, d, generator=g) / math.sqrt(d)
                    u, sv, vt = torch.linalg.svd(alpha * z + beta * torch.eye(d))
                    root = sv[:dh].sqrt()
                    left[rows] = (u[:, :dh] * root).t()
                    if right is wk:
                        right[rows] = (vt[:dh].t() * root).t()
                    else:
                        right[:, rows] = vt[:dh].t() * root
            attn.q_proj.weight.copy_(wq)
            attn.k_proj.weight.copy_(wk)
            attn.v_proj.weight.copy_(wv)
            attn.out_proj.weight.copy_(wo)
        pos = vm.embeddings.position_embedding.weight
        grid, quarter = math.isqrt(pos.shape[0] - 1), pos.shape[1] // 4
        omega = 1.0 / 10000 ** (torch.arange(quarter, dtype=torch.float64) / quarter)
        ys, xs = torch.meshgrid(torch.arange(grid, dtype=torch.float64), torch.arange(grid, dtype=torch.float64),
                                indexing="ij")
        codes = [torch.cat([(p.reshape(-1, 1) * omega).sin(), (p.reshape(-1, 1) * omega).cos()], 1) for p in (ys, xs)]
        pos.zero_()
        pos[1:, :4 * quarter] = torch.cat(codes, 1).float()


AUX_ATTRIBUTES = ("shape", "pattern", "count")


def attribute_heads(hidden):
    """Optional linear heads on the vision tower's pooled output (--aux-heads W), one per attribute the contrastive
    loss learns slowly, trained with the generator's labels and dropped at export."""
    return torch.nn.ModuleDict({a: torch.nn.Linear(hidden, len(world.ATTRIBUTES[a])) for a in AUX_ATTRIBUTES})


def embed_texts(model, ids, mask):
    e = model.text_projection(model.text_model(input_ids=ids, attention_mask=mask).pooler_output)
    return e / e.norm(dim=-1, keepdim=True)


def train(model, pixels, scenes, tok, eos, args, log, heads=None):
    torch.manual_seed(args.seed)
    named = list(model.named_parameters()) + (list(heads.named_parameters()) if heads is not None else [])
    decay = [p for n, p in named if p.ndim >= 2 and "embedding" not in n]
    rest = [p for n, p in named if not (p.ndim >= 2 and "embedding" not in n)]
    labels = {a: torch.tensor([world.ATTRIBUTES[a].index(getattr(s, a)) for s in scenes]) for a in AUX_ATTRIBUTES}
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": rest, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    warmup = max(1, args.steps // 20)

    def lr_at(step):
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, args.steps - warmup)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_at)
    captions = random.Random(args.seed + 1)
    order = torch.Generator().manual_seed(args.seed + 2)
    perm, cursor = torch.randperm(len(scenes), generator=order), 0
    model.train()
    started = time.time()
    for step in range(args.steps):
        if cursor + args.batch > len(perm):
            perm, cursor = torch.randperm(len(scenes), generator=order), 0
        idx = perm[cursor:cursor + args.batch]
        cursor += args.batch
        x = to_tensor(pixels[idx.numpy()])
        ids, mask = tokenize(tok, [world.training_caption(scenes[i], captions) for i in idx.tolist()], eos)
        pooled = model.vision_model(pixel_values=x).pooler_output
        img = model.visual_projection(pooled)
        img, txt = img / img.norm(dim=-1, keepdim=True), embed_texts(model, ids, mask)
        logits = model.logit_scale.exp() * img @ txt.t()
        target = torch.arange(len(idx))
        loss = (torch.nn.functional.cross_entropy(logits, target)
                + torch.nn.functional.cross_entropy(logits.t(), target)) / 2
        if heads is not None:
            loss = loss + args.aux_heads * sum(torch.nn.functional.cross_entropy(heads[a](pooled), labels[a][idx])
                                               for a in AUX_ATTRIBUTES)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
        opt.step()
        sched.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if step % 50 == 0 or step == args.steps - 1:
            log(f"step {step:5d}/{args.steps}  loss {loss.item():.3f}  scale {model.logit_scale.exp().item():.1f}  "
                f"{time.time() - started:.0f} s")
    model.eval()
    return time.time() - started


# ------------------------------------------------------------------------------------------------ export

def export_layouts(model, cfg, tok, bos, eos, out):
    """The same files a real export has, in both layouts (see models/tiny/generate.py for the random ones)."""
    name = "tiny-clip-shapes"
    hf = out / "clip-hf"
    shutil.rmtree(hf, ignore_errors=True)
    config = cfg.to_dict()
    config["architectures"] = ["CLIPModel"]
    config["_name_or_path"] = f"clipstream/{name}"
    write_json(hf / "config.json", config)
    write_json(hf / "preprocessor_config.json", {
        "crop_size": {"height": IMAGE, "width": IMAGE}, "do_center_crop": True, "do_convert_rgb": True,
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": OPENAI_MEAN,
        "image_processor_type": "CLIPImageProcessor", "image_std": OPENAI_STD, "resample": BICUBIC,
        "rescale_factor": RESCALE, "size": {"shortest_edge": IMAGE}})
    tok.save(str(hf / "tokenizer.json"))
    specials = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                "unk_token": "<|endoftext|>"}
    write_json(hf / "tokenizer_config.json", dict(specials, model_max_length=CLIP_CONTEXT, do_lower_case=True,
                                                  tokenizer_class="CLIPTokenizer"))
    write_json(hf / "special_tokens_map.json", specials)
    scale = float(model.logit_scale.exp())
    write_json(hf / "clipstream.json", {"modelId": name, "logitScale": round(scale, 4), "logitBias": 0.0})

    pixels = torch.randn(2, 3, IMAGE, IMAGE)
    ids = torch.tensor([[bos, 5, 6, 7, eos, eos], [bos, 9, eos, eos, eos, eos]])
    mask = (torch.arange(ids.shape[1])[None, :] <= (ids == eos).int().argmax(-1)[:, None]).long()
    export(ClipVision(model), (pixels,), hf / "onnx/vision_model.onnx", ["pixel_values"],
           ["image_embeds", "last_hidden_state"], True)
    export(ClipText(model), (ids, mask), hf / "onnx/text_model.onnx", ["input_ids", "attention_mask"],
           ["text_embeds", "last_hidden_state"], True)
    sess = ort.InferenceSession(str(hf / "onnx/vision_model.onnx"))
    assert_close(sess.run(["image_embeds"], {"pixel_values": pixels.numpy()})[0],
                 ClipVision(model)(pixels)[0].numpy(), "vision")
    sess = ort.InferenceSession(str(hf / "onnx/text_model.onnx"))
    assert_close(sess.run(["text_embeds"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0],
                 ClipText(model)(ids, mask)[0].numpy(), "text")

    oc = out / "clip-openclip"
    shutil.rmtree(oc, ignore_errors=True)
    a = ARCH
    write_json(oc / "config.json", {
        "embed_dim": a["projection"],
        "vision_cfg": {"image_size": IMAGE, "layers": a["layers"], "width": a["hidden"], "patch_size": a["patch"]},
        "text_cfg": {"context_length": CLIP_CONTEXT, "vocab_size": tok.get_vocab_size(), "width": a["text_hidden"],
                     "heads": a["text_heads"], "layers": a["text_layers"]}})
    write_json(oc / "visual/preprocess_cfg.json", {
        "size": [IMAGE, IMAGE], "mode": "RGB", "mean": OPENAI_MEAN, "std": OPENAI_STD,
        "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0})
    (oc / "textual").mkdir(parents=True, exist_ok=True)
    tok.save(str(oc / "textual/tokenizer.json"))
    oc_specials = dict(specials, pad_token="!")  # open_clip pads with id 0
    write_json(oc / "textual/tokenizer_config.json", dict(oc_specials, model_max_length=CLIP_CONTEXT))
    write_json(oc / "textual/special_tokens_map.json", oc_specials)
    write_json(oc / "clipstream.json", {"modelId": name + "-openclip", "logitScale": round(scale, 4),
                                        "logitBias": 0.0})
    one_text = torch.zeros(1, CLIP_CONTEXT, dtype=torch.int32)
    one_text[0, :4] = torch.tensor([bos, 5, 6, eos])
    export(OpenClipVisual(model), (pixels[:1],), oc / "visual/model.onnx", ["image"], ["embedding"], False)
    export(OpenClipTextual(model), (one_text,), oc / "textual/model.onnx", ["text"], ["embedding"], False)
    return hf, oc


# -------------------------------------------------------------------------------------------- evaluation

class OnnxClip:
    """The exported Hugging Face layout through onnxruntime, fed the way the Java path feeds it."""

    def __init__(self, hf, tok, eos):
        self.vision = ort.InferenceSession(str(hf / "onnx/vision_model.onnx"))
        self.text = ort.InferenceSession(str(hf / "onnx/text_model.onnx"))
        self.tok, self.eos = tok, eos

    def images(self, pixels):
        out = [self.vision.run(["image_embeds"], {"pixel_values": to_tensor(pixels[i:i + 256]).numpy()})[0]
               for i in range(0, len(pixels), 256)]
        e = np.concatenate(out)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    def texts(self, texts):
        out = []
        for i in range(0, len(texts), 256):
            ids, mask = tokenize(self.tok, texts[i:i + 256], self.eos)
            out.append(self.text.run(["text_embeds"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0])
        e = np.concatenate(out)
        return e / np.linalg.norm(e, axis=1, keepdims=True)


def zero_shot(clip, scenes, image_vectors):
    """Per attribute: the share of pictures whose canonical caption, with only that attribute varied over its
    values, is nearest for the true value."""
    acc = {}
    for attr, values in world.ATTRIBUTES.items():
        prompts = sorted({world.canonical(s, **{attr: v}) for s in scenes for v in values})
        vec = dict(zip(prompts, clip.texts(prompts)))
        right = 0
        for s, img in zip(scenes, image_vectors):
            scores = [float(vec[world.canonical(s, **{attr: v})] @ img) for v in values]
            right += values[int(np.argmax(scores))] == getattr(s, attr)
        acc[attr] = right / len(scenes)
    return acc


def recall_at(clip, scenes, image_vectors, k=10):
    """Text to image: for each distinct canonical caption, whether a picture of exactly that scene is in the top k."""
    captions = sorted({s.caption() for s in scenes})
    text_vectors = clip.texts(captions)
    hits = 0
    for caption, t in zip(captions, text_vectors):
        top = np.argsort(-(image_vectors @ t), kind="stable")[:k]
        hits += any(scenes[i].caption() == caption for i in top)
    return hits / len(captions), len(captions)


def sample_prompts(clip):
    """Ranks of the right samples for the prompts samples/make_samples.py lists (its captions.json)."""
    index = REPO / "samples/captions.json"
    if not index.exists():
        return []
    meta = json.loads(index.read_text())
    files = sorted(meta["images"])
    pixels = np.stack([preprocess(Image.open(REPO / "samples" / f)) for f in files])
    vectors = clip.images(pixels)
    rows = []
    for prompt, expected in meta["prompts"].items():
        order = np.argsort(-(vectors @ clip.texts([prompt])[0]), kind="stable")
        ranks = sorted(int(np.where(order == files.index(f))[0][0]) + 1 for f in expected)
        rows.append((prompt, ranks, [files[i] for i in order[:3]]))
    return rows


def write_fixtures(out, scenes, seed):
    """Java test fixtures: JPEG pictures of held-out scenes (as a user's files would be) and their labels."""
    folder = out / "heldout"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    labels = {}
    for i, s in enumerate(scenes):
        name = f"{i:03d}-{s.colour}-{s.shape}.jpg"
        world.render(s, FIXTURE_SIZE, world.scene_seed(seed, i)).save(folder / name, quality=90)
        labels[name] = s.label()
    return folder, labels


def fixture_labels(scenes, labels, accuracy):
    """labels.json: each fixture's attributes and, per attribute, its zero-shot prompts (indices into one table)
    with the index of the true one, so the Java test asks exactly what this script asked."""
    prompts, index = [], {}
    images = {}
    for (name, label), s in zip(labels.items(), scenes):
        per_attribute = {}
        for attr, values in world.ATTRIBUTES.items():
            ids = []
            for v in values:
                p = world.canonical(s, **{attr: v})
                if p not in index:
                    index[p] = len(prompts)
                    prompts.append(p)
                ids.append(index[p])
            per_attribute[attr] = {"prompts": ids, "answer": values.index(getattr(s, attr))}
        images[name] = dict(label, caption=s.caption(), zeroShot=per_attribute)
    return {"about": "Pictures of held-out (colour, shape) pairs drawn by world.py, with the zero-shot prompts "
                     "train.py asked of each and the accuracies it measured (onnxruntime, Pillow decoding).",
            "accuracy": accuracy, "prompts": prompts, "images": images}


# ------------------------------------------------------------------------------------------------ card

def card(m, link):
    a = ARCH
    zs = m["zeroShot"]
    rows = "\n".join(f"| {attr} | {len(world.ATTRIBUTES[attr])} | {zs['heldOut'][attr] * 100:.1f} % | "
                     f"{zs['seenCombinations'][attr] * 100:.1f} % | {zs['javaFixtures'][attr] * 100:.1f} % |"
                     for attr in world.ATTRIBUTES)
    samples = "\n".join(f"| {p} | {', '.join(map(str, r))} | {', '.join(top)} |" for p, r, top in m["samples"])
    held = ", ".join(f"{c} {s}" for c, s in world.HELD_OUT)
    chance = {attr: 1 / len(values) for attr, values in world.ATTRIBUTES.items()}
    weak = [f"{attr} {zs['heldOut'][attr] * 100:.0f} % (chance {chance[attr] * 100:.0f} %)"
            for attr in world.ATTRIBUTES if zs["heldOut"][attr] < 0.8]
    weak = ("**Weak attributes** (held-out zero-shot under 80 %): " + ", ".join(weak) + ". With "
            f"{m['steps']} steps of {m['batch']} it separates colour, size and background well but has learned "
            "shape only partly and pattern not at all; more training (or a finer patch) is the next step. Searches "
            "that name a colour and a background work; shape and count break ties between those.") if weak else ""
    return f"""# Model card: tiny-clip-shapes

A CLIP small enough to commit ({m['sizeMb']:.1f} MB for both layouts), made by
[`models/trained-tiny/train.py`]({link}models/trained-tiny/train.py) on {m['threads']} CPU threads: the whole
script took {m['totalSeconds'] / 60:.1f} minutes ({m['trainSeconds'] / 60:.1f} of them training) and
{m['cpuSeconds'] / 60:.1f} CPU minutes. It knows one small synthetic world, the one `samples/` is drawn from: coloured,
patterned shapes on textured backgrounds. It is `./clipstream local`'s default model so that a first run
answers sensibly without a download; it knows nothing about photographs (use a real CLIP for those).

## What it is

* Both towers of the CLIP architecture (transformers' `CLIPModel`): a ViT ({IMAGE}×{IMAGE} input, patch {a['patch']},
  {a['layers']} layers of width {a['hidden']}) and a causal text transformer ({a['text_layers']} layers of width
  {a['text_hidden']}, pooled at the end-of-text token), projected into a shared {a['projection']}-d space;
  {m['parameters'] / 1e6:.2f} M parameters; learned logit scale {m['logitScale']:.1f}.
* Its own byte-level BPE tokenizer ({m['vocab']} tokens) trained on the captions, with CLIP's normaliser,
  split pattern, `</w>` suffix and special tokens, so it loads exactly like a real CLIP `tokenizer.json`.
* Exported like real models: Hugging Face / transformers.js layout in `clip-hf/`, OpenCLIP / Immich layout in
  `clip-openclip/`; clipstream loads them through the same code as any export.

## Training data

{m['trainImages']:,} pictures rendered by [`world.py`]({link}models/trained-tiny/world.py) at random sizes
({', '.join(map(str, RENDER_SIZES))} px) and resized to {IMAGE} px with Pillow's bicubic filter (what the Java path
does). Attributes: colour ({', '.join(world.COLOURS)}), shape ({', '.join(world.SHAPES)}), pattern
({', '.join(world.PATTERNS)}), count (1–3), size (small, large) and background ({', '.join(world.BACKGROUNDS)});
positions, rotations, colour jitter and texture noise vary per picture. Each time a picture is drawn for a batch
it gets a fresh caption from {len(world.TEMPLATES)} templates with synonyms (scarlet, disc, polka-dot, on a lawn,
a pair of, ...) and some attributes left out.

**Held out**: the (colour, shape) pairs {held} never appear in training. Every number below marked held-out is
measured on pictures of those pairs only, so it measures composition: the model saw red things and circles, never
a red circle.

## Evaluation

Zero-shot accuracy per attribute: for each picture, the canonical caption ("a photo of two large striped red
circles on grass") with that one attribute set to each of its values; the nearest caption must carry the true
value. Exported ONNX graphs through onnxruntime, fed as the Java path feeds them.

| attribute | values | held-out combinations ({m['heldOutImages']} pictures) | seen combinations ({m['seenImages']} new pictures) | Java test fixtures ({m['fixtures']} JPEGs) |
|---|---|---|---|---|
{rows}

Text → image recall@10 on the held-out combinations: **{m['recallAt10'] * 100:.1f} %** ({m['recallQueries']}
distinct canonical captions, each searched among the {m['heldOutImages']} held-out pictures; a hit when a
picture of exactly that scene is among the first 10; chance is about {m['recallChance'] * 100:.1f} %).

The samples (`samples/`, drawn by the same generator, prompts of held-out combinations), rank of the right
picture(s) among {m['sampleCount']}:

| prompt | rank(s) of the right samples | top 3 |
|---|---|---|
{samples}

`TrainedTinyClipTest` (model-runtime) checks the fixtures' accuracies through the Java path (ONNX Runtime, the DJL
tokenizer, clipstream's decoder and preprocessing) in both layouts, and `LocalModeIT` (local) checks the sample
prompts through indexing and search.

## Reproduce

```bash
python3 -m venv /tmp/tinyclip && /tmp/tinyclip/bin/pip install -r models/trained-tiny/requirements.txt
/tmp/tinyclip/bin/python models/trained-tiny/train.py        # seed {m['seed']}, {m['steps']} steps of {m['batch']}
```

PyPI's Linux torch wheel needs the CUDA libraries from PyPI's `nvidia-*` wheels even on CPU (they are linked,
not optional), so the install is about 5.7 GB; only regenerating this model needs it, CI does not. The result is
deterministic for a given seed, thread count (`--threads`), CPU and library versions.

## Limits

{weak}

It has seen {len(world.COLOURS)} colours, {len(world.SHAPES)} shapes and {len(world.BACKGROUNDS)} backgrounds and
a vocabulary of a few dozen words: "a dog on a beach" returns sand pictures, not dogs. Counts above three, other
shapes and photographs are outside its world.
""" + SHAPE_ATTEMPTS


# Recipes measured against this model and not adopted (kept in the card so that a rerun keeps the record).
SHAPE_ATTEMPTS = """
## What was tried for shape (not adopted)

Shape is the weak attribute. Recipes tried on 7 Dec 2026 to lift it (seed 20261207, on 2 cores shared with other
work; none beat this model, so it stays and this script still makes it):

| recipe | held-out shape | seen shape | other held-out figures |
|---|---|---|---|
| this model: 500 steps of 128, patch 16, 2 threads | 38.3 % | 38.9 % | colour 99.1 %, pattern 30.3 %, count 66.4 %, recall@10 97.3 % |
| batches of groups of 8 pictures sharing colour and background; for 16 pictures a batch, captions with one attribute varied (hard negatives); per-attribute linear heads on both towers (weight 0.5); patch 8; 1,200 steps of 64, 1 thread, cosine LR 1.5e-3 | 19.4 % | 36.7 % | colour 99.7 %, pattern 51.6 %, count 79.4 %, recall@10 99.0 % |
| the same, plus half of the training pictures shown in grey with captions that leave the colour out (8.0 CPU min, 18.1 min wall at load 10) | 8.6 % | 33.4 % | colour 98.9 %, pattern 49.4 %, count 71.7 %, recall@10 96.0 % |
| supervised shape-only probe of the ViT tower (patch 8, 6,000 pictures, 900 steps of 64, LR 3e-3) | 0–7 % | 26–30 % | |
| the same probe, LR 1e-3 with warmup, 30 % grey + 30 % channel-permuted pictures, 16,000 pictures (stopped after 200 steps of 64) | 12.1 % | 21.1 % | |
| the same probe at patch 4 (256 tokens), 300 steps of 64 (8.4 CPU min) | 1.9 % | 23.1 % | |
| a small CNN shape probe (not CLIP's architecture), 450 steps | 63 % and rising | 88 % | |
| this recipe three times longer: 1,500 steps of 128, 1 thread (7.9 min wall, 5.7 CPU min, load 2-4) | 28.3 % | 37.6 % | colour 99.7 %, pattern 34.3 %, count 88.9 %, recall@10 99.4 % |
| this recipe at patch 8 (64 tokens): 800 steps of 128, 1 thread (11.2 min wall, 8.1 CPU min, beside a test run) | 27.7 % | 40.4 % | colour 100 %, pattern 29.4 %, count 74.6 %, recall@10 98.5 % |
| this recipe for 2,000-3,000 steps of 128, LR 1.5e-3 or 5e-4, with 16,000 or 48,000 pictures and random 90° turns and flips (an exploration loop, torch-side evaluation) | 26-34 % | 33-49 % | count 85-94 % |
| `--init mimetic --aux-heads 0.5 --steps 5000 --threads 2`: attention and position embeddings started local (mimetic_init), linear shape, pattern and count heads on the ViT's pooled output (23.5 min wall beside another run, 35.6 CPU min) | 14.7 % | 68.9 % | colour 99.9 %, pattern 64.9 %, count 93.7 %, recall@10 95.2 %; the shape head itself reads 6.6 % held-out, 68.4 % seen |
| the same in the exploration loop, 3,000 steps, with a third of the training pictures in four colours evaluation never uses (white, black, grey, brown; all six shapes each) | 34.4 % | 49.7 % | pattern 62.9 %, count 92.7 % |
| the ViT alone, supervised on shape, single large plain shapes only, 600 steps of 128 at LR 3e-4, 1e-3 or 3e-3, patch 16 or 8, with or without the mimetic start | | | training loss 0.7-0.9 (of 1.79 at chance) after 600 steps: slow even in isolation |

What this says: the pictures carry shape (a small CNN learns it), but this ViT (64 px input, 8- or 16-px patches,
width 96) learns it slowly, and what it learns leans on colour: each colour never appears with its held-out shape,
so a shape-blind model learns "red means not a circle", and held-out shape falls below chance (17 %) as colour gets
better. Objectives that push harder on shape (hard negatives, attribute heads) and grey pictures lifted pattern and
count but not shape. Patch 4 did not help within a probe's budget either, and costs 2.8 times the CPU per step. Three times the
steps (on one torch thread, well inside the 15-minute budget) lifted count and recall but not shape; patch 8
with this recipe did not lift shape either.

Where it fails (measured 7 Dec with the attribute heads): on the picture side, not the text side. A linear shape
head on the ViT reads 68 % of shapes in new pictures of seen pairs and 7 % in pictures of held-out pairs: the
tower's shape features are tied to the colours each shape was seen in. More training of that kind widens the
gap (seen shape 49 → 69 % from 2,000 to 5,000 steps while held-out fell 34 → 15 %); extra training colours
slow the fall but do not lift held-out shape. Size is not the cause either: single large plain shapes are read
no better than small ones. What is left: an objective that makes the picture tower's shape colour-invariant
without showing held-out pairs, a tower with a convolutional stem (not CLIP's ViT), or an evaluation that does
not ask a 0.7 M-parameter model to compose colour and shape.
"""


# -------------------------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--train-images", type=int, default=16000)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--arch", action="append", default=[], metavar="KEY=INT",
                    help="override an architecture size, e.g. --arch patch=16 (keys: " + ", ".join(ARCH) + ")")
    ap.add_argument("--init", choices=["default", "mimetic"], default="default",
                    help="the vision tower's starting values (see mimetic_init)")
    ap.add_argument("--aux-heads", type=float, default=0.0, metavar="W",
                    help="weight of per-attribute heads on the vision tower (" + ", ".join(AUX_ATTRIBUTES) + "); 0: none")
    ap.add_argument("--no-docs", action="store_true", help="do not write docs/tiny-clip-model-card.md")
    ap.add_argument("--card-only", action="store_true",
                    help="only re-measure the model in --out and rewrite metrics.json and the model card")
    args = ap.parse_args()
    for item in args.arch:
        key, value = item.split("=", 1)
        if key not in ARCH:
            ap.error(f"--arch {key}: not one of {', '.join(ARCH)}")
        ARCH[key] = int(value)
    began = time.time()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed % 2 ** 32)
    args.out.mkdir(parents=True, exist_ok=True)

    def log(msg):
        print(f"[{time.time() - began:6.0f} s] {msg}", flush=True)

    if args.card_only:
        card_only(args, log)
        return

    train_scenes = world.scenes(args.train_images, held_out=False, seed=args.seed)
    pixels = render_all(train_scenes, args.seed, RENDER_SIZES, args.threads)
    log(f"rendered {len(train_scenes)} training pictures")
    caption_rng = random.Random(args.seed + 3)
    corpus = [world.training_caption(s, caption_rng) for s in train_scenes]
    tok, bos, eos = caption_tokenizer(ARCH["vocab"], corpus)
    log(f"tokenizer: {tok.get_vocab_size()} tokens")

    torch.manual_seed(args.seed)
    cfg, model = make_model(tok.get_vocab_size(), bos, eos)
    if args.init == "mimetic":
        mimetic_init(model, args.seed)
    heads = attribute_heads(ARCH["hidden"]) if args.aux_heads > 0 else None
    seconds = train(model, pixels, train_scenes, tok, eos, args, log, heads)
    torch.set_grad_enabled(False)
    head_accuracy = None if heads is None else attribute_head_accuracy(model, heads, args, log)
    hf, oc = export_layouts(model, cfg, tok, bos, eos, args.out)
    log("exported")

    info = {"seed": args.seed, "steps": args.steps, "batch": args.batch, "threads": args.threads,
            "trainImages": len(train_scenes), "trainSeconds": seconds,
            "parameters": sum(p.numel() for p in model.parameters()), "vocab": tok.get_vocab_size(),
            "logitScale": float(model.logit_scale.exp())}
    if args.init != "default" or heads is not None:
        info.update({"init": args.init, "auxHeads": args.aux_heads, "attributeHeads": head_accuracy})
    metrics = evaluate(args, tok, eos, info, log)
    metrics["totalSeconds"] = time.time() - began
    metrics["cpuSeconds"] = cpu_seconds()
    write_outputs(args, metrics)
    log(f"done: {metrics['totalSeconds'] / 60:.1f} min wall, {metrics['cpuSeconds'] / 60:.1f} min CPU")


def attribute_head_accuracy(model, heads, args, log):
    """What the training-only attribute heads read from the vision tower on the evaluation's held-out and seen
    pictures: whether the picture side knows an attribute, apart from the text side."""
    out = {}
    for name, held, seed in (("heldOut", True, args.seed + 10), ("seenCombinations", False, args.seed + 11)):
        scenes = world.scenes(700, held_out=held, seed=seed)
        pooled = model.vision_model(pixel_values=to_tensor(render_all(scenes, seed, (FIXTURE_SIZE,), args.threads)))
        pooled = pooled.pooler_output
        out[name] = {a: float((heads[a](pooled).argmax(1) == torch.tensor(
            [world.ATTRIBUTES[a].index(getattr(s, a)) for s in scenes])).float().mean()) for a in AUX_ATTRIBUTES}
    log(f"attribute heads on the vision tower: {out}")
    return out


def cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def evaluate(args, tok, eos, info, log, fixtures=True):
    """Measures the exported graphs, writes the Java fixtures (unless fixtures is False), metrics.json and the
    model card."""
    hf, oc = args.out / "clip-hf", args.out / "clip-openclip"
    clip = OnnxClip(hf, tok, eos)
    held = world.scenes(700, held_out=True, seed=args.seed + 10)
    held_vec = clip.images(render_all(held, args.seed + 10, (FIXTURE_SIZE,), args.threads))
    seen = world.scenes(700, held_out=False, seed=args.seed + 11)
    seen_vec = clip.images(render_all(seen, args.seed + 11, (FIXTURE_SIZE,), args.threads))
    fixture_scenes = world.scenes(84, held_out=True, seed=args.seed + 12)
    if fixtures:
        folder, labels = write_fixtures(args.out, fixture_scenes, args.seed + 12)
    else:
        folder = args.out / "heldout"
        labels = {name: image for name, image in json.loads((folder / "labels.json").read_text())["images"].items()}
    fixture_vec = clip.images(np.stack([preprocess(Image.open(folder / f)) for f in labels]))
    recall, queries = recall_at(clip, held, held_vec)
    per_caption = np.mean([sum(t.caption() == s.caption() for t in held) for s in held])
    metrics = dict(info)
    metrics.update({
        "heldOut": [list(p) for p in world.HELD_OUT], "heldOutImages": len(held), "seenImages": len(seen),
        "fixtures": len(labels),
        "zeroShot": {"heldOut": zero_shot(clip, held, held_vec), "seenCombinations": zero_shot(clip, seen, seen_vec),
                     "javaFixtures": zero_shot(clip, fixture_scenes, fixture_vec)},
        "recallAt10": recall, "recallQueries": queries, "recallChance": min(1.0, 10 * per_caption / len(held)),
    })
    rows = sample_prompts(clip)
    metrics["samples"] = rows
    metrics["sampleCount"] = len(json.loads((REPO / "samples/captions.json").read_text())["images"]) if rows else 0
    if fixtures:
        write_json(folder / "labels.json",
                   fixture_labels(fixture_scenes, labels, metrics["zeroShot"]["javaFixtures"]))
    metrics["sizeMb"] = sum(f.stat().st_size for d in (hf, oc) for f in d.rglob("*") if f.is_file()) / 1e6
    log(json.dumps({k: metrics[k] for k in ("zeroShot", "recallAt10", "sizeMb")}, indent=1))
    for prompt, ranks, top in rows:
        log(f"sample prompt {prompt!r}: right samples at ranks {ranks}; top 3 {top}")
    return metrics


def write_outputs(args, metrics):
    write_json(args.out / "metrics.json", {k: v for k, v in metrics.items() if k != "samples"})
    (args.out / "README.md").write_text(card(metrics, "../../"), encoding="utf-8")
    if not args.no_docs:
        (REPO / "docs/tiny-clip-model-card.md").write_text(card(metrics, "../"), encoding="utf-8")


def card_only(args, log):
    """Re-measures the committed model and rewrites metrics.json and the card, keeping the training figures."""
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(args.out / "clip-hf/tokenizer.json"))
    info = json.loads((args.out / "metrics.json").read_text())
    keep = ("seed", "steps", "batch", "threads", "trainImages", "trainSeconds", "parameters", "vocab", "logitScale",
            "totalSeconds", "cpuSeconds")
    args.seed = info["seed"]
    write_outputs(args, evaluate(args, tok, tok.token_to_id("<|endoftext|>"), {k: info[k] for k in keep}, log,
                                 fixtures=False))

if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
