"""The XLSX exports as a reader opens and prints them: LibreOffice Calc (Debian's
`libreoffice-calc-nogui`, headless) converts an export to PDF. The data sheet prints in
landscape with every column on the page and the header on every page, not as hundreds of
pages of cut columns. CI installs LibreOffice (.ci/run) and requires the test to run."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from bildungspfade.exports import Request, export

REQUIRE_ENV = "BILDUNGSPFADE_REQUIRE_LIBREOFFICE"
MISSING = (
    "LibreOffice not installed: `apt-get install -y --no-install-recommends "
    "libreoffice-calc-nogui` to run the test that prints the XLSX exports"
)


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get(REQUIRE_ENV, "") not in ("", "0"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    return found


@pytest.fixture(scope="module")
def printed(published_db, tmp_path_factory):
    soffice = _soffice()
    out = tmp_path_factory.mktemp("libreoffice")
    result = export(Request(table="uebergang_klasse5_schulform"), out, "xlsx", published_db)
    xlsx = next(p for p in result.files if p.suffix == ".xlsx")
    proc = subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = out / (xlsx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.is_file(), proc.stdout + proc.stderr
    return pdf


def test_libreoffice_prints_the_data_sheet_landscape_with_every_column(printed) -> None:
    from pypdf import PdfReader

    pages = PdfReader(printed).pages
    first = pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert width > height  # landscape A4
    text = " ".join(first.extract_text().split())
    # the first and the last column of the data sheet are on the same (first) page
    assert "Schuljahr des Übergangs" in text and "Kennzeichen" in text
    assert "2019/20" in text
    # the header row repeats on every page of the data sheet; the cross table (its page
    # header names it) has its school years on every page
    texts = [" ".join(p.extract_text().split()) for p in pages]
    landscape = [
        t for p, t in zip(pages, texts, strict=True) if p.mediabox.width > p.mediabox.height
    ]
    data_pages = [t for t in landscape if "Zeitreihe" not in t]
    cross_pages = [t for t in landscape if "Zeitreihe" in t]
    assert data_pages and all("Kennzeichen" in t for t in data_pages)
    assert cross_pages and all("2019/20" in t for t in cross_pages)
    # Daten, Zeitreihe and Erläuterungen: a few pages, not one per column strip
    assert len(pages) <= 12
