//! A bill's open data for people and machines: the page (a summary in
//! words, charts each followed by its figures, the files, the data
//! dictionary) and the Data Package that describes the CSV files.

use actix_web::{HttpResponse, web};
use chrono::NaiveTime;
use serde_json::json;

use crate::domain::{BillStatus, Locale};
use crate::error::AppError;
use crate::export::charts::{self, Bar, Caption, Series, StackedRow};
use crate::export::datapackage::{self, RESOURCES};
use crate::export::open_data::{self, File, Format, Provenance};
use crate::i18n::{t, t_args};
use crate::service::exports::{self, available};
use crate::service::open_data::Figures;
use crate::web::AppState;
use crate::web::render::{base_context, page};
use crate::web::viewer::Viewer;
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
fn summary(l: Locale, f: &Figures) -> Vec<String> {
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
fn chart(
    id: &str,
    title: String,
    svg: String,
    head: Vec<String>,
    rows: Vec<Vec<String>>,
) -> serde_json::Value {
    json!({"id": id, "title": title, "svg": svg, "head": head, "rows": rows})
}

fn charts_of(l: Locale, f: &Figures) -> Vec<serde_json::Value> {
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
    let series = [
        Series {
            name: t(l, "vote-agree"),
            colour: charts::GREEN,
        },
        Series {
            name: t(l, "vote-mixed"),
            colour: charts::AMBER,
        },
        Series {
            name: t(l, "vote-disagree"),
            colour: charts::RED,
        },
    ];
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

/// A bill's open-data page.
pub async fn bill_page(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let f = crate::service::open_data::figures(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let l = viewer.locale;
    let bill = &f.bill;
    let published = bill.status == BillStatus::Published;
    let mut c = base_context(&viewer);
    c.insert(
        "files",
        &File::ALL
            .iter()
            .filter(|file| available(**file, bill))
            .map(|file| file.name())
            .collect::<Vec<_>>(),
    );
    c.insert(
        "tables",
        &RESOURCES
            .iter()
            .filter(|r| available(r.file, bill))
            .map(|r| {
                json!({
                    "file": r.file.name(),
                    "xlsx": r.file.name().replace(".csv", ".xlsx"),
                    "title": if l == Locale::Fr { r.title_fr } else { r.title_en },
                    "fields": r.fields.iter().map(|f| json!({
                        "name": f.name,
                        "type": t(l, &format!("open-data-type-{}", serde_json::to_value(f.kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())),
                        "description": if l == Locale::Fr { f.fr } else { f.en },
                    })).collect::<Vec<_>>(),
                })
            })
            .collect::<Vec<_>>(),
    );
    c.insert("summary", &summary(l, &f));
    c.insert("charts", &charts_of(l, &f));
    c.insert("published", &published);
    c.insert("bill", &json!({"slug": bill.slug, "title": bill.title}));
    c.insert("licence", open_data::LICENCE);
    c.insert("licence_url", open_data::LICENCE_URL);
    page(&state, "exports/open_data.html", &c)
}

/// `datapackage.json`: the CSV files described for machines.
pub async fn datapackage(
    state: web::Data<AppState>,
    viewer: Viewer,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    let p = Provenance::new(&state.ctx.settings.base_url, bill.clone());
    let doc = datapackage::package(&p, |f| available(f, &bill));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=300"))
        .content_type("application/json")
        .json(doc))
}

/// One open-data table as a spreadsheet (`contributions.xlsx`, …), French
/// headers; the same rows as its CSV.
pub async fn spreadsheet(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (slug, table) = path.into_inner();
    let Some(resource) = RESOURCES
        .iter()
        .find(|r| r.file.name().trim_end_matches(".csv") == table)
    else {
        return Err(AppError::NotFound);
    };
    let bill = exports::public_bill(&state.ctx, viewer.user.as_ref(), &slug).await?;
    if !available(resource.file, &bill) {
        return Err(AppError::Conflict("error-decisions-not-published"));
    }
    let json_twin = match resource.file {
        File::Contributions(_) => File::Contributions(Format::Json),
        File::Votes(_) => File::Votes(Format::Json),
        _ => File::Decisions(Format::Json),
    };
    let (fields, filename) = (resource.fields, format!("{}-{table}.xlsx", bill.slug));
    let p = Provenance::new(&state.ctx.settings.base_url, bill);
    let db = state.ctx.db.clone();
    let sheet = table.clone();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, AppError> {
        let mut conn = db.conn()?;
        let mut json = Vec::new();
        json_twin
            .write(&mut conn, &p, &mut json)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let doc: serde_json::Value =
            serde_json::from_slice(&json).map_err(|e| AppError::Internal(e.to_string()))?;
        let rows = doc["items"].as_array().cloned().unwrap_or_default();
        crate::export::xlsx::table(fields, &sheet, &rows)
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))??;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header(("X-Licence", open_data::LICENCE))
        .insert_header(("Cache-Control", "public, max-age=300"))
        .body(bytes))
}
