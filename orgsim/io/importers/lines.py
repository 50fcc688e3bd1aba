"""Turn rows of posts, each naming the post it reports to, into one tree of line management.

Shared by every importer. Real files repeat references, point at posts that are not there, report
in circles and have several posts at the top; each is repaired in a stated way and reported with
its row, so the user can check the repair:

- a post with no reference gets the id `row-N`;
- a reference used again gets `REF-2`, `REF-3`... (an exact repeat of a row is skipped), and posts
  reporting to it go to the first;
- a reports-to that matches a reference only when letter case and spaces are ignored is taken as
  that post;
- a post marked `XX`, reporting to itself or (in organograms) with a blank reports-to is a top post;
- a post reporting to an unknown post is attached to the top and marked for review;
- a circle of posts is broken at its first row, which is attached to the top (or becomes the top
  when no post is marked as one);
- several tops: the one titled as head of the organisation (Chief Executive, Permanent Secretary)
  stays on top and the others are attached to it; when no single one is, a top post is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model.role_inference import heads_organisation
from ...model.scenario import ID_PATTERN
from .result import ImportedPost, ImportProblem

ID_MAX = 80  # as the scenario schema allows
SYNTHETIC_TOP = "imported-top"
_ID_RE = re.compile(ID_PATTERN)


def slug(text: str) -> str:
    """An id from a source reference: runs of characters ids cannot hold become `-`."""
    out = re.sub(r"[^A-Za-z0-9_.\-]+", "-", text.strip())
    out = re.sub(r"-{2,}", "-", out).lstrip(".-").rstrip("-")
    return out[:ID_MAX].rstrip("-")


def ref_key(ref: str) -> str:
    """A reference with letter case and spaces ignored, to catch 'DfE-3011' for 'DFE-3011'."""
    return "".join(ref.split()).casefold()


def natural_key(text: str) -> tuple:
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


class Ids:
    """Hands out unique ids, suffixing `-2`, `-3`... when one is taken."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.taken:
            n += 1
            suffix = f"-{n}"
            candidate = wanted[:ID_MAX - len(suffix)] + suffix
        assert _ID_RE.match(candidate), candidate
        self.taken.add(candidate)
        return candidate


@dataclass
class SourcePost:
    """One row of a post: its reference and reports-to as written, and the post built from it."""

    row: int
    ref: str | None
    reports_to: str | None
    post: ImportedPost  # id and line manager are filled in by LineBuilder
    same_as: tuple = ()  # the fields that make two rows exact repeats


