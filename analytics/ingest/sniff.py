"""Look at the first bytes of a file: is it text, which encoding, which delimiter, where
the header is. Only a sample is read; the rows themselves are read later by DuckDB.

Excel writes UTF-8 (often with a BOM), or the Windows code page of its locale:
Windows-1250 in Poland, Windows-1251 in Russia, Windows-1252 in the West; "Unicode
text" is UTF-16 with tabs. DuckDB reads UTF-8, so other encodings are transcoded into a
temporary UTF-8 file in chunks (never the whole file in memory).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analytics.ingest.errors import UnreadableFile

SAMPLE_BYTES = 1 << 20
CHUNK = 1 << 22
DELIMITERS = (",", ";", "\t", "|")
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1252": "Windows-1252",
}
DELIMITER_LABELS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN1_LETTERS = set("àâäçèéêëîïôöùûüÿñáíóúÀÂÄÇÈÉÊËÎÏÔÖÙÛÜÑÁÍÓÚßãõÃÕåæøÅÆØ")
_CENTRAL_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽáéíúýÁÉÍÚÝäöüÄÖÜß")


@dataclass
class Sniffed:
    """What the first bytes tell about a file."""

    path: str
    file_name: str
    size: int
    encoding: str
    delimiter: str
    newline: str  # "CRLF" or "LF"
    header_line: int  # 1-based physical line of the header
    headers: list[str]
    title_lines: list[tuple[int, str]] = field(default_factory=list)
    sample_rows: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self) -> str:
        return DELIMITER_LABELS.get(self.delimiter, repr(self.delimiter))


def sniff(path: str | Path, file_name: str | None = None) -> Sniffed:
    """Detect encoding, delimiter and header of a CSV file; raise UnreadableFile if it is not one."""
    path = Path(path)
    name = file_name or path.name
    if not path.exists():
        raise UnreadableFile(name, "the file does not exist.")
    size = path.stat().st_size
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    _refuse_binary(name, head)
    encoding = _detect_encoding(path, head, name)
    warnings = []
    if encoding in ("cp1250", "cp1251", "cp1252") and (utf8_lines := _utf8_lines(path)):
        # some lines are UTF-8: read the file as UTF-8, so that they load as written and
        # the reader rejects the others with their line numbers (never garbled)
        encoding = "utf-8"
        warnings.append(
            f"The file mixes encodings: {utf8_lines:,} line{' is' if utf8_lines == 1 else 's are'} UTF-8 and "
            "others are not. It is read as UTF-8; the lines that are not UTF-8 are rejected with their line "
            "numbers. Save the whole file as CSV UTF-8 and import it again to load them."
        )
    text = _decode_sample(head, encoding, complete=size <= SAMPLE_BYTES)
    if not text.strip():
        raise UnreadableFile(name, "the file is empty.")
    newline = "CRLF" if "\r\n" in text[:SAMPLE_BYTES] else "LF"
    delimiter = _detect_delimiter(text)
    header_line, headers, title_lines, rows = _find_header(text, delimiter, name)
    headers, dup_warning = _unique_headers(headers)
    if dup_warning:
        warnings.append(dup_warning)
    return Sniffed(
        path=str(path), file_name=name, size=size, encoding=encoding, delimiter=delimiter,
        newline=newline, header_line=header_line, headers=headers, title_lines=title_lines,
        sample_rows=rows, warnings=warnings,
    )


def _refuse_binary(name: str, head: bytes) -> None:
    if not head or not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise UnreadableFile(name, "the file is empty.")
    if head.startswith(b"PK\x03\x04"):
        if b"xl/" in head[:4000] or b"[Content_Types].xml" in head[:4000]:
            raise UnreadableFile(name, "it is an Excel workbook, not CSV. In Excel use File → "
                                       "Save As → CSV UTF-8, then import that file.")
        raise UnreadableFile(name, "it is a ZIP archive, not CSV. Unzip it and import the .csv inside.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFile(name, "it is an old Excel (.xls) workbook, not CSV. Save it as CSV first.")
    if head.startswith(b"%PDF"):
        raise UnreadableFile(name, "it is a PDF, not CSV.")
    if head.startswith((b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"7z\xbc\xaf", b"Rar!")):
        raise UnreadableFile(name, "it is a compressed or image file, not CSV.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text has NUL bytes by design
    sample = head[:65536]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    if b"\x00" in sample or controls > len(sample) * 0.01:
        raise UnreadableFile(name, "it is a binary file, not CSV text.")


def _detect_encoding(path: Path, head: bytes, name: str) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head
    if head.isascii():
        sample = _first_non_ascii(path)
        if sample is None:
            return "utf-8"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and exc.reason.startswith("unexpected end"):
            return "utf-8"  # a character cut by the sample's end
    scores = {}
    for candidate in ("cp1250", "cp1251", "cp1252"):
        try:
            text = sample.decode(candidate)
        except UnicodeDecodeError:
            continue
        scores[candidate] = _plausibility(text, candidate)
    if not scores:
        raise UnreadableFile(name, "its encoding is unknown (not UTF-8, Windows-1250, -1251 or -1252). "
                                   "Save it as CSV UTF-8 and import again.")
    order = {"cp1252": 0, "cp1250": 1, "cp1251": 2}
    return max(scores, key=lambda c: (scores[c], -order[c]))


# a lead byte and its continuation bytes: what UTF-8 text outside ASCII is made of
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _utf8_lines(path: Path) -> int:
    """How many lines outside ASCII decode as UTF-8, in a file whose sample did not: 0
    for a file of one code page. Fast on the common cases: an ASCII chunk is skipped, and
    a chunk with no UTF-8 sequence at all holds no UTF-8 line."""
    found = 0
    with open(path, "rb") as fh:
        rest = b""
        while chunk := fh.read(CHUNK):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n")  # whole lines only: the rest waits for the next chunk
            chunk, rest = (chunk[: cut + 1], chunk[cut + 1:]) if cut >= 0 else (b"", chunk)
            if chunk.isascii() or not _UTF8_SEQUENCE.search(chunk):
                continue
            found += _count_utf8_lines(chunk)
        if rest and not rest.isascii() and _UTF8_SEQUENCE.search(rest):
            found += _count_utf8_lines(rest)
    return found


def _count_utf8_lines(chunk: bytes) -> int:
    count = 0
    for line in chunk.split(b"\n"):
        if line.isascii() or not _UTF8_SEQUENCE.search(line):
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        count += 1
    return count


def _first_non_ascii(path: Path) -> bytes | None:
    """A window of bytes around the first non-ASCII byte of the file, or None if it is pure ASCII."""
    with open(path, "rb") as fh:
        offset = 0
        while chunk := fh.read(CHUNK):
            if not chunk.isascii():
                at = next(i for i, b in enumerate(chunk) if b > 127)
                start = max(0, at - 1000)
                fh.seek(offset + start)
                window = fh.read(SAMPLE_BYTES)
                nl = window.find(b"\n")
                return window[nl + 1:] if 0 <= nl < at - start else window
            offset += len(chunk)
    return None


def _plausibility(text: str, encoding: str) -> int:
    """How much the non-ASCII letters look like real words of that code page's languages."""
    score = 0
    for word in re.findall(r"[^\s\d,;|\t\"'().:/\-]+", text):
        if word.isascii():
            continue
        for i, ch in enumerate(word):
            if ord(ch) < 128:
                continue
            cyr = bool(_CYRILLIC.match(ch))
            neighbours = word[max(0, i - 1):i] + word[i + 1:i + 2]
            if encoding == "cp1251":
                if cyr and not re.search(r"[A-Za-z]", neighbours):
                    score += 2
                elif cyr:
                    score -= 2
            elif not ch.isalpha():
                if neighbours and any(n.isalpha() for n in neighbours):
                    score -= 2  # like "z³oty": a symbol inside a word
            elif ch in (_CENTRAL_LETTERS if encoding == "cp1250" else _LATIN1_LETTERS):
                score += 1
            else:
                score -= 1
    return score


