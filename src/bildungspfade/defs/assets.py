"""Assets: one ingestion asset per delivered dataset, the dbt models, and the published copy.

Built inside a `@definitions` function so that reading dbt's manifest (and parsing the project
when it is missing) happens when the code location loads, not when a test imports the module.
"""

# No `from __future__ import annotations`: Dagster inspects the context annotations.

import logging
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from bildungspfade.defs.partitions import STICHTAG_PARTITIONS
from bildungspfade.defs.report import build_report_asset
from bildungspfade.defs.resources import (
    LandingResource,
    WarehouseResource,
    dbt_project,
    prepare_dbt_manifest,
)
from bildungspfade.ingest import (
    DeliveryResult,
    ensure_schema,
    ingest_file,
    record_unmatched,
    scan,
)
from bildungspfade.publish.datenstand import awaited, summary
from bildungspfade.quality import validate_delivery
from bildungspfade.spec import DATASETS

INGESTION_GROUP = "ingestion"
PUBLICATION_GROUP = "publication"
RAW_SOURCE = "raw"  # the dbt source name under which models read raw.<dataset>
DBT_LAYERS = ("staging", "intermediate", "marts", "published")
PUBLISHED_WAREHOUSE_KEY = dg.AssetKey(["published", "warehouse"])

# Progress lines for whoever runs ingestion in process (the CLI attaches a handler).
PROGRESS_LOGGER = "bildungspfade.progress"


def raw_key(dataset: str) -> dg.AssetKey:
    return dg.AssetKey([RAW_SOURCE, dataset])


# --- ingestion ---------------------------------------------------------------------------------


def _partition_keys(context: dg.AssetExecutionContext) -> list[str]:
    # ISO dates sort chronologically; dynamic partitions keep insertion order instead.
    return sorted(context.partition_keys)


def build_ingestion_asset(dataset: str) -> dg.AssetsDefinition:
    ds = DATASETS[dataset]

    @dg.asset(
        key=raw_key(dataset),
        group_name=INGESTION_GROUP,
        partitions_def=STICHTAG_PARTITIONS[dataset],
        # One run can load a whole range of Stichtage: a 20-year back-delivery is ~20 files
        # per dataset, and a run per file would spend more time starting than loading.
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=(
            f"{ds.label_de} ({ds.agency}): rows of every delivery of `{dataset}` that passed "
            "the row rules, one row per delivered data row; partitioned by reference date."
        ),
        kinds={"duckdb"},
        pool="warehouse_writer",
    )
    def ingestion_asset(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        landing: LandingResource,
    ) -> dg.MaterializeResult:
        keys = set(_partition_keys(context))
        found = scan(landing.root)
        candidates = [
            f for f in found.files if f.dataset == dataset and f.stichtag.isoformat() in keys
        ]
        totals: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        validation_seconds = 0.0
        files = 0
        with warehouse.connect() as con:
            ensure_schema(con)
            # Misnamed files in this dataset's folder go on record as rejected (once per bytes),
            # so that nobody has to look into the landing folder to find them.
            misnamed = [u for u in found.unmatched if _folder(landing.root, u.path) == dataset]
            for result in record_unmatched(con, landing.root, misnamed):
                _report(context, dataset, "-", result)
            # discover() sorts by (stichtag, lieferung): corrections load after what they
            # correct. ingest_file is idempotent on the bytes, so files seen before cost a
            # read and a hash, and write nothing.
            for delivery in candidates:
                result = ingest_file(con, landing.root, delivery, validator=validate_delivery)
                if not result.changed:
                    continue
                files += 1
                validation_seconds += result.validation_seconds
                statuses[result.status] += 1
                for name in ("rows_in", "rows_loaded", "rows_quarantined", "rows_rejected"):
                    totals[name] += getattr(result, name)
                _report(context, dataset, delivery.stichtag.isoformat(), result)
        if not files:
            context.log.info(f"{dataset}: no new files for {len(keys)} reference date(s)")
        return dg.MaterializeResult(
            metadata={
                "files": files,
                "rows_in": totals["rows_in"],
                "rows_loaded": totals["rows_loaded"],
                "rows_quarantined": totals["rows_quarantined"],
                "rows_rejected": totals["rows_rejected"],
                "status": ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())) or "none",
                "validation_seconds": round(validation_seconds, 3),
            }
        )

    return ingestion_asset


def _folder(landing: Path, path: Path) -> str | None:
    rel = path.relative_to(landing)
    return rel.parts[0] if len(rel.parts) > 1 else None


def _report(
    context: dg.AssetExecutionContext, dataset: str, stichtag: str, result: DeliveryResult
) -> None:
    line = (
        f"{dataset:<13} {stichtag:<10} {result.status:<10} in {result.rows_in:>7}  "
        f"loaded {result.rows_loaded:>7}  quarantined {result.rows_quarantined:>6}  "
        f"{result.source_file}"
    )
    if result.reason:
        line += f"  ({result.reason})"
    context.log.info(line)
    logging.getLogger(PROGRESS_LOGGER).info(line)


# --- dbt ---------------------------------------------------------------------------------------


