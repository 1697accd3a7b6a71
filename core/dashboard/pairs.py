"""Directed country pairs (actor country -> target country) for the map's arcs.

Only events whose extractor found both an actor and a target country have a direction;
the undirected pairs (`query.dyads`) count every two countries named together."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.dashboard.corpus import Corpus
from core.dashboard.labels import top_labels
from core.nlp.countries import country_name

COLUMNS = ["a", "b", "name_a", "name_b", "events", "dominant_domain", "top_domains"]


def _direction_codes(c: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Actor and target country positions per event (-1 none), once per corpus."""

    def codes() -> tuple[np.ndarray, np.ndarray]:
        index = pd.Index(c.countries, dtype=object)
        out = []
        for col in ("actor_country", "target_country"):
            values = c.events[col] if col in c.events else pd.Series([None] * c.n_events)
            out.append(index.get_indexer(pd.Index(values.to_numpy(object))).astype(np.int64))
        return out[0], out[1]

    return c.memo(("direction_codes",), codes)


def directed_pairs(c: Corpus, mask: np.ndarray) -> pd.DataFrame:
    """(actor, target) pairs with event counts, dominant and top domains, most first."""
    actor, target = _direction_codes(c)
    sel = mask & (actor >= 0) & (target >= 0) & (actor != target)
    if not sel.any():
        return pd.DataFrame(columns=COLUMNS)
    nc = max(len(c.countries), 1)
    keys, inverse = np.unique(actor[sel] * nc + target[sel], return_inverse=True)
    counts = np.bincount(inverse)
    dom = np.zeros((len(keys), max(len(c.domains), 1)), dtype=np.int64)
    if c.domains:
        np.add.at(dom, inverse, c.domain_matrix[sel].astype(np.int64))
    a = [c.countries[i] for i in keys // nc]
    b = [c.countries[i] for i in keys % nc]
    frame = pd.DataFrame(
        {
            "a": a,
            "b": b,
            "name_a": [country_name(x) for x in a],
            "name_b": [country_name(x) for x in b],
            "events": counts,
            "dominant_domain": [
                c.domains[i] if c.domains and row.max() > 0 else ""
                for i, row in zip(dom.argmax(axis=1), dom, strict=True)
            ],
            "top_domains": top_labels(dom, c.domains),
        }
    )
    return frame.sort_values(["events", "a", "b"], ascending=[False, True, True]).reset_index(
        drop=True
    )
