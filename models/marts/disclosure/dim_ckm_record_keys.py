"""One row per person: the fixed record key of the Cell Key Method (0 .. 255), restricted.
A keyed hash of the person key with the secret from the environment (not a dbt var, so it
never reaches compiled SQL or the docs): the same key in every run and year, nothing to
persist. bildungspfade.disclosure.record_keys, docs/disclosure.md."""


def model(dbt, session):
    dbt.config(materialized="table")
    from bildungspfade.disclosure.record_keys import record_key_secret, record_keys

    persons = dbt.ref("dim_persons").select("person_key").df()
    persons["ckm_record_key"] = record_keys(persons.person_key.tolist(), record_key_secret())
    return persons
