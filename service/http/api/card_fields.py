"""The card JSON's `fields` (contract 1) as pydantic models, built from enrich.card's dataclasses so the API
follows the card format as it grows: `Fields` (as stored and answered) and `FieldsInput` (as requests send it,
where a plain string, or a list of strings, stands for field objects with that `value`).

Field objects keep keys the model does not name (a card read back and sent again carries them); which keys are
stored is decided by service.domain.fields.normalise_fields. Unknown field NAMES are refused.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, create_model

from enrich.card import SOURCES, CardFields
from service.domain.fields import FIELD_SPECS

_STRICT = {str: StrictStr, bool: StrictBool, int: StrictInt, float: Annotated[float, Field(strict=True)]}


def _strict(hint: Any) -> Any:
    """The annotation with exact JSON types (str stays str, a number is not a string)."""
    if hint in _STRICT:
        return _STRICT[hint]
    origin = typing.get_origin(hint)
    if origin is list:
        return list[_strict(typing.get_args(hint)[0])]
    if origin in (types.UnionType, typing.Union):
        parts = [_strict(a) for a in typing.get_args(hint)]
        union = parts[0]
        for part in parts[1:]:
            union = union | part
        return union
    return hint


def _item_model(item_cls: type, name: str) -> type[BaseModel]:
    """One field object: `value` required, every other attribute of the dataclass optional."""
    hints = typing.get_type_hints(item_cls)
    attributes: dict[str, Any] = {}
    for attribute in dataclasses.fields(item_cls):
        if attribute.name == "value":
            attributes["value"] = (StrictStr, ...)
        elif attribute.name == "confidence":
            attributes["confidence"] = (Annotated[float, Field(strict=True, ge=0, le=1)] | None, None)
        elif attribute.name == "source":
            attributes["source"] = (typing.Literal[SOURCES] | None, None)  # type: ignore[valid-type]
        else:
            attributes[attribute.name] = (_strict(hints[attribute.name]) | None, None)
    return create_model(name, __config__=ConfigDict(extra="allow"), __doc__=item_cls.__doc__, **attributes)


def _fields_model(name: str, request: bool) -> type[BaseModel]:
    attributes: dict[str, Any] = {}
    for key, (item_cls, many) in FIELD_SPECS.items():
        suffix = "Input" if request else ""
        item = _ITEMS.setdefault(item_cls.__name__ + suffix, _item_model(item_cls, item_cls.__name__ + suffix))
        one = (StrictStr | item) if request else item
        if many:
            kind = (list[one] | one | None) if request else list[item]
            attributes[key] = (kind, None if request else Field(default_factory=list))
        else:
            attributes[key] = (one | None, None)
    doc = ("The card JSON's `fields` (contract 1)." + (" A plain string (or a list of strings) is accepted where a "
           "field object (or a list of them) is expected, and taken as its `value`(s)." if request else ""))
    return create_model(name, __config__=ConfigDict(extra="forbid"), __doc__=doc, **attributes)


_ITEMS: dict[str, type[BaseModel]] = {}
assert set(FIELD_SPECS) == {f.name for f in dataclasses.fields(CardFields)}
Fields = _fields_model("Fields", request=False)
FieldsInput = _fields_model("FieldsInput", request=True)
