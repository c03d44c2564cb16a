"""tmdb: fetch title metadata (cast names help the ASR stage spell proper nouns)."""

import os
import sys

import requests

sys.path.insert(0, "/app")
from shared.pipeline import done  # noqa: E402

if __name__ == "__main__":
    title = os.environ.get("TITLE", "")
    key = os.environ.get("TMDB_API_KEY")
    cast: list[str] = []
    if key and title:
        r = requests.get("https://api.themoviedb.org/3/search/movie", params={"query": title, "api_key": key}, timeout=10)
        cast = [m["title"] for m in r.json().get("results", [])[:5]]
    done("tmdb", title=title, cast=cast)
