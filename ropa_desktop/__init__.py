"""ropa-desktop: the GDPR Article 30 register editor."""

import os

# pikepdf (the PDF's attachment and metadata) brings lxml, and openpyxl switches its
# XML writer and parser to lxml whenever lxml is installed; keep openpyxl's own, so that
# workbooks are the same bytes, and read the same way, with or without it.
os.environ.setdefault("OPENPYXL_LXML", "False")
