"""The baseline of bench/serve: the same two endpoints in FastAPI + uvicorn, the way the
projects reelhouse replaces served them (a pandas DataFrame loaded at start-up, filtered per
request). It reads the same `people` table, exported from the warehouse by
`reelhouse query --format csv` (the duckdb Python package is not installed on these machines;
when it is, --warehouse reads the DuckDB file directly).

    PEOPLE_CSV=people.csv uvicorn fastapi_app:app --app-dir bench/serve --port 8001
"""

import os
from typing import Literal, Optional

import pandas as pd
from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel


def load_people() -> pd.DataFrame:
    warehouse = os.environ.get("PEOPLE_WAREHOUSE")
    if warehouse:
        import duckdb  # optional

        with duckdb.connect(warehouse, read_only=True) as connection:
            return connection.execute("SELECT * FROM people").df()
    return pd.read_csv(os.environ["PEOPLE_CSV"], keep_default_na=True)


people = load_people().sort_values(["role", "rank", "nconst"], kind="stable").reset_index(drop=True)
app = FastAPI(title="people baseline")


def records(frame: pd.DataFrame) -> list:
    # NaN is not JSON: None instead, as a careful FastAPI app would.
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


@app.get("/api/v1/people")
def get_people(
    role: Optional[Literal["actor", "actress"]] = None,
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0),
):
    frame = people if role is None else people[people["role"] == role]
    return {
        "product": "people",
        "total": int(len(frame)),
        "limit": limit,
        "offset": offset,
        "items": records(frame.iloc[offset : offset + limit]),
    }


class RoleBody(BaseModel):
    role: Literal["actor", "actress", "both"]
    limit: int = 100


@app.post("/top_actor_actress/")
def top_actor_actress(body: RoleBody):
    if not 1 <= body.limit <= 10000:
        raise HTTPException(status_code=422, detail="limit must be from 1 to 10000")
    frame = people if body.role == "both" else people[people["role"] == body.role]
    frame = frame.groupby("role", sort=True, group_keys=False).head(body.limit)
    return records(frame)
