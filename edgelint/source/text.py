"""Bytes to text, and character offsets to 1-based line/column positions."""

from __future__ import annotations

import codecs
import re
from bisect import bisect_right
from itertools import accumulate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(Exception):
    """The bytes are not text in a supported encoding; `offset` is a character offset."""

    message: str
    offset: int
    text: str

    def __init__(self, message: str, offset: int, text: str) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.text = text


class SourceText:
    """A file's text with what is needed to write it back byte for byte.

    `text` never contains the BOM; offsets everywhere in edgelint index into `text`.

    `secrets` are (start, end, value) of the plaintext secrets in `text` (set by the
    engine, edgelint.secrets): every output shows the file through `line_text` and `redact`,
    which mask them; only fixes and the baseline hash read `text` itself.
    """

    __slots__ = ("text", "encoding", "bom", "_lines", "secrets")

    text: str
    encoding: str
    bom: bytes
    _lines: list[int] | None
    secrets: Sequence[tuple[int, int, str]]

    def __init__(self, text: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
        self.text = text
        self.encoding = encoding
        self.bom = bom
        self._lines = None
        self.secrets = ()

    def __getstate__(self) -> tuple[str, str, bytes, Sequence[tuple[int, int, str]]]:
        # the line table is rebuilt on demand: cheaper than sending it between processes
        return self.text, self.encoding, self.bom, self.secrets

    def __setstate__(self, state: tuple[str, str, bytes, Sequence[tuple[int, int, str]]]) -> None:
        self.text, self.encoding, self.bom, self.secrets = state
        self._lines = None

    @classmethod
    def decode(cls, data: bytes) -> SourceText:
        """Decode file bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM. UTF-32 and
        UTF-16 without a BOM are refused with a DecodeError that still carries the text, so
        that a manifest in them is reported rather than skipped."""
        unsupported = _unsupported_encoding(data)
        if unsupported is not None:
            encoding, skip = unsupported
            text = data[skip:].decode(encoding, errors="replace")
            label = encoding[:6].upper() + ("" if skip else " without a byte order mark")
            raise DecodeError(f"file is {label}: save it as UTF-8 (or UTF-16 with a byte order mark)", 0, text)
        for bom, encoding in _BOMS:  # noqa: B007  (the encoding of the BOM found is used below)
            if data.startswith(bom):
                body = data[len(bom) :]
                break
        else:
            bom, encoding, body = b"", "utf-8", data
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            good = body[: exc.start].decode(encoding, errors="replace")
            rest = body.decode(encoding, errors="replace")
            raise DecodeError(
                f"file is not valid {encoding.upper()}: byte 0x{body[exc.start]:02x} cannot be decoded",
                len(good),
                rest,
            ) from None
        return cls(text, encoding, bom)

    def encode(self, text: str | None = None) -> bytes:
        """Bytes for `text` (default: this text) in the original encoding, BOM included."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)

    @property
    def line_starts(self) -> list[int]:
        if self._lines is None:
            text = self.text
            if "\r" in text:
                self._lines = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
            else:  # only \n: each line starts one past the end of the one before (at C speed)
                lengths = map((1).__add__, map(len, text.split("\n")[:-1]))
                self._lines = list(accumulate(lengths, initial=0))
        return self._lines

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a character offset, both 1-based; columns count code points."""
        starts = self.line_starts
        line = bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break, secrets masked."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        text = self.text[start:end]
        if self.secrets:
            from edgelint.secrets import mask_spans

            text = mask_spans(
                text,
                [(max(a, start) - start, min(b, end) - start) for a, b, _ in self.secrets if a < end and b > start],
            )
        return text.rstrip("\r\n")

    def secret_values(self) -> set[str]:
        """The secrets as written in the file and as read from it (escapes decoded)."""
        return {self.text[start:end] for start, end, _ in self.secrets} | {value for _, _, value in self.secrets}

    def redact(self, text: str) -> str:
        """`text` (a message, a diff, a fix: anything made from the file) with the file's
        secrets masked."""
        if not self.secrets:
            return text
        from edgelint.secrets import redact

        return redact(text, self.secret_values())

    def newline(self) -> str:
        """The file's dominant line break, for text that fixes insert."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"


def _unsupported_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) for UTF-32 (by its BOM, which starts like UTF-16's) and for
    UTF-16 without a BOM (a NUL beside each of the first two ASCII characters, as JSON
    text starts, RFC 4627 section 3); None for everything else."""
    if data.startswith(codecs.BOM_UTF32_LE):
        return "utf-32-le", 4
    if data.startswith(codecs.BOM_UTF32_BE):
        return "utf-32-be", 4
    head = data[:4]
    if len(head) == 4 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if head[0] and not head[1] and head[2] and not head[3]:
            return "utf-16-le", 0
        if not head[0] and head[1] and not head[2] and head[3]:
            return "utf-16-be", 0
    return None
