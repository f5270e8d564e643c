//! The open-data page for people: a summary in words from the figures,
//! and the charts, each with its figures as a table.

use chrono::NaiveTime;

use serde::Serialize;

use crate::domain::{BillStatus, Locale};
use crate::export::charts::{self, Bar, Caption, StackedRow};
use crate::export::datapackage::RESOURCES;
use crate::export::open_data::{self, File};
use crate::i18n::{t, t_args};
use crate::service::exports::available;
use crate::service::open_data::Figures;
use crate::store::bills::BillRow;
use crate::web::views::dates;

/// A whole number as people write it: "1 203" in French, "1,203" in
/// English.
pub fn grouped(locale: Locale, n: u64) -> String {
    let digits = n.to_string();
    let sep = match locale {
        Locale::Fr => "\u{202f}",
        Locale::En => ",",
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// The summary in words, from the figures.
pub fn summary(l: Locale, f: &Figures) -> Vec<String> {
    let b = &f.bill;
    let n = |v: i32| grouped(l, v.max(0) as u64);
    let from = b
        .opens_at
        .or(f.per_day.first().map(|d| d.0.and_time(NaiveTime::MIN)));
    let to = b
        .closes_at
        .or(f.per_day.last().map(|d| d.0.and_time(NaiveTime::MIN)));
    let kinds: Vec<String> = f
        .by_kind
        .iter()
        .filter(|(_, c)| *c > 0)
        .map(|(k, c)| {
            t_args(
                l,
                &format!("open-data-count-{k}"),
                &[("count", c.to_string()), ("shown", grouped(l, *c))],
            )
        })
        .collect();
    let mut lines = vec![match (from, to) {
        (Some(from), Some(to)) => t_args(
            l,
            "open-data-summary-dated",
            &[
                ("from", dates::day(l, from)),
                ("to", dates::day(l, to)),
                ("participants", n(b.participants_count)),
                ("count", b.participants_count.to_string()),
            ],
        ),
        _ => t_args(
            l,
            "open-data-summary",
            &[
                ("participants", n(b.participants_count)),
                ("count", b.participants_count.to_string()),
            ],
        ),
    }];
    lines.push(t_args(
        l,
        "open-data-summary-contributions",
        &[
            ("contributions", n(b.contributions_count)),
            ("kinds", kinds.join(", ")),
            ("votes", n(b.votes_count)),
        ],
    ));
    if let Some((day, most)) = f
        .per_day
        .iter()
        .max_by_key(|(d, c)| (*c, std::cmp::Reverse(*d)))
    {
        if *most > 0 {
            lines.push(t_args(
                l,
                "open-data-summary-peak",
                &[
                    ("day", dates::day(l, day.and_time(NaiveTime::MIN))),
                    ("count", grouped(l, *most)),
                ],
            ));
        }
    }
    if !f.by_decision.is_empty() {
        let total: u64 = f.by_decision.iter().map(|(_, c)| c).sum();
        let retained: u64 = f
            .by_decision
            .iter()
            .filter(|(d, _)| d.retained())
            .map(|(_, c)| c)
            .sum();
        lines.push(t_args(
            l,
            "open-data-summary-decisions",
            &[
                ("total", grouped(l, total)),
                ("retained", grouped(l, retained)),
            ],
        ));
    }
    lines
}

/// A chart, its title, and its figures as table rows (label, values…).
#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

fn chart(
    id: &str,
    title: String,
    svg: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
) -> ChartView {
    ChartView {
        id: id.to_string(),
        title,
        svg,
        head,
        rows,
    }
}

/// A table of the data dictionary: its file and each field described.
#[derive(Serialize)]
pub struct DictionaryTable {
    pub file: &'static str,
    pub xlsx: String,
    pub title: &'static str,
    pub fields: Vec<DictionaryField>,
}

#[derive(Serialize)]
pub struct DictionaryField {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: &'static str,
}

/// The tables of the data dictionary the bill has files for.
pub fn dictionary(l: Locale, bill: &BillRow) -> Vec<DictionaryTable> {
    RESOURCES
        .iter()
        .filter(|r| available(r.file, bill))
        .map(|r| DictionaryTable {
            file: r.file.name(),
            xlsx: r.file.name().replace(".csv", ".xlsx"),
            title: if l == Locale::Fr {
                r.title_fr
            } else {
                r.title_en
            },
            fields: r
                .fields
                .iter()
                .map(|f| DictionaryField {
                    name: f.name,
                    kind: t(l, &format!("open-data-type-{}", f.kind.as_str())),
                    description: if l == Locale::Fr { f.fr } else { f.en },
                })
                .collect(),
        })
        .collect()
}

/// A bill named and linked.
#[derive(Serialize)]
pub struct BillRef<'a> {
    pub slug: &'a str,
    pub title: &'a str,
}

/// A bill's open-data page: the summary in words, the charts, the files and
/// the data dictionary.
#[derive(Serialize)]
pub struct OpenDataPageView<'a> {
    pub bill: BillRef<'a>,
    pub published: bool,
    pub files: Vec<&'static str>,
    pub tables: Vec<DictionaryTable>,
    pub summary: Vec<String>,
    pub charts: Vec<ChartView>,
    pub licence: &'static str,
    pub licence_url: &'static str,
}

