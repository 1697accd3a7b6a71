"""The yardstick page for bench/page_speed.py: one dataframe and one chart, nothing else."""

import numpy as np
import pandas as pd
import streamlit as st

rng = np.random.default_rng(0)
frame = pd.DataFrame({"year": np.arange(2000, 2025), "events": rng.integers(0, 50, 25)})
st.title("Bare")
st.dataframe(frame)
st.bar_chart(frame, x="year", y="events")
