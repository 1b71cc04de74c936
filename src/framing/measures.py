"""The measures ``framing validate`` scores, by key, in the order reports and the README list
them. The codebook, the reports' "How reliable is this?" links and the validity runner all
name measures by these keys (the anchors of ``validity.html``)."""

VALIDITY_KEYS: tuple[str, ...] = (
    "loaded_terms",
    "sentence_sentiment",
    "target_sentiment",
    "frames",
    "topics",
    "cleaning",
    "outlet_signal",
)
