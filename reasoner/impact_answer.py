"""The answer of ``reasoner impact``: what proposed records change, as answer dataclasses
(``reasoning.answer_types.answer``, like every other answer): its JSON (``reporting.json_data.plain``),
its schema (``reasoner schema --impact``) and its reports are made from these."""

from __future__ import annotations

from typing import Any, Literal, Optional

from .check_answer import Failure
from .knowledge.catalogue import say
from .reasoning.results import Field, Out, answer

#: The list of an answer an item is in (a contested item is a conflict naming it).
ItemList = Literal["candidates", "hypotheses", "not_recommended", "contested"]


@answer
class FileDigest(Out):
    file: str = Field(description="File name as given.")
    sha256: str = Field(description="SHA-256 of the bytes read.")


@answer
class Item(Out):
    id: str = Field(description="Intervention id.")
    list: ItemList = Field(description="The list it is in (contested: a conflict names it).")
    rank: Optional[int] = Field(
        default=None, description="Rank in its list (null: not_recommended and contested are unranked)."
    )


@answer
class Moved(Out):
    id: str = Field(description="Intervention id.")
    list: ItemList = Field(description="The list it is in, before and after.")
    rank_before: Optional[int] = Field(default=None, description="Its rank before.")
    rank_after: Optional[int] = Field(default=None, description="Its rank after.")


@answer
class ListChange(Out):
    id: str = Field(description="Intervention id.")
    before: ItemList = Field(description="The list it was in before.")
    after: ItemList = Field(description="The list it is in after.")
    rank_before: Optional[int] = Field(default=None, description="Its rank before (null: unranked list).")
    rank_after: Optional[int] = Field(default=None, description="Its rank after (null: unranked list).")


@answer
class ValueChange(Out):
    before: Optional[str] = Field(
        default=None, description="The value before (null: no answer on that side)."
    )
    after: Optional[str] = Field(default=None, description="The value after (null: no answer on that side).")


@answer
class Mark(Out):
    item: str = Field(description="'role', an intervention id, or 'conflict:<about>'.")
    mark: str = Field(
        description="A caveat id, or for comorbidity questions "
        "'caution:<comorbidity>:<code>' / 'helpful:<comorbidity>:<how>'."
    )


@answer
class ConflictKey(Out):
    about: str = Field(description="What the conflict is about (`about` of a conflict of `suggest`).")
    sides: list[str] = Field(
        description="'<direction>: <study> <study> ...' per side; a direction inferred from a harm "
        "of the opposite modulation is worded as suggest words that side."
    )


@answer
class ConflictChange(Out):
    about: str = Field(description="What the conflict is about (`about` of a conflict of `suggest`).")
    before: list[str] = Field(description="Sides before.")
    after: list[str] = Field(description="Sides after.")


@answer
class MechanismChange(Out):
    study: str = Field(description="Study id.")
    before: Optional[str] = Field(default=None, description="Status before (null: not shown).")
    after: Optional[str] = Field(default=None, description="Status after (null: not shown).")


@answer
class Changes(Out):
    role: Optional[ValueChange] = Field(default=None, description="Role of autophagy, if changed.")
    desired: Optional[ValueChange] = Field(default=None, description="Desired modulation, if changed.")
    added: list[Item] = Field(default=[], description="Items in no list before.")
    removed: list[Item] = Field(default=[], description="Items in no list after.")
    moved: list[Moved] = Field(default=[], description="Same list, another rank.")
    list_changed: list[ListChange] = Field(default=[], description="Items that changed list.")
    caveats_added: list[Mark] = Field(
        default=[], description="Caveats (discrepancy ids) on an item after only."
    )
    caveats_removed: list[Mark] = Field(default=[], description="Caveats on an item before only.")
    marks_added: list[Mark] = Field(
        default=[], description="Comorbidity cautions and helpful marks after only."
    )
    marks_removed: list[Mark] = Field(
        default=[], description="Comorbidity cautions and helpful marks before only."
    )
    conflicts_added: list[ConflictKey] = Field(
        default=[], description="Conflicts after only (by `about` and sides)."
    )
    conflicts_removed: list[ConflictKey] = Field(
        default=[], description="Conflicts before only (by `about` and sides)."
    )
    conflicts_changed: list[ConflictChange] = Field(
        default=[], description="A conflict (by what it is about) whose sides changed."
    )
    mechanisms: list[MechanismChange] = Field(
        default=[], description="Mechanism status changes of a study shown on both sides."
    )


@answer
class Responsible(Out):
    record: str = Field(description="section:id of a record of the proposed files.")
    file: str = Field(description="The file it is in.")
    rules: list[str] = Field(
        default=[], description="Rule labels through which it acts (`%@` labels of rules/*.lp)."
    )


