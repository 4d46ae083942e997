"""Tag limits of Kinesis streams and consumers.

https://docs.aws.amazon.com/streams/latest/dev/tagging.html
- At most 50 tags per resource; AddTagsToStream and CreateStream take at most 10 at once
  (TagResource up to 50). Keys starting with ``aws:`` are reserved.
"""

from __future__ import annotations

from collections.abc import Mapping

from cloudlet.services.kinesis.errors import InvalidArgumentException, LimitExceededException

MAX_TAGS = 50


def check_tags(new: Mapping[str, str], existing: Mapping[str, str], per_call: int = 50) -> None:
    if len(new) > per_call:
        raise InvalidArgumentException(
            f"A request can not have more than {per_call} tags; it has {len(new)}.")
    for key in new:
        if key.lower().startswith("aws:"):
            raise InvalidArgumentException(
                f"Tag key {key} is invalid: keys starting with 'aws:' are reserved.")
    if len(set(existing) | set(new)) > MAX_TAGS:
        raise LimitExceededException(
            f"Failed to add tags: a resource can have at most {MAX_TAGS} tags.")
