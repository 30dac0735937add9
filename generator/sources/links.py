"""Check that every source's URL still answers. Run by the scheduled workflow only, never by tests
against the outside world: the network is slow, flaky, and not ours.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from ..errors import Problem
from ..store import FactStore

USER_AGENT = "factsheet-link-check (+https://github.com/)"


def check_url(url: str, timeout: float) -> str | None:
    """None when the URL answers with a success; else what went wrong, in a few words."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by the schema
                if response.status < 400:
                    return None
                failure = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            failure = f"HTTP {exc.code} {exc.reason}"
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            failure = f"no answer ({reason})"
        return failure
    return failure


def broken_links(store: FactStore, timeout: float = 20.0) -> list[Problem]:
    sources = [s for s in store.sources.values() if s.url]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda s: check_url(str(s.url), timeout), sources))
    return [store.origins[source.id].problem("url", message=f"{source.url} {failure}; update the URL, or add an "
                                                            "archived copy's address", severity="warning")
            for source, failure in zip(sources, results) if failure]
