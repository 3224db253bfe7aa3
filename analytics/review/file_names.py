"""File names that say what a file is: "Helios-Retail-2026Q2-review.pptx", never a raw id."""

from __future__ import annotations

import re

_LEGAL = re.compile(
    r"[\s,]+(sp\.?\s*z\s*o\.?\s*o\.?|sp\.?\s*j\.?|sp\.?\s*k\.?|s\.?\s*a\.?|spółka akcyjna|gmbh|ag|ab|as|a/s|oy|"
    r"inc\.?|ltd\.?|llc|plc|corp\.?|co\.?|s\.?r\.?l\.?|b\.?v\.?|n\.?v\.?|ооо|оао|зао|пао)\s*$",
    re.IGNORECASE,
)


def file_stem(name: str) -> str:
    """"Helios Retail Sp. z o.o." -> "Helios-Retail": the name without its legal form,
    in letters and digits joined by hyphens (safe in every file system)."""
    text = (name or "").strip()
    while True:
        stripped = _LEGAL.sub("", text).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    words = re.findall(r"\w+", text)
    return "-".join(words) or "client"
