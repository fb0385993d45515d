"""The one function the dbt Python models build their disclosure settings with."""

from __future__ import annotations

import pytest

from bildungspfade.disclosure import DisclosureSettings, model_settings

CONFIG = {"method": "suppression", "min_cell": 3, "rounding_base": 5, "min_rate_base": 10}


def test_configs_rendered_as_text_become_typed_settings():
    # dbt renders the bp:disclosure vars into YAML configs: numbers and lists may arrive as text
    settings = model_settings(
        {
            "method": "rounding",
            "min_cell": "4",
            "rounding_base": "5",
            "min_rate_base": "12",
            "subgroup_levels": "['stadt']",
        }
    )
    assert settings == DisclosureSettings(
        method="rounding", min_cell=4, rounding_base=5, min_rate_base=12, subgroup_levels=("stadt",)
    )


def test_a_config_rendered_as_one_text_is_read():
    settings = model_settings(str({**CONFIG, "method": "cell_key"}))
    assert settings.method == "cell_key"
    assert settings.min_rate_base == 10


def test_what_a_model_fixes_for_itself_is_kept():
    settings = model_settings(
        {**CONFIG, "subgroup_levels": ["stadt", "stadtbezirk"]},
        area_levels=["stadt", "stadtbezirk"],
        subgroups=(),
        subgroup_levels=("stadt",),
    )
    assert settings.area_levels == ("stadt", "stadtbezirk")
    assert settings.subgroups == ()
    assert settings.subgroup_levels == ("stadt",)


def test_a_config_the_model_did_not_receive_is_named():
    with pytest.raises(ValueError, match="disclosure.min_cell"):
        model_settings({**CONFIG, "min_cell": None})
    with pytest.raises(ValueError, match="disclosure.method"):
        model_settings(None)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="bp:disclosure:method"):
        model_settings({**CONFIG, "method": "noise"})
