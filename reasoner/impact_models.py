"""The answer of ``reasoner impact``: what proposed records change, as pydantic models (its
JSON, ``reasoner schema --impact``, and its reports are made from these)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from .knowledge.catalogue import say


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileDigest(_Out):
    file: str = Field(description="File name as given.")
    sha256: str = Field(description="SHA-256 of the bytes read.")


class Item(_Out):
    id: str = Field(description="Intervention id.")
    list: str = Field(description="candidates | hypotheses | not_recommended | contested")
    rank: Optional[int] = Field(default=None, description="Rank in its list (ranked lists only).")


class Moved(_Out):
    id: str
    list: str
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None


class ListChange(_Out):
    id: str
    before: str = Field(description="The list it was in before.")
    after: str = Field(description="The list it is in after.")
    rank_before: Optional[int] = None
    rank_after: Optional[int] = None


class ValueChange(_Out):
    before: Optional[str] = None
    after: Optional[str] = None


class Mark(_Out):
    item: str = Field(description="'role', an intervention id, or 'conflict:<about>'.")
    mark: str = Field(
        description="A caveat id, or for comorbidity questions "
        "'caution:<comorbidity>:<code>' / 'helpful:<comorbidity>:<how>'."
    )


class ConflictKey(_Out):
    about: str
    sides: list[str] = Field(description="'<direction>: <study> <study> ...' per side.")


class ConflictChange(_Out):
    about: str
    before: list[str] = Field(description="Sides before.")
    after: list[str] = Field(description="Sides after.")


class MechanismChange(_Out):
    study: str
    before: Optional[str] = Field(default=None, description="Status before (null: not shown).")
    after: Optional[str] = Field(default=None, description="Status after (null: not shown).")


class Changes(_Out):
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


class Responsible(_Out):
    record: str = Field(description="section:id of a record of the proposed files.")
    file: str = Field(description="The file it is in.")
    rules: list[str] = Field(
        default=[], description="Rule labels through which it acts (`%@` labels of rules/*.lp)."
    )


class ItemTree(_Out):
    item: str = Field(description="Intervention id.")
    side: str = Field(description="after | before (before: the item is gone after).")
    tree: dict[str, Any] = Field(description="Its justification tree (`explain`'s trace).")


class ContextChange(_Out):
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


class ConclusionChange(_Out):
    id: str
    section: str
    message: str


class Side(_Out):
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


class Contradiction(_Out):
    message: str = Field(description="The constraint and the records that break it.")
    records: list[str] = Field(description="section:id (file) of each record involved.")
    keep_yours: Optional[Side] = Field(
        default=None, description="Impact with the bundled records of the contradiction left out."
    )
    keep_bundled: Optional[Side] = Field(
        default=None, description="Impact with your records of the contradiction left out."
    )
    unresolved: list[str] = Field(default=[], description="Sides still contradictory.")


class Impact(Side):
    """What proposed records change, across every answer (``reasoner impact``)."""

    files: list[FileDigest] = Field(description="The proposed --facts files.")
    base: Optional[str] = Field(default=None, description="--base directory (null: bundled).")
    override: bool = False
    questions: int = Field(description="Questions answered on each side.")
    contradiction: Optional[Contradiction] = None
    notice: str = say("phrases.impact.notice")
