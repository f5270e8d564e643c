//! The data dictionary of the open-data tables: every column's name, type
//! and meaning in French and English. The CSV and JSON files write exactly
//! these columns, the Data Package (`datapackage.json`) describes them with
//! it, and the open-data page explains them in words from it: one list, so
//! they cannot drift apart.

use serde::Serialize;

/// A column's type, as Frictionless Table Schema names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Integer,
    String,
    Boolean,
    Datetime,
}

impl Kind {
    /// Its name in a Table Schema (as it serialises).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Integer => "integer",
            Kind::String => "string",
            Kind::Boolean => "boolean",
            Kind::Datetime => "datetime",
        }
    }
}

/// One column of a table.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Field {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// A short French title, for spreadsheet headers.
    pub title_fr: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

const fn f(
    name: &'static str,
    kind: Kind,
    title_fr: &'static str,
    fr: &'static str,
    en: &'static str,
) -> Field {
    Field {
        name,
        kind,
        title_fr,
        fr,
        en,
    }
}

use Kind::{Boolean, Datetime, Integer, String as Text};

pub const CONTRIBUTIONS: &[Field] = &[
    f(
        "id",
        Integer,
        "Numéro",
        "Numéro de la contribution",
        "Contribution number",
    ),
    f(
        "kind",
        Text,
        "Nature (code)",
        "Nature (code) : argument, amendment, proposal, source",
        "Kind (code): argument, amendment, proposal, source",
    ),
    f(
        "kind_fr",
        Text,
        "Nature",
        "Nature, en français",
        "Kind, in French",
    ),
    f(
        "article_id",
        Integer,
        "N° interne de l'article",
        "Numéro interne de l'article visé",
        "Internal id of the article concerned",
    ),
    f(
        "article",
        Text,
        "Article",
        "Article visé, par son intitulé (« Article 2 »)",
        "Article concerned, by its label (\"Article 2\")",
    ),
    f(
        "after_article_id",
        Integer,
        "Après l'article (n° interne)",
        "Pour une proposition d'article : numéro interne de l'article après lequel il s'insérerait",
        "For a proposed article: internal id of the article it would follow",
    ),
    f(
        "after_article",
        Text,
        "Après l'article",
        "Pour une proposition d'article : intitulé de l'article après lequel il s'insérerait",
        "For a proposed article: label of the article it would follow",
    ),
    f(
        "parent_id",
        Integer,
        "En réponse à",
        "Contribution à laquelle celle-ci répond",
        "Contribution this one replies to",
    ),
    f(
        "stance",
        Text,
        "Position (code)",
        "Position d'un argument (code) : for, against",
        "An argument's stance (code): for, against",
    ),
    f(
        "stance_fr",
        Text,
        "Position",
        "Position d'un argument, en français",
        "An argument's stance, in French",
    ),
    f("title", Text, "Titre", "Titre", "Title"),
    f(
        "body",
        Text,
        "Texte",
        "Texte de la contribution (exposé des motifs pour un amendement)",
        "Text of the contribution (rationale for an amendment)",
    ),
    f(
        "proposed_text",
        Text,
        "Rédaction proposée",
        "Rédaction proposée pour l'article (amendement, proposition)",
        "Wording proposed for the article (amendment, proposal)",
    ),
    f(
        "deletes_article",
        Boolean,
        "Supprime l'article",
        "L'amendement supprime l'article",
        "The amendment deletes the article",
    ),
    f(
        "url",
        Text,
        "Source (adresse)",
        "Adresse d'une source",
        "Address of a source",
    ),
    f(
        "author",
        Text,
        "Auteur",
        "Auteur, tel qu'affiché sur le site (pseudonyme propre au texte pour les citoyens)",
        "Author, as shown on the site (a pseudonym of this bill for citizens)",
    ),
    f(
        "created_at",
        Datetime,
        "Déposée le (UTC)",
        "Date de dépôt (UTC)",
        "Submitted at (UTC)",
    ),
    f(
        "edited_at",
        Datetime,
        "Modifiée le (UTC)",
        "Date de la dernière modification (UTC)",
        "Last edited at (UTC)",
    ),
    f(
        "status",
        Text,
        "État (code)",
        "État (code) : published, withdrawn",
        "State (code): published, withdrawn",
    ),
    f(
        "status_fr",
        Text,
        "État",
        "État, en français",
        "State, in French",
    ),
    f(
        "moderation",
        Text,
        "Modération (code)",
        "Modération (code) : trashed, hidden, redacted ; vide sinon",
        "Moderation (code): trashed, hidden, redacted; empty otherwise",
    ),
    f(
        "moderation_fr",
        Text,
        "Modération",
        "Modération, en français",
        "Moderation, in French",
    ),
    f(
        "moderation_reason",
        Text,
        "Motif de modération",
        "Motif donné par les modérateurs",
        "Reason given by the moderators",
    ),
    f(
        "votes_agree",
        Integer,
        "D'accord",
        "Votes « d'accord »",
        "\"Agree\" votes",
    ),
    f(
        "votes_mixed",
        Integer,
        "Mitigé",
        "Votes « mitigé »",
        "\"Mixed\" votes",
    ),
    f(
        "votes_disagree",
        Integer,
        "Pas d'accord",
        "Votes « pas d'accord »",
        "\"Disagree\" votes",
    ),
    f(
        "votes_support",
        Integer,
        "Soutiens",
        "Soutiens",
        "Support votes",
    ),
];