impl<'a> OpenDataPageView<'a> {
    pub fn new(l: Locale, f: &'a Figures) -> Self {
        let bill = &f.bill;
        OpenDataPageView {
            bill: BillRef {
                slug: &bill.slug,
                title: &bill.title,
            },
            published: bill.status == BillStatus::Published,
            files: File::ALL
                .iter()
                .filter(|file| available(**file, bill))
                .map(|file| file.name())
                .collect(),
            tables: dictionary(l, bill),
            summary: summary(l, f),
            charts: charts_of(l, f),
            licence: open_data::LICENCE,
            licence_url: open_data::LICENCE_URL,
        }
    }
}

pub fn charts_of(l: Locale, f: &Figures) -> Vec<ChartView> {
    let mut out = Vec::new();
    // Participation per day.
    let title = t(l, "open-data-chart-days");
    let bars: Vec<Bar> = f
        .per_day
        .iter()
        .map(|(d, c)| Bar {
            label: dates::day(l, d.and_time(NaiveTime::MIN)),
            value: *c,
        })
        .collect();
    let description = t_args(
        l,
        "open-data-chart-days-desc",
        &[("days", bars.len().to_string())],
    );
    let svg = charts::columns(
        &Caption {
            id: "chart-days",
            title: &title,
            description: &description,
        },
        &bars,
        charts::BLUE,
    );
    let rows = bars
        .iter()
        .map(|b| vec![b.label.clone(), grouped(l, b.value)])
        .collect();
    out.push(chart(
        "chart-days",
        title,
        svg,
        vec![
            t(l, "open-data-col-day"),
            t(l, "open-data-col-contributions"),
        ],
        rows,
    ));

    // Votes per article.
    let title = t(l, "open-data-chart-votes");
    let series = super::exports::vote_series(l);
    let stacked: Vec<StackedRow> = f
        .votes_per_article
        .iter()
        .map(|a| StackedRow {
            label: a.label.clone(),
            values: vec![a.agree, a.mixed, a.disagree],
        })
        .collect();
    let description = f
        .votes_per_article
        .iter()
        .map(|a| {
            t_args(
                l,
                "open-data-chart-votes-row",
                &[
                    ("article", a.label.clone()),
                    ("agree", a.agree.to_string()),
                    ("mixed", a.mixed.to_string()),
                    ("disagree", a.disagree.to_string()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    let svg = charts::stacked_bars(
        &Caption {
            id: "chart-votes",
            title: &title,
            description: &description,
        },
        &series,
        &stacked,
    );
    let rows = f
        .votes_per_article
        .iter()
        .map(|a| {
            vec![
                a.label.clone(),
                grouped(l, a.agree),
                grouped(l, a.mixed),
                grouped(l, a.disagree),
            ]
        })
        .collect();
    out.push(chart(
        "chart-votes",
        title,
        svg,
        vec![
            t(l, "open-data-col-article"),
            t(l, "vote-agree"),
            t(l, "vote-mixed"),
            t(l, "vote-disagree"),
        ],
        rows,
    ));

    // Contributions by kind, decisions by outcome.
    let mut simple =
        |id: &'static str, title: String, bars: Vec<Bar>, colour: &str, col: String| {
            let description = bars
                .iter()
                .map(|b| format!("{} : {}", b.label, b.value))
                .collect::<Vec<_>>()
                .join(", ");
            let svg = charts::horizontal_bars(
                &Caption {
                    id,
                    title: &title,
                    description: &description,
                },
                &bars,
                colour,
            );
            let rows = bars
                .iter()
                .map(|b| vec![b.label.clone(), grouped(l, b.value)])
                .collect();
            out.push(chart(
                id,
                title,
                svg,
                vec![col, t(l, "open-data-col-count")],
                rows,
            ));
        };
    simple(
        "chart-kinds",
        t(l, "open-data-chart-kinds"),
        f.by_kind
            .iter()
            .map(|(k, c)| Bar {
                label: t(l, &format!("kind-plural-{k}")),
                value: *c,
            })
            .collect(),
        charts::BLUE,
        t(l, "open-data-col-kind"),
    );
    if !f.by_decision.is_empty() {
        simple(
            "chart-decisions",
            t(l, "open-data-chart-decisions"),
            f.by_decision
                .iter()
                .map(|(d, c)| Bar {
                    label: t(l, &format!("decision-{d}")),
                    value: *c,
                })
                .collect(),
            charts::GREY,
            t(l, "open-data-col-decision"),
        );
    }
    out
}
