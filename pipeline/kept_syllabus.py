"""A syllabus from the result cache, decoded as far as a warm night reads it.

A night that finds every file in the cache still decoded each one's whole model (72 KB of JSON on
average: the plan, the assessment, every value with its source) to use a few parts of it: the
batch rules read the identity and the prerequisites, the verdict and the reports the read
coverage, the register the identity and the file (``VIEW_FIELDS``). Decoding the whole model was
1.6-2.9 s of a warm 1,000-file night (issue 13); those parts alone decode in a fifth of it.

``KeptSyllabus`` is a ``Syllabus`` holding those parts, decoded from the view the cache keeps with
the model (``view_json``). The first read of any other part decodes the whole model, through the
function the cache gave it (``whole``), and from then on it holds every part: code that reads
more than the view, or a syllabus whose findings were not cached and is checked again, gets the
same model as a full decode, only later. What compares, copies, dumps or prints the whole model
(``==``, ``model_dump``, ``model_copy``, ``repr``) decodes it first, so it sees the whole model
too and a ``KeptSyllabus`` equals the ``Syllabus`` it was kept from.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pydantic import ConfigDict, PrivateAttr, create_model

from extractors.model import Syllabus

# the parts a warm night reads of a cached syllabus whose findings are cached (see the module):
# checks.batch and checks.coverage, reports.register.build.syllabus_ref, pipeline.audit's register
# inputs (the language); reports.register.identity's near signature is kept apart, as derived
# data (``pipeline.cache``), so it needs no plan
VIEW_FIELDS = ("schema_version", "file", "language", "document", "identity", "prerequisites", "postrequisites",
               "coverage")

# the view's parts validated as the model validates them; the rest of a stored JSON is ignored
_View = create_model(  # type: ignore[call-overload]
    "SyllabusView", __config__=ConfigDict(extra="ignore"),
    **{name: (Syllabus.model_fields[name].annotation, Syllabus.model_fields[name]) for name in VIEW_FIELDS},
)


def view_json(syllabus: Syllabus) -> str:
    """The parts of ``syllabus`` a ``KeptSyllabus`` is made of, as JSON."""
    return syllabus.model_dump_json(include=set(VIEW_FIELDS))


class KeptSyllabus(Syllabus):
    """See the module. Made by ``kept_syllabus``, never validated from data."""

    _whole: Callable[[], Syllabus] | None = PrivateAttr(default=None)

    def __getattr__(self, name: str) -> Any:
        # only reached for what the instance does not hold: a part outside the view, until decoded
        if name in Syllabus.model_fields:
            self._decode_whole()
            try:
                return self.__dict__[name]
            except KeyError:  # nothing to decode it from (cannot happen to one ``kept_syllabus`` made)
                raise AttributeError(f"{type(self).__name__!r} object has no part {name!r}") from None
        return super().__getattr__(name)

    def _decode_whole(self) -> None:
        load = self.__pydantic_private__["_whole"] if self.__pydantic_private__ else None
        if load is None:
            return
        whole = load()
        for name in Syllabus.model_fields:
            # the parts already held stay (the run may hold them elsewhere); the others are added
            self.__dict__.setdefault(name, whole.__dict__[name])
        self.__pydantic_fields_set__.update(whole.model_fields_set)
        self.__pydantic_private__["_whole"] = None

    @property
    def decoded(self) -> bool:
        """Whether every part is held (the whole model was decoded)."""
        return all(name in self.__dict__ for name in Syllabus.model_fields)

    def as_syllabus(self) -> Syllabus:
        """The whole model as a plain ``Syllabus`` (sharing its parts)."""
        self._decode_whole()
        return Syllabus.model_construct(_fields_set=set(self.model_fields_set), **self.__dict__)

    # everything that reads every part at once, through the instance's dict: the whole model first
    def __eq__(self, other: object) -> bool:
        if isinstance(other, KeptSyllabus):
            other = other.as_syllabus()
        return self.as_syllabus() == other

    __hash__ = None  # type: ignore[assignment]  # as a model's: unhashable

    def __repr__(self) -> str:
        return repr(self.as_syllabus())

    def __repr_args__(self):  # type: ignore[no-untyped-def]
        return self.as_syllabus().__repr_args__()

    def model_dump(self, **kwargs: Any) -> dict[str, Any]:
        return self.as_syllabus().model_dump(**kwargs)

    def model_dump_json(self, **kwargs: Any) -> str:
        return self.as_syllabus().model_dump_json(**kwargs)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Syllabus:  # type: ignore[override]
        return self.as_syllabus().model_copy(update=update, deep=deep)

    def __copy__(self) -> Syllabus:
        return copy.copy(self.as_syllabus())

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Syllabus:
        return copy.deepcopy(self.as_syllabus(), memo)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.as_syllabus())

    def __getstate__(self) -> dict[Any, Any]:
        self._decode_whole()
        state = super().__getstate__()
        state["__pydantic_private__"] = {"_whole": None}
        return state


def kept_syllabus(view: str, whole: Callable[[], Syllabus]) -> KeptSyllabus:
    """A ``KeptSyllabus`` of the parts in ``view`` (``view_json``'s JSON), decoding the whole model
    through ``whole`` when another part is first read. Raises pydantic's ``ValidationError`` for a
    view the model would not accept."""
    parts = _View.model_validate_json(view)
    kept = KeptSyllabus.__new__(KeptSyllabus)
    # the view's validated parts, as a model's instance holds its fields; no others until decoded
    object.__setattr__(kept, "__dict__", dict(parts.__dict__))
    object.__setattr__(kept, "__pydantic_fields_set__", set(parts.model_fields_set))
    object.__setattr__(kept, "__pydantic_extra__", None)
    object.__setattr__(kept, "__pydantic_private__", {"_whole": whole})
    return kept
