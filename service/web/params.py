"""Path and query parameters the console's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

# Ids are INTEGER columns: a larger number names nothing (a 404 page, not a database error).
CandidateId = Annotated[int, Path(ge=1, le=2**31 - 1)]
