"""Interactive exploration: concordances, group comparisons, rich displays and widgets.

Importing this package registers :class:`~framing.explore.article.Article` as what
``Corpus[article_id]`` returns (the core defines the hook, this layer fills it).
"""

from framing.corpus import register_article_view
from framing.explore.article import Article

register_article_view(Article.load)
