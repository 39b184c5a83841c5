"""verify.verdict and the report: what a verdict may carry, and how premises are shown."""
import pytest

from verify.report import markdown, table
from verify.verdict import CheckResult, Outcome


def _result(verdict, premises=(), margin=None):
    return CheckResult(name="x.check", statement="x", source="Lemma 0", verdict=verdict, expected=verdict,
                       margin=margin, margin_note="", evidence={}, counterexample=None, erratum=None, summary="",
                       seconds=0.0, tier="quick", premises=tuple(premises))


def test_a_float64_margin_cannot_stand_beside_proved_or_certified():
    for verdict in ("proved", "certified"):
        with pytest.raises(ValueError, match="margin"):
            Outcome(verdict, 0.5, "float slack", margin_from="float64")
    with pytest.raises(ValueError, match="proved"):
        Outcome("proved", 0.5, "ball slack", margin_from="certified")
    Outcome("proved", None, "no margin", margin_from="float64")          # absent is fine
    Outcome("certified", 0.5, "ball slack", margin_from="certified")
    Outcome("checked", 0.5, "float slack", margin_from="float64")
    with pytest.raises(ValueError, match="margin_from"):
        Outcome("checked", 0.5, "", margin_from="float32")


def test_premises_come_from_the_proof_evidence_and_mark_the_row():
    outcome = Outcome("proved", None, "", {"premises": ["Cauchy-Schwarz [textbook]"]})
    assert outcome.premises == ["Cauchy-Schwarz [textbook]"]
    rows = [_result("proved", outcome.premises), _result("proved")]
    text = table(rows)
    assert "proved*" in text and "Cauchy-Schwarz [textbook]" in text
    assert rows[0].as_json()["premises"] == ["Cauchy-Schwarz [textbook]"] and rows[1].as_json()["premises"] == []
    assert "proved*" in markdown(rows, "quick")