class LineBuilder:
    """Assigns ids and line managers; `resolve` then finds the post for another file's reference."""

    def __init__(self, file: str, problems: list[ImportProblem], organisation: str,
                 top_markers: frozenset[str] = frozenset({"xx"}), blank_is_top: bool = False):
        self.file = file
        self.problems = problems
        self.organisation = organisation
        self.top_markers = top_markers
        self.blank_is_top = blank_is_top  # HR exports leave the top's manager blank
        self.ids = Ids()
        self.by_ref: dict[str, str] = {}
        self.by_key: dict[str, set[str]] = {}
        self.posts: dict[str, ImportedPost] = {}
        self.row_of: dict[str, int] = {}
        self.top: str | None = None

    def note(self, row: int | None, message: str) -> None:
        self.problems.append(ImportProblem(self.file, row, message))

    # -- ids ----------------------------------------------------------------------------------

    def add_all(self, rows: list[SourcePost]) -> None:
        first_row: dict[str, SourcePost] = {}
        kept: list[SourcePost] = []
        for src in rows:
            if src.ref is None:
                src.post.id = self.ids.claim(f"row-{src.row}")
                self.note(src.row, f"no post reference; given the id '{src.post.id}', so no other "
                          "row can report to it")
            elif src.ref in first_row:
                first = first_row[src.ref]
                if src.same_as == first.same_as:
                    self.note(src.row, f"repeats row {first.row} exactly; skipped")
                    continue
                src.post.id = self.ids.claim(first.post.id)
                src.post.review.append(f"shares its reference '{src.ref}' with row {first.row}")
                self.note(src.row, f"post reference '{src.ref}' is also on row {first.row}; "
                          f"imported as '{src.post.id}', and posts reporting to '{src.ref}' go to "
                          f"row {first.row}'s post; marked for review")
            else:
                wanted = slug(src.ref) or f"row-{src.row}"
                src.post.id = self.ids.claim(wanted)
                if src.post.id != src.ref:
                    why = (f"is longer than the {ID_MAX} characters an id may have"
                           if len(src.ref) > ID_MAX else "is not a valid id")
                    clash = " (that id was taken)" if src.post.id != wanted else ""
                    self.note(src.row, f"post reference '{src.ref}' {why}; imported as "
                              f"'{src.post.id}'{clash}")
                first_row[src.ref] = src
                self.by_ref[src.ref] = src.post.id
                self.by_key.setdefault(ref_key(src.ref), set()).add(src.post.id)
            self.posts[src.post.id] = src.post
            self.row_of[src.post.id] = src.row
            kept.append(src)
        self._link(kept)

    # -- line management ----------------------------------------------------------------------

    def resolve(self, ref: str) -> tuple[str | None, str | None]:
        """The post id a reference names and, if the match is loose, why; (None, None) if none."""
        if ref in self.by_ref:
            return self.by_ref[ref], None
        loose = self.by_key.get(ref_key(ref), set())
        if len(loose) == 1:
            (found,) = loose
            return found, f"taken as post '{found}' (letter case or spaces differ)"
        return None, None

    def is_top_marker(self, ref: str | None) -> bool:
        return ref is None or ref.casefold() in self.top_markers

    def _link(self, rows: list[SourcePost]) -> None:
        pending: list[tuple[str, str]] = []  # (post id, why it needs a home)
        tops: dict[str, str | None] = {}  # post id -> why it is a top, when not the usual marker
        for src in rows:
            post = src.post
            if self.is_top_marker(src.reports_to):
                blank = src.reports_to is None and not self.blank_is_top
                tops[post.id] = "has no reports-to post" if blank else None
                continue
            if src.reports_to == src.ref:
                tops[post.id] = "reports to itself"
                continue
            manager, how = self.resolve(src.reports_to)
            if manager is None:
                pending.append((post.id, f"reports to unknown post '{src.reports_to}'"))
            elif manager == post.id:  # only through a loose match
                tops[post.id] = f"reports to '{src.reports_to}', which is itself"
            else:
                if how:
                    self.note(src.row, f"reports to '{src.reports_to}'; {how}")
                post.line_manager = manager
        broken = self._break_circles(pending)
        self._choose_top(tops, broken, pending)
        for post_id, why in pending:
            post = self.posts[post_id]
            post.line_manager = self.top
            post.review.append(f"{why}; attached to the top")
            self.note(self.row_of.get(post_id), f"{why}; attached to the top '{self.top}', marked "
                      "for review")

    def _break_circles(self, pending: list[tuple[str, str]]) -> list[str]:
        """Cut each circle at its first row; returns the cut posts, also added to `pending`."""
        done: set[str] = set()
        broken: list[str] = []
        for start in sorted(self.posts, key=self.row_of.__getitem__):
            path: list[str] = []
            on_path: set[str] = set()  # a set beside the list: a deep chain stays linear
            node: str | None = start
            while node is not None and node not in done and node not in on_path:
                path.append(node)
                on_path.add(node)
                node = self.posts[node].line_manager
            if node is not None and node in on_path:
                circle = path[path.index(node):]
                cut = min(circle, key=self.row_of.__getitem__)
                at = circle.index(cut)
                shown = " -> ".join([*circle[at:], *circle[:at], cut])
                self.posts[cut].line_manager = None
                pending.append((cut, f"reports in a circle ({shown}, each reporting to the next)"))
                broken.append(cut)
            done.update(path)
        return broken

    def _choose_top(self, tops: dict[str, str | None], broken: list[str],
                    pending: list[tuple[str, str]]) -> None:
        if len(tops) == 1:
            ((self.top, why),) = tops.items()
            if why:
                self.note(self.row_of[self.top], f"{why}; taken as the top post")
            return
        if not tops and broken:
            self.top = broken[0]
            pending[:] = [(p, why) for p, why in pending if p != self.top]
            self.note(self.row_of[self.top], f"no post is marked as the top, so '{self.top}', "
                      "where a reporting circle was cut, is made the top; marked for review")
            self.posts[self.top].review.append("made the top: no post was marked as the top")
            return
        heads = [t for t in tops if heads_organisation(self.posts[t].title)]
        if len(heads) == 1:
            self.top = heads[0]
            head = f"'{self.top}' ({self.posts[self.top].title}) heads the organisation"
            for other, why in tops.items():
                if other != self.top:
                    pending.append((other, f"{why or 'is also a top post'}, but {head}"))
            return
        self.top = self.ids.claim(SYNTHETIC_TOP)
        rows = ", ".join(str(self.row_of[t]) for t in tops)
        reason = (f"{len(tops)} posts have no manager (rows {rows})" if tops
                  else "no post is at the top")
        self.posts[self.top] = ImportedPost(
            id=self.top, title=f"{self.organisation} (top post added on import)",
            source="added on import", synthetic=True,
            review=[f"added on import: {reason}; replace it with the real top post"])
        self.row_of[self.top] = 0
        self.note(None, f"{reason}; added a top post '{self.top}' above "
                  f"{'them' if tops else 'the others'}, marked for review")
        for t, why in tops.items():
            self.posts[t].line_manager = self.top
            self.posts[t].review.append(f"{why or 'a top post in the source'}; placed under the "
                                        "added top post")

    # -- output order -------------------------------------------------------------------------

    def ordered(self) -> dict[str, ImportedPost]:
        """Posts in line-management order: each post after its manager, siblings by id."""
        reports: dict[str | None, list[str]] = {}
        for post in self.posts.values():
            reports.setdefault(post.line_manager, []).append(post.id)
        out: dict[str, ImportedPost] = {}
        stack = sorted(reports.get(None, []), key=natural_key, reverse=True)
        while stack:
            node = stack.pop()
            out[node] = self.posts[node]
            stack.extend(sorted(reports.get(node, []), key=natural_key, reverse=True))
        assert len(out) == len(self.posts), "every post hangs from the top"
        return out
