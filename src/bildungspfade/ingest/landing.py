"""Discovery: which files in the landing folder are deliveries, and which are not.

A file that breaks the naming rule is never dropped silently: `scan` returns it with the reason,
so the caller can record it in the audit (see `load.record_unmatched`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bildungspfade import spec


@dataclass(frozen=True)
class DeliveryFile:
    path: Path
    dataset: str
    stichtag: date
    lieferung: int
    ext: str  # csv, parquet or geojson (spec.Dataset.formats)
    note: Path | None  # the delivery note beside the file, if any

    @property
    def name(self) -> str:
        return self.path.name

    def sort_key(self) -> tuple[str, date, int, str]:
        return (self.dataset, self.stichtag, self.lieferung, self.name)


@dataclass(frozen=True)
class UnmatchedFile:
    path: Path
    reason: str


@dataclass(frozen=True)
class Landing:
    files: list[DeliveryFile]
    unmatched: list[UnmatchedFile]


def parse_name(path: Path, folder: str | None = None) -> DeliveryFile | str:
    """The DeliveryFile a path names, or the reason it is not one."""
    m = spec.FILE_NAME.match(path.name)
    if not m:
        return (
            f"{path.name}: Dateiname entspricht nicht "
            "<datensatz>_<JJJJ-MM-TT>[_L<n>].csv|parquet|geojson"
        )
    dataset = m["dataset"]
    if dataset not in spec.DATASETS:
        return f"{path.name}: unbekannter Datensatz {dataset!r}"
    formats = spec.DATASETS[dataset].formats
    if m["ext"] not in formats:
        allowed = " oder ".join(formats)
        return f"{path.name}: {dataset} wird als {allowed} geliefert, nicht {m['ext']}"
    if folder is not None and folder != dataset:
        return f"{path.name}: liegt im Ordner {folder!r}, nicht im Ordner {dataset!r}"
    try:
        stichtag = date.fromisoformat(m["stichtag"])
    except ValueError:
        return f"{path.name}: {m['stichtag']} ist kein gültiges Datum"
    lieferung = int(m["lieferung"]) if m["lieferung"] else 1
    # _L1 would be a second name for the first delivery; the contract starts numbering at 2.
    if m["lieferung"] is not None and lieferung < 2:
        return f"{path.name}: Lieferungsnummer _L{m['lieferung']} ungültig (erst ab _L2)"
    note = path.with_name(path.name + spec.DELIVERY_NOTE_SUFFIX)
    return DeliveryFile(
        path=path,
        dataset=dataset,
        stichtag=stichtag,
        lieferung=lieferung,
        ext=m["ext"],
        note=note if note.is_file() else None,
    )


def scan(landing: Path) -> Landing:
    """Every file under the landing folder, sorted into deliveries and everything else."""
    landing = Path(landing)
    files: list[DeliveryFile] = []
    unmatched: list[UnmatchedFile] = []
    if not landing.is_dir():
        return Landing(files, unmatched)
    for path in sorted(p for p in landing.rglob("*") if p.is_file()):
        rel = path.relative_to(landing)
        if len(rel.parts) != 2:
            reason = f"{rel.as_posix()}: nicht in einem Ordner <landing>/<datensatz>/"
            unmatched.append(UnmatchedFile(path, reason))
            continue
        folder = rel.parts[0]
        if folder not in spec.DATASETS:
            reason = f"{rel.as_posix()}: unbekannter Ordner {folder!r}"
            unmatched.append(UnmatchedFile(path, reason))
            continue
        if path.name.endswith(spec.DELIVERY_NOTE_SUFFIX):
            data_file = path.with_name(path.name[: -len(spec.DELIVERY_NOTE_SUFFIX)])
            if not data_file.is_file():
                unmatched.append(
                    UnmatchedFile(path, f"{path.name}: Lieferschein ohne zugehörige Datei")
                )
            continue
        parsed = parse_name(path, folder)
        if isinstance(parsed, str):
            unmatched.append(UnmatchedFile(path, parsed))
        else:
            files.append(parsed)
    files.sort(key=DeliveryFile.sort_key)
    return Landing(files, unmatched)


def discover(landing: Path) -> list[DeliveryFile]:
    """The deliveries in the landing folder, sorted by (dataset, stichtag, lieferung)."""
    return scan(landing).files
