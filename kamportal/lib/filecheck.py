"""Checks an uploaded document by its content, not its name: PDF, DOCX or ODT only.

Django-free on purpose: it returns a `CheckedFile` or raises `FileRefused` with a
machine-readable `reason`; the caller turns the reason into a translated message.

What it refuses:
- empty files, files over `MAX_BYTES`, anything whose first bytes are not a PDF or
  a ZIP container (HTML, SVG, images, executables, legacy .doc ... whatever the name);
- names with path parts, control characters or an extension other than .pdf/.docx/.odt,
  and names whose extension does not match the content;
- PDFs that are encrypted, unparsable, or carry active content (JavaScript, launch
  actions, embedded files, additional actions, forms that submit or import data);
- DOCX/ODT containers that are corrupt, encrypted, have too many entries, unpack to
  more than `MAX_UNPACKED_BYTES` or compress suspiciously well (zip bombs), have
  absolute or `..` entry names, lack their required parts, or carry macros, ActiveX,
  OLE objects or remote templates;
- DOCX/ODT whose XML parts declare a DTD or entities (internal or external: XXE, "billion
  laughs"), or are not well-formed XML (defusedxml parses every XML part).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # uncompressed / compressed, for entries above RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAX_PDF_OBJECTS = 100_000
MAX_NAME_LENGTH = 120

PDF = "pdf"
DOCX = "docx"
ODT = "odt"

CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
}
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt"}

# Reasons a file is refused; the UI maps each to a message.
EMPTY = "empty"
TOO_LARGE = "too_large"
BAD_NAME = "bad_name"
UNSUPPORTED_TYPE = "unsupported_type"
EXTENSION_MISMATCH = "extension_mismatch"
PDF_ENCRYPTED = "pdf_encrypted"
PDF_UNREADABLE = "pdf_unreadable"
PDF_ACTIVE_CONTENT = "pdf_active_content"
ZIP_UNREADABLE = "zip_unreadable"
ZIP_TOO_LARGE = "zip_too_large"
ZIP_UNSAFE_PATH = "zip_unsafe_path"
ZIP_NOT_A_DOCUMENT = "zip_not_a_document"
ACTIVE_CONTENT = "active_content"
XML_ENTITIES = "xml_entities"

REASONS = (
    EMPTY,
    TOO_LARGE,
    BAD_NAME,
    UNSUPPORTED_TYPE,
    EXTENSION_MISMATCH,
    PDF_ENCRYPTED,
    PDF_UNREADABLE,
    PDF_ACTIVE_CONTENT,
    ZIP_UNREADABLE,
    ZIP_TOO_LARGE,
    ZIP_UNSAFE_PATH,
    ZIP_NOT_A_DOCUMENT,
    ACTIVE_CONTENT,
    XML_ENTITIES,
)


class FileRefused(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # PDF, DOCX or ODT
    content_type: str
    name: str  # the sanitised original name, for display and Content-Disposition only
    size: int


def check_file(data: bytes, filename: str) -> CheckedFile:
    """Return what the file is, or raise FileRefused."""
    name = clean_name(filename)
    if not data:
        raise FileRefused(EMPTY)
    if len(data) > MAX_BYTES:
        raise FileRefused(TOO_LARGE)
    kind = sniff(data)
    if not name.lower().endswith(EXTENSIONS[kind]):
        raise FileRefused(EXTENSION_MISMATCH, kind)
    if kind == PDF:
        check_pdf(data)
    else:
        check_zip_document(data, kind)
    return CheckedFile(kind=kind, content_type=CONTENT_TYPES[kind], name=name, size=len(data))


# --- names ---------------------------------------------------------------------------------

_SAFE_CHARS = re.compile(r"[^\w .\-()]+", re.UNICODE)


def clean_name(filename: str) -> str:
    """Refuse names with path parts or control characters; return a tidy display name."""
    if not filename or not isinstance(filename, str):
        raise FileRefused(BAD_NAME, "empty")
    if "/" in filename or "\\" in filename or ".." in filename or re.match(r"^[A-Za-z]:", filename):
        raise FileRefused(BAD_NAME, "path")
    if any(unicodedata.category(ch).startswith("C") for ch in filename):
        raise FileRefused(BAD_NAME, "control character")
    name = unicodedata.normalize("NFC", filename).strip()
    if name.startswith("."):
        raise FileRefused(BAD_NAME, "hidden")
    stem, dot, ext = name.rpartition(".")
    if not dot or f".{ext.lower()}" not in EXTENSIONS.values():
        raise FileRefused(BAD_NAME, "extension")
    stem = _SAFE_CHARS.sub("_", stem).strip(" ._") or "dokument"
    stem = stem[: MAX_NAME_LENGTH - len(ext) - 1]
    return f"{stem}.{ext.lower()}"


# --- sniffing ------------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    raise FileRefused(UNSUPPORTED_TYPE)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRefused(ZIP_UNREADABLE, str(exc)) from exc
    if "mimetype" in names and "content.xml" in names:
        return ODT
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names or "mimetype" in names:
        raise FileRefused(ZIP_NOT_A_DOCUMENT)
    raise FileRefused(UNSUPPORTED_TYPE)


# --- PDF -----------------------------------------------------------------------------------

# Names that mark active or smuggled content. Compared after decoding #xx escapes.
FORBIDDEN_PDF_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
        "/AA",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/Movie",
        "/Sound",
    }
)
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")
_NAME_TOKEN = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _decode_name(raw: bytes) -> str:
    return _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


def _outside_streams(data: bytes) -> bytes:
    """The file without stream bodies (binary data where random bytes could look like names). Linear time."""
    parts, position = [], 0
    while (start := _STREAM_START.search(data, position)) is not None:
        parts.append(data[position : start.start()])
        end = data.find(b"endstream", start.end())
        if end < 0:
            return b" ".join(parts)
        position = end + len(b"endstream")
    parts.append(data[position:])
    return b" ".join(parts)


def _scan_raw_pdf(data: bytes) -> None:
    """Look at every name outside stream bodies, including objects no cross-reference table lists."""
    for token in _NAME_TOKEN.findall(_outside_streams(data)):
        if _decode_name(token) in FORBIDDEN_PDF_NAMES:
            raise FileRefused(PDF_ACTIVE_CONTENT, _decode_name(token))
    # An open action that is a dictionary is an action (GoTo is harmless but rare); arrays are destinations.
    if re.search(rb"/OpenAction\s*<<", data) and not re.search(rb"/OpenAction\s*<<\s*/S\s*/GoTo\s*/D", data):
        raise FileRefused(PDF_ACTIVE_CONTENT, "/OpenAction")


def check_pdf(data: bytes) -> None:
    _scan_raw_pdf(data)
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise FileRefused(PDF_ENCRYPTED)
        if len(reader.pages) < 1:
            raise FileRefused(PDF_UNREADABLE, "no pages")
        _walk_pdf(reader)
    except FileRefused:
        raise
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, OSError) as exc:
        raise FileRefused(PDF_UNREADABLE, type(exc).__name__) from exc
    except Exception as exc:  # pypdf raises assorted errors on hostile input; any of them means "refuse"
        raise FileRefused(PDF_UNREADABLE, type(exc).__name__) from exc


def _walk_pdf(reader) -> None:
    """Visit the trailer, every object in the cross-reference tables (object streams too) and what they reference."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    pending: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        pending.extend(IndirectObject(num, generation, reader) for num in numbers)
    pending.extend(IndirectObject(num, 0, reader) for num in reader.xref_objStm)
    seen: set = set()
    visited = 0
    while pending:
        obj = pending.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise FileRefused(PDF_UNREADABLE, "too many objects")
        if isinstance(obj, NameObject):
            if str(obj) in FORBIDDEN_PDF_NAMES:
                raise FileRefused(PDF_ACTIVE_CONTENT, str(obj))
        elif isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if str(key) in FORBIDDEN_PDF_NAMES:
                    raise FileRefused(PDF_ACTIVE_CONTENT, str(key))
                if key == "/OpenAction":
                    target = value.get_object() if isinstance(value, IndirectObject) else value
                    if isinstance(target, DictionaryObject) and target.get("/S") != "/GoTo":
                        raise FileRefused(PDF_ACTIVE_CONTENT, "/OpenAction")
                pending.append(value)
        elif isinstance(obj, ArrayObject):
            pending.extend(obj)


