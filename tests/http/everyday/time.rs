//! Dates are shown and typed in the platform's zone (Europe/Paris by
//! default), the API speaks UTC, and a consultation never opens without a
//! closing date.

use serde_json::json;

use crate::helpers::*;

fn new_bill_form(sponsor: &Client, title: &str, opens: &str, closes: &str) -> Reply {
    let form = sponsor.get("/bills/new");
    assert_eq!(form.status, 200);
    sponsor.post_form(
        "/bills",
        &[
            ("csrf_token", &form.csrf_token()),
            ("title", title),
            ("articles", "Article 1er\n\nLes horaires sont affichés."),
            ("opens_at", opens),
            ("closes_at", closes),
        ],
    )
}

#[test]
fn dates_typed_and_shown_in_paris_time_and_the_api_speaks_utc() {
    let app = spawn_app();
    let (sponsor, _) = signed_in(&app, "depute@example.org", "sponsor");
    let form = sponsor.get("/bills/new");
    assert!(
        form.body
            .contains("Ouverture de la consultation (heure de Paris)")
    );
    // Summer (UTC+2) and winter (UTC+1).
    let created = new_bill_form(
        &sponsor,
        "Horaires des consultations",
        "2099-07-01T10:00",
        "2099-12-01T10:00",
    );
    assert_eq!(created.status, 303, "{}", created.body);
    let slug = created.location().trim_start_matches("/bills/").to_string();
    let api = sponsor.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(api["opens_at"], "2099-07-01T08:00:00Z");
    assert_eq!(api["closes_at"], "2099-12-01T09:00:00Z");

    let page = sponsor.get(&format!("/bills/{slug}"));
    assert!(
        page.body
            .contains("1er juillet 2099 à 10 h 00 (heure de Paris)"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("1er décembre 2099 à 10 h 00 (heure de Paris)")
    );
    // The edit form gives back what was typed, in Paris time.
    let edit = sponsor.get(&format!("/bills/{slug}/edit"));
    assert!(
        edit.body.contains("value=\"2099-07-01T10:00\""),
        "{}",
        edit.body
    );
    assert!(edit.body.contains("value=\"2099-12-01T10:00\""));
    // A scheduled draft "opens on", in the sponsor's list.
    assert!(sponsor.get("/").body.contains("ouvre le 1er juillet 2099"));
}

#[test]
fn english_pages_name_the_zone_too() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let reader = Client::new(&app).always("Accept-Language", "en");
    let page = reader.get(&format!("/bills/{}", c.slug));
    assert_eq!(page.status, 200);
    // LATER is 2099-12-31T23:00Z: already 1 January 2100 in Paris.
    assert!(
        page.body.contains("1 January 2100, 00:00 (Paris time)"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("UTC"));
}

#[test]
fn a_time_the_clocks_skip_or_repeat_is_refused_with_a_reason() {
    let app = spawn_app();
    let (sponsor, _) = signed_in(&app, "depute@example.org", "sponsor");
    // 28 March 2027: 2:00 becomes 3:00 in Paris.
    let skipped = new_bill_form(
        &sponsor,
        "Heure d'été",
        "2027-03-28T02:30",
        "2027-06-01T10:00",
    );
    assert_eq!(skipped.status, 422, "{}", skipped.body);
    assert!(
        unescape(&skipped.body).contains("02:30 n'existe pas ce jour-là à l'heure de Paris"),
        "{}",
        skipped.body
    );
    // 31 October 2027: 2:00–3:00 happens twice.
    let twice = new_bill_form(
        &sponsor,
        "Heure d'hiver",
        "2027-10-30T10:00",
        "2027-10-31T02:30",
    );
    assert_eq!(twice.status, 422, "{}", twice.body);
    assert!(twice.body.contains("a lieu deux fois"), "{}", twice.body);
    // Nothing was created.
    assert_eq!(count_sql(&app, "SELECT COUNT(*) AS n FROM bills"), 0);
    // Just outside the changed hour, both are fine.
    let fine = new_bill_form(
        &sponsor,
        "Heure d'hiver",
        "2027-10-30T10:00",
        "2027-10-31T03:30",
    );
    assert_eq!(fine.status, 303, "{}", fine.body);
    let slug = fine.location().trim_start_matches("/bills/").to_string();
    let api = sponsor.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(api["closes_at"], "2027-10-31T02:30:00Z");
}

#[test]
fn a_consultation_never_opens_without_a_closing_date() {
    let app = spawn_app_with(&[("CODRAFT_CALENDAR_SECS", "1")]);
    let (sponsor, csrf) = signed_in(&app, "depute@example.org", "sponsor");
    let create = |extra: serde_json::Value| {
        let mut body = json!({"title": "Texte sans fin", "articles": [{"label": "Article 1er", "body": "Texte."}]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        sponsor.send_json("POST", "/api/v1/bills", &body, &[("X-CSRF-Token", &csrf)])
    };
    // An opening date alone is refused.
    let refused = create(json!({"opens_at": "2099-01-01T10:00:00Z"}));
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.json()["errors"]["closes_at"].is_array(),
        "{}",
        refused.body
    );
    let page = new_bill_form(&sponsor, "Texte sans fin", "2099-01-01T10:00", "");
    assert_eq!(page.status, 422);
    assert!(
        unescape(&page.body).contains("ne s'ouvre pas sans date de clôture"),
        "{}",
        page.body
    );

    // Opening by hand without a closing date: refused, on the API and the page.
    let undated = create(json!({}));
    assert_eq!(undated.status, 201);
    let slug = undated.json()["slug"].as_str().unwrap().to_string();
    let api = sponsor.send_json(
        "POST",
        &format!("/api/v1/bills/{slug}/transitions"),
        &json!({"to": "open"}),
        &[("X-CSRF-Token", &csrf)],
    );
    assert_eq!(api.status, 409, "{}", api.body);
    assert!(
        api.body.contains("closing date") || api.body.contains("date de clôture"),
        "{}",
        api.body
    );
    let bill_page = sponsor.get(&format!("/bills/{slug}"));
    let by_page = sponsor.post_form(
        &format!("/bills/{slug}/transitions"),
        &[("csrf_token", &bill_page.csrf_token()), ("to", "open")],
    );
    assert_eq!(by_page.status, 409, "{}", by_page.body);
    assert!(by_page.body.contains("date de clôture"), "{}", by_page.body);

    // Nor does the calendar open one: a draft whose opening date has passed
    // but that has no closing date stays a draft, while a dated one opens.
    let sql = |q: String| count_sql(&app, &q);
    let dated = create(json!({"closes_at": LATER}));
    let dated = dated.json()["slug"].as_str().unwrap().to_string();
    for s in [&slug, &dated] {
        run(
            &app,
            &format!("UPDATE bills SET opens_at = created_at WHERE slug = '{s}'"),
        );
    }
    assert!(
        eventually(20, || sql(format!(
            "SELECT COUNT(*) AS n FROM bills WHERE slug = '{dated}' AND status = 'open'"
        )) == 1),
        "the calendar opens the dated draft"
    );
    assert_eq!(
        sql(format!(
            "SELECT COUNT(*) AS n FROM bills WHERE slug = '{slug}' AND status = 'draft'"
        )),
        1,
        "the undated draft stays a draft"
    );
    let read = sponsor.get_json(&format!("/api/v1/bills/{slug}")).json();
    assert_eq!(read["status"], "draft");
    assert_eq!(
        Client::new(&app)
            .get_json(&format!("/api/v1/bills/{slug}"))
            .status,
        404,
        "and stays hidden"
    );
}

fn run(app: &TestApp, sql: &str) {
    use diesel::RunQueryDsl;
    let db = app.db();
    let mut conn = db.conn().unwrap();
    diesel::sql_query(sql).execute(&mut *conn).unwrap();
}

#[test]
fn each_card_speaks_in_the_right_tense() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let home = Client::new(&app).get("/").body;
    assert!(
        home.contains("ferme le 1er janvier 2100") || home.contains("encore"),
        "{home}"
    );
    close(&c);
    let fr = Client::new(&app).get("/").body;
    assert!(fr.contains("a fermé le "), "{fr}");
    let en = Client::new(&app)
        .always("Accept-Language", "en")
        .get("/")
        .body;
    assert!(en.contains("closed on "), "{en}");
    assert!(!en.contains("closes on "), "{en}");
}

/// The page's text with the apostrophes the templates escape.
fn unescape(body: &str) -> String {
    body.replace("&#x27;", "'")
}
