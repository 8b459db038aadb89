#!/usr/bin/env python3
"""Generate the tiny CLIP and SigLIP models that clipstream's tests and local default use.

The weights are random, but the architecture, the ONNX graphs and the file
layouts are the real ones, so every code path a real export takes is exercised:

  clip-hf/        Hugging Face / transformers.js layout of a CLIP model
                  (config.json, preprocessor_config.json, tokenizer.json,
                  onnx/vision_model.onnx, onnx/text_model.onnx, plus the
                  *_fp16.onnx variants with float16 inputs and outputs)
  siglip-hf/      the same layout for SigLIP (squash resize, mean = std = 0.5,
                  text padded to 64 with the pad id, no attention mask,
                  `pooler_output` as the embedding output like transformers.js)
  clip-openclip/  the OpenCLIP / Immich layout of the same CLIP weights
                  (visual/model.onnx with input `image`, textual/model.onnx with
                  int32 input `text`, output `embedding` already normalised,
                  batch dimension fixed at 1)
  golden/         fixture images, reference preprocessing computed with
                  Pillow + NumPy the way transformers' (slow) image processors
                  do it, and reference embeddings from onnxruntime-python.

`--preset vit-b-32` writes a model with the real ViT-B/32 dimensions (random
weights, ~600 MB, never committed) for benchmarks.

Needs: torch, transformers, onnx, onnxruntime, tokenizers, pillow, numpy
(see requirements.txt beside this file). Deterministic for a given seed.
"""
import argparse
import json
import os
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from PIL import Image, ImageDraw, ImageOps
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
from transformers import CLIPConfig, CLIPModel, SiglipConfig, SiglipModel

HERE = Path(__file__).resolve().parent
OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]
RESCALE = 1 / 255
CLIP_CONTEXT = 77
SIGLIP_CONTEXT = 64
BICUBIC = 3  # PIL.Image.BICUBIC, as written in preprocessor_config.json

PRESETS = {
    "tiny": dict(hidden=32, intermediate=64, layers=2, heads=2, text_hidden=32, text_intermediate=64,
                 text_layers=2, text_heads=2, patch=32, image=224, projection=16, vocab=800),
    "vit-b-32": dict(hidden=768, intermediate=3072, layers=12, heads=12, text_hidden=512, text_intermediate=2048,
                     text_layers=12, text_heads=8, patch=32, image=224, projection=512, vocab=800),
}

COLORS = "red green blue yellow orange purple pink brown black white gray golden silver".split()
THINGS = ("cat dog bird horse fish car bicycle boat train airplane tree flower mountain beach city house "
          "chair table cup bottle phone laptop book clock ball circle square triangle star stripe sunset "
          "forest river road bridge street person child face hand shoe hat bag apple banana pizza cake").split()
TEMPLATES = ["a photo of a {c} {t}", "a {c} {t}", "an image of the {t}", "{t} on a {c} background",
             "a close-up photo of a {t}", "a painting of a {c} {t} at night", "two {t}s and a {c} {t}"]
GOLDEN_TEXTS = [
    "a photo of a red circle",
    "A Blue Square on a white background!",
    "sunset over the mountain",
    "",
    "two cats and a dog, close-up, 35mm photograph",
    " ".join(["a very long caption about a golden retriever dog running on a beach"] * 12),
    "émigré café — naïve façade",
]


def corpus():
    lines = []
    for c in COLORS:
        for t in THINGS:
            for tpl in TEMPLATES:
                lines.append(tpl.format(c=c, t=t))
    return lines


# ---------------------------------------------------------------- tokenizers

