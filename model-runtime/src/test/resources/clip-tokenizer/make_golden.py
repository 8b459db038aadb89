#!/usr/bin/env python3
"""The real CLIP tokenizer under test: writes, beside this script,

  tokenizer.json.gz  a Hugging Face tokenizer.json built from open_clip's bpe_simple_vocab_16e6.txt.gz (the
                     49,408-token vocabulary OpenAI's CLIP was trained with, MIT), in the form real CLIP exports
                     ship (NFC + whitespace + lowercase normaliser, CLIP's split pattern, byte-level BPE with
                     </w>, <|startoftext|> 49406 and <|endoftext|> 49407 around the text)
  golden.json.gz     a few thousand strings (ASCII, punctuation, contractions, HTML entities, curly quotes,
                     accents, Greek and Cyrillic, CJK with full-width forms, emoji, control characters, odd
                     whitespace, inputs far over 77 tokens) with the ids open_clip's own tokenizer gives them
                     (open_clip.tokenizer.SimpleTokenizer: ftfy, html.unescape, whitespace clean, lower case;
                     77 ids at most, the end-of-text token kept when truncating)

Both are committed gzipped (about 0.9 MB together), so CI needs neither open_clip nor a download.
ClipTokenizerGoldenTest checks that clipstream's Java tokenizer path gives the same ids.

It also writes the tables the Java port of CLIP's text cleaning reads (ftfy's and Python's html module's data:
entity names, ligatures, width map, control characters, Windows-1252 for C1 controls) to
model-runtime/src/main/resources/io/clipstream/model/text/clip-text-cleaning.json.

ftfy's mojibake repair (fix_encoding: re-decoding text that looks like UTF-8 read as Windows-1252) is a heuristic
the Java path does not port; for the strings where it changes anything, golden.json.gz also records the ids
open_clip gives with that one step off, and the test says how many there are.

Needs: open_clip_torch, tokenizers (see models/trained-tiny/requirements.txt). Deterministic.
"""
import gzip
import html
import html.entities
import json
import random
from pathlib import Path
from unittest import mock

import ftfy
import ftfy.chardata
import open_clip
import open_clip.tokenizer
from open_clip.tokenizer import SimpleTokenizer, bytes_to_unicode, default_bpe
from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

