"""The one function the dbt Python models build their disclosure settings with."""

from __future__ import annotations

import pytest
from bildungspfade.disclosure import DisclosureSettings, model_settings


def test_configs_rendered_as_text_become_typed_settings():
    # dbt renders the bp:disclosure vars into YAML configs: numbers and lists arrive as text
    settings = model_settings("rounding", "4", "5", "12", subgroup_levels="['stadt']")
    assert settings == DisclosureSettings(
        method="rounding", min_cell=4, rounding_base=5, min_rate_base=12, subgroup_levels=("stadt",)
    )


def test_what_a_model_fixes_for_itself_is_kept():
    settings = model_settings(
        "suppression", 3, 5, 10, area_levels=["stadt", "stadtbezirk"], subgroups=()
    )
    assert settings.area_levels == ("stadt", "stadtbezirk")
    assert settings.subgroups == ()
    assert settings.subgroup_levels == ("stadt", "stadtbezirk")


def test_a_config_the_model_did_not_receive_is_named():
    with pytest.raises(ValueError, match="disclosure_min_cell"):
        model_settings("suppression", None, 5, 10)


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError, match="bp:disclosure:method"):
        model_settings("noise", 3, 5, 10)
