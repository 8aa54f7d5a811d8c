"""The atoms of one flip question, written out in full: the reference the flip tests
compare the API's flip search against (tests/test_scale.py, tests/test_check_batched.py)."""

from reasoner import api
from reasoner.reasoning import whatif
from reasoner.knowledge.terms import Const


def flip_query(d, sid, iid, status, top, state=None, co=(), space=None) -> list[tuple]:
    """``query``, the target, its origin, the stated level and comorbidities, the general
    warnings and the change space of ``space`` (facts/changes.yaml by default)."""
    space = space or api.load_change_space()
    view = sid if sid else Const("all")
    query = [("query", (d.id,))] + [("query", (c,)) for c, _ in co]
    query += [("flip_target", (d.id, view, whatif.iv_symbol(iid))), ("flip_origin", (Const(status),))]
    if top:
        query.append(("flip_origin_top", ()))
    if state:
        query.append(("flip_given_state", (d.id, Const(state))))
    query += [("flip_given_comorbid", (d.id, c, st if st else Const("all"))) for c, st in co]
    query += api.warning_atoms()
    for ch in space.changes:
        if ch.allowed:
            query += [
                ("change_cost", (Const(ch.kind), ch.cost)),
                ("change_limit", (Const(ch.kind), ch.limit)),
            ]
    query.append(("flip_max_changes", (space.max_changes,)))
    return query
