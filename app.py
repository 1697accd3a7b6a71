"""Entente dashboard entry point: the page registry.

Every page draws the shared frame itself (`core.dashboard.frame`: first-start build,
filters, URL sync, share link), so a deep link renders the same whether Streamlit serves
it through this navigation or, as on a fresh server's first request, from `pages/` alone.
"""

import streamlit as st

from core.dashboard.frame import PAGES

pages = [
    st.Page(
        p.script, title=p.title, icon=p.icon, url_path=p.url_path or None, default=not p.url_path
    )
    for p in PAGES
]
st.navigation(pages, position="hidden").run()
