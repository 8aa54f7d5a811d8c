"""One wording catalogue (issue 23, item 3): one concept is worded once, in one place.

Two entries of rules/sentences.yaml in different sections (any of its top-level sections:
atoms, score_notes, warnings, summaries, words, values, rules, whatif, labels, phrases, errors)
may not hold the same words (compared case-insensitively, outer spaces ignored, as a reader sees them):
a word two views share lives in ``phrases.common``, and each view asks for that one entry. Where
the same English names two different concepts, the group is listed in DIFFERENT below, with the
reason, so that merging them is a decision a reader can check, not an accident.
"""

from reasoner.knowledge.catalogue import catalogue, entry

#: Groups of entries with the same words that were judged to be different concepts (each one
#: a frozenset of dotted keys; the test fails if a listed group no longer exists as listed, so
#: the list cannot keep a stale excuse).
DIFFERENT = {
    # the connective before the reason an intervention is advised against ("because <reason>")
    # versus the first step of a predicted change's derivation in `observe` (paired with
    # observation.then: "because <edge> ... then <edge>")
    frozenset(
        {"phrases.suggestion.because", "phrases.observation.because"}
    ): "a reason against an item vs the first step of a prediction's derivation",
    # labels.status words an item's status code ("Contested", "Hypothesis (no study applied
    # it)", "Recommended"); labels.impact_list names the list an item moved on or off inside an
    # impact line ("new hypothesis", "no longer candidate"); phrases.suggestion.contested heads
    # a stage's contested items on the text report's by-stage line. The vocabularies differ for
    # the other codes, so neither label kind can stand in for the other.
    # labels.flip_status words the status a flip would give, lower case inside a flip's sentence
    # ("…: not recommended (…)"); its vocabulary is a flip's (no hypothesis, "candidate" where
    # labels.status says "Recommended"), so labels.status cannot word it
    frozenset(
        {
            "labels.status.contested",
            "labels.flip_status.contested",
            "labels.impact_list.contested",
            "phrases.suggestion.contested",
        }
    ): "a status code's word vs a flip's status vs the name of an impact list vs a list head",
    frozenset(
        {
            "labels.status.not_recommended",
            "labels.flip_status.not_recommended",
            "labels.impact_list.not_recommended",
            "phrases.common.not_recommended",
        }
    ): "a status code's word vs a flip's status vs the name of an impact list vs the list's heading",
    frozenset(
        {"labels.status.no_evidence", "labels.flip_status.no_evidence"}
    ): "a status code's word (a heading's case) vs a flip's status inside its sentence",
    frozenset(
        {"labels.flip_status.candidate", "labels.impact_list.candidates"}
    ): "a flip's status vs the name of an impact list",
    frozenset(
        {"labels.impact_list.hypotheses", "phrases.common.hypothesis"}
    ): "the name of an impact list vs the mark after a hypothesis (plan, compare page)",
    # labels.evidence words a study's model column (both, unspecified); labels.evidence_level
    # words an answer's evidence level in a sentence ("in vivo and in vitro", "model not stated")
    frozenset(
        {"labels.evidence.in_vitro", "labels.evidence_level.in_vitro"}
    ): "a study's model column vs an answer's evidence level",
    frozenset(
        {"labels.evidence.in_vivo", "labels.evidence_level.in_vivo"}
    ): "a study's model column vs an answer's evidence level",
    # an identifier's status code (stated / curator_choice / not_stated) vs a value the review
    # leaves unstated (a study's effect on autophagy, a reported mechanism)
    # and a paper's model code not_stated (the web browser's primary-papers tab, labels.evidence)
    frozenset(
        {"labels.id_status.not_stated", "labels.evidence.not_stated", "phrases.common.not_stated"}
    ): "an identifier's status code vs a paper's model code vs a value the review does not state",
    # the reconciliation basis code "stage" (the review reconciles conflicting studies by
    # stage) vs the heading of the stage field and column
    frozenset(
        {"labels.reconciliation.stage", "phrases.common.stage"}
    ): "a reconciliation basis vs the heading of the stage",
    # errors.what names the kind of value an error line refuses ("unknown disease 'x'"), one
    # closed vocabulary keyed by the code a caller passes (reasoner.errors.noun); the phrases
    # head a field, column or form control of a view
    frozenset(
        {"errors.what.disease", "phrases.common.disease"}
    ): "the noun of an error line vs the heading of a field",
    frozenset(
        {"errors.what.autophagy_state", "phrases.common.autophagy_state"}
    ): "the noun of an error line vs the heading of a field",
    frozenset(
        {"errors.what.comorbidity", "phrases.web.comorbidity"}
    ): "the noun of an error line vs the label of the query form's control",
    frozenset(
        {"errors.what.entity", "phrases.observation.col_entity"}
    ): "the noun of an error line vs the heading of a column",
}

