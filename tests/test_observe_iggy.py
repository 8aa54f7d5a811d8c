"""Issue 26, item 9: observations in Iggy's vocabulary (notPlus / notMinus) and explicit inputs.

The semantics of bioquali/Iggy (Thiele et al. 2015; Iggy's user guide, "Experimental
data"): notPlus says a node did not increase (it decreased or stayed), notMinus that it
did not decrease; `node = input` declares a node the experimenter set.  Iggy's default
takes only declared nodes as inputs (its --auto-inputs declares every node without a
predecessor); `reasoner observe` by default also takes an observed node without a
predecessor in scope as an input, and `inputs: declared` gives Iggy's default.  Each case
below is worked out by hand from those rules, on tiny graphs, and once through the CLI.
"""

import json
import subprocess

import pytest

from reasoner.knowledge.terms import Const, Fn
from reasoner.reasoning.solver import observe as solve

from test_piped_inputs import cli

COSTS = [("cost_flip", (2,)), ("cost_input", (3,)), ("cost_edge", (Const("review"), 4)),
         ("cost_edge", (Const("user"), 1))]
VALUE = {"+": 1, "-": -1, "0": 0, "notPlus": Fn("notv", (1,)), "notMinus": Fn("notv", (-1,))}


def graph(edges, observations, inputs=(), declared=False):
    atoms = list(COSTS)
    for i, (a, sign, b) in enumerate(edges):
        atoms += [("edge", (f"e{i}", a, b, 1 if sign == "->" else -1)),
                  ("edge_class", (f"e{i}", Const("review")))]
    atoms += [("obs", (i, n, VALUE[v])) for i, (n, v) in enumerate(observations, 1)]
    atoms += [("perturbed", (n,)) for n in inputs]
    if declared:
        atoms.append(("declared_inputs", ()))
    return solve(atoms, "zz")


def consistent(ans):
    return bool(ans.witness.get("consistent"))


def predictions(ans):
    return {n: (v if isinstance(v, int) else v.name, s.name)
            for n, v, s in ans.classified.get("prediction", [])}


CHAIN = [("a", "->", "b"), ("b", "-|", "c")]


@pytest.mark.parametrize("obs_b,ok", [("+", True), ("notMinus", True), ("notPlus", False),
                                      ("0", False), ("-", False)])
def test_uncertain_observation_rules_one_change_out(obs_b, ok):
    # a is set up (input): b has an unopposed increasing influence, so b can only go up
    ans = graph(CHAIN, [("a", "+"), ("b", obs_b)], inputs=["a"])
    assert consistent(ans) is ok
    if ok:  # and c follows b down in every labelling
        assert predictions(ans) == {"c": (-1, "strong")}


def test_not_plus_on_an_unexplained_node_leaves_it_down_or_unchanged():
    # nothing upstream of b changes: b notPlus is satisfied by b = 0, and c stays
    ans = graph(CHAIN, [("a", "0"), ("b", "notPlus")])
    assert consistent(ans)
    assert predictions(ans) == {"c": (0, "strong")}


def test_declared_inputs_follow_iggys_default():
    # a has no predecessor: an input by default, not when the file declares its inputs
    assert consistent(graph(CHAIN, [("a", "+"), ("b", "+")]))
    assert not consistent(graph(CHAIN, [("a", "+"), ("b", "+")], declared=True))
    assert consistent(graph(CHAIN, [("a", "+"), ("b", "+")], inputs=["a"], declared=True))


def test_the_cli_reads_iggys_words_and_declared_inputs(tmp_path):
    def observe(text):
        f = tmp_path / "obs.yaml"
        f.write_text(text, encoding="utf-8")
        done = subprocess.run([*cli(), "observe", "--disease", "hepatic_IR", "--observations", f,
                               "--format", "json"], capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        return json.loads(done.stdout)

    # miR-20a -| Beclin-1 -> autophagy (review [75]): miR-20a up drives autophagy down
    up = "  - {entity: miR-20a, change: up}\n"
    assert observe(f"observations:\n{up}  - {{entity: autophagy, change: notPlus}}\n")["consistent"]
    got = observe(f"observations:\n{up}  - {{entity: autophagy, change: notMinus}}\n")
    assert not got["consistent"]
    assert [o["change"] for o in got["observations"]] == ["up", "not_down"]
    # declared inputs: miR-20a's rise must then be declared, or it is unexplained
    declared = observe(f"inputs: declared\nobservations:\n{up}  - {{entity: autophagy, change: down}}\n")
    assert not declared["consistent"]
    assert any(c["kind"] == "add_input" and c["entity"] == "mir_20a"
               for r in declared["repairs"] for c in r["changes"])
    given = "  - {entity: miR-20a, change: up, input: true}\n"
    assert observe(f"inputs: declared\nobservations:\n{given}  - {{entity: autophagy, change: down}}\n")["consistent"]
