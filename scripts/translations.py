"""The plugin's translations: find every translatable string, keep the ``.ts`` sources, build the ``.qm`` files.

    python3 scripts/translations.py update   # extract the strings, merge them into i18n/*.ts (translations kept)
    python3 scripts/translations.py build    # i18n/*.ts -> i18n/*.qm (pure Python: no lrelease needed)
    python3 scripts/translations.py check    # exit 1 when a .ts misses a string, lacks a translation or a .qm is stale

Why not ``pylupdate5``: it files ``tr("…")`` under ``@default`` and ``self.tr("…")`` under the class's name,
while the plugin's ``tr`` (``plugin/i18n.py``) always asks Qt for the context ``SectorClusters`` — a ``.qm``
made from pylupdate5's ``.ts`` would never be consulted. This extractor reads the sources with ``ast`` and
files every string under that one context. It takes the literal first argument of ``tr(…)``,
``self.tr(…)``, ``tr_noop(…)`` (strings computed and translated later) and the label of ``Choice(code,
label)`` (``steps/options.py``); the English-only tables of ``plugin/core`` (which must not import the
translation module) are read by importing them.

Why not ``lrelease``: ``make package`` must need no Debian package. The ``.qm`` format is small: a 16-byte
magic, then tagged sections — a table of (ELF hash of the source text, offset) pairs sorted by hash, and the
messages, each a run of tagged fields (translation in UTF-16BE, source text and context in UTF-8). This writes
exactly what ``QTranslator`` reads (``qtranslator.cpp``); a test loads the result with ``QTranslator``.
"""
from __future__ import annotations

import argparse
import ast
import struct
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "plugin"
I18N = ROOT / "i18n"
CONTEXT = "SectorClusters"
LANGUAGES = {"fr": "fr_FR"}
# call name -> position of the translatable literal
KEYWORDS = {"tr": 0, "tr_noop": 0, "Choice": 1}


@dataclass
class Message:
    source: str
    files: list[str] = field(default_factory=list)


def _add(found: dict[str, Message], text: str, where: str) -> None:
    if not text.strip():
        return
    msg = found.setdefault(text, Message(text))
    if where not in msg.files:
        msg.files.append(where)


def extract(plugin_dir: Path = PLUGIN) -> dict[str, Message]:
    """Every translatable string of the plugin, in the order met (files sorted), with the files using it."""
    found: dict[str, Message] = {}
    for path in sorted(plugin_dir.rglob("*.py")):
        where = path.relative_to(plugin_dir.parent).as_posix()
        calls = [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))) if isinstance(n, ast.Call)]
        for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):  # in reading order, for translators
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            pos = KEYWORDS.get(name)
            if pos is None or len(node.args) <= pos:
                continue
            arg = node.args[pos]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                _add(found, arg.value, where)
    for text, where in core_tables():
        _add(found, text, where)
    return found


def core_tables() -> list[tuple[str, str]]:
    """The words ``plugin/core`` keeps in tables and the UI layer translates where it shows them."""
    sys.path.insert(0, str(ROOT))
    try:
        from plugin.core import stars
    finally:
        sys.path.pop(0)
    return [(text, "plugin/core/stars.py") for _, text in stars.legend()]


# ------------------------------------------------------------------------------------------ .ts files
def read_ts(path: Path) -> dict[str, str]:
    """source -> translation ("" when not translated yet) of the context ``SectorClusters``."""
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        if ctx.findtext("name") != CONTEXT:
            continue
        for m in ctx.iter("message"):
            t = m.find("translation")
            if t is not None and t.get("type") in ("vanished", "obsolete"):
                continue
            out[m.findtext("source") or ""] = (t.text or "") if t is not None and t.get("type") != "unfinished" else ""
    return out


