"""Tags of schedule groups (schedules themselves take no tags), as AWS's Tag lists.

https://docs.aws.amazon.com/scheduler/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

from cloudlet.services.scheduler.shapes import Tag


def tag_map(tags: list[Tag]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tags}


def tag_list(tags: dict[str, str]) -> list[Tag]:
    return [{"Key": k, "Value": v} for k, v in sorted(tags.items())]
