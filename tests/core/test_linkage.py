"""Probabilistic linkage in the default build, against the synthetic municipality's truth
(docs/linkage.md): it links, its links are right, it never joins two pseudonyms of one
delivery, and no pair, pseudonym or Bloom filter reaches the published layer."""

from __future__ import annotations

import pytest

from tests.core.conftest import CoreWarehouse

RESTRICTED_COLUMNS = {
    "pseudonym",
    "pseudonym_key",
    "pseudonym_key_l",
    "pseudonym_key_r",
    "name_bloom_filter",
    "namen_clk",
    "pid",
}


@pytest.fixture(scope="module")
def con(core_warehouse: CoreWarehouse):
    with core_warehouse.connect() as con:
        yield con


def test_default_build_links_probabilistically(con) -> None:
    linked, right = con.execute(
        """
        with pseudonym_person as (
            -- the true person behind each pseudonym (the most frequent one)
            select r.person_key as pseudonym_key, mode(t.person_id) as person_id
            from intermediate.int_person_records_deduplicated as r
            inner join truth_records as t
              on r.source_file = t.file and r.row_number = t.row_number
            where r.person_key is not null
            group by r.person_key
        )
        select count(*), count(*) filter (where joined.person_id = own.person_id)
        from intermediate.int_person_keys_resolved as k
        inner join pseudonym_person as joined on k.pseudonym_key = joined.pseudonym_key
        inner join pseudonym_person as own on k.person_key = own.pseudonym_key
        where k.link_method = 'probabilistic'
        """
    ).fetchone()
    print(f"pseudonyms linked probabilistically: {linked}, to their true person: {right}")
    assert linked > 0
    assert right / linked >= 0.99


def test_two_pseudonyms_of_one_delivery_stay_two_persons(con) -> None:
    joined = con.execute(
        """
        select count(*) from (
            select delivery_id, person_key
            from intermediate.int_person_identifiers_linked
            -- the movement file lists events: one person's two moves may carry two spellings
            where dataset <> 'bewegungen'
            group by delivery_id, person_key
            having count(distinct pseudonym) > 1)
        """
    ).fetchone()[0]
    assert joined == 0
    linked_in_one_delivery = con.execute(
        """
        select count(*) from intermediate.int_person_links_scored
        where shares_delivery and decision = 'linked'
        """
    ).fetchone()[0]
    assert linked_in_one_delivery == 0


def test_audit_counts_probabilistic_links(con) -> None:
    audited, resolved = con.execute(
        """
        select
            (select sum(linked_probabilistically) from marts.fct_linkage_audit),
            (select count(*) from intermediate.int_person_records_deduplicated as r
             inner join intermediate.int_person_keys_resolved as k
               on r.person_key = k.pseudonym_key
             where k.link_method = 'probabilistic')
        """
    ).fetchone()
    assert audited == resolved > 0
    precision, recall = con.execute(
        "select any_value(estimated_precision), any_value(estimated_recall) "
        "from marts.fct_linkage_audit"
    ).fetchone()
    assert 0 < precision <= 1 and 0 < recall <= 1


def test_no_pair_pseudonym_or_bloom_filter_is_published(con) -> None:
    columns = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'published'"
    ).fetchall()
    assert columns
    leaked = [(t, c) for t, c in columns if c.lower() in RESTRICTED_COLUMNS or "clk" in c]
    assert leaked == []
    tables = {t for t, _ in columns}
    assert not [t for t in tables if "link" in t and "audit" not in t]
