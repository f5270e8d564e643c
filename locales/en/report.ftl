# The synthesis report: title page, foreword, summary, articles, method.
report-preview-banner = Preview — not published
report-preview-explain = This report is not public yet. The decisions and their justifications appear exactly as they will be published.
report-preview-no-decisions = This report is not public yet. The decisions are left out: they are the sponsor's until publication.
report-consultation-dates = Consultation open from { $opens } to { $closes }
report-published-on = Published on { $date }
report-generated-on = Preview made on { $date }
report-foreword = Foreword by the sponsor
report-foreword-edit = Write the foreword
report-foreword-help = In Markdown. It opens the report in every form (page, DOCX, Markdown, JSON) and can no longer change after publication.
report-foreword-save = Save the foreword
report-foreword-saved = Foreword saved.
report-summary = Summary
report-summary-participation = { $participants } participants made { $contributions } contributions and cast { $votes } votes.
report-summary-changes = What changed
report-summary-modified = Articles amended
report-summary-added = Articles added
report-summary-deleted = Articles deleted
report-summary-unchanged = The final text is the initial text, unchanged.
report-summary-from = following
report-summary-themes = Main themes
report-contributions-count = { $count } contributions
report-final-text = Final text
report-initial-text = Initial text
report-deleted-article = Article deleted.
report-changes = Changes
report-no-change = Article unchanged.
report-before = Before
report-after = After
report-paragraph-added = Paragraph added
report-paragraph-removed = Paragraph removed
report-paragraph-edited = Paragraph amended
report-wording-by-sponsor = Several retained amendments overlapped: the sponsor wrote the final wording of this article.
report-votes = Votes on the article
report-votes-line = { $agree } agree, { $mixed } mixed, { $disagree } disagree
report-themes = Themes
report-arguments-for = Most supported arguments for
report-arguments-against = Most supported arguments against
report-supports = { $count } supports
report-amendments = Amendments
report-proposals = Articles proposed by participants
report-deletion = Deletion of the article
report-justification = Justification
report-number = No.
report-proposal-column = Proposal
report-votes-column = Votes
report-decision-column = Decision
report-moderation-none = No contribution was moderated.
report-moderation-other = other moderation act
report-moderation-acts = Moderation acts
report-method = Method and licence
report-method-base = Every article was put to the consultation: participants voted (agree, mixed, disagree), argued, proposed amendments and new articles.
report-method-themes = The moderators grouped the contributions into { $count ->
    [one] one theme.
   *[other] { $count } themes.
}
report-method-no-themes = The moderators did not group the contributions into themes.
report-method-notes = The moderators wrote a synthesis note for { $count ->
    [one] one article.
   *[other] { $count } articles.
}
report-method-no-notes = No synthesis note was written.
report-method-moderation = { $count ->
    [one] One moderation act was
   *[other] { $count } moderation acts were
} recorded (detailed above).
report-method-no-moderation = No moderation act was needed.
report-method-decisions = The sponsor gave a reasoned decision on each of the { $count } amendments and proposals; the retained amendments made the final text.
report-method-pseudonyms = Citizens appear under a pseudonym unless they chose to show their name.
report-licence = Data licence: { $licence }.
report-chart-votes = Votes per article
report-chart-votes-desc = For each article, the number of agree, mixed and disagree votes.
report-chart-days = Contributions day by day
report-chart-days-desc = Number of contributions made each day of the consultation.
report-chart-article-desc = { $agree } agree, { $mixed } mixed, { $disagree } disagree.
report-author-deleted = deleted participant
report-participant = Participant { $code }
report-contribution-link = no. { $id }
