"""Word-level differences between two wordings, by diff-match-patch's Myers diff over words.

Its search for the smallest difference stops after `SEARCH_SECONDS`, returning a correct but
coarser difference, so no pair of texts can keep a worker busy: difflib's matcher, used before,
took 107 s on two 3.6 KB texts of three repeated words (bench/README.md).
"""

from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch

Operation = Literal["equal", "delete", "insert"]
OPERATIONS: dict[int, Operation] = {
    diff_match_patch.DIFF_EQUAL: "equal",
    diff_match_patch.DIFF_DELETE: "delete",
    diff_match_patch.DIFF_INSERT: "insert",
}
SEARCH_SECONDS = 0.5


@dataclass(frozen=True)
class WordDiff:
    chunks: list[tuple[Operation, str]]

    @property
    def shared_percent(self) -> int:
        """How much of the two wordings is the same words, in percent (difflib's ratio)."""
        equal = sum(len(text.split()) for op, text in self.chunks if op == "equal")
        total = sum(len(text.split()) for _op, text in self.chunks) + equal
        return round(200 * equal / total) if total else 100


def word_diff(old: str, new: str, *, search_seconds: float = SEARCH_SECONDS) -> WordDiff:
    """The words of `new` against `old`, as runs of kept, removed and added words."""
    vocabulary: dict[str, int] = {}

    def as_characters(text: str) -> str:
        """Each distinct word as one character, so the character diff is a word diff."""
        return "".join(chr(vocabulary.setdefault(word, len(vocabulary))) for word in text.split())

    old_characters, new_characters = as_characters(old), as_characters(new)
    words = list(vocabulary)
    matcher = diff_match_patch()
    matcher.Diff_Timeout = search_seconds
    runs = matcher.diff_main(old_characters, new_characters, False)
    matcher.diff_cleanupMerge(runs)
    return WordDiff(
        chunks=[
            (OPERATIONS[operation], " ".join(words[ord(character)] for character in characters))
            for operation, characters in runs
            if characters
        ]
    )