def clip_tokenizer(vocab_size, lines=None):
    """Byte-level BPE with CLIP's normaliser, split pattern, </w> suffix and specials last (eos = max id), trained
    on lines (default: this generator's caption corpus)."""
    tok = Tokenizer(models.BPE(end_of_word_suffix="</w>", fuse_unk=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]"
                                   r"|[^\s\p{L}\p{N}]+"), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, end_of_word_suffix="</w>", show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(corpus() if lines is None else lines, trainer)
    tok.add_special_tokens(["<|startoftext|>", "<|endoftext|>"])
    bos, eos = tok.token_to_id("<|startoftext|>"), tok.token_to_id("<|endoftext|>")
    assert eos == tok.get_vocab_size() - 1, "CLIP pools at argmax(input_ids): eos must be the largest id"
    tok.post_processor = processors.RobertaProcessing(("<|endoftext|>", eos), ("<|startoftext|>", bos),
                                                      trim_offsets=False, add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok, bos, eos


def siglip_tokenizer(vocab_size):
    """SentencePiece-style Unigram with Metaspace, `</s>` appended, `<pad>` = 0 (SigLIP-2 / Gemma ids)."""
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=["<pad>", "</s>", "<unk>"],
                                      unk_token="<unk>", show_progress=False)
    tok.train_from_iterator(corpus(), trainer)
    eos = tok.token_to_id("</s>")
    tok.post_processor = processors.TemplateProcessing(single="$A </s>", pair="$A </s> $B </s>",
                                                       special_tokens=[("</s>", eos)])
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tok, tok.token_to_id("<pad>"), eos


def encode_padded(tok, text, length, pad_id):
    ids = tok.encode(text).ids
    if len(ids) > length:
        raise AssertionError("tokenizer truncation should have capped the length")
    return ids, ids + [pad_id] * (length - len(ids))


# --------------------------------------------------------------------- export

def export(module, args, path, input_names, output_names, dynamic):
    path.parent.mkdir(parents=True, exist_ok=True)
    axes = None
    if dynamic:
        axes = {n: {0: "batch_size"} for n in input_names + output_names}
        for n in input_names:
            if n in ("input_ids", "attention_mask"):
                axes[n][1] = "sequence_length"
    torch.onnx.export(module, args, str(path), input_names=input_names, output_names=output_names,
                      dynamic_axes=axes, opset_version=17, dynamo=False, do_constant_folding=True)
    onnx.checker.check_model(str(path))


def to_fp16(src, dst):
    """float16 weights and float16 graph inputs/outputs, like fp16 exports that skip keep_io_types."""
    from onnxruntime.transformers.float16 import convert_float_to_float16
    model = convert_float_to_float16(onnx.load(str(src)), keep_io_types=False)
    onnx.save(model, str(dst))


