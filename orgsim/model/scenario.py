"""The scenario format as strict, immutable pydantic models.

A scenario file is validated into these objects once, at the edge; everything inside orgsim trusts
them. Every section is a mapping from an id to an entry, so that an option written with `extends`
can change or remove any entry by its id. Unknown keys are errors: they are nearly always typos.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from . import vocab
from .units import CADENCE_HINT, DURATION_HINT, RATE_HINT, parse_cadence, parse_duration, parse_rate

FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]

_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*[dwmy]?\s*$"},
    ],
    "description": DURATION_HINT,
}
_CADENCE_SCHEMA = {
    "anyOf": [{"enum": list(vocab.CADENCE_WORDS)}, *_DURATION_SCHEMA["anyOf"]],
    "description": CADENCE_HINT,
}
_RATE_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*(/\s*(day|week|month|quarter|year))?\s*$"},
    ],
    "description": RATE_HINT,
}

Days = Annotated[float, BeforeValidator(parse_duration), WithJsonSchema(_DURATION_SCHEMA)]
Cadence = Annotated[float, BeforeValidator(parse_cadence), WithJsonSchema(_CADENCE_SCHEMA)]
Rate = Annotated[float, BeforeValidator(parse_rate), WithJsonSchema(_RATE_SCHEMA)]
Share = Annotated[float, Field(gt=0, le=1)]

RoleName = Literal[tuple(vocab.ROLES)]  # type: ignore[valid-type]
FunctionName = Literal[tuple(vocab.FUNCTIONS)]  # type: ignore[valid-type]
SeverityName = Literal[vocab.SEVERITY_NAMES]  # type: ignore[valid-type]
BodyKind = Literal[tuple(vocab.BODY_KINDS)]  # type: ignore[valid-type]
ExternalKind = Literal[tuple(vocab.EXTERNAL_KINDS)]  # type: ignore[valid-type]
RightKind = Literal[tuple(vocab.RIGHT_KINDS)]  # type: ignore[valid-type]
CommissionKind = Literal[tuple(vocab.COMMISSION_KINDS)]  # type: ignore[valid-type]
CommissionTerm = Literal[tuple(vocab.COMMISSION_TERMS)]  # type: ignore[valid-type]
MechanismName = Literal[tuple(vocab.MECHANISMS)]  # type: ignore[valid-type]
Jurisdiction = Literal["england", "wales"]
Governance = Literal["leader_cabinet", "committee", "mayor"]


def _one_or_many(value: object) -> object:
    """Let a single id stand for a one-element list (`over: fs_director`)."""
    return [value] if isinstance(value, str) else value


IdList = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]


def _printable(value: object) -> object:
    """Refuse control characters in text: they break Graphviz and reach terminals as escape
    codes. Tabs and line breaks are allowed (notes may run over several lines)."""
    texts = value if isinstance(value, tuple) else (value,)
    for text in texts:
        if isinstance(text, str) and not text.isprintable():  # the fast test first
            bad = next((ch for ch in text if unicodedata.category(ch) == "Cc"
                        and ch not in "\t\n"), None)
            if bad is not None:
                raise ValueError(f"the text contains the control character U+{ord(bad):04X}; "
                                 "delete it, or write the text without it")
    return value


class Strict(BaseModel):
    # Non-finite numbers (.inf, .nan) are never a meaningful figure in a scenario.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              allow_inf_nan=False)

    _no_control_characters = field_validator("*", mode="after")(_printable)


class Vacancy(Strict):
    """A period, in days from the start of the run, when a post has no substantive holder."""

    start: Days = Field(0.0, alias="from")
    end: Days | None = Field(None, alias="to", description="open-ended when omitted")
    covered_by: Id | None = Field(None, description="post acting as interim during the vacancy")

    @model_validator(mode="after")
    def _ends_after_start(self) -> Vacancy:
        if self.end is not None and self.end <= self.start:
            raise ValueError("a vacancy must end after it starts; make `to` later than `from`")
        return self


class Post(Strict):
    """An officer post. It may hold statutory roles, be line-managed and be accountable elsewhere."""

    title: str = Field(min_length=1)
    roles: tuple[RoleName, ...] = ()
    line_manager: Id | None = None
    accountable_to: IdList = ()
    escalates_at: SeverityName | None = Field(
        None, description="items at or above this severity go up the line at once; "
        "defaults to `defaults.escalates_at`")
    vacant: tuple[Vacancy, ...] = ()
    unit: str | None = Field(None, description="directorate or delivery unit, used to group diagrams")
    grade: str | None = None
    fte: float | None = Field(None, ge=0)
    notes: str | None = None


class Member(Strict):
    """An elected councillor."""

    title: str = Field(min_length=1)
    roles: tuple[RoleName, ...] = ()
    portfolio: str | None = None
    notes: str | None = None


class Team(Strict):
    """Where work happens and items arise; delivers statutory functions."""

    title: str = Field(min_length=1)
    line_manager: Id | None = None
    accountable_to: IdList = ()
    delivers: tuple[FunctionName, ...] = ()
    items: dict[str, Rate] = Field(default_factory=dict,
                                   description="item kind -> items per month")
    escalates_at: SeverityName | None = None
    unit: str | None = None
    provided_by: Id | None = Field(None, description="the external organisation whose staff "
                                   "work here, for a commissioned service (its contract is their "
                                   "written arrangement)")
    fte: float | None = Field(None, ge=0)
    notes: str | None = None


class External(Strict):
    """An organisation or person outside the council: NHS partner, regulator, independent chair."""

    title: str = Field(min_length=1)
    kind: ExternalKind = Field("other", description="; ".join(
        f"{k}: {v}" for k, v in vocab.EXTERNAL_KINDS.items()))
    notes: str | None = None


class Body(Strict):
    """A council, committee or board; what is presented at its meetings reaches all who attend."""

    title: str = Field(min_length=1)
    kind: BodyKind = Field(description="; ".join(
        f"{k}: {v}" + (f" ({vocab.BODY_KIND_NOTES[k]})" if k in vocab.BODY_KIND_NOTES else "")
        for k, v in vocab.BODY_KINDS.items()))
    chair: Id | None = None
    members: IdList = ()
    observers: IdList = ()
    meets: Cadence | None = Field(None, description="meeting cadence; a body without one never meets")
    phase: Days = 0.0
    notes: str | None = None


class Channel(Strict):
    """A reporting channel: at each cut-off it takes what reached `from` and delivers it to `to`."""

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    name: str = Field(min_length=1)
    cadence: Cadence
    phase: Days = 0.0
    lag: Days = 0.0
    carries: tuple[str, ...] = Field((), description="item kinds carried; all kinds when empty")
    min_severity: SeverityName | None = None
    written: bool = Field(False, description="a written report rather than a meeting")
    jointly_with: IdList = Field((), description="others who make this report together with "
                                 "`from` (a joint assessment counts once for each author)")
    reliability: Share = Field(1.0, description="share of occurrences that happen")
    capacity: int | None = Field(None, gt=0, description="most items taken per occurrence")
    fidelity: Share = Field(1.0, description="share of items a summary keeps")
    notes: str | None = None


class Trigger(Strict):
    """A machine-readable condition: `count` items of a kind within a window."""

    item: str
    count: int = Field(ge=1)
    within: Days


class Right(Strict):
    """A power one node holds over others."""

    holder: Id
    kind: RightKind
    over: IdList = Field(min_length=1)
    when: str | None = Field(None, description="the condition in words, as the protocol puts it")
    trigger: Trigger | None = None
    notes: str | None = None


class Commission(Strict):
    """A contract or management agreement between a commissioner and a provider."""

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    kind: CommissionKind = "contract"
    title: str = Field(min_length=1)
    terms: tuple[CommissionTerm, ...] = ()
    review: Cadence | None = None
    notes: str | None = None


class Standard(Strict):
    """The oversight a council promises itself: `share` of items known to `who` within a time."""

    who: Id = Field(description="a node id, or a statutory role name meaning its holder")
    item: str
    within: Days
    share: Share = 0.95
    teams: IdList = Field((), description="only items from these teams; when empty, the teams "
                          "delivering functions in the remit of `who` (every team for anyone "
                          "without a remit)")
    source: str | None = None
    material_change: Share | None = Field(
        None, description="for comparisons: the smallest change in the share within this "
        "standard's time that matters (default: the scenario's `materiality`)")


class Materiality(Strict):
    """For comparisons: the smallest change in each simulated figure that matters."""

    days: Days = Field(1.0, description="days to awareness: at least this much ...")
    days_share_of_baseline: Share = Field(0.25, description="... or this share of the "
                                          "baseline's figure, if larger")
    share_within: Share = Field(0.05, description="points of share within a standard's time")
    share_known: Share = Field(0.02, description="points of share of items ever known by the "
                               "horizon")


ProtocolKind = Literal["accountability", "transition", "framework"]


class Protocol(Strict):
    """A written accountability protocol or framework document and the mechanisms it declares."""

    title: str = Field(min_length=1)
    kind: ProtocolKind = Field(
        "accountability", description="accountability: how units outside a Director's line "
        "answer to them (checked by the local-protocol pack); transition: joint working between "
        "children's and adults' services; framework: a framework document such as wales-dss-2009 "
        "4.7's")
    director: Id
    covers: IdList = Field(min_length=1)
    mechanisms: tuple[MechanismName, ...] = ()
    source: str | None = None


class ItemKindDeclaration(Strict):
    description: str
    severity: SeverityName


class Departure(Strict):
    """A recorded reason for departing from the guidance where it allows one."""

    reason: str = Field(min_length=1)
    recorded_in: str | None = None


class Defaults(Strict):
    escalates_at: SeverityName = "serious"


class Scenario(Strict):
    """One organisation: its posts, members, teams, bodies and the edges between them."""

    orgsim: Literal[1] = Field(description="scenario format version")
    name: str = Field(min_length=1)
    description: str | None = None
    jurisdiction: Jurisdiction
    governance: Governance
    as_of: date | None = Field(
        None, description="the date of the structure this file describes (YYYY-MM-DD): findings "
        "are judged by the law in force then and say where the guidance they cite had been "
        "replaced; today when omitted (a run may set it with --as-of)")
    extends: str | None = Field(None, description="a baseline file this one changes; "
                                "sections merge by id")
    remove: IdList = Field((), description="ids of the baseline's entries this file drops")
    replace: dict[Id, Id] = Field(
        default_factory=dict, description="`old: new` merges the baseline's entry `old` into "
        "`new`: every reference to `old` is re-pointed at `new`, which keeps its own fields and "
        "gains the statutory roles of `old`; `old` is dropped")
    defaults: Defaults = Defaults()
    item_kinds: dict[Id, ItemKindDeclaration] = Field(
        default_factory=dict, description="item kinds beyond the built-in ones")
    posts: dict[Id, Post] = Field(default_factory=dict)
    members: dict[Id, Member] = Field(default_factory=dict)
    teams: dict[Id, Team] = Field(default_factory=dict)
    bodies: dict[Id, Body] = Field(default_factory=dict)
    externals: dict[Id, External] = Field(default_factory=dict)
    channels: dict[Id, Channel] = Field(default_factory=dict)
    rights: dict[Id, Right] = Field(default_factory=dict)
    commissions: dict[Id, Commission] = Field(default_factory=dict)
    protocols: dict[Id, Protocol] = Field(default_factory=dict)
    standards: dict[Id, Standard] = Field(default_factory=dict)
    departures: dict[Id, Departure] = Field(
        default_factory=dict, description="the council's recorded reasons for departing from the "
        "guidance, keyed by the id of the rule departed from (`orgsim rules` lists them)")
    materiality: Materiality = Field(
        default_factory=Materiality, description="for comparisons against this scenario as the "
        "baseline: the margins below which a change does not matter")

    def severity_of(self, item_kind: str) -> vocab.Severity:
        declared = self.item_kinds.get(item_kind)
        if declared is not None:
            return vocab.Severity[declared.severity]
        return vocab.ITEM_KINDS[item_kind].severity

    def item_kind_names(self) -> tuple[str, ...]:
        return (*vocab.ITEM_KINDS, *(k for k in self.item_kinds if k not in vocab.ITEM_KINDS))

    def escalation_severity(self, node_id: str) -> vocab.Severity:
        entry = self.posts.get(node_id) or self.teams.get(node_id)
        name = (entry.escalates_at if entry is not None else None) or self.defaults.escalates_at
        return vocab.Severity[name]


NODE_SECTIONS = ("posts", "members", "teams", "bodies", "externals")
EDGE_SECTIONS = ("channels", "rights", "commissions")
SECTIONS = ("item_kinds", *NODE_SECTIONS, *EDGE_SECTIONS, "protocols", "standards", "departures")
NODE_KIND = {"posts": "post", "members": "member", "teams": "team", "bodies": "body",
             "externals": "external"}


def scenario_json_schema() -> dict:
    """JSON Schema for scenario files as people write them.

    A file without `extends` must be complete. A file with `extends` holds only changes: its entries
    may leave out required fields and may set a field to null to reset it, and `name`,
    `jurisdiction` and `governance` may be inherited; `if`/`then`/`else` expresses exactly that.
    """
    schema = Scenario.model_json_schema(by_alias=True)
    defs = schema["$defs"]
    complete, changes = {}, {}
    for key in (*SECTIONS, "defaults"):
        prop = schema["properties"][key]
        if "patternProperties" in prop:
            prop["additionalProperties"] = False
            (pattern, entry), = prop["patternProperties"].items()
            change = dict(prop, patternProperties={pattern: _change_of(entry, defs)})
        else:
            change = _change_of(prop, defs)
        complete[key], changes[key] = prop, change
        schema["properties"][key] = {"type": "object", "title": prop.get("title", key.title())}
    schema["required"] = ["orgsim"]
    schema["if"] = {"required": ["extends"]}
    schema["then"] = {"properties": changes}
    schema["else"] = {"required": ["name", "jurisdiction", "governance"], "properties": complete}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "orgsim scenario"
    return schema


def _change_of(entry: dict, defs: dict) -> dict:
    """A reference to a copy of the entry's definition with nothing required and nulls allowed."""
    name = entry["$ref"].rsplit("/", 1)[-1]
    change_name = f"{name}Change"
    if change_name not in defs:
        original = defs[name]
        defs[change_name] = {
            **{k: v for k, v in original.items() if k != "required"},
            "properties": {field: {"anyOf": [spec, {"type": "null"}]}
                           for field, spec in original["properties"].items()},
        }
    return {"$ref": f"#/$defs/{change_name}"}