@answer
class ItemTree(Out):
    item: str = Field(description="Intervention id.")
    side: Literal["after", "before"] = Field(
        description="The side the tree is of (before: the item is gone after)."
    )
    tree: dict[str, Any] = Field(description="Its justification tree (`explain`'s trace).")


@answer
class ContextChange(Out):
    """One question whose answer changed."""

    disease: str = Field(description="Disease id of the question.")
    stage: Optional[str] = Field(default=None, description="Stage id (null: the question names no stage).")
    question: Literal["suggest", "comorbidity"] = Field(
        description="suggest: the disease (at the stage); comorbidity: the disease with the "
        "comorbidities of `comorbid` (the questions of facts/conclusions.yaml)."
    )
    comorbid: list[str] = Field(default=[], description="DISEASE[:STAGE] of a comorbidity question.")
    changes: Changes = Field(description="What changed in its answer.")
    responsible: list[Responsible] = Field(
        default=[],
        description="Records of the proposed files that make the change (empty: "
        "not attributed; see `attribution`).",
    )
    trees: list[ItemTree] = Field(
        default=[], description="Justification trees of the changed items (after; before for removed items)."
    )


@answer
class ConclusionChange(Out):
    """A conclusion of the review (facts/conclusions.yaml) that breaks or is fixed."""

    id: str = Field(description="Conclusion id (facts/conclusions.yaml).")
    section: str = Field(description="Section of the review it states, e.g. '3.3', 'Table 1'.")
    message: str = Field(
        description="Its failures in words, joined by '; ' (broken: those after; fixed: those before)."
    )
    failure_codes: list[Failure] = Field(
        default=[],
        description="The same failures as codes with their arguments (`reasoner check`'s "
        "`failure_codes`): decide on these, never on `message`.",
    )


@answer
class Side(Out):
    contexts_changed: list[ContextChange] = Field(default=[], description="Questions whose answer changed.")
    mechanisms_changed: list[MechanismChange] = Field(
        default=[],
        description="Sign-propagation status (`reasoner audit`) of each study whose "
        "status changed, appeared or went (null: no such study).",
    )
    conclusions_broken: list[ConclusionChange] = Field(
        default=[], description="Conclusions that pass before and fail after."
    )
    conclusions_fixed: list[ConclusionChange] = Field(
        default=[], description="Conclusions that fail before and pass after."
    )
    conclusions_still_failing: int = Field(default=0, description="Conclusions failing before and after.")
    unchanged: int = Field(default=0, description="Questions whose answer did not change.")
    attribution: str = Field(
        default="",
        description="How responsible records were found, in words (empty: the files contradict the base, see `contradiction`).",
    )
    attribution_code: Optional[Literal["none", "one", "each", "many", "base"]] = Field(
        default=None,
        description="The same as a code: none: no answer changed; one: the one record of the files; "
        "each: each record left out in turn; many: not attributed, too many records; base: "
        "not attributed, the change comes from --base (null: `attribution` is empty).",
    )


@answer
class Contradiction(Out):
    message: str = Field(description="The constraint and the records that break it, in words.")
    constraints: list[str] = Field(
        default=[],
        description="Label (`%@` of rules/*.lp) of each constraint broken, as `message` names them "
        "(empty: the solver found no model and named no constraint).",
    )
    records: list[str] = Field(description="section:id (file) of each record involved.")
    keep_yours: Optional[Side] = Field(
        default=None, description="Impact with the bundled records of the contradiction left out."
    )
    keep_bundled: Optional[Side] = Field(
        default=None, description="Impact with your records of the contradiction left out."
    )
    unresolved: list[str] = Field(default=[], description="Sides still contradictory.")


@answer
class Impact(Side):
    """What proposed records change, across every answer (``reasoner impact``)."""

    files: list[FileDigest] = Field(description="The proposed --facts files.")
    base: Optional[str] = Field(default=None, description="--base directory (null: bundled).")
    override: bool = Field(
        default=False, description="--override: the files' records replace bundled records of the same id."
    )
    questions: int = Field(description="Questions answered on each side.")
    contradiction: Optional[Contradiction] = Field(
        default=None,
        description="The files contradict the base (no answer after): what breaks and the impact of "
        "each way out; null when they do not.",
    )
    notice: str = Field(default=say("phrases.impact.notice"), description="Research-use notice.")


def read_impact(data: Any) -> Impact:
    """A saved ``reasoner impact --format json`` read back into its answer (the web app's
    POST /impact); pydantic validates it against the same definition the schema comes from
    (a ``ValueError`` whose second line names the first bad field)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Impact).validate_python(data)