class ClipVision(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.vision, self.proj = m.vision_model, m.visual_projection

    def forward(self, pixel_values):
        out = self.vision(pixel_values=pixel_values)
        return self.proj(out.pooler_output), out.last_hidden_state


class ClipText(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.text, self.proj = m.text_model, m.text_projection

    def forward(self, input_ids, attention_mask):
        out = self.text(input_ids=input_ids, attention_mask=attention_mask)
        return self.proj(out.pooler_output), out.last_hidden_state


class OpenClipVisual(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.vision, self.proj = m.vision_model, m.visual_projection

    def forward(self, image):
        e = self.proj(self.vision(pixel_values=image).pooler_output)
        return e / e.norm(dim=-1, keepdim=True)


class OpenClipTextual(torch.nn.Module):
    """OpenCLIP pools at argmax(text): the end-of-text token has the largest id."""

    def __init__(self, m):
        super().__init__()
        self.text, self.proj = m.text_model, m.text_projection

    def forward(self, text):
        ids = text.to(torch.int64)
        hidden = self.text(input_ids=ids).last_hidden_state
        pooled = hidden[torch.arange(hidden.shape[0]), ids.argmax(dim=-1)]
        e = self.proj(pooled)
        return e / e.norm(dim=-1, keepdim=True)


class SiglipVision(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.vision = m.vision_model

    def forward(self, pixel_values):
        out = self.vision(pixel_values=pixel_values)
        return out.last_hidden_state, out.pooler_output


class SiglipText(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.text = m.text_model

    def forward(self, input_ids):
        out = self.text(input_ids=input_ids)
        return out.last_hidden_state, out.pooler_output


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def assert_close(a, b, what, tol=2e-4):
    diff = float(np.max(np.abs(np.asarray(a) - np.asarray(b))))
    if diff > tol:
        raise AssertionError(f"{what}: onnxruntime and torch differ by {diff}")


# ---------------------------------------------------------------- the models

def build_clip(p, out, seed, fp16, name):
    tok, bos, eos = clip_tokenizer(p["vocab"])
    vocab = tok.get_vocab_size()
    cfg = CLIPConfig(
        text_config=dict(vocab_size=vocab, hidden_size=p["text_hidden"], intermediate_size=p["text_intermediate"],
                         num_hidden_layers=p["text_layers"], num_attention_heads=p["text_heads"],
                         max_position_embeddings=CLIP_CONTEXT, bos_token_id=bos, eos_token_id=eos, pad_token_id=eos,
                         hidden_act="quick_gelu"),
        vision_config=dict(hidden_size=p["hidden"], intermediate_size=p["intermediate"],
                           num_hidden_layers=p["layers"], num_attention_heads=p["heads"], image_size=p["image"],
                           patch_size=p["patch"], hidden_act="quick_gelu"),
        projection_dim=p["projection"])
    torch.manual_seed(seed)
    model = CLIPModel(cfg).eval()

    hf = out / "clip-hf"
    shutil.rmtree(hf, ignore_errors=True)
    config = cfg.to_dict()
    config["architectures"] = ["CLIPModel"]
    config["_name_or_path"] = f"clipstream/{name}-clip"
    write_json(hf / "config.json", config)
    write_json(hf / "preprocessor_config.json", {
        "crop_size": {"height": p["image"], "width": p["image"]}, "do_center_crop": True, "do_convert_rgb": True,
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": OPENAI_MEAN,
        "image_processor_type": "CLIPImageProcessor", "image_std": OPENAI_STD, "resample": BICUBIC,
        "rescale_factor": RESCALE, "size": {"shortest_edge": p["image"]}})
    tok.save(str(hf / "tokenizer.json"))
    specials = {"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                "unk_token": "<|endoftext|>"}
    write_json(hf / "tokenizer_config.json", dict(specials, model_max_length=CLIP_CONTEXT, do_lower_case=True,
                                                  tokenizer_class="CLIPTokenizer"))
    write_json(hf / "special_tokens_map.json", specials)
    write_json(hf / "clipstream.json", {"modelId": f"{name}-clip", "logitScale": 100.0, "logitBias": 0.0})

    pixels = torch.randn(2, p["image"], p["image"], 3).permute(0, 3, 1, 2).contiguous()
    ids = torch.tensor([[bos, 5, 6, 7, eos, eos], [bos, 9, eos, eos, eos, eos]])
    mask = (torch.arange(ids.shape[1])[None, :] <= (ids == eos).int().argmax(-1)[:, None]).long()
    export(ClipVision(model), (pixels,), hf / "onnx/vision_model.onnx", ["pixel_values"],
           ["image_embeds", "last_hidden_state"], True)
    export(ClipText(model), (ids, mask), hf / "onnx/text_model.onnx", ["input_ids", "attention_mask"],
           ["text_embeds", "last_hidden_state"], True)
    if fp16:
        to_fp16(hf / "onnx/vision_model.onnx", hf / "onnx/vision_model_fp16.onnx")
        to_fp16(hf / "onnx/text_model.onnx", hf / "onnx/text_model_fp16.onnx")
    with torch.no_grad():
        sess = ort.InferenceSession(str(hf / "onnx/vision_model.onnx"))
        assert_close(sess.run(["image_embeds"], {"pixel_values": pixels.numpy()})[0],
                     ClipVision(model)(pixels)[0].numpy(), "clip vision")
        sess = ort.InferenceSession(str(hf / "onnx/text_model.onnx"))
        assert_close(sess.run(["text_embeds"], {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0],
                     ClipText(model)(ids, mask)[0].numpy(), "clip text")

    oc = out / "clip-openclip"
    shutil.rmtree(oc, ignore_errors=True)
    write_json(oc / "config.json", {
        "embed_dim": p["projection"],
        "vision_cfg": {"image_size": p["image"], "layers": p["layers"], "width": p["hidden"],
                       "patch_size": p["patch"]},
        "text_cfg": {"context_length": CLIP_CONTEXT, "vocab_size": vocab, "width": p["text_hidden"],
                     "heads": p["text_heads"], "layers": p["text_layers"]}})
    write_json(oc / "visual/preprocess_cfg.json", {
        "size": [p["image"], p["image"]], "mode": "RGB", "mean": OPENAI_MEAN, "std": OPENAI_STD,
        "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0})
    (oc / "textual").mkdir(parents=True, exist_ok=True)
    tok.save(str(oc / "textual/tokenizer.json"))
    oc_specials = dict(specials, pad_token="!")  # open_clip pads with id 0
    write_json(oc / "textual/tokenizer_config.json", dict(oc_specials, model_max_length=CLIP_CONTEXT))
    write_json(oc / "textual/special_tokens_map.json", oc_specials)
    write_json(oc / "clipstream.json", {"modelId": f"{name}-clip-openclip", "logitScale": 100.0,
                                        "logitBias": 0.0})
    one_image = pixels[:1]
    one_text = torch.zeros(1, CLIP_CONTEXT, dtype=torch.int32)
    one_text[0, :4] = torch.tensor([bos, 5, 6, eos])
    export(OpenClipVisual(model), (one_image,), oc / "visual/model.onnx", ["image"], ["embedding"], False)
    export(OpenClipTextual(model), (one_text,), oc / "textual/model.onnx", ["text"], ["embedding"], False)
    return model, tok, bos, eos


def build_siglip(p, out, seed, name):
    tok, pad, eos = siglip_tokenizer(p["vocab"] // 2)
    vocab = tok.get_vocab_size()
    cfg = SiglipConfig(
        text_config=dict(vocab_size=vocab, hidden_size=p["text_hidden"], intermediate_size=p["text_intermediate"],
                         num_hidden_layers=p["text_layers"], num_attention_heads=p["text_heads"],
                         max_position_embeddings=SIGLIP_CONTEXT, pad_token_id=pad, eos_token_id=eos, bos_token_id=None,
                         projection_size=p["hidden"]),
        vision_config=dict(hidden_size=p["hidden"], intermediate_size=p["intermediate"],
                           num_hidden_layers=p["layers"], num_attention_heads=p["heads"], image_size=p["image"],
                           patch_size=p["patch"]))
    torch.manual_seed(seed + 1)
    model = SiglipModel(cfg).eval()
    hf = out / "siglip-hf"
    shutil.rmtree(hf, ignore_errors=True)
    config = cfg.to_dict()
    config["architectures"] = ["SiglipModel"]
    config["_name_or_path"] = f"clipstream/{name}-siglip"
    write_json(hf / "config.json", config)
    write_json(hf / "preprocessor_config.json", {
        "do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5],
        "image_processor_type": "SiglipImageProcessor", "image_std": [0.5, 0.5, 0.5], "resample": BICUBIC,
        "rescale_factor": RESCALE, "size": {"height": p["image"], "width": p["image"]}})
    tok.save(str(hf / "tokenizer.json"))
    specials = {"eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"}
    write_json(hf / "tokenizer_config.json", dict(specials, model_max_length=SIGLIP_CONTEXT,
                                                  tokenizer_class="GemmaTokenizerFast"))
    write_json(hf / "special_tokens_map.json", specials)
    with torch.no_grad():
        scale, bias = float(model.logit_scale.exp()), float(model.logit_bias)
    write_json(hf / "clipstream.json", {"modelId": f"{name}-siglip", "logitScale": scale, "logitBias": bias})

    pixels = torch.randn(2, 3, p["image"], p["image"])
    ids = torch.full((2, SIGLIP_CONTEXT), pad, dtype=torch.int64)
    ids[0, :4] = torch.tensor([7, 8, 9, eos])
    ids[1, :2] = torch.tensor([10, eos])
    export(SiglipVision(model), (pixels,), hf / "onnx/vision_model.onnx", ["pixel_values"],
           ["last_hidden_state", "pooler_output"], True)
    export(SiglipText(model), (ids,), hf / "onnx/text_model.onnx", ["input_ids"],
           ["last_hidden_state", "pooler_output"], True)
    with torch.no_grad():
        sess = ort.InferenceSession(str(hf / "onnx/vision_model.onnx"))
        assert_close(sess.run(["pooler_output"], {"pixel_values": pixels.numpy()})[0],
                     SiglipVision(model)(pixels)[1].numpy(), "siglip vision")
        sess = ort.InferenceSession(str(hf / "onnx/text_model.onnx"))
        assert_close(sess.run(["pooler_output"], {"input_ids": ids.numpy()})[0],
                     SiglipText(model)(ids)[1].numpy(), "siglip text")
    return tok, pad, eos


# ------------------------------------------------------------- golden values

def golden_images(folder):
    """Smooth synthetic pictures (they compress well) in the sizes and modes the preprocessing must handle."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)

    def scene(w, h, seed):
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        r = 127 + 120 * np.sin(x / (w / (2 + seed)) + seed)
        g = 127 + 120 * np.cos(y / (h / 3.0) - seed)
        b = 255 * (x + y) / (w + h)
        img = Image.fromarray(np.stack([r, g, b], -1).clip(0, 255).astype(np.uint8), "RGB")
        d = ImageDraw.Draw(img)
        for _ in range(6):
            x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
            x1, y1 = x0 + int(rng.integers(5, max(6, w // 3))), y0 + int(rng.integers(5, max(6, h // 3)))
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            (d.ellipse if rng.random() < 0.5 else d.rectangle)([x0, y0, x1, y1], fill=colour)
        return img

    files = {}
    scene(640, 480, 1).save(folder / "landscape_640x480.png"); files["landscape_640x480.png"] = "png"
    scene(300, 500, 2).save(folder / "portrait_300x500.png"); files["portrait_300x500.png"] = "png"
    scene(50, 30, 3).save(folder / "small_50x30.png"); files["small_50x30.png"] = "png"
    scene(224, 224, 4).save(folder / "exact_224x224.png"); files["exact_224x224.png"] = "png"
    rgba = scene(200, 160, 5).convert("RGBA")
    alpha = np.tile(np.linspace(0, 255, 200, dtype=np.uint8), (160, 1))
    rgba.putalpha(Image.fromarray(alpha, "L"))
    rgba.save(folder / "alpha_200x160.png"); files["alpha_200x160.png"] = "png"
    scene(256, 192, 6).convert("L").save(folder / "gray_256x192.png"); files["gray_256x192.png"] = "png"
    scene(640, 480, 8).save(folder / "photo_640x480.jpg", quality=90); files["photo_640x480.jpg"] = "jpeg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    scene(320, 240, 9).save(folder / "exif6_320x240.jpg", quality=90, exif=exif)
    files["exif6_320x240.jpg"] = "jpeg"
    return files


def reference_rgb(path):
    """transformers.image_utils.load_image: EXIF transpose, then convert('RGB')."""
    return ImageOps.exif_transpose(Image.open(path)).convert("RGB")


def reference_resize(img, mode, size):
    """transformers' slow CLIPImageProcessor / SiglipImageProcessor resize and crop, on Pillow."""
    if mode == "squash":
        return img.resize((size, size), resample=Image.BICUBIC)
    w, h = img.size
    short, long = (w, h) if w <= h else (h, w)
    new_long = int(size * long / short)
    new_w, new_h = (size, new_long) if w <= h else (new_long, size)
    resized = np.asarray(img.resize((new_w, new_h), resample=Image.BICUBIC))
    top, left = (new_h - size) // 2, (new_w - size) // 2
    return Image.fromarray(resized[top:top + size, left:left + size])


def reference_tensor(resized, mean, std):
    x = (np.asarray(resized).astype(np.float64) * RESCALE).astype(np.float32)
    x = (x - np.asarray(mean, dtype=np.float32)) / np.asarray(std, dtype=np.float32)
    return x.transpose(2, 0, 1)[None].astype(np.float32)


def unit(v):
    v = np.asarray(v, dtype=np.float64)
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def golden(out, clip_tok, clip_pad, siglip_tok, siglip_pad, image_size):
    g = out / "golden"
    shutil.rmtree(g, ignore_errors=True)
    files = golden_images(g / "images")
    clip_tok.enable_truncation(CLIP_CONTEXT)
    siglip_tok.enable_truncation(SIGLIP_CONTEXT)
    modes = {"clip": ("crop", OPENAI_MEAN, OPENAI_STD), "siglip": ("squash", [0.5] * 3, [0.5] * 3)}
    tensors = {m: {} for m in modes}
    pre = {}
    for mode, (kind, mean, std) in modes.items():
        pre[mode] = []
        for name in files:
            resized = reference_resize(reference_rgb(g / "images" / name), kind, image_size)
            ref = g / "preprocess" / mode / (Path(name).stem + ".png")
            ref.parent.mkdir(parents=True, exist_ok=True)
            resized.save(ref)
            t = reference_tensor(resized, mean, std)
            tensors[mode][name] = t
            rng = np.random.default_rng(len(name))
            samples = [[int(c), int(y), int(x), float(t[0, c, y, x])]
                       for c, y, x in zip(rng.integers(0, 3, 16), rng.integers(0, image_size, 16),
                                          rng.integers(0, image_size, 16))]
            pre[mode].append({"image": f"images/{name}", "format": files[name],
                              "resized": f"preprocess/{mode}/{ref.name}", "samples": samples,
                              "channelMeans": [float(t[0, c].mean(dtype=np.float64)) for c in range(3)]})

    def run(path, feeds, output):
        return ort.InferenceSession(str(path)).run([output], feeds)[0]

    emb = {}
    clip_ids = {t: encode_padded(clip_tok, t, CLIP_CONTEXT, clip_pad) for t in GOLDEN_TEXTS}
    for variant, suffix in (("clip-hf", ""), ("clip-hf-fp16", "_fp16")):
        vision, text = out / f"clip-hf/onnx/vision_model{suffix}.onnx", out / f"clip-hf/onnx/text_model{suffix}.onnx"
        if not vision.exists():
            continue
        dtype = np.float16 if suffix else np.float32
        images = {n: unit(run(vision, {"pixel_values": tensors["clip"][n].astype(dtype)}, "image_embeds")[0]
                          .astype(np.float32)).tolist() for n in files}
        texts = {}
        for t, (ids, padded) in clip_ids.items():
            mask = [1] * len(ids) + [0] * (CLIP_CONTEXT - len(ids))
            e = run(text, {"input_ids": np.array([padded], np.int64), "attention_mask": np.array([mask], np.int64)},
                    "text_embeds")[0]
            texts[t] = unit(e.astype(np.float32)).tolist()
        emb[variant] = {"images": images, "texts": texts}
    emb["clip-openclip"] = {
        "images": {n: run(out / "clip-openclip/visual/model.onnx", {"image": tensors["clip"][n]}, "embedding")[0]
                   .tolist() for n in files},
        "texts": {t: run(out / "clip-openclip/textual/model.onnx", {"text": np.array([[*ids, *([0] * (
            CLIP_CONTEXT - len(ids)))]], np.int32)}, "embedding")[0].tolist() for t, (ids, _) in clip_ids.items()}}
    siglip_ids = {t: encode_padded(siglip_tok, t, SIGLIP_CONTEXT, siglip_pad) for t in GOLDEN_TEXTS}
    emb["siglip-hf"] = {
        "images": {n: unit(run(out / "siglip-hf/onnx/vision_model.onnx", {"pixel_values": tensors["siglip"][n]},
                               "pooler_output")[0]).tolist() for n in files},
        "texts": {t: unit(run(out / "siglip-hf/onnx/text_model.onnx", {"input_ids": np.array([padded], np.int64)},
                              "pooler_output")[0]).tolist() for t, (_, padded) in siglip_ids.items()}}
    write_json(g / "golden.json", {
        "about": "Reference values from generate.py: Pillow + NumPy preprocessing (transformers' slow image "
                 "processors), onnxruntime-python embeddings, L2-normalised.",
        "onnxruntime": ort.__version__, "pillow": Image.__version__,
        "preprocess": pre,
        "tokens": {"clip-hf": {t: ids for t, (ids, _) in clip_ids.items()},
                   "siglip-hf": {t: ids for t, (ids, _) in siglip_ids.items()}},
        "embeddings": emb})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: beside this script)")
    ap.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
    ap.add_argument("--seed", type=int, default=20261127)
    args = ap.parse_args()
    p = PRESETS[args.preset]
    args.out.mkdir(parents=True, exist_ok=True)
    torch.set_grad_enabled(False)
    tiny = args.preset == "tiny"
    name = "tiny" if tiny else args.preset + "-random"
    _, clip_tok, _, clip_eos = build_clip(p, args.out, args.seed, fp16=tiny, name=name)
    siglip_tok, siglip_pad, _ = build_siglip(p, args.out, args.seed, name=name)
    if tiny:
        golden(args.out, clip_tok, clip_eos, siglip_tok, siglip_pad, p["image"])
    total = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote {args.out} ({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
