"""Great Expectations' kwargs lookups, building an expectation's configuration once per call.

`Expectation.configuration` is a property that rebuilds an ExpectationConfiguration from the
pydantic model (`self.dict()`, a new object every time). GX 1.x's `_get_domain_kwargs`,
`_get_success_kwargs` and `_get_runtime_kwargs` read it once per key inside a comprehension,
and `_get_runtime_kwargs` runs for every metric of every expectation of every delivery: about
2,500 rebuilds per delivery, a third of the time GX takes on a delivery of a few thousand rows
(profiled on the demo city, docs/benchmarks.md).

`install()` replaces those methods with ones that read `self.configuration.kwargs` once and
otherwise do the same: same keys, same values (the kwargs of a fresh configuration), same
defaults, the same warning for an unknown key. Nothing mutates the expectation during these
calls, so one configuration per call sees what every per-key rebuild saw.

It only replaces the methods whose source it was written against (digests below, GX 1.24.1):
after a GX upgrade that changes them, `install()` leaves GX as it is and says so in the log,
and tests/quality/test_gx_kwargs.py fails until the digests (and this module) are checked
against the new version.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
from typing import Any

from great_expectations.expectations.expectation import Expectation, parse_result_format

logger = logging.getLogger(__name__)

# sha256[:16] of the source of each method this module replaces, as GX 1.24.1 ships them.
ORIGINAL_DIGESTS = {
    "_get_success_kwarg": "baef37a186b40871",
    "_get_domain_kwargs": "91ad2a0670ff463a",
    "_get_success_kwargs": "fe376905e18bc525",
    "_get_runtime_kwargs": "4196ca2a2cdb5bbf",
}

_ORIGINALS: dict[str, Any] = {}


def _digest(function: Any) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def _success_kwarg(self: Expectation, kwargs: dict, key: str, default: Any = None) -> Any:
    if key in kwargs:
        return kwargs[key]
    field = self.__fields__.get(key)
    if field is not None:
        return field.default if not field.required else default
    logging.getLogger(Expectation.__module__).warning(
        f'_get_success_kwarg called with key "{key}", '
        f"but it is not a known field of {type(self).__name__}"
    )
    return default


def _domain_kwargs(self: Expectation, kwargs: dict) -> dict[str, Any]:
    # every domain key gets a value, so GX's "missing domain kwargs" error cannot occur here
    return {key: kwargs.get(key, self._get_default_value(key)) for key in self.domain_keys}


def _success_kwargs(self: Expectation, kwargs: dict) -> dict[str, Any]:
    domain_kwargs = _domain_kwargs(self, kwargs)
    success_kwargs = {
        key: kwargs.get(key, self._get_default_value(key)) for key in self.success_keys
    }
    success_kwargs.update(domain_kwargs)
    return success_kwargs


def _get_success_kwarg(self: Expectation, key: str, default: Any = None) -> Any:
    return _success_kwarg(self, self.configuration.kwargs, key, default)


def _get_domain_kwargs(self: Expectation) -> dict[str, Any]:
    return _domain_kwargs(self, self.configuration.kwargs)


def _get_success_kwargs(self: Expectation) -> dict[str, Any]:
    return _success_kwargs(self, self.configuration.kwargs)


def _get_runtime_kwargs(self: Expectation, runtime_configuration: dict | None = None) -> dict:
    runtime_configuration = runtime_configuration or {}
    kwargs = self.configuration.kwargs
    success_kwargs = _success_kwargs(self, kwargs)
    runtime_kwargs = {
        key: runtime_configuration.get(key, _success_kwarg(self, kwargs, key))
        for key in self.runtime_keys
    }
    runtime_kwargs.update(success_kwargs)
    runtime_kwargs["result_format"] = parse_result_format(runtime_kwargs["result_format"])
    return runtime_kwargs


REPLACEMENTS = {
    "_get_success_kwarg": _get_success_kwarg,
    "_get_domain_kwargs": _get_domain_kwargs,
    "_get_success_kwargs": _get_success_kwargs,
    "_get_runtime_kwargs": _get_runtime_kwargs,
}


def installed() -> bool:
    return all(getattr(Expectation, name) is fn for name, fn in REPLACEMENTS.items())


def original(name: str) -> Any:
    """GX's own method (for the test that compares both)."""
    return _ORIGINALS.get(name, getattr(Expectation, name))


def install() -> bool:
    """Replace the methods if GX still ships the versions they were written for; idempotent."""
    if installed():
        return True
    changed = [n for n, d in ORIGINAL_DIGESTS.items() if _digest(getattr(Expectation, n)) != d]
    if changed:
        logger.warning(
            "great_expectations changed %s since 1.24.1: left as shipped (slower validation)",
            ", ".join(changed),
        )
        return False
    for name, replacement in REPLACEMENTS.items():
        _ORIGINALS[name] = getattr(Expectation, name)
        setattr(Expectation, name, replacement)
    return True