# --- DOCX / ODT ----------------------------------------------------------------------------

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_EXTERNAL_DANGEROUS_REL = re.compile(
    rb"<Relationship\b[^>]*Type=\"[^\"]*/(attachedTemplate|oleObject|frame|subDocument)\"[^>]*TargetMode=\"External\"",
    re.IGNORECASE,
)
_EXTERNAL_DANGEROUS_REL_REVERSED = re.compile(
    rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*Type=\"[^\"]*/(attachedTemplate|oleObject|frame|subDocument)\"",
    re.IGNORECASE,
)


def _unsafe_member_name(name: str) -> bool:
    if not name or name.startswith(("/", "\\")) or "\\" in name or "\x00" in name:
        return True
    if re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in name.split("/"))


def check_zip_document(data: bytes, kind: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_zip_entries(infos, len(data))
            if kind == DOCX:
                _check_docx(archive, infos)
            else:
                _check_odt(archive, infos)
            _read_all(archive, infos)
            _check_xml_parts(archive, infos)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise FileRefused(ZIP_UNREADABLE, type(exc).__name__) from exc


def _check_zip_entries(infos, packed_size: int) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileRefused(ZIP_TOO_LARGE, "entries")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise FileRefused(ZIP_UNSAFE_PATH, "duplicate entries")
    total = 0
    for info in infos:
        if _unsafe_member_name(info.filename):
            raise FileRefused(ZIP_UNSAFE_PATH, info.filename)
        if info.flag_bits & 0x1:
            raise FileRefused(ZIP_UNREADABLE, "encrypted entry")
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise FileRefused(ZIP_TOO_LARGE, "unpacked size")
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_ENTRY_RATIO * max(info.compress_size, 1):
            raise FileRefused(ZIP_TOO_LARGE, f"ratio of {info.filename}")


def _read_all(archive, infos) -> None:
    """Decompress every entry (bounded by the declared sizes checked above) so CRC and length lies surface."""
    budget = MAX_UNPACKED_BYTES
    for info in infos:
        with archive.open(info) as member:
            while chunk := member.read(1024 * 1024):
                budget -= len(chunk)
                if budget < 0:
                    raise FileRefused(ZIP_TOO_LARGE, "unpacked size")


def _read_small(archive, name: str, limit: int = 2 * 1024 * 1024) -> bytes:
    with archive.open(name) as member:
        content = member.read(limit + 1)
    if len(content) > limit:
        raise FileRefused(ZIP_TOO_LARGE, name)
    return content


def _check_docx(archive, infos) -> None:
    lowered = [info.filename.lower() for info in infos]
    for name in lowered:
        if name.endswith(".bin") or "vbaproject" in name or "/activex/" in name or name.startswith("activex/"):
            raise FileRefused(ACTIVE_CONTENT, name)
    content_types = _read_small(archive, "[Content_Types].xml")
    if b"macroEnabled" in content_types or b"vbaProject" in content_types:
        raise FileRefused(ACTIVE_CONTENT, "macro-enabled content type")
    if b"wordprocessingml.document.main+xml" not in content_types:
        raise FileRefused(ZIP_NOT_A_DOCUMENT, "main part")
    for info in infos:
        if info.filename.endswith(".rels"):
            rels = _read_small(archive, info.filename)
            if _EXTERNAL_DANGEROUS_REL.search(rels) or _EXTERNAL_DANGEROUS_REL_REVERSED.search(rels):
                raise FileRefused(ACTIVE_CONTENT, f"external relationship in {info.filename}")


def _check_odt(archive, infos) -> None:
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
        raise FileRefused(ZIP_NOT_A_DOCUMENT, "mimetype must come first, stored")
    if _read_small(archive, "mimetype").strip() != ODT_MIMETYPE:
        raise FileRefused(ZIP_NOT_A_DOCUMENT, "mimetype")
    names = {info.filename for info in infos}
    if "META-INF/manifest.xml" not in names:
        raise FileRefused(ZIP_NOT_A_DOCUMENT, "manifest")
    for name in names:
        lowered = name.lower()
        if lowered.startswith(("basic/", "scripts/")) or lowered.endswith(".bin"):
            raise FileRefused(ACTIVE_CONTENT, name)
    manifest = _read_small(archive, "META-INF/manifest.xml")
    if b"application/vnd.sun.star.basic" in manifest or b"script" in manifest.lower():
        raise FileRefused(ACTIVE_CONTENT, "script in manifest")


XML_PART_SUFFIXES = (".xml", ".rels", ".rdf")


def _check_xml_parts(archive, infos) -> None:
    """Parse every XML part with defusedxml: a DTD, an entity declaration or an external reference refuses the
    file, and so does XML that does not parse (an office suite would guess; we do not)."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    for info in infos:
        if not info.filename.lower().endswith(XML_PART_SUFFIXES) or info.is_dir():
            continue
        with archive.open(info) as member:
            content = member.read(MAX_UNPACKED_BYTES + 1)
        try:
            fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise FileRefused(XML_ENTITIES, info.filename) from exc
        except (ParseError, ValueError) as exc:
            raise FileRefused(ZIP_NOT_A_DOCUMENT, f"malformed XML in {info.filename}") from exc
