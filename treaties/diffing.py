"""Word-level differences between two wordings, with the standard library's difflib."""

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Operation = Literal["equal", "delete", "insert"]


@dataclass(frozen=True)
class WordDiff:
    chunks: list[tuple[Operation, str]]

    @property
    def shared_percent(self) -> int:
        """How much of the two wordings is the same words, in percent (difflib's ratio)."""
        equal = sum(len(text.split()) for op, text in self.chunks if op == "equal")
        total = sum(len(text.split()) for _op, text in self.chunks) + equal
        return round(200 * equal / total) if total else 100


def word_diff(old: str, new: str) -> WordDiff:
    """The words of `new` against `old`, as runs of kept, removed and added words."""
    old_words, new_words = old.split(), new.split()
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    chunks: list[tuple[Operation, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(("equal", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            chunks.append(("delete", " ".join(old_words[i1:i2])))
        if j2 > j1:
            chunks.append(("insert", " ".join(new_words[j1:j2])))
    return WordDiff(chunks=chunks)
