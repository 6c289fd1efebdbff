"""Entities: counts per type, the most mentioned, and one entity over time with its company."""

import streamlit as st

from armswatch import charts
from armswatch.queries import entities
from armswatch.ui.common import as_text, cached, connection, download, empty_state, web_links
from armswatch.ui.correcting import entity_form
from armswatch.ui.layout import page_setup
from armswatch.views import ARTICLES_LISTED, ENTITIES_TOP, ENTITIES_TYPE

TYPES = {"PERSON": "People", "ORG": "Organisations", "COUNTRY": "Countries", "PLACE": "Places",
         "WEAPON": "Weapon systems", "WEAPON_TYPE": "Weapon types"}

filters = page_setup("Entities")
st.title("Entities")
con = connection()

counts = cached(entities.counts_by_type, filters)
if counts.empty:
    empty_state("No entities match.")
    st.stop()
st.dataframe(counts, hide_index=True)
download(counts, "entity_counts")

entity_type = st.selectbox("Type", list(TYPES), index=list(TYPES).index(ENTITIES_TYPE), format_func=TYPES.get,
                           key="entities_type")
limit = st.slider("Top", 5, 50, ENTITIES_TOP, key="entities_top")
top = cached(entities.top_entities, filters, entity_type, limit)
st.plotly_chart(charts.top_bars(top), width="stretch", key="entities_top_chart")
download(lambda: entities.top_entities(con.cursor(), filters, entity_type, limit=None),
         f"entities_{entity_type.lower()}")

entity = st.selectbox("Entity", top.entity.tolist(), key="entities_pick")
if entity:
    st.subheader(as_text(entity))
    entity_form(entity_type, entity)
    left, right = st.columns(2)
    with left:
        st.markdown("**Mentions over time**")
        series = cached(entities.mentions_by_month, filters, entity, entity_type)
        st.plotly_chart(charts.over_time(series), width="stretch", key="entities_series")
        download(series, "entity_mentions_by_month")
    with right:
        st.markdown("**Mentioned with**")
        company = cached(entities.cooccurring, filters, entity, entity_type, None)
        st.dataframe(company.head(15), hide_index=True, width="stretch")
        download(company, "entity_cooccurring")
    st.markdown("**Articles**")
    articles = cached(entities.articles_mentioning, filters, entity, entity_type, ARTICLES_LISTED)
    if len(articles) == ARTICLES_LISTED:
        st.caption(f"The {ARTICLES_LISTED:,} newest; the download has them all.")
    st.dataframe(web_links(articles), hide_index=True, width="stretch",
                 column_config={"url": st.column_config.LinkColumn("url")})
    download(lambda: entities.articles_mentioning(con.cursor(), filters, entity, entity_type), "entity_articles")
