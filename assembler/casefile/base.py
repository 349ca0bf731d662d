"""The base of every case-file model (unknown keys refused, blank text missing) and the shared pieces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from assembler.fields import (
    Text,
)

SCHEMA_VERSION = 1


class Model(BaseModel):
    """Base of every case-file object: unknown keys are errors, blank text counts as missing."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=False,
    )

    required_facts: ClassVar[Mapping[str, str]] = {}
    """Field name -> why the law or the packet needs it (reported when the fact is missing)."""

    @model_validator(mode="before")
    @classmethod
    def _blank_text_is_missing(cls, data: Any) -> Any:
        # A paralegal who leaves "" in a field has not given the fact: treat it as absent so the
        # required-fact rule reports it with its reason instead of drafting around a blank.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        if cls.required_facts:
            target["required"] = [
                (cls.model_fields[name].alias or name) for name in cls.required_facts
            ]
        return schema


class Address(Model):
    """A postal address; a U.S. address needs state and ZIP code."""

    required_facts: ClassVar[Mapping[str, str]] = {
        "street": "an address is only usable for service and the caption with its street line",
        "city": "an address needs its city",
    }

    street: Text | None = Field(None, description="Street and number, e.g. '1200 Main Street'.")
    unit: Text | None = Field(None, description="Suite, apartment or unit.")
    city: Text | None = None
    state: Text | None = Field(None, description="Two-letter state, e.g. CA.")
    postal_code: Text | None = Field(None, description="ZIP code.")
    country: Text | None = Field(None, description="Only for an address outside the U.S.")
