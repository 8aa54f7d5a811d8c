"""The solver module's value conversions: what goes in comes back out unchanged."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reasoner.reasoning.solver import from_symbol, parse_symbol, to_symbol
from reasoner.knowledge.terms import Const, Fn

idents = st.from_regex(r"[a-z][A-Za-z0-9_]{0,8}", fullmatch=True)
# clingo strings are UTF-8 C strings (no NUL, no lone surrogates); what reaches the solver
# from users is validated ids, so neither can occur there
texts = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30
)
leaves = st.one_of(st.integers(-(10**6), 10**6), texts, idents.map(Const))
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.tuples(idents, st.lists(inner, min_size=1, max_size=4)).map(lambda t: Fn(t[0], tuple(t[1]))),
        st.lists(inner, max_size=4).map(tuple),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_parsed_text_equals_walked_symbol(value):
    sym = to_symbol(value)
    assert from_symbol(sym) == value
    assert parse_symbol(str(sym)) == value


def test_tricky_strings():
    for text in ['a "quoted" word', "back\\slash", "new\nline", "tab\tx", "ümlaut-α", "", "(x,)", "f(1)"]:
        assert parse_symbol(str(to_symbol(text))) == text
        assert parse_symbol(str(to_symbol(Fn("f", (text, (text,)))))) == Fn("f", (text, (text,)))
