//! Open data for people and machines: a page that says it in words and
//! charts, a Data Package that describes exactly the CSV files served, and
//! CSV files that name articles the same way everywhere.

use std::collections::HashMap;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

use crate::helpers::*;

struct Csv {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

fn csv_of(body: &str) -> Csv {
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    Csv { header, rows }
}

struct Published {
    app: TestApp,
    slug: String,
    amendment: i64,
    proposal: i64,
}

fn published() -> Published {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let bob = citizen(&app, "bob@example.fr");
    let am = amendment(
        &alice,
        &c,
        1,
        "Les données de référence sont publiées gratuitement.",
    );
    let prop = proposal(&bob, &c, Some(0), "Les archives sont réutilisables.");
    argument(&bob, &c, "Un argument pour.");
    for (who, value) in [(&alice, "agree"), (&bob, "disagree")] {
        let v = who.send_json(
            "PUT",
            &format!("/api/v1/articles/{}/vote", c.articles[1]),
            &json!({"value": value}),
            &[],
        );
        assert!(v.status < 300, "{}", v.body);
    }
    let v = bob.send_json(
        "PUT",
        &format!("/api/v1/contributions/{am}/vote"),
        &json!({"value": "agree"}),
        &[],
    );
    assert!(v.status < 300, "{}", v.body);
    close(&c);
    assert_eq!(decide(&c, am, "accepted").status, 200);
    assert_eq!(decide(&c, prop, "rejected").status, 200);
    assert_eq!(publish(&c).status, 200);
    Published {
        app,
        slug: c.slug,
        amendment: am,
        proposal: prop,
    }
}

#[test]
fn the_open_data_page_speaks_in_words_and_charts_with_their_figures() {
    let p = published();
    let page = Client::new(&p.app).get(&format!("/bills/{}/open-data", p.slug));
    assert_eq!(page.status, 200);
    let body = &page.body;
    assert!(
        body.contains("personnes ont participé à la consultation"),
        "{body}"
    );
    assert!(
        body.contains("3 contributions (1 argument, 1 amendement, 1 proposition d&#x27;article)"),
        "{body}"
    );
    assert!(body.contains("dont 1 retenus en tout ou partie"), "{body}");
    // Four charts, each described and followed by its figures.
    assert_eq!(body.matches("<svg").count(), 4, "{body}");
    assert_eq!(body.matches("role=\"img\"").count(), 4);
    assert_eq!(body.matches("<details>").count(), 4);
    assert!(
        body.contains("<th scope=\"row\">Article 2</th><td>1</td><td>0</td><td>1</td>"),
        "{body}"
    );
    assert!(body.contains("<th scope=\"row\">Rejeté</th><td>1</td>"));
    // The dictionary in words, and the links for machines.
    assert!(body.contains("<code>decision_fr</code>"));
    assert!(body.contains("Décision, en français"));
    assert!(body.contains("open-data/datapackage.json"));
    assert!(body.contains("open-data/votes.xlsx"));
    let en = Client::new(&p.app).get_with(
        &format!("/bills/{}/open-data", p.slug),
        &[("Accept-Language", "en")],
    );
    assert!(
        en.body.contains("took part in the consultation"),
        "{}",
        en.body
    );
}

#[test]
fn the_data_package_describes_exactly_the_csv_files_served() {
    let p = published();
    let anonymous = Client::new(&p.app);
    let base = format!("/bills/{}/open-data", p.slug);
    let package = anonymous.get_json(&format!("{base}/datapackage.json"));
    assert_eq!(package.status, 200, "{}", package.body);
    let package = package.json();
    assert_eq!(package["profile"], "tabular-data-package");
    assert_eq!(package["licenses"][0]["name"], "ODbL-1.0");
    assert_eq!(
        package["sources"][0]["path"],
        format!("{}/bills/{}", p.app.base, p.slug)
    );
    let resources = package["resources"].as_array().unwrap();
    let names: Vec<&str> = resources
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["contributions", "votes", "decisions"]);
    let mut files: HashMap<String, Csv> = HashMap::new();
    for r in resources {
        // The path resolves to the file beside the package.
        let path = r["path"].as_str().unwrap();
        let reply = anonymous.get(&format!("{base}/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        let csv = csv_of(&reply.body);
        let fields: Vec<&Value> = r["schema"]["fields"].as_array().unwrap().iter().collect();
        let schema_names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(schema_names, csv.header, "{path}: schema and header agree");
        for f in &fields {
            assert!(
                ["integer", "string", "boolean", "datetime"].contains(&f["type"].as_str().unwrap()),
                "{f}"
            );
            let d = f["description"].as_str().unwrap();
            assert!(d.contains(" — ") && d.len() > 10, "French and English: {d}");
        }
        files.insert(path.to_string(), csv);
    }

    // Articles named the same way in every file, with their ids.
    let contributions = &files["contributions.csv"];
    let am = contributions
        .rows
        .iter()
        .find(|r| r["id"] == p.amendment.to_string())
        .unwrap();
    assert_eq!(am["article"], "Article 2");
    assert_eq!(am["kind_fr"], "Amendement");
    assert_eq!(am["status_fr"], "Publiée");
    let prop = contributions
        .rows
        .iter()
        .find(|r| r["id"] == p.proposal.to_string())
        .unwrap();
    assert_eq!(prop["after_article"], "Article 1er", "where it would go");
    assert!(!prop["after_article_id"].is_empty());
    let votes = &files["votes.csv"];
    let on_amendment = votes
        .rows
        .iter()
        .find(|r| r["target_kind"] == "contribution")
        .unwrap();
    assert_eq!(on_amendment["article"], am["article"]);
    assert_eq!(on_amendment["article_id"], am["article_id"]);
    assert_eq!(on_amendment["value_fr"], "D'accord");
    assert!(
        votes
            .rows
            .iter()
            .filter(|r| r["target_kind"] == "article")
            .all(|r| r["article"] == "Article 2" && r["target_kind_fr"] == "Article")
    );
    let decisions = &files["decisions.csv"];
    let d = decisions
        .rows
        .iter()
        .find(|r| r["contribution_id"] == p.proposal.to_string())
        .unwrap();
    assert_eq!(d["kind"], "proposal");
    assert_eq!(d["title"], "Article nouveau");
    assert_eq!(d["article"], "Article 1er");
    assert_eq!(d["decision"], "rejected");
    assert_eq!(d["decision_fr"], "Rejeté");

    // The same tables for a spreadsheet: French headers, numbers as numbers.
    for (table, csv) in [
        ("decisions", "decisions.csv"),
        ("contributions", "contributions.csv"),
    ] {
        let (status, bytes) = anonymous.get_bytes(&format!("{base}/{table}.xlsx"));
        assert_eq!(status, 200, "{table}.xlsx");
        let mut book: Xlsx<_> =
            open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a readable .xlsx");
        let range = book
            .worksheet_range(table)
            .expect("one sheet named after the table");
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(
            rows.len(),
            files[csv].rows.len() + 1,
            "{table}: header and every row"
        );
        assert_eq!(rows[0].len(), files[csv].header.len());
        if table == "decisions" {
            let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
            assert_eq!(header[0], "N° de la contribution");
            assert!(header.contains(&"Décision".to_string()), "{header:?}");
            let line = rows
                .iter()
                .find(|r| r[0] == Data::Float(p.proposal as f64))
                .expect("the proposal's decision, its number a number");
            assert!(line.contains(&Data::String("Rejeté".into())), "{line:?}");
        }
    }
    assert_eq!(anonymous.get(&format!("{base}/nothing.xlsx")).status, 404);

    // Before publication the package leaves the decisions out.
    let app = spawn_app();
    let c = open_consultation(&app);
    let early = Client::new(&app)
        .get_json(&format!("/bills/{}/open-data/datapackage.json", c.slug))
        .json();
    assert_eq!(early["resources"].as_array().unwrap().len(), 2);
    assert_eq!(
        Client::new(&app)
            .get(&format!("/bills/{}/open-data/decisions.xlsx", c.slug))
            .status,
        409
    );

    frictionless_validates(&p.app, &base, &package);
}

/// `frictionless validate` on the package and its files, downloaded as a
/// reuser would. Skipped, and said, where the tool is not installed unless
/// CODRAFT_REQUIRE_FRICTIONLESS is set (CI sets it).
fn frictionless_validates(app: &TestApp, base: &str, package: &Value) {
    let bin = std::env::var("CODRAFT_FRICTIONLESS").unwrap_or_else(|_| "frictionless".into());
    let required = std::env::var_os("CODRAFT_REQUIRE_FRICTIONLESS").is_some();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("datapackage.json"),
        serde_json::to_vec_pretty(package).unwrap(),
    )
    .unwrap();
    for r in package["resources"].as_array().unwrap() {
        let path = r["path"].as_str().unwrap();
        let (status, bytes) = Client::new(app).get_bytes(&format!("{base}/{path}"));
        assert_eq!(status, 200);
        std::fs::write(dir.path().join(path), bytes).unwrap();
    }
    let out = std::process::Command::new(&bin)
        .args(["validate", "datapackage.json"])
        .current_dir(dir.path())
        .output();
    match out {
        Ok(out) => assert!(
            out.status.success(),
            "frictionless validate failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) if !required => {
            eprintln!("frictionless not installed: datapackage.json validation skipped");
        }
        Err(e) => panic!("frictionless ({bin}) must be installed: {e}"),
    }
}
