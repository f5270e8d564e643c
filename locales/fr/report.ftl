# The synthesis report: title page, foreword, summary, articles, method.
report-preview-banner = Aperçu — non publié
report-preview-explain = Ce rapport n'est pas encore public. Les décisions et leurs justifications y figurent telles qu'elles seront publiées.
report-preview-no-decisions = Ce rapport n'est pas encore public. Les décisions n'y figurent pas : elles appartiennent au porteur du texte jusqu'à la publication.
report-consultation-dates = Consultation ouverte du { $opens } au { $closes }
report-published-on = Publié le { $date }
report-generated-on = Aperçu établi le { $date }
report-foreword = Avant-propos du porteur du texte
report-foreword-edit = Écrire l'avant-propos
report-foreword-help = En Markdown. Il ouvre le rapport, dans toutes ses versions (page, DOCX, Markdown, JSON), et ne peut plus changer après la publication.
report-foreword-save = Enregistrer l'avant-propos
report-foreword-saved = Avant-propos enregistré.
report-summary = L'essentiel
report-summary-participation = { $participants } participants ont déposé { $contributions } contributions et exprimé { $votes } votes.
report-summary-changes = Ce qui a changé
report-summary-modified = Articles modifiés
report-summary-added = Articles ajoutés
report-summary-deleted = Articles supprimés
report-summary-unchanged = Le texte final reprend le texte initial sans modification.
report-summary-from = à la suite de
report-summary-themes = Principaux thèmes
report-contributions-count = { $count } contributions
report-final-text = Texte final
report-initial-text = Texte initial
report-deleted-article = Article supprimé.
report-changes = Modifications
report-no-change = Article inchangé.
report-before = Avant
report-after = Après
report-paragraph-added = Alinéa ajouté
report-paragraph-removed = Alinéa supprimé
report-paragraph-edited = Alinéa modifié
report-wording-by-sponsor = Plusieurs amendements retenus se recoupaient : le porteur du texte a arrêté lui-même la rédaction finale de cet article.
report-votes = Votes sur l'article
report-votes-line = { $agree } d'accord, { $mixed } mitigés, { $disagree } pas d'accord
report-themes = Thèmes
report-arguments-for = Arguments pour les plus soutenus
report-arguments-against = Arguments contre les plus soutenus
report-supports = { $count } soutiens
report-amendments = Amendements
report-proposals = Articles proposés par les participants
report-deletion = Suppression de l'article
report-justification = Justification
report-number = N°
report-proposal-column = Proposition
report-votes-column = Votes
report-decision-column = Décision
report-moderation-none = Aucune contribution modérée.
report-moderation-other = autre acte de modération
report-moderation-acts = Actes de modération
report-method = Méthode et licence
report-method-base = Chaque article a été soumis à la consultation : les participants ont voté (d'accord, mitigé, pas d'accord), argumenté, proposé des amendements et de nouveaux articles.
report-method-themes = La modération a regroupé les contributions en { $count ->
    [one] un thème.
   *[other] { $count } thèmes.
}
report-method-no-themes = La modération n'a pas regroupé les contributions par thèmes.
report-method-notes = La modération a rédigé une note de synthèse pour { $count ->
    [one] un article.
   *[other] { $count } articles.
}
report-method-no-notes = Aucune note de synthèse n'a été rédigée.
report-method-moderation = { $count ->
    [one] Un acte de modération a été enregistré
   *[other] { $count } actes de modération ont été enregistrés
} (détail ci-dessus).
report-method-no-moderation = Aucun acte de modération n'a été nécessaire.
report-method-decisions = Le porteur du texte a rendu une décision motivée sur chacun des { $count } amendements et propositions ; les amendements retenus ont produit le texte final.
report-method-pseudonyms = Les citoyens apparaissent sous un pseudonyme sauf s'ils ont choisi d'afficher leur nom.
report-licence = Licence des données : { $licence }.
report-chart-votes = Votes par article
report-chart-votes-desc = Pour chaque article, le nombre de votes d'accord, mitigés et pas d'accord.
report-chart-days = Contributions jour par jour
report-chart-days-desc = Nombre de contributions déposées chaque jour de la consultation.
report-chart-article-desc = { $agree } d'accord, { $mixed } mitigés, { $disagree } pas d'accord.
report-author-deleted = participant supprimé
report-participant = Participant { $code }
report-contribution-link = n° { $id }
