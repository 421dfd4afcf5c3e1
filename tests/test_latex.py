"""`--format latex`: escaping, the marked payoff and equilibrium tables, and a real
compile with the system's pdflatex (skipped, saying so, where there is none)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli.main import main
from cli.render.latex import escape

ROOT = Path(__file__).resolve().parents[1]


def latex_of(capsys: pytest.CaptureFixture, *args: str) -> str:
    assert main([*args, "--format", "latex"]) == 0
    return capsys.readouterr().out


def test_escape_specials_and_unicode():
    assert escape(r"a_b & 50% #1 {x} $y ~ ^ \ ") == \
        r"a\_b \& 50\% \#1 \{x\} \$y \textasciitilde{} \textasciicircum{} \textbackslash{} "
    assert escape("x ≈ 0.5 — ok") == r"x $\approx$ 0.5 --- ok"
    assert escape("Müller") == "Müller"
    assert escape("日") == "[cjk unified ideograph-65e5]"
    assert escape("a\x07b\nc") == "a[u+0007]b c"      # a control character made visible


def test_prisoners_dilemma_tables(capsys):
    """Textbook: (defect, defect) is the only equilibrium; in its cell both payoffs
    are best responses, and it alone is set in bold; the temptation payoff 5 is a best
    response too, the sucker's 0 is not."""
    tex = latex_of(capsys, str(ROOT / "scenarios" / "prisoners_dilemma.yaml"))
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    bold = [line for line in tex.splitlines() if r"\textbf{" in line and "*, " in line]
    assert len(bold) == 1 and bold[0].startswith("defect & 5*, 0 & ")
    assert bold[0].split(" & ")[2].startswith(r"\textbf{1*, 1*}")
    assert r"\section*{Nash equilibria}" in tex
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}")


@pytest.mark.parametrize("scenario", ["idlib_m4_patrols.yaml", "rock_paper_scissors.yaml",
                                      "three_player_volunteer.yaml"])
def test_compiles_with_pdflatex(capsys, tmp_path, scenario):
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base); "
                    "the LaTeX output was not compiled")
    tex = latex_of(capsys, str(ROOT / "scenarios" / scenario), "--explain")
    (tmp_path / "report.tex").write_text(tex, encoding="utf-8")
    done = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error",
                           "report.tex"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "report.pdf").stat().st_size > 1000
    # longtable needs a second run to settle column widths; the first must not warn
    # of anything but that
    bad = [line for line in done.stdout.splitlines()
           if line.startswith(("! ", "LaTeX Error"))]
    assert not bad, bad
