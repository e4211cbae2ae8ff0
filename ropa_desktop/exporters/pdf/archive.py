"""The PDF as an archive that proves itself: PDF/A-3b's parts, added to reportlab's file.

reportlab lays the pages out; this adds, with pikepdf, what makes the file verifiable
from itself: the register's JSON export as an associated file (AFRelationship
/Source), XMP metadata mirroring the document information and carrying the export's
SHA-256, and an sRGB output intent. Nothing here reads a clock: every date is the
one the document information already holds, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream, String

from ropa_desktop.paths import RESOURCES

ICC_PROFILE = RESOURCES / "icc" / "sRGB.icc"
ATTACHMENT = "register.json"
# Our own XMP properties (declared in the file as a PDF/A extension schema).
NAMESPACE = "urn:ropa-desktop:pdf:1"
PREFIX = "ropa"
SHA_PROPERTY = "registerSha256"
_PROPERTIES = {
    SHA_PROPERTY: "SHA-256 of the attached JSON export, as printed on the cover",
    "asOf": "The day the register is shown as of (YYYY-MM-DD)",
    "auditEvents": "Events in the audit trail of the register shown",
    "registerFile": "Name of the attached JSON export",
}
# Characters XML 1.0 cannot hold; a name typed with one keeps the rest.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-]\d\d)'(\d\d)'")


@dataclass(frozen=True)
class Evidence:
    """What the PDF carries about the register it shows."""

    json: bytes | None  # the JSON export of the register shown, byte for byte (None: none)
    sha256: str  # as printed on the cover
    as_of: str
    events: int


def archive(pdf_bytes: bytes, evidence: Evidence) -> bytes:
    """reportlab's PDF with the register attached, XMP metadata and an output intent."""
    with Pdf.open(io.BytesIO(pdf_bytes)) as pdf:
        info = {k: str(v) for k, v in pdf.docinfo.items() if isinstance(v, String)}
        created = info.get("/CreationDate", "")
        if evidence.json is not None:
            spec = pikepdf.AttachedFileSpec(
                pdf,
                evidence.json,
                description="The register this PDF shows: its JSON export, whose SHA-256 is on "
                "the cover",
                filename=ATTACHMENT,
                mime_type="application/json",
                creation_date=created,
                mod_date=created,
                relationship=Name.Source,
            )
            pdf.attachments[ATTACHMENT] = spec
            pdf.Root.AF = Array([spec.obj])
        pdf.Root.OutputIntents = Array([_output_intent(pdf)])
        metadata = Stream(pdf, _xmp(info, evidence).encode("utf-8"))
        metadata.Type = Name.Metadata
        metadata.Subtype = Name.XML
        pdf.Root.Metadata = pdf.make_indirect(metadata)
        for page in pdf.pages:
            for annot in page.obj.get(Name.Annots, Array()):
                annot.F = 4  # printed: PDF/A wants every annotation to print as shown
        out = io.BytesIO()
        # The document ID from the content (the same file, the same ID); the XMP is ours.
        pdf.save(
            out,
            deterministic_id=True,
            min_version="1.7",
            fix_metadata_version=False,
            compress_streams=True,
        )
    return out.getvalue()


def _output_intent(pdf: Pdf) -> Dictionary:
    profile = Stream(pdf, ICC_PROFILE.read_bytes())
    profile.N = 3
    return Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"),
        RegistryName=String("http://www.color.org"),
        DestOutputProfile=pdf.make_indirect(profile),
    )


def xmp_date(pdf_date: str) -> str:
    """A PDF date (D:YYYYMMDDHHmmSS+HH'mm') as XMP writes it."""
    m = _DATE.fullmatch(pdf_date)
    if m is None:
        return ""
    y, mo, d, h, mi, s, tz_h, tz_m = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{tz_h}:{tz_m}"


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _xmp(info: dict[str, str], evidence: Evidence) -> str:
    """The XMP packet: the document information's values, and ours."""
    created = xmp_date(info.get("/CreationDate", ""))
    modified = xmp_date(info.get("/ModDate", "")) or created
    keywords = info.get("/Keywords", "")
    ours = {
        SHA_PROPERTY: evidence.sha256,
        "asOf": evidence.as_of,
        "auditEvents": str(evidence.events),
        "registerFile": ATTACHMENT,
    }
    own = "".join(f"   <{PREFIX}:{k}>{_text(v)}</{PREFIX}:{k}>\n" for k, v in ours.items())
    properties = "".join(
        '       <rdf:li rdf:parseType="Resource">'
        f"<pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{_text(text)}</pdfaProperty:description></rdf:li>\n"
        for name, text in _PROPERTIES.items()
    )
    dates = "".join(
        f"   <xmp:{k}>{v}</xmp:{k}>\n"
        for k, v in (("CreateDate", created), ("ModifyDate", modified), ("MetadataDate", modified))
        if v
    )
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:{PREFIX}="{NAMESPACE}">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_text(info.get("/Title", ""))}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_text(info.get("/Author", ""))}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_text(info.get("/Subject", ""))}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{_text(keywords)}</pdf:Keywords>
   <pdf:Producer>{_text(info.get("/Producer", ""))}</pdf:Producer>
   <xmp:CreatorTool>{_text(info.get("/Creator", ""))}</xmp:CreatorTool>
{dates}   <pdfaid:part>3</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
{own}  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>ropa-desktop register evidence</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq>
{properties}    </rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