class BildungspfadeTranslator(DagsterDbtTranslator):
    """Maps the dbt project onto the asset graph by convention, never per model:

    - a model's group is its top folder under models/ (staging, intermediate, marts), seeds
      are `reference`, and sources sit with the ingestion that writes them;
    - the dbt source `raw.<dataset>` is the ingestion asset `raw/<dataset>`, so lineage runs
      from a delivery through staging to the marts.
    """

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        props = dbt_resource_props
        if props["resource_type"] == "source" and props["source_name"] == RAW_SOURCE:
            return raw_key(props["name"])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn: Sequence[str] = dbt_resource_props.get("fqn", ())
        resource_type = dbt_resource_props["resource_type"]
        if resource_type == "source":  # raw and audit tables are written by ingestion
            return INGESTION_GROUP
        if resource_type == "seed":
            return "reference"
        if resource_type in ("model", "snapshot") and len(fqn) > 2 and fqn[1] in DBT_LAYERS:
            return fqn[1]
        return super().get_group_name(dbt_resource_props)


class DbtBuildConfig(dg.Config):
    """Run configuration of the dbt step."""

    full_refresh: bool = False
    """Rebuild the incremental models from all current deliveries (dbt --full-refresh), e.g.
    after editing a macro they call. Without it a build appends only new deliveries."""


def build_dbt_assets() -> dg.AssetsDefinition:
    project = dbt_project()
    prepare_dbt_manifest()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=BildungspfadeTranslator(),
        name="dbt_models",
        pool="warehouse_writer",
    )
    def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
        # One dbt process for the whole selection: each start costs seconds. A fixed target
        # folder keeps dbt's partial-parse state between runs (writers run one at a time).
        target = project.target_path / "dagster_build"
        args = ["build", "--full-refresh"] if config.full_refresh else ["build"]
        progress = logging.getLogger(PROGRESS_LOGGER)
        started, built = time.perf_counter(), 0
        keys = context.assets_def.keys_by_output_name
        for event in _dbt_events(dbt.cli(args, context=context, target_path=target), context):
            if isinstance(event, dg.Output | dg.AssetMaterialization):
                built += 1
                asset_key = getattr(event, "asset_key", None) or keys.get(event.output_name)
                key = asset_key.to_user_string() if asset_key else event.output_name
                elapsed = time.perf_counter() - started
                progress.info(f"dbt {built:>3} built  {key}  ({elapsed:.0f} s)")
            yield event

    return dbt_models


def _dbt_events(invocation, context: dg.AssetExecutionContext):
    """The Dagster events of a dbt invocation (as its stream() gives them), passing on the
    progress lines a model writes to dbt's log (the disclosure models: audit units done and
    left, bildungspfade.disclosure.progress) to the progress logger and the run's log."""
    from bildungspfade.disclosure.progress import PREFIX

    progress = logging.getLogger(PROGRESS_LOGGER)
    for raw in invocation.stream_raw_events():
        message = str(raw)
        if raw.raw_event["info"]["name"] == "Note" and message.startswith(PREFIX):
            progress.info(message)
            context.log.info(message)
        yield from raw.to_default_asset_events(
            manifest=invocation.manifest,
            dagster_dbt_translator=invocation.dagster_dbt_translator,
            context=invocation.context,
            target_path=invocation.target_path,
            project=invocation.project,
        )


# --- publication ---------------------------------------------------------------------------------


class PublishConfig(dg.Config):
    """Run configuration of the publication step."""

    strict: bool = False
    """Refuse to publish while a delivery is awaited (a gap in published.pub_datenstand): the
    step fails and the published copy stays as it was. Without it the copy is published with
    its gaps, which the Datenstand lists (`bildungspfade run --strict` sets it)."""


# Metadata key of the Failure raised when `strict` refuses to publish: how `bildungspfade run`
# tells a refusal from a broken step.
REFUSED_FOR_GAPS = "refused_for_gaps"


def build_published_asset(upstream: dg.AssetsDefinition) -> dg.AssetsDefinition:
    marts = [key for key in upstream.keys]

    @dg.asset(
        key=PUBLISHED_WAREHOUSE_KEY,
        group_name=PUBLICATION_GROUP,
        deps=marts,
        description=(
            "Read-only copy of the publishable tables (no pseudonyms), swapped in atomically "
            "beside the warehouse after every build, with the Datenstand (pub_datenstand) "
            "listing awaited deliveries; config `strict` refuses to publish with gaps."
        ),
        kinds={"duckdb"},
        pool="warehouse_writer",
    )
    def published_warehouse(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: PublishConfig
    ) -> dg.MaterializeResult:
        with warehouse.connect(read_only=True) as con:
            gaps = awaited(con)
        if gaps:
            context.log.warning(summary(gaps))
        if gaps and config.strict:
            raise dg.Failure(
                description=(
                    f"strict: not published, {len(gaps)} delivery(ies) awaited "
                    f"({', '.join(gap.label() for gap in gaps)})"
                ),
                metadata={REFUSED_FOR_GAPS: len(gaps)},
            )
        copied = warehouse.publish()
        context.log.info(f"published {len(copied)} table(s) to {warehouse.published_path}")
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(warehouse.published_path)),
                "tables": len(copied),
                "deliveries_awaited": len(gaps),
                **{f"rows {name}": n for name, n in copied.items()},
            }
        )

    return published_warehouse


@dg.definitions
def assets() -> dg.Definitions:
    ingestion = [build_ingestion_asset(name) for name in DATASETS]
    dbt_models = build_dbt_assets()
    published = build_published_asset(dbt_models)
    # the report reads only the published copy, so it needs no writer slot
    report = build_report_asset(published.key)
    return dg.Definitions(assets=[*ingestion, dbt_models, published, report])