pub const VOTES: &[Field] = &[
    f(
        "voter",
        Text,
        "Votant (clé)",
        "Clé du votant, propre à ce fichier : elle ne relie pas un vote à une personne ni à ses contributions",
        "Voter key, of this file only: it ties no vote to a person or their contributions",
    ),
    f(
        "target_kind",
        Text,
        "Objet (code)",
        "Objet du vote (code) : article, contribution",
        "What was voted on (code): article, contribution",
    ),
    f(
        "target_kind_fr",
        Text,
        "Objet",
        "Objet du vote, en français",
        "What was voted on, in French",
    ),
    f(
        "target_id",
        Integer,
        "N° de l'objet",
        "Numéro de l'article ou de la contribution",
        "Number of the article or contribution",
    ),
    f(
        "article_id",
        Integer,
        "N° interne de l'article",
        "Numéro interne de l'article concerné (celui de la contribution pour un vote sur une contribution)",
        "Internal id of the article concerned (the contribution's, for a vote on a contribution)",
    ),
    f(
        "article",
        Text,
        "Article",
        "Article concerné, par son intitulé, comme dans contributions.csv",
        "Article concerned, by its label, as in contributions.csv",
    ),
    f(
        "value",
        Text,
        "Vote (code)",
        "Vote (code) : agree, mixed, disagree, support",
        "Vote (code): agree, mixed, disagree, support",
    ),
    f(
        "value_fr",
        Text,
        "Vote",
        "Vote, en français",
        "Vote, in French",
    ),
    f(
        "at",
        Datetime,
        "Date (UTC)",
        "Date du vote (UTC)",
        "Voted at (UTC)",
    ),
];

pub const DECISIONS: &[Field] = &[
    f(
        "contribution_id",
        Integer,
        "N° de la contribution",
        "Numéro de l'amendement ou de la proposition",
        "Number of the amendment or proposal",
    ),
    f(
        "kind",
        Text,
        "Nature (code)",
        "Nature (code) : amendment, proposal",
        "Kind (code): amendment, proposal",
    ),
    f(
        "kind_fr",
        Text,
        "Nature",
        "Nature, en français",
        "Kind, in French",
    ),
    f(
        "title",
        Text,
        "Titre",
        "Titre de l'amendement ou de la proposition",
        "Title of the amendment or proposal",
    ),
    f(
        "article_id",
        Integer,
        "N° interne de l'article",
        "Numéro interne de l'article visé (ou, pour une proposition, de celui après lequel elle s'insérerait)",
        "Internal id of the article concerned (or, for a proposal, of the article it would follow)",
    ),
    f(
        "article",
        Text,
        "Article",
        "Article visé, par son intitulé (ou celui après lequel la proposition s'insérerait)",
        "Article concerned, by its label (or the one the proposal would follow)",
    ),
    f(
        "decision",
        Text,
        "Décision (code)",
        "Décision (code) : accepted, partially_accepted, rejected, already_satisfied, out_of_scope",
        "Decision (code): accepted, partially_accepted, rejected, already_satisfied, out_of_scope",
    ),
    f(
        "decision_fr",
        Text,
        "Décision",
        "Décision, en français",
        "Decision, in French",
    ),
    f(
        "justification",
        Text,
        "Justification",
        "Justification du porteur du texte",
        "The sponsor's justification",
    ),
    f(
        "wording",
        Text,
        "Rédaction retenue",
        "Rédaction retenue pour une proposition retenue en partie",
        "Wording kept for a partly accepted proposal",
    ),
    f(
        "decided_at",
        Datetime,
        "Décidée le (UTC)",
        "Date de la décision (UTC)",
        "Decided at (UTC)",
    ),
];

/// The names of a table's columns, in order.
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name).collect()
}

/// The position of a column, for code that fills rows.
pub fn index(fields: &[Field], name: &str) -> usize {
    fields
        .iter()
        .position(|f| f.name == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}