#: Entries kept apart on purpose although one holds the other's words: the second words a
#: different concept and takes the first through a placeholder (filled where it is used), never
#: as a copy, so that the shared words cannot drift. (entry, the entry it takes, placeholder): why.
KEPT_APART = {
    # `suggest --format cards` and the CDS service's cards have the same source.label field; the
    # served one also names the service that derived the card, because a CDS client shows the
    # cards of several services side by side (README, "CDS Hooks"); a card printed by the CLI is
    # read by the one who ran it
    ("phrases.cds.source_label", "phrases.common.card_source", "source"): (
        "a card's source (the review) vs the source of the CDS service's cards (the review, via the service)"
    ),
    # the footer of every web page: the program's version beside the review's full citation
    ("phrases.web.footer", "phrases.common.review_source", "source"): (
        "the review's citation vs a page footer that also names the program's version"
    ),
}


def test_entries_kept_apart_take_the_shared_words_through_a_placeholder():
    for key, shared, name in KEPT_APART:
        text, words = entry(key), entry(shared)
        assert "{%s}" % name in text, (key, "takes", shared)
        assert words not in text and words.lower() not in text.lower(), (key, "copies", shared)


#: Entries that hold codes, not words a reader sees (never compared): values.from_labels names
#: the label kind that words a tree constant (e.g. msc_exosome: intervention), so that the words
#: are not copied into `values`.
NOT_WORDS = ("values.from_labels",)


def leaves(node, prefix):
    """(dotted key, text) of every phrase or label under ``node``."""
    if prefix in NOT_WORDS:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, f"{prefix}.{k}")
    else:
        yield prefix, str(node)


def same_words(tree: dict) -> list[frozenset]:
    """The groups of entries in two or more sections (a section is an entry's parent key)
    whose words are equal case-insensitively, outer spaces ignored."""
    by_words: dict[str, list[str]] = {}
    for top in tree:
        for key, text in leaves(tree[top], top):
            by_words.setdefault(text.strip().lower(), []).append(key)
    return sorted(
        (frozenset(keys) for keys in by_words.values() if len({k.rsplit(".", 1)[0] for k in keys}) > 1),
        key=sorted,
    )


def test_no_concept_is_worded_twice():
    found = same_words(catalogue())
    unexplained = [sorted(g) for g in found if g not in DIFFERENT]
    assert unexplained == [], (
        "the same words in two sections: keep one entry (phrases.common when views share it) "
        "and ask for it everywhere, or list the group in DIFFERENT with the reason"
    )
    stale = [sorted(g) for g in DIFFERENT if g not in found]
    assert stale == [], "groups listed in DIFFERENT that no longer exist as listed"


def test_the_check_finds_a_word_worded_twice():
    # the check above cannot pass vacuously: a heading in two views, a suffix with its space
    # and a case variant are each found; one section's own case variants are not (a loud form)
    tree = {
        "phrases": {
            "suggestion": {"refs": "References", "loud": "YOUR FACTS", "quiet": "your facts"},
            "web": {"refs": "references", "at": "at {stage}"},
            "common": {"at": " at {stage}"},
        },
        "labels": {"status": {"candidate": "Recommended"}, "how": {"same": "evidence in this disease"}},
        # any section, not only labels/phrases/errors: the tree's copy of a label is found;
        # values.from_labels holds codes (a label kind), never compared
        "values": {"same": "Evidence in this disease", "from_labels": {"x": "how", "y": "how"}},
        "score_notes": {"model": {"2": "in vivo"}},
        "rules": {"a": "In vivo"},
    }
    assert same_words(tree) == [
        frozenset({"labels.how.same", "values.same"}),
        frozenset({"phrases.common.at", "phrases.web.at"}),
        frozenset({"phrases.suggestion.refs", "phrases.web.refs"}),
        frozenset({"rules.a", "score_notes.model.2"}),
    ]
