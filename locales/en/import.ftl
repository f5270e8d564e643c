## Importing a bill from a file

import-not-utf8 = The file is not encoded in UTF-8 (unexpected byte { $byte }): save it as UTF-8 and import it again.
import-no-articles = { $format ->
    [fabrique_json] No article found: the file must contain an "articles" list whose items each have a "titre" (such as "1er") and "alineas".
    [akoma_ntoso] No article found: the bill's "body" must contain "article" elements numbered by a "num".
   *[other] No article heading found: the text must contain lines such as "Article 1er", "Article 2" or "Article unique", each on a line of its own.
}
import-duplicate-label = { $label } appears twice (first at { $first }): each article must have a different number.
import-empty-article = { $label } has no text: each article needs at least one paragraph.
import-bad-label = "{ $label }" is not an article number: expected a form such as "Article 1er", "Art. 2", "3 bis" or "Article unique".
import-missing-label = This article has no number: expected a "num" element such as "Article 1er".
import-bad-section = "{ $label }" is not a division heading: expected a form such as "Titre Ier", "Chapitre II" or "Section 1".
import-json-syntax = The file is not valid JSON ({ $detail }).
import-json-shape = Unexpected JSON structure: expected { $expected ->
    [object] an object { "{" }…{ "}" }
    [array] a list […]
   *[string] a string
} here.
import-xml-syntax = The file is not well-formed XML ({ $detail }).
import-wrong-root = The root element is "{ $found }": an Akoma Ntoso document starts with "{ $expected }".
import-not-a-bill = This Akoma Ntoso document is a "{ $found }": only a bill ("bill") or an act ("act") can be imported.
import-too-deep = The elements of this file are nested more than { $limit } levels deep: a bill never needs that many, so the file is refused.

## Where the import had to guess (shown before anything is saved)

import-warning-quote-ends-at-article = { $article ->
    [none] The quotation opened on line { $opened } is not closed by »; { $label } is read as a new article.
   *[other] A quotation opened in { $article } (line { $opened }) is not closed by »; { $label } is read as a new article.
}
import-warning-quote-ended = { $article ->
    [none] The quotation opened on line { $opened } is not closed by »; as this paragraph does not open with «, the quotation is taken to end before it.
   *[other] A quotation opened in { $article } (line { $opened }) is not closed by »; as this paragraph does not open with «, the quotation is taken to end before it.
}
import-warning-quote-open-at-end = { $article ->
    [none] The quotation opened here is never closed by »: one is missing before the end of the text.
   *[other] The quotation opened here, in { $article }, is never closed by »: one is missing before the end of the text.
}
import-warning-number-skipped = { $label } follows { $previous }: { $expected } is missing, or its heading was not recognised.
import-warning-number-backwards = { $label } comes after { $previous }: the numbering goes back; check that it is a new article.
import-warning-number-repeated-quoted = "{ $label }" repeats a number already used (line { $first }) while the quotation opened { $article ->
    [none] on line { $opened }
   *[other] in { $article } (line { $opened })
} is not closed: the line is read as quoted text, not as a new article.
import-warning-number-backwards-quoted = "{ $label }" takes the numbering back while the quotation opened { $article ->
    [none] on line { $opened }
   *[other] in { $article } (line { $opened })
} is not closed: the line is read as quoted text, not as a new article.
import-warning-more = And { $count } more places to check further on.