def write_ts(path: Path, language: str, messages: dict[str, Message], translations: dict[str, str]) -> None:
    """The ``.ts`` in the order of ``messages`` (file names only, no line numbers: editing code moves lines,
    not strings); strings no longer in the code are dropped."""
    root = ET.Element("TS", version="2.1", language=LANGUAGES.get(language, language))
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for msg in messages.values():
        m = ET.SubElement(ctx, "message")
        for f in msg.files:
            ET.SubElement(m, "location", filename="../" + f)
        ET.SubElement(m, "source").text = msg.source
        text = translations.get(msg.source, "")
        t = ET.SubElement(m, "translation")
        if text:
            t.text = text
        else:
            t.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------------------ .qm files
QM_MAGIC = bytes([0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD])
SECTION_HASHES, SECTION_MESSAGES = 0x42, 0x69
TAG_END, TAG_TRANSLATION, TAG_SOURCE, TAG_CONTEXT = 1, 3, 6, 7


def elf_hash(data: bytes) -> int:
    """Qt's hash of source text + comment (qtranslator.cpp elfHash); never 0."""
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h or 1


def qm_bytes(translations: dict[str, str], context: str = CONTEXT) -> bytes:
    """A ``.qm`` holding the translated messages (untranslated ones are left out: Qt then shows the source)."""
    messages = bytearray()
    index: list[tuple[int, int]] = []
    ctx = context.encode("utf-8")
    for source, text in translations.items():
        if not text:
            continue
        src = source.encode("utf-8")
        index.append((elf_hash(src), len(messages)))
        tn = text.encode("utf-16-be")
        messages += bytes([TAG_TRANSLATION]) + struct.pack(">I", len(tn)) + tn
        messages += bytes([TAG_SOURCE]) + struct.pack(">I", len(src)) + src
        messages += bytes([TAG_CONTEXT]) + struct.pack(">I", len(ctx)) + ctx
        messages += bytes([TAG_END])
    index.sort()
    hashes = b"".join(struct.pack(">II", h, off) for h, off in index)
    return (QM_MAGIC + bytes([SECTION_HASHES]) + struct.pack(">I", len(hashes)) + hashes
            + bytes([SECTION_MESSAGES]) + struct.pack(">I", len(messages)) + bytes(messages))


def ts_files() -> list[Path]:
    return sorted(I18N.glob("sector_clusters_*.ts"))


def build(out_dir: Path | None = None) -> list[Path]:
    """Every ``i18n/*.ts`` as a ``.qm`` next to it (or in ``out_dir``)."""
    written = []
    for ts in ts_files():
        qm = (out_dir or ts.parent) / ts.with_suffix(".qm").name
        qm.write_bytes(qm_bytes(read_ts(ts)))
        written.append(qm)
    return written


def problems() -> list[str]:
    """What is out of date: strings the code has and a .ts lacks, untranslated strings, a stale .qm."""
    found = extract()
    out = []
    for ts in ts_files():
        have = read_ts(ts)
        missing = [s for s in found if s not in have]
        untranslated = [s for s in found if s in have and not have[s]]
        if missing:
            out.append(f"{ts.name}: {len(missing)} strings of the code are missing (run `python3 scripts/"
                       f"translations.py update`), e.g. {missing[:3]}")
        if untranslated:
            out.append(f"{ts.name}: {len(untranslated)} strings are not translated, e.g. {untranslated[:3]}")
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.read_bytes() != qm_bytes(have):
            out.append(f"{qm.name} does not match {ts.name} (run `python3 scripts/translations.py build`)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("update", "build", "check", "list"))
    args = parser.parse_args()
    if args.command == "list":
        for text in extract():
            print(repr(text))
        return 0
    if args.command == "update":
        found = extract()
        I18N.mkdir(exist_ok=True)
        for language in LANGUAGES:
            ts = I18N / f"sector_clusters_{language}.ts"
            old = read_ts(ts)
            write_ts(ts, language, found, old)
            done = sum(1 for s in found if old.get(s))
            print(f"{ts.relative_to(ROOT)}: {len(found)} strings, {done} translated")
        return 0
    if args.command == "build":
        for qm in build():
            print(f"{qm.relative_to(ROOT)} ({qm.stat().st_size} bytes)")
        return 0
    found = problems()
    for p in found:
        print(p, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