def _decode_sample(head: bytes, encoding: str, complete: bool) -> str:
    text = head.decode(encoding, errors="replace" if complete else "ignore")
    if not complete:
        cut = max(text.rfind("\n"), 0)
        text = text[:cut] if cut else text
    return text.lstrip("\ufeff")


def _records(text: str, delimiter: str, limit: int = 200) -> list[tuple[int, list[str]]]:
    """(first physical line, fields) of the first records of the sample."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for row in reader:
            out.append((line, row))
            line = reader.line_num + 1
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def _detect_delimiter(text: str) -> str:
    best, best_score = ",", (-1.0, 0)
    for delim in DELIMITERS:
        rows = [r for _, r in _records(text, delim, 100) if any(c.strip() for c in r)]
        if not rows:
            continue
        counts = Counter(len(r) for r in rows)
        mode, freq = counts.most_common(1)[0]
        if mode < 2:
            continue
        score = (freq / len(rows), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _find_header(text: str, delimiter: str, name: str):
    records = _records(text, delimiter, 200)
    filled = [(line, row) for line, row in records if any(c.strip() for c in row)]
    if not filled:
        raise UnreadableFile(name, "the file is empty.")
    counts = Counter(len(r) for _, r in filled)
    width = counts.most_common(1)[0][0]
    if width < 2:
        if len(filled) == 1 and len(filled[0][1]) < 2:
            raise UnreadableFile(name, "it has one column only; a CSV export needs a header row with "
                                       "column names separated by commas, semicolons or tabs.")
        width = max(len(r) for _, r in filled)
    for index, (line, row) in enumerate(filled):
        cells = [c.strip() for c in row]
        named = [c for c in cells if c and not _looks_numeric(c)]
        if len(row) >= min(width, 2) and len(row) >= width - 1 and len(named) >= max(2, (width + 1) // 2):
            titles = [(ln, delimiter.join(r).strip(delimiter + " ")) for ln, r in filled[:index]]
            rows = [r for _, r in filled[index + 1:index + 21]]
            return line, [c.strip().lstrip("\ufeff") for c in row], titles, rows
    raise UnreadableFile(name, "no header row with column names was found in its first lines.")


def _looks_numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[\d\s.,:/\-+%$€£₽zł]+", cell))


def _unique_headers(headers: list[str]) -> tuple[list[str], str | None]:
    seen: Counter[str] = Counter()
    out, dups = [], []
    for i, h in enumerate(headers):
        h = h or f"column {i + 1}"
        seen[h.lower()] += 1
        if seen[h.lower()] > 1:
            dups.append(h)
            h = f"{h} ({seen[h.lower()]})"
        out.append(h)
    if not dups:
        return out, None
    names = ", ".join(f'"{d}"' for d in dict.fromkeys(dups))
    return out, f"The header repeats {names}; the repeats are called \"… (2)\" so each column can be mapped."


def utf8_copy(sniffed: Sniffed) -> tuple[str, bool]:
    """A path DuckDB can read as UTF-8: the file itself, or a temporary transcoded copy (True)."""
    if sniffed.encoding in ("utf-8", "utf-8-sig"):
        return sniffed.path, False
    fd, tmp = tempfile.mkstemp(prefix="continuum-import-", suffix=".csv")
    decoder = codecs.getincrementaldecoder(sniffed.encoding)(errors="replace")
    try:
        with open(sniffed.path, "rb") as src, os.fdopen(fd, "w", encoding="utf-8", newline="") as dst:
            while chunk := src.read(CHUNK):
                dst.write(decoder.decode(chunk))
            dst.write(decoder.decode(b"", final=True))
    except OSError as exc:
        os.unlink(tmp)
        raise UnreadableFile(sniffed.file_name, f"it could not be converted to UTF-8 ({exc}).") from None
    return tmp, True
