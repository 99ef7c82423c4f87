"""`a.b` on a dict gives what Jinja gives, faster (nisdocs/mkdocs/patches/template_lookup.py)."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from jinja2 import Environment, StrictUndefined

from nisdocs.mkdocs.patches import template_lookup

TEMPLATE = "{{ a.b }}|{{ a.b is defined }}|{{ a.items is defined }}|{{ a.get('b', 'x') }}"


def render_both(template: str, value: object) -> tuple[str, str]:
    """`template` rendered with `a = value` by Jinja as it is and with the faster lookup."""
    jinja, fast = Environment(), Environment()
    template_lookup.install(fast)
    return fast.from_string(template).render(a=value), jinja.from_string(template).render(a=value)


@pytest.mark.parametrize("value", [
    {"b": "from the key"},
    {},  # missing: undefined, as in Jinja
    {"b": None, "items": "a key named like a method"},  # the method still wins
    {"get": "a key named like a method"},
    OrderedDict(b="a dict subclass: Jinja's own lookup"),
])
def test_dict_lookups_give_what_jinja_gives(value: dict[str, object]) -> None:
    fast, jinja = render_both(TEMPLATE, value)
    assert fast == jinja


def test_other_objects_are_looked_up_by_jinja() -> None:
    value = type("Object", (), {"b": "an attribute"})()
    fast, jinja = render_both("{{ a.b }}|{{ a.c is defined }}", value)
    assert fast == jinja == "an attribute|False"


def test_a_missing_key_is_undefined_of_the_environments_kind() -> None:
    env = Environment(undefined=StrictUndefined)
    template_lookup.install(env)
    with pytest.raises(Exception, match="'dict object' has no attribute 'b'"):
        env.from_string("{{ a.b }}").render(a={})
