"""Write macros/indicators/indicator_case_models.sql from the indicator catalogue.

python -m bildungspfade.generate.indicator_cases          # (re)write the macro
python -m bildungspfade.generate.indicator_cases --check  # exit 1 if the committed macro drifted
(python -m bildungspfade.generate runs every generator of the project.)

fct_indicator_cases unions one case model per indicator. dbt must know a model's refs when it
parses the project, before any seed can be read, so the list of case models is a generated
macro: every catalogue row whose kind is not `index` (the segregation indices are computed in
fct_segregation_indices) names the case model `fct_indicator_cases__<code in lowercase>`, in
catalogue order. The generator also refuses a catalogue row without its model file and a case
model file without its catalogue row, so that neither can be forgotten.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from bildungspfade.generate import files as generated_files
from bildungspfade.settings import PROJECT_ROOT

CATALOGUE = Path("seeds/indicators/indicator_catalogue.csv")
CASE_MODEL_DIR = Path("models/marts/indicators/cases")
MACRO = Path("macros/indicators/indicator_case_models.sql")
CASE_MODEL_PREFIX = "fct_indicator_cases__"
KINDS_WITHOUT_CASES = frozenset({"index"})
COMMAND = "python -m bildungspfade.generate.indicator_cases"


class CatalogueError(ValueError):
    """The catalogue and the case models folder disagree."""


def case_model_name(indicator_code: str) -> str:
    return CASE_MODEL_PREFIX + indicator_code.lower()


def case_models(root: Path = PROJECT_ROOT) -> list[str]:
    """The case models fct_indicator_cases must union, in catalogue order."""
    with (root / CATALOGUE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    names = [
        case_model_name(r["indicator_code"]) for r in rows if r["kind"] not in KINDS_WITHOUT_CASES
    ]
    files = {p.stem for p in (root / CASE_MODEL_DIR).glob(f"{CASE_MODEL_PREFIX}*.sql")}
    problems = [
        f"catalogue row without its model: {CASE_MODEL_DIR / name}.sql"
        for name in names
        if name not in files
    ] + [
        f"case model without a catalogue row (or of kind index): {CASE_MODEL_DIR / name}.sql"
        for name in sorted(files - set(names))
    ]
    if problems:
        raise CatalogueError("\n".join(problems))
    return names


def render(names: list[str]) -> str:
    items = "".join(f"        '{name}',\n" for name in names)
    return (
        "{#- Generated from seeds/indicators/indicator_catalogue.csv by\n"
        f"    `{COMMAND}`: do not edit\n"
        "    (make lint checks it).\n"
        "    The case models fct_indicator_cases unions, one per indicator that is not an index,\n"
        "    in catalogue order. -#}\n"
        "{% macro indicator_case_models() %}\n"
        "    {{ return([\n"
        f"{items}"
        "    ]) }}\n"
        "{% endmacro %}\n"
    )


def files_in(root: Path = PROJECT_ROOT) -> dict[Path, str]:
    """The generated macro, path -> text as the committed file must read."""
    return {root / MACRO: render(case_models(root))}


def drifted(root: Path = PROJECT_ROOT) -> bool:
    """The committed macro differs from what the catalogue generates."""
    return bool(generated_files.stale(files_in(root)))


def write(root: Path = PROJECT_ROOT) -> Path:
    (path,) = generated_files.write(files_in(root))
    return path


def main(argv: list[str] | None = None) -> int:
    try:
        return generated_files.main(
            argv,
            description=__doc__.splitlines()[0],
            command=COMMAND,
            folder_option="--root",
            default_folder=PROJECT_ROOT,
            files_in=files_in,
        )
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