HERE = Path(__file__).resolve().parent
TABLES = HERE.parents[2] / "main/resources/io/clipstream/model/text/clip-text-cleaning.json"
CONTEXT = 77
SPLIT = (r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+")


def build_tokenizer():
    merges = gzip.open(default_bpe()).read().decode("utf-8").split("\n")[1:49152 - 256 - 2 + 1]
    merges = [tuple(m.split()) for m in merges]
    vocab = list(bytes_to_unicode().values())
    vocab = vocab + [v + "</w>" for v in vocab] + ["".join(m) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    ids = {token: i for i, token in enumerate(vocab)}
    assert len(ids) == 49408, len(ids)
    tok = Tokenizer(models.BPE(vocab=ids, merges=merges, unk_token="<|endoftext|>", end_of_word_suffix="</w>",
                               continuing_subword_prefix="", fuse_unk=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(SPLIT), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)])
    tok.add_special_tokens(["<|startoftext|>", "<|endoftext|>"])
    tok.post_processor = processors.RobertaProcessing(("<|endoftext|>", 49407), ("<|startoftext|>", 49406),
                                                      trim_offsets=False, add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok


WORDS = ("a photo of the dog cat red blue green yellow circle square triangle sunset over mountain beach city at "
         "night two three small large old young man woman child playing with ball in park running on grass sky "
         "car bicycle street market food pizza coffee cup table chair window light shadow reflection water river "
         "lake boat bridge tower building house garden flower tree forest snow winter summer autumn spring "
         "portrait close-up black and white vintage film camera lens bokeh aerial drone view macro shot").split()
PUNCT = [",", ".", "!", "?", "...", ";", ":", "-", "--", "(", ")", "[", "]", "\"", "'", "/", "&", "#", "@", "%",
         "*", "+", "=", "<", ">", "~", "`", "^", "_", "|", "\\", "$", "{", "}"]
FIXED = [
    "", " ", "a", "A", "a photo of a red circle", "A Photo Of A RED Circle!!!", "it's a dog's life",
    "IT'S THE DOG'S", "we're here, they've gone, I'm fine, you'll see, he'd go", "don't can't won't",
    "rock'n'roll", "o'clock", "e-mail: someone@example.com", "https://example.com/a?b=c&d=e#f", "C++ and C#",
    "3.14159", "1,000,000 dollars", "1st 2nd 3rd 4th", "2024-06-01T12:30:00Z", "#hashtag @user", "100%",
    "$5.99", "a/b\\c|d", "((nested (parens)))", "...", "!!!???", "--", "---", "\"quoted\"", "'single'",
    "&amp;", "Tom &amp; Jerry", "&lt;b&gt;bold&lt;/b&gt;", "&quot;hi&quot;", "&#39;apostrophe&#39;",
    "&#x263A; smile", "&amp;amp; twice", "caf&eacute;", "&copy 2024", "&nbsp;space&nbsp;", "&unknown;",
    "AT&T", "<b>bold</b> &amp; more", "5 < 6 & 7 > 3",
    "“curly double”", "‘curly single’", "don’t stop", "It’s “fine”", "ﬁne ﬂower ﬀ", "ＡＢＣ　ｄｅｆ　１２３",
    "ｶﾀｶﾅ", "全角，标点！？", "café", "cafe\u0301", "naïve façade", "Ångström", "São Paulo", "Straße",
    "ΟΔΟΣ ΣΟΦΙΑ", "Ελληνικά", "Русский текст", "İstanbul", "Ǆ ǅ ǆ", "ﬀ", "Æsir œuvre", "Łódź", "Việt Nam",
    "日本語のテキスト", "中文文本，你好。", "한국어 텍스트", "東京タワー at night", "猫と犬",
    "😀", "👍🏽 thumbs up", "👨‍👩‍👧 family", "🇫🇷 flag", "1️⃣ keycap", "❤️", "🐶🐱🐭", "a🙂b", "☃ snowman",
    "tab\there", "new\nline", "cr\r\nlf", "  lots   of   spaces  ", "\u00a0nbsp\u00a0", "em\u2003space",
    "zero\u200bwidth", "line\u2028separator", "para\u2029separator", "\u3000ideographic\u3000space",
    "ctrl\u0001char", "bell\u0007", "del\u007f", "esc\u001b[31mred\u001b[0m", "unit\u001fsep", "nel\u0085next",
    "bom\ufeffmark", "soft\u00adhyphen", "RTL \u202eevil\u202c", "combining a\u0300\u0301\u0302", "\ufffd",
    "math 𝐀𝐁𝐂", "ℌ ℍ ℕ", "™ ® ©", "½ ¼ ¾", "x² y³", "①②③", "Ⅻ", "µ vs μ", "Å vs Å",
]


def random_strings(rng, count):
    out = []
    ranges = [(0x20, 0x7e), (0xa0, 0x17f), (0x370, 0x3ff), (0x400, 0x4ff), (0x590, 0x5ff), (0x600, 0x6ff),
              (0x900, 0x97f), (0xe00, 0xe7f), (0x3040, 0x30ff), (0x4e00, 0x4fff), (0xac00, 0xacff),
              (0xff01, 0xff5e), (0x2000, 0x206f), (0x1f300, 0x1f64f), (0x1f900, 0x1f9ff), (0x2600, 0x26ff)]
    for i in range(count):
        kind = i % 6
        if kind == 0:  # captions
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 14))]
            s = " ".join(words)
        elif kind == 1:  # captions with punctuation and case
            parts = []
            for _ in range(rng.randint(1, 10)):
                w = rng.choice(WORDS)
                w = rng.choice([w, w.upper(), w.capitalize()])
                parts.append(w + (rng.choice(PUNCT) if rng.random() < 0.4 else ""))
            s = " ".join(parts)
        elif kind == 2:  # random code points from many scripts
            lo, hi = rng.choice(ranges)
            s = "".join(chr(rng.randint(lo, hi)) if rng.random() < 0.85 else " " for _ in range(rng.randint(1, 20)))
        elif kind == 3:  # mixed scripts and emoji around words
            bits = []
            for _ in range(rng.randint(1, 8)):
                lo, hi = rng.choice(ranges)
                bits.append(rng.choice([rng.choice(WORDS), chr(rng.randint(lo, hi)) * rng.randint(1, 3)]))
            s = rng.choice([" ", "", ", ", "-"]).join(bits)
        elif kind == 4:  # fixed strings, perturbed
            s = rng.choice(FIXED)
            s = rng.choice([s, s.upper(), " " + s + " ", s + rng.choice(PUNCT), rng.choice(WORDS) + " " + s])
        else:  # long: far over the context, truncated with the end token kept
            s = " ".join(rng.choice(WORDS + PUNCT) for _ in range(rng.randint(60, 200)))
        out.append(s)
    return out


