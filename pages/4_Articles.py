"""Articles: find an article and read it with its entities highlighted and its events listed."""

import html

import pandas as pd
import streamlit as st

from armswatch.highlight import highlighted_html, legend_html
from armswatch.queries import articles, entities
from armswatch.ui.common import connection, download, empty_state, event_table, newest, web_links
from armswatch.ui.correcting import event_form
from armswatch.ui.layout import page_setup
from armswatch.views import ARTICLES_LISTED

filters = page_setup("Articles")
st.title("Articles")
con = connection()

listing, matched, more = newest(articles.article_list, entities.article_count, filters, ARTICLES_LISTED)
if listing.empty:
    empty_state("No articles match.")
    st.stop()
st.caption(f"{matched:,} articles match the filters (search their text with the sidebar's Text box){more}.")
st.dataframe(web_links(listing), hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn("url")})
download(lambda: articles.article_rows(con.cursor(), filters), "articles")

labels = {row.id: f"{row.published or '????-??-??'} · {row.title}" for row in listing.itertuples()}
chosen = st.selectbox("Read", list(labels), format_func=labels.get, key="articles_pick")
record = articles.article(con, chosen) if chosen else None
if record:
    st.subheader(record["title"])
    meta = " · ".join(str(v) for v in (record["published"], record["source"], record["lang"]) if v)
    st.caption(meta)
    url = web_links(pd.DataFrame([{"url": record["url"]}])).url[0]
    if url:
        st.markdown(f"[{html.escape(url)}]({html.escape(url)})")
    st.markdown(legend_html(), unsafe_allow_html=True)
    mentions = articles.article_mentions(con, chosen)
    st.markdown(f'<div style="line-height:1.7">{highlighted_html(record["text"], mentions)}</div>',
                unsafe_allow_html=True)  # escaped: article text is untrusted
    found = articles.article_events(con, chosen)
    st.markdown(f"**Events ({len(found)})**")
    event_table(found, ["date", "event_type", "country", "claimant", "sentence", "weapon", "weapon_type", "location",
                        "countries", "confidence"])
    download(found, "article_events")
    event_form(found, "fix_article_event")
