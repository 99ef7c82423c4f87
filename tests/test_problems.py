"""Messages' "did you mean": the closest known value, for the typos people make."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nisdocs.problems import did_you_mean
from nisdocs.registry import load_registry

# Values editors type: topic keys, field names, ids, acts, languages.
KNOWN = sorted({
    "incident-reporting", "risk-management", "supply-chain-security", "vulnerability-handling",
    "title", "short_title", "summary", "status", "version", "references", "supersedes",
    *(f"NCG-{number:04d}" for number in range(1, 15)), *load_registry().acts,
    "guideline", "methodology", "report", "adopted", "draft", "consultation",
})
LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-_"


@st.composite
def typo(draw: st.DrawFn) -> tuple[str, str]:
    """A known value of four or more characters with one edit: a letter added, left out,
    changed, or two neighbours swapped."""
    value = draw(st.sampled_from([v for v in KNOWN if len(v) >= 4]))
    at = draw(st.integers(0, len(value) - 1))
    letter = draw(st.sampled_from(LETTERS))
    edits = [value[:at] + letter + value[at:], value[:at] + value[at + 1:],
             value[:at] + letter + value[at + 1:]]
    if at + 1 < len(value):
        edits.append(value[:at] + value[at + 1] + value[at] + value[at + 2:])
    return value, draw(st.sampled_from(edits))


@given(typo())
def test_a_one_edit_typo_gets_a_known_value_one_edit_away(case: tuple[str, str]) -> None:
    value, typed = case
    said = did_you_mean(typed, KNOWN)
    if typed in KNOWN:  # the typo made another known value
        assert said == ""
        return
    assert said.startswith('; did you mean "') and said.endswith('"?')
    suggested = said[len('; did you mean "'):-2]
    assert suggested in KNOWN
    # The value meant, or another as close to what was typed.
    assert suggested == value or did_you_mean(typed, [suggested]) != ""


def test_case_alone_is_corrected_and_far_values_are_not_suggested() -> None:
    assert did_you_mean("nis2", KNOWN) == '; did you mean "NIS2"?'
    assert did_you_mean("NCG-0030", KNOWN) == '; did you mean "NCG-0003"?'
    assert did_you_mean("xyz", KNOWN) == ""
    assert did_you_mean("completely-unrelated-words", KNOWN) == ""
    assert did_you_mean("NIS2", KNOWN) == ""  # known already: nothing to suggest
