"""The report as PDF: the same HTML file printed by headless Chromium (Debian's `chromium`
package, the browser the tests already use), through the report's print stylesheet (page.py:
A4, a page per section, tables and figures whole, the value tables of the charts opened).

Chromium prints from the file on disk with no network (the page loads nothing anyway).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bildungspfade.publish import PublishError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
INSTALL_HINT = "apt-get install -y chromium"


def browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_pdf(html: Path, pdf: Path, timeout: int = 300) -> Path:
    """Print `html` to `pdf` (atomically); raises PublishError in German when no browser is
    there or printing fails."""
    executable = browser()
    if executable is None:
        raise PublishError(
            f"Für die PDF-Ausgabe wird Chromium benötigt ({INSTALL_HINT}); "
            f"der HTML-Bericht liegt unter {html}.",
            exit_code=2,
        )
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="bildungspfade-chromium-") as profile:
        proc = subprocess.run(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={tmp}",
                html.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        raise PublishError(
            f"Chromium konnte den Bericht nicht als PDF drucken: {proc.stderr.strip()[-500:]}",
            exit_code=1,
        )
    tmp.replace(pdf)
    return pdf
