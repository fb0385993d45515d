def test_a_distribution_chart_leaves_out_its_100_percent_total_a_rate_keeps_it() -> None:
    from bildungspfade.report.sections import _series

    def rows(values):
        return [
            {"category": c, "year": y, "value": v} for y in (2019, 2020) for c, v in values.items()
        ]

    distribution = _series(rows({"insgesamt": 100.0, "gymnasium": 40.0, "realschule": 60.0}))
    assert sorted(s.name for s in distribution) == ["Gymnasium", "Realschule"]
    rate = _series(rows({"insgesamt": 71.5, "unter_3": 35.0, "3_bis_schuleintritt": 94.0}))
    assert len(rate) == 3 and rate[0].name.lower() == "insgesamt"


def test_a_map_never_draws_a_distributions_total() -> None:
    from bildungspfade.report.sections import mapped_categories

    def rows(values):
        return [{"category": c, "value": v} for c, v in values.items() for _ in range(3)]

    distribution = rows({"insgesamt": 100.0, "gymnasium": 40.0, "realschule": 60.0})
    assert set(mapped_categories(distribution)) == {"gymnasium", "realschule"}
    rate = rows({"insgesamt": 71.5, "unter_3": 35.0})
    assert mapped_categories(rate) == ["insgesamt"]
