"""One row per person: the fixed record key of the Cell Key Method (0 .. 255), restricted.
A keyed hash of the person key with the secret from the environment, bound as a parameter
(not a dbt var, so it never reaches compiled SQL or the docs): the same key in every run and
year, nothing to persist. bildungspfade.disclosure.record_keys, docs/disclosure.md."""


def model(dbt, session):
    dbt.config(materialized="table")
    from bildungspfade.disclosure.record_keys import RECORD_KEY_SQL, record_key_secret

    # the persons of dim_persons, from the model the panel reads, so that the rates need not
    # wait for dim_persons' spans
    persons = dbt.ref("int_person_attributes_resolved").select("person_key")
    session.register("ckm_persons", persons)
    # a DuckDB relation, not a data frame: an empty frame (dbt build --empty, the unit tests'
    # inputs) would give person_key the type NULL instead of varchar
    return session.sql(
        f"select cast(person_key as varchar) as person_key, {RECORD_KEY_SQL} as ckm_record_key "
        "from ckm_persons",
        params={"secret": record_key_secret().decode("utf-8")},
    )
