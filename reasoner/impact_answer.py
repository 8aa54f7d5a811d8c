"""The answer of ``reasoner impact``: what proposed records change, as answer dataclasses
(``reasoning.results.answer``, like every other answer): its JSON (``reporting.json_data.plain``),
its schema (``reasoner schema --impact``) and its reports are made from these."""

from __future__ import annotations

from typing import Any, Optional

from .knowledge.catalogue import say
from .reasoning.results import Field, Out, answer


@answer
class FileDigest(Out):
    file: str = Field(description="File name as given.")
    sha256: str = Field(description="SHA-256 of the bytes read.")


@answer
class Item(Out):
    id: str = Field(description="Intervention id.")
    list: str = Field(description="candidates | hypotheses | not_recommended | contested")
    rank: Optional[int] = Field(default=None, description="Rank in its list (ranked lists only).")


@answer
class Moved(Out):
    id: str
    list: str
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None


@answer
class ListChange(Out):
    id: str
    before: str = Field(description="The list it was in before.")
    after: str = Field(description="The list it is in after.")
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None


@answer
class ValueChange(Out):
    before: Optional[str] = None
    after: Optional[str] = None


@answer
class Mark(Out):
    item: str = Field(description="'role', an intervention id, or 'conflict:<about>'.")
    mark: str = Field(
        description="A caveat id, or for comorbidity questions "
        "'caution:<comorbidity>:<code>' / 'helpful:<comorbidity>:<how>'."
    )


@answer
class ConflictKey(Out):
    about: str
    sides: list[str] = Field(
        description="'<direction>: <study> <study> ...' per side; a direction inferred from a harm "
        "of the opposite modulation says so."
    )


@answer
class ConflictChange(Out):
    about: str
    before: list[str] = Field(description="Sides before.")
    after: list[str] = Field(description="Sides after.")


@answer
class MechanismChange(Out):
    study: str
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
    caveats_added: list[Mark] = Field(default=[])
    caveats_removed: list[Mark] = Field(default=[])
    marks_added: list[Mark] = Field(default=[], description="Comorbidity cautions and helpful marks.")
    marks_removed: list[Mark] = Field(default=[])
    conflicts_added: list[ConflictKey] = Field(default=[])
    conflicts_removed: list[ConflictKey] = Field(default=[])
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
    side: str = Field(description="after | before (before: the item is gone after).")
    tree: dict[str, Any] = Field(description="Its justification tree (`explain`'s trace).")


@answer
class ContextChange(Out):
    disease: str
    stage: Optional[str] = None
    question: str = Field(description="suggest | comorbidity")
    comorbid: list[str] = Field(default=[], description="DISEASE[:STAGE] of a comorbidity question.")
    changes: Changes
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
    id: str
    section: str
    message: str


@answer
class Side(Out):
    contexts_changed: list[ContextChange] = Field(default=[])
    mechanisms_changed: list[MechanismChange] = Field(
        default=[],
        description="Sign-propagation status (`reasoner audit`) of each study whose "
        "status changed, appeared or went (null: no such study).",
    )
    conclusions_broken: list[ConclusionChange] = Field(default=[])
    conclusions_fixed: list[ConclusionChange] = Field(default=[])
    conclusions_still_failing: int = Field(default=0, description="Conclusions failing before and after.")
    unchanged: int = Field(default=0, description="Questions whose answer did not change.")
    attribution: str = Field(default="", description="How responsible records were found.")


@answer
class Contradiction(Out):
    message: str = Field(description="The constraint and the records that break it.")
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
    override: bool = False
    questions: int = Field(description="Questions answered on each side.")
    contradiction: Optional[Contradiction] = None
    notice: str = say("phrases.impact.notice")


def read_impact(data: Any) -> Impact:
    """A saved ``reasoner impact --format json`` read back into its answer (the web app's
    POST /impact); pydantic validates it against the same definition the schema comes from
    (a ``ValueError`` whose second line names the first bad field)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Impact).validate_python(data)