def cleaning_tables():
    cp1252 = {}
    for b in range(0x80, 0xA0):
        cp1252[str(b)] = bytes([b]).decode("sloppy-windows-1252")
    return {
        "about": "Data of CLIP's text cleaning (open_clip/OpenAI: ftfy.fix_text, html.unescape twice, whitespace, "
                 "lower case), written by model-runtime/src/test/resources/clip-tokenizer/make_golden.py",
        "ftfy": ftfy.__version__, "python": __import__("sys").version.split()[0],
        "html5": dict(html.entities.html5),
        "invalidCharrefs": {str(k): v for k, v in html._invalid_charrefs.items()},
        "invalidCodepoints": sorted(html._invalid_codepoints),
        "ftfyEntities": dict(ftfy.chardata.HTML_ENTITIES),
        "ligatures": {str(k): v for k, v in ftfy.chardata.LIGATURES.items()},
        "width": {str(k): v for k, v in ftfy.chardata.WIDTH_MAP.items()},
        "controls": sorted(ftfy.chardata.CONTROL_CHARS),
        "cp1252": cp1252,
    }


def without_mojibake_repair(reference, text):
    original = ftfy.fix_text
    with mock.patch.object(open_clip.tokenizer.ftfy, "fix_text",
                           lambda t: original(t, fix_encoding=False)):
        return ids_of(reference, text)


def ids_of(reference, text):
    row = reference([text], context_length=CONTEXT)[0].tolist()
    while row and row[-1] == 0:
        row.pop()
    return row


def main():
    TABLES.write_text(json.dumps(cleaning_tables(), ensure_ascii=True, sort_keys=True) + "\n", encoding="utf-8")
    tok = build_tokenizer()
    (HERE / "tokenizer.json.gz").write_bytes(gzip.compress(tok.to_str().encode("utf-8"), 9, mtime=0))
    reference = SimpleTokenizer()
    rng = random.Random(20261207)
    texts = list(dict.fromkeys(FIXED + random_strings(rng, 3300)))
    entries = []
    for text in texts:
        entry = {"text": text, "ids": ids_of(reference, text)}
        plain = without_mojibake_repair(reference, text)
        if plain != entry["ids"]:
            entry["idsWithoutMojibakeRepair"] = plain
        entries.append(entry)
    ids = {e["text"]: e["ids"] for e in entries}
    doc = {"about": "open_clip SimpleTokenizer ids (context 77, end-of-text kept when truncating) for each text",
           "open_clip": open_clip.__version__, "ftfy": ftfy.__version__, "texts": entries}
    (HERE / "golden.json.gz").write_bytes(
        gzip.compress(json.dumps(doc, ensure_ascii=False).encode("utf-8"), 9, mtime=0))
    truncated = sum(len(v) == CONTEXT for v in ids.values())
    repaired = sum("idsWithoutMojibakeRepair" in e for e in entries)
    print(f"{len(texts)} texts ({truncated} truncated to {CONTEXT}, {repaired} changed by ftfy's mojibake "
          f"repair); vocabulary {tok.get_vocab_size()}")


if __name__ == "__main__":
    main()
