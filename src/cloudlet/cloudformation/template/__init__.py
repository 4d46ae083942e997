"""CloudFormation templates: parsing, parameters, conditions, intrinsics, ForEach, and
the summaries ValidateTemplate and GetTemplateSummary answer (see each module)."""

from __future__ import annotations

from cloudlet.cloudformation.errors import TemplateError
from cloudlet.cloudformation.template.evaluate import Evaluated, evaluate, output_string
from cloudlet.cloudformation.template.intrinsics import NO_VALUE
from cloudlet.cloudformation.template.model import Lookup, Pseudo, ResourceDecl, SsmLookup
from cloudlet.cloudformation.template.parse import parse_template, transforms, where
from cloudlet.cloudformation.template.summary import required_capabilities, summarize

__all__ = [
    "NO_VALUE",
    "Evaluated",
    "Lookup",
    "Pseudo",
    "ResourceDecl",
    "SsmLookup",
    "TemplateError",
    "evaluate",
    "output_string",
    "parse_template",
    "required_capabilities",
    "summarize",
    "transforms",
    "where",
]
