"""Schema problems in words: each pydantic error on a data file as a message a contributor can act on, at
the position of the YAML that caused it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import ValidationError

from .schema import DataFile, Model

if TYPE_CHECKING:
    from .errors import Problem
    from .load import LoadedFile


def _model_at(loc: tuple[str | int, ...]) -> type[Model] | None:
    """The model class whose field list applies at ``loc`` inside a DataFile."""
    model: Any = DataFile
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if isinstance(model, type) and issubclass(model, Model) else None
        if field is None:
            return None
        annotation = field.annotation
        while get_origin(annotation) in (list, Union, Annotated) or str(get_origin(annotation)) == "types.UnionType":
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0]
        model = annotation
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean"
    if isinstance(value, (int, float)):
        return "the number"
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "the text"


def error_message(error: dict[str, Any]) -> tuple[str, bool]:
    """A contributor-facing message for one pydantic error, and whether it concerns the key."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    name = str(loc[-1]) if loc else "file"
    if kind == "missing":
        return f"missing required field '{name}'", True
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = ", ".join(model.model_fields) if model else ""
        where = "section" if len(loc) == 1 else "field"
        return f"unknown {where} '{name}'; allowed: {allowed}", True
    if kind == "string_type":
        if value is None:
            return f"'{name}' is empty; write a value, or remove the line if it is optional", False
        if isinstance(value, (list, dict)):
            return f"'{name}' must be text, found {_kind_of(value)}", False
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return f"'{name}' must be text, found {_kind_of(value)} {text}; quote the value: \"{text}\"", False
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"'{value}' is not allowed for '{name}'; use one of {expected}", False
    if kind == "string_pattern_mismatch":
        if name in ("id", "source", "entity", "metric", "speaker", "affiliation", "part_of") or isinstance(loc[-1], int):
            return f"'{value}' is not a valid id; use lower-case letters, digits and hyphens (e.g. huawei-rd-spend-2022)", False
        if name == "sha256":
            return (f"'{value}' is not a SHA-256 digest; write the 64 lower-case hex digits that "
                    "`sha256sum ARCHIVE/FILE` prints"), False
        return f"'{value}' is not a valid value for '{name}'", False
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        kind = kind.removeprefix("string_")
        if isinstance(value, str):
            if kind == "too_short":
                return f"'{name}' is empty", False
            limit = error.get("ctx", {}).get("max_length")
            return (f"'{name}' is too long: {len(value):,} characters, at most {limit:,}; "
                    "shorten it (a note or description can say more)"), False
        count = error.get("ctx", {}).get("min_length" if kind == "too_short" else "max_length")
        bound = "at least" if kind == "too_short" else "at most"
        return f"'{name}' needs {bound} {count} {'entry' if count == 1 else 'entries'}", False
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        wanted = "a list of entries (lines starting with '- ')" if kind == "list_type" else "a mapping of fields"
        return f"'{name}' must be {wanted}, found {_kind_of(value)}", False
    if kind == "bool_type":
        return f"'{name}' must be true or false (lower case, no quotes), found {value!r}", False
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"])), False
    return f"'{name}': {error['msg']}", False


def validate_file(loaded: "LoadedFile") -> tuple[DataFile | None, list["Problem"]]:
    """Type one loaded file; every schema problem comes back with its position."""
    try:
        return DataFile.model_validate(loaded.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            message, on_key = error_message(error)
            loc = tuple(error["loc"])
            problems.append(loaded.problem(loc, message, key=on_key))
        return None, problems
