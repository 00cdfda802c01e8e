"""The analytics aggregate: one item per day in the limits table ("analytics#day#2026-11-29"), a flat
map of named counters that writers bump with one atomic ADD each. Counter names are free-form
(recommendation and metric keys, histogram bins), which PynamoDB's declared attributes cannot express,
so this repository speaks the DynamoDB API directly. It holds no user ids: only counts and sums.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from interview_core.data.tables import LimitItem
from interview_core.errors import UpstreamError

_KEY = LimitItem.limit_key.attr_name  # the limits table's partition key
_PREFIX = "analytics#day#"
_COUNTER_PREFIX = "c:"  # keeps counters apart from the key and any attribute the table may gain
_BATCH = 100  # BatchGetItem's limit


def day_key(day: date) -> str:
    return f"{_PREFIX}{day.isoformat()}"


class AnalyticsRepository:
    def __init__(self, dynamodb: Any, table_name: str) -> None:
        self._db = dynamodb
        self._table = table_name

    def add(self, day: date, counters: Mapping[str, float]) -> None:
        """Add every counter to the day's item in one atomic update (negative amounts subtract)."""
        amounts = {name: value for name, value in counters.items() if value}
        if not amounts:
            return
        names = {f"#n{i}": _COUNTER_PREFIX + name for i, name in enumerate(amounts)}
        values = {f":v{i}": {"N": repr(float(v))} for i, v in enumerate(amounts.values())}
        expression = "ADD " + ", ".join(f"#n{i} :v{i}" for i in range(len(amounts)))
        try:
            self._db.update_item(
                TableName=self._table,
                Key={_KEY: {"S": day_key(day)}},
                UpdateExpression=expression,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except ClientError as e:
            raise UpstreamError("analytics update failed") from e

    def days(self, days: list[date]) -> dict[date, dict[str, float]]:
        """The counters of each day that has any (days without an item are absent)."""
        by_key = {day_key(d): d for d in days}
        found: dict[date, dict[str, float]] = {}
        keys = list(by_key)
        for start in range(0, len(keys), _BATCH):
            pending: dict[str, Any] = {
                self._table: {"Keys": [{_KEY: {"S": k}} for k in keys[start : start + _BATCH]]}
            }
            while pending:
                try:
                    r = self._db.batch_get_item(RequestItems=pending)
                except ClientError as e:
                    raise UpstreamError("analytics read failed") from e
                for item in r["Responses"].get(self._table, []):
                    found[by_key[item[_KEY]["S"]]] = {
                        name.removeprefix(_COUNTER_PREFIX): float(v["N"])
                        for name, v in item.items()
                        if name.startswith(_COUNTER_PREFIX)
                    }
                pending = r.get("UnprocessedKeys") or {}
        return found
