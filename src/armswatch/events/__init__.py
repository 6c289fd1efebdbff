"""The event layer: dated missile tests, weapons announcements and the rest, from each article's text.

``triggers`` and ``modality`` are spaCy components (which phrases report an event, and which of
those are hedged, planned or denied); ``timex`` finds and resolves date expressions; ``frames``
assembles each event (date, countries, weapon, place) from the sentence that reports it.
"""
