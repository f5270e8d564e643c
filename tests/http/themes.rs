//! Suggested themes: the same answer every time, a campaign counted once,
//! what the public may not read never in it, only staff and the bill's
//! sponsors, clear errors, nothing written.

use serde_json::{Value, json};

use crate::helpers::*;

/// Three topics, six arguments each, as citizens would write them.
const TOPICS: [[&str; 6]; 3] = [
    [
        "La neutralité du net doit interdire aux opérateurs de ralentir le trafic de leurs concurrents.",
        "Les opérateurs ne doivent pas discriminer le trafic selon le service en ligne utilisé.",
        "Sans neutralité du net, les fournisseurs d'accès favoriseront leurs propres services en ligne.",
        "Le trafic internet doit être traité de manière égale par tous les opérateurs.",
        "La neutralité de l'internet protège les petits services en ligne face aux opérateurs.",
        "Les fournisseurs d'accès à internet ne doivent ni bloquer ni ralentir un service en ligne.",
    ],
    [
        "Les administrations doivent privilégier les logiciels libres pour maîtriser leur code source.",
        "Le code source des logiciels publics doit être publié sous licence libre.",
        "Les logiciels libres évitent la dépendance des administrations envers les éditeurs.",
        "Les écoles devraient utiliser des logiciels libres plutôt que des logiciels d'éditeurs.",
        "Publier le code source des logiciels de l'administration renforce la confiance.",
        "Une licence libre permet de réutiliser les logiciels et le code source financés par l'État.",
    ],
    [
        "La fibre optique doit arriver dans les zones rurales avant les grandes villes.",
        "Les communes rurales attendent toujours leur raccordement à la fibre optique.",
        "Le déploiement de la fibre dans les zones rurales doit être financé par l'État.",
        "Sans fibre optique, les villages et les communes rurales perdent leurs entreprises.",
        "Le très haut débit par la fibre est un droit pour les communes rurales.",
        "Les zones rurales subissent une fracture numérique faute de fibre optique.",
    ],
];

const CAMPAIGN: &str = "Je demande que la neutralité du net soit inscrite dans la loi sans \
    exception, car les opérateurs ne doivent pas favoriser leurs propres services au \
    détriment des autres acteurs de l'internet et des citoyens.";

struct Scene {
    app: TestApp,
    c: Consultation,
    author: Client,
    moderator: Client,
    /// Ids of the topics' arguments, by topic.
    topics: Vec<Vec<i64>>,
}

fn scene() -> Scene {
    let app = spawn_app();
    let c = open_consultation(&app);
    let author = citizen(&app, "auteur@example.fr");
    let (moderator, _) = token_client(&app, "moderation@example.fr", "moderator");
    let topics = TOPICS
        .iter()
        .map(|texts| texts.iter().map(|t| argument(&author, &c, t)).collect())
        .collect();
    Scene {
        app,
        c,
        author,
        moderator,
        topics,
    }
}

fn path(c: &Consultation, query: &str) -> String {
    format!("/api/v1/bills/{}/theme-suggestions{query}", c.slug)
}

fn suggestions(client: &Client, c: &Consultation, query: &str) -> Value {
    let reply = client.get_json(&path(c, query));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

/// Every id the answer shows, in themes or unassigned.
fn shown_ids(s: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = s["themes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["members"].as_array().unwrap().clone())
        .chain(s["unassigned"].as_array().unwrap().clone())
        .map(|id| id.as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn the_same_contributions_give_the_same_themes_and_a_campaign_counts_once() {
    let s = scene();
    let other = citizen(&s.app, "autre@example.fr");
    let mut campaign = Vec::new();
    for i in 0..12 {
        let mut body = CAMPAIGN.to_string();
        if i % 3 == 0 {
            body = body.replace("sans exception", "sans aucune exception");
        }
        let body = format!("{body} Cordialement, signataire n°{i}.");
        let author = if i % 2 == 0 { &s.author } else { &other };
        campaign.push(argument(author, &s.c, &body));
    }
    // The copies join their group once scanned, after their post.
    scans_caught_up(&s.app);
    close(&s.c);
    let first = suggestions(&s.moderator, &s.c, "");
    assert_eq!(first["scope"], "bill");
    assert_eq!(first["kinds"], json!(["proposal", "amendment", "argument"]));
    assert_eq!(first["contributions"], 18 + 12);
    assert!(!first["themes"].as_array().unwrap().is_empty(), "{first}");
    // Looked at again: the same answer, from the cache.
    assert_eq!(suggestions(&s.moderator, &s.c, ""), first);
    // Computed again for another request over the same texts: the same themes.
    let again = suggestions(&s.moderator, &s.c, "?kinds=argument");
    assert_eq!(again["themes"], first["themes"]);
    assert_eq!(again["unassigned"], first["unassigned"]);

    // The campaign is one member, under its root's id, with its size.
    let shown = shown_ids(&first);
    let from_campaign: Vec<i64> = shown
        .iter()
        .copied()
        .filter(|id| campaign.contains(id))
        .collect();
    assert_eq!(from_campaign, [campaign[0]], "{first}");
    assert_eq!(
        first["near_duplicates"],
        json!([{"id": campaign[0], "size": 12}])
    );
    let in_themes: i64 = first["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["size"].as_i64().unwrap())
        .sum();
    let unassigned = first["unassigned"].as_array().unwrap();
    let unassigned_size: i64 = unassigned
        .iter()
        .map(|id| if id == &json!(campaign[0]) { 12 } else { 1 })
        .sum();
    assert_eq!(in_themes + unassigned_size, 30);
    // The three topics are found, the campaign with its topic.
    let theme_of = |id: i64| {
        first["themes"]
            .as_array()
            .unwrap()
            .iter()
            .position(|t| t["members"].as_array().unwrap().contains(&json!(id)))
    };
    for (topic, ids) in s.topics.iter().enumerate() {
        let theme = theme_of(ids[0]);
        assert!(theme.is_some(), "{first}");
        assert!(ids.iter().all(|&id| theme_of(id) == theme), "{first}");
        if topic == 0 {
            assert_eq!(theme_of(campaign[0]), theme, "{first}");
        }
    }
    for t in first["themes"].as_array().unwrap() {
        let members = t["members"].as_array().unwrap();
        assert_eq!(t["representative"], members[0]);
        let words = t["label"].as_str().unwrap().split(' ').count();
        assert!((3..=5).contains(&words), "{t}");
        assert!(!t["keywords"].as_array().unwrap().is_empty());
    }
}

#[test]
fn what_the_public_may_not_read_is_never_in_a_theme() {
    let s = scene();
    let [hidden, trashed, withdrawn, redacted] = [
        s.topics[0][0],
        s.topics[1][0],
        s.topics[2][0],
        s.topics[2][1],
    ];
    let before = suggestions(&s.moderator, &s.c, "");
    assert_eq!(shown_ids(&before).len(), 18);
    assert_eq!(
        moderate(&s.moderator, hidden, "hide", "Propos injurieux").status,
        200
    );
    assert_eq!(
        moderate(&s.moderator, trashed, "trash", "Hors sujet").status,
        200
    );
    let reply = s.moderator.post_json(
        &format!("/api/v1/contributions/{redacted}/moderation"),
        &json!({"action": "redact", "reason": "Données personnelles",
                "redacted_body": "Les communes rurales attendent leur raccordement à la fibre optique."}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let gone = s
        .author
        .delete(&format!("/api/v1/contributions/{withdrawn}"), &[]);
    assert!(gone.status < 300, "{}", gone.body);
    // The acts changed the contributions: the cached answer is not reused.
    let after = suggestions(&s.moderator, &s.c, "");
    let shown = shown_ids(&after);
    assert_eq!(shown.len(), 15, "{after}");
    for id in [hidden, trashed, withdrawn] {
        assert!(!shown.contains(&id), "{id} in {after}");
    }
    assert!(shown.contains(&redacted), "a redacted text still counts");
    assert_eq!(after["contributions"], 15);
}

#[test]
fn only_the_moderation_team_and_the_bill_s_managers_see_suggestions() {
    let s = scene();
    let p = path(&s.c, "");
    assert_eq!(Client::new(&s.app).get_json(&p).status, 401);
    assert_eq!(s.author.get_json(&p).status, 403);
    let (other_sponsor, _) = token_client(&s.app, "autre-depute@example.org", "sponsor");
    assert_eq!(other_sponsor.get_json(&p).status, 403);
    let (admin, _) = token_client(&s.app, "admin@example.fr", "admin");
    assert_eq!(admin.get_json(&p).status, 200);
    assert_eq!(s.c.sponsor.get_json(&p).status, 200);
    assert_eq!(s.moderator.get_json(&p).status, 200);
    assert_eq!(
        s.moderator
            .get_json("/api/v1/bills/inconnu/theme-suggestions")
            .status,
        404
    );
}

#[test]
fn bad_parameters_are_refused_with_a_message() {
    let s = scene();
    for (query, field) in [
        ("?scope=chapitre", "scope"),
        ("?scope=article:abc", "scope"),
        ("?scope=article:999999", "scope"),
        ("?kinds=source", "kinds"),
        ("?kinds=", "kinds"),
        ("?kinds=argument,vote", "kinds"),
        ("?themes=1", "themes"),
        ("?themes=31", "themes"),
        ("?themes=douze", "themes"),
    ] {
        let reply = s.moderator.get_json(&path(&s.c, query));
        assert_eq!(reply.status, 422, "{query}: {}", reply.body);
        let problem = reply.json();
        let message = problem["errors"][field][0].as_str().unwrap_or("");
        assert!(!message.is_empty(), "{query}: {problem}");
    }
}

#[test]
fn an_article_s_suggestions_hold_only_its_contributions_and_nothing_is_written() {
    let s = scene();
    let elsewhere = created_id(&contribute(
        &s.author,
        &s.c.slug,
        json!({"kind": "argument", "article_id": s.c.articles[1], "stance": "for",
               "body": "Les données de référence gratuites profitent aux entreprises et aux chercheurs."}),
    ));
    let audit = "SELECT COUNT(*) AS n FROM audit_log";
    let changes = "SELECT COUNT(*) AS n FROM contributions WHERE updated_at > created_at";
    let before = (count_sql(&s.app, audit), count_sql(&s.app, changes));
    let first_article = format!("?scope=article:{}&themes=3", s.c.articles[0]);
    let found = suggestions(&s.moderator, &s.c, &first_article);
    assert_eq!(found["scope"], format!("article:{}", s.c.articles[0]));
    assert!(found["themes"].as_array().unwrap().len() <= 3);
    let shown = shown_ids(&found);
    assert_eq!(shown.len(), 18);
    assert!(!shown.contains(&elsewhere));
    let whole = suggestions(&s.moderator, &s.c, "?scope=bill");
    assert!(shown_ids(&whole).contains(&elsewhere));
    assert_eq!(
        (count_sql(&s.app, audit), count_sql(&s.app, changes)),
        before
    );
}

#[test]
fn the_openapi_document_describes_suggestions() {
    let app = spawn_app();
    let doc = Client::new(&app).get_json("/api/openapi.json").json();
    let get = &doc["paths"]["/api/v1/bills/{slug}/theme-suggestions"]["get"];
    let params: Vec<&str> = get["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("no parameters: {get}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["slug", "scope", "kinds", "themes"]);
    for status in ["200", "401", "403", "422"] {
        assert!(get["responses"][status].is_object(), "{status}: {get}");
    }
}

// The synthesis workspace.

/// The standing members of a theme, through the API.
fn members_of(client: &Client, theme: i64) -> Vec<i64> {
    let reply = client.get_json(&format!("/api/v1/themes/{theme}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mut ids: Vec<i64> = reply.json()["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

/// The count of arguments for in each of the first article's themes, as the
/// report (the moderators' preview) says.
fn report_counts(s: &Scene) -> Vec<(String, i64)> {
    let report = s
        .moderator
        .get_json(&format!("/bills/{}/synthesis.json", s.c.slug));
    assert_eq!(report.status, 200, "{}", report.body);
    let report = report.json();
    report["articles"][0]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let n = t["counts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["key"] == "argument:for")
                .map_or(0, |c| c["count"].as_i64().unwrap());
            (t["title"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

#[test]
fn a_suggestion_is_accepted_in_one_act_then_members_move_in_bulk() {
    let s = scene();
    let browser = Client::new(&s.app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    // The first look starts the computation; the page says so, then shows them.
    let workspace = format!("/bills/{}/themes", s.c.slug);
    let first = browser.get(&workspace);
    assert_eq!(first.status, 200);
    assert!(first.body.contains("18 contributions") || first.body.contains("sur 18"));
    assert!(eventually(30, || browser
        .get(&workspace)
        .body
        .contains("Accepter comme thème")));
    let page = browser.get(&workspace);
    let csrf = page.csrf_token();
    assert!(
        page.body
            .contains("0 contributions sur 18 sont dans un thème"),
        "progress"
    );

    // Accept the first suggestion with the page's own form.
    let suggested = suggestions(&s.moderator, &s.c, "");
    let first_theme = &suggested["themes"][0];
    let members: Vec<String> = first_theme["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_i64().unwrap().to_string())
        .collect();
    let accepted = browser.post_form(
        &workspace,
        &[
            ("csrf_token", &csrf),
            ("title", "Neutralité du net"),
            ("article_id", &s.c.articles[0].to_string()),
            ("contribution_ids", &members.join(",")),
        ],
    );
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    let theme_path = accepted.location().to_string();
    let theme_id: i64 = theme_path.rsplit('/').next().unwrap().parse().unwrap();
    let mut expected: Vec<i64> = members.iter().map(|m| m.parse().unwrap()).collect();
    expected.sort_unstable();
    assert_eq!(members_of(&s.moderator, theme_id), expected);
    let page = browser.get(&workspace).body;
    assert!(
        page.contains(&format!(
            "{} contributions sur 18 sont dans un thème",
            expected.len()
        )),
        "progress after accepting"
    );

    // A second theme made by the API with the other topics' first arguments.
    let created = s.moderator.post_json(
        &format!("/api/v1/bills/{}/themes", s.c.slug),
        &json!({"title": "Logiciels libres", "article_id": s.c.articles[0],
                "contribution_ids": [s.topics[1][0], s.topics[1][1]]}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let other = created.json()["id"].as_i64().unwrap();
    // Bulk move from the theme page: two members go to the other theme.
    let moved: Vec<i64> = expected[..2].to_vec();
    let form = browser.get(&theme_path);
    let mut fields = vec![
        ("csrf_token".to_string(), form.csrf_token()),
        ("act".to_string(), "move".to_string()),
        ("to".to_string(), other.to_string()),
    ];
    fields.extend(
        moved
            .iter()
            .map(|id| ("contribution_ids".to_string(), id.to_string())),
    );
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reply = browser.post_form(&theme_path, &pairs);
    assert_eq!(reply.status, 303, "{}", reply.body);
    let left: Vec<i64> = expected[2..].to_vec();
    assert_eq!(members_of(&s.moderator, theme_id), left);
    let mut now_other = vec![s.topics[1][0], s.topics[1][1]];
    now_other.extend(&moved);
    now_other.sort_unstable();
    assert_eq!(members_of(&s.moderator, other), now_other);
    // The report counts what the themes hold now.
    let counts = report_counts(&s);
    assert!(
        counts.contains(&("Neutralité du net".into(), left.len() as i64)),
        "{counts:?}"
    );
    assert!(
        counts.contains(&("Logiciels libres".into(), 4)),
        "{counts:?}"
    );

    // The API's bulk add and remove, in one act.
    let changed = s.moderator.send_json(
        "PUT",
        &format!("/api/v1/themes/{other}/members"),
        &json!({"add": [s.topics[1][2]], "remove": [s.topics[1][0]]}),
        &[],
    );
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert!(
        changed.json()["members"]
            .as_array()
            .unwrap()
            .contains(&json!(s.topics[1][2]))
    );
    assert!(
        !changed.json()["members"]
            .as_array()
            .unwrap()
            .contains(&json!(s.topics[1][0]))
    );
    // A contribution of nothing, or of another bill, is refused and nothing changes.
    let before = members_of(&s.moderator, other);
    let refused = s.moderator.send_json(
        "PUT",
        &format!("/api/v1/themes/{other}/members"),
        &json!({"add": [s.topics[1][3], 999_999]}),
        &[],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(members_of(&s.moderator, other), before);

    // Split, then merge back: the members follow.
    let split = s.moderator.post_json(
        &format!("/api/v1/themes/{other}/split"),
        &json!({"title": "Code source public", "contribution_ids": [s.topics[1][1]]}),
    );
    assert_eq!(split.status, 201, "{}", split.body);
    let split_id = split.json()["id"].as_i64().unwrap();
    assert_eq!(members_of(&s.moderator, split_id), [s.topics[1][1]]);
    assert!(!members_of(&s.moderator, other).contains(&s.topics[1][1]));
    let merged = s.moderator.post_json(
        &format!("/api/v1/themes/{split_id}/merge"),
        &json!({"into": other}),
    );
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert!(members_of(&s.moderator, other).contains(&s.topics[1][1]));
    assert_eq!(
        s.moderator
            .get_json(&format!("/api/v1/themes/{split_id}"))
            .status,
        404
    );
    let renamed = s.moderator.send_json(
        "PATCH",
        &format!("/api/v1/themes/{other}"),
        &json!({"title": "Logiciels libres et code source"}),
        &[],
    );
    assert_eq!(renamed.status, 200, "{}", renamed.body);

    // The "not yet in any theme" list holds exactly the rest.
    let page = browser.get(&workspace).body;
    let themed: Vec<i64> = members_of(&s.moderator, theme_id)
        .into_iter()
        .chain(members_of(&s.moderator, other))
        .collect();
    for id in s.topics.iter().flatten() {
        let listed = page.contains(&format!("name=\"contribution_ids\" value=\"{id}\""));
        assert_eq!(listed, !themed.contains(id), "contribution {id}");
    }
    // The argument map of the article groups its arguments by theme.
    let map = browser.get(&format!(
        "/bills/{}/articles/{}/synthesis",
        s.c.slug, s.c.articles[0]
    ));
    assert_eq!(map.status, 200);
    assert!(map.body.contains("Neutralité du net") && map.body.contains("Dans aucun thème"));
}

#[test]
fn only_the_moderation_team_acts_on_themes_and_never_after_publication() {
    let s = scene();
    let created = s.moderator.post_json(
        &format!("/api/v1/bills/{}/themes", s.c.slug),
        &json!({"title": "Fibre optique", "contribution_ids": s.topics[2]}),
    );
    assert_eq!(created.status, 201, "{}", created.body);
    let theme = created.json()["id"].as_i64().unwrap();
    let tries = |client: &Client| {
        [
            client.post_json(
                &format!("/api/v1/bills/{}/themes", s.c.slug),
                &json!({"title": "Un thème", "contribution_ids": [s.topics[0][0]]}),
            ),
            client.send_json(
                "PUT",
                &format!("/api/v1/themes/{theme}/members"),
                &json!({"remove": [s.topics[2][0]]}),
                &[],
            ),
            client.send_json(
                "PATCH",
                &format!("/api/v1/themes/{theme}"),
                &json!({"title": "Autre"}),
                &[],
            ),
            client.get_json(&format!("/api/v1/themes/{theme}")),
        ]
        .map(|r| r.status)
    };
    assert_eq!(tries(&s.author), [403; 4]);
    assert_eq!(
        tries(&Client::new(&s.app)).map(|st| st == 401 || st == 403),
        [true; 4]
    );
    assert_eq!(members_of(&s.moderator, theme).len(), 6, "nothing changed");
    assert_eq!(
        Client::new(&s.app)
            .get(&format!("/bills/{}/themes", s.c.slug))
            .status,
        303,
        "the page asks to sign in"
    );
    // Published: frozen.
    close(&s.c);
    assert_eq!(publish(&s.c).status, 200);
    let frozen = s.moderator.send_json(
        "PUT",
        &format!("/api/v1/themes/{theme}/members"),
        &json!({"remove": [s.topics[2][0]]}),
        &[],
    );
    assert_eq!(frozen.status, 409, "{}", frozen.body);
    assert_eq!(members_of(&s.moderator, theme).len(), 6);
}

#[test]
fn moving_takes_only_the_theme_s_own_members() {
    let s = scene();
    let make = |title: &str, ids: &[i64]| {
        let created = s.moderator.post_json(
            &format!("/api/v1/bills/{}/themes", s.c.slug),
            &json!({"title": title, "contribution_ids": ids}),
        );
        assert_eq!(created.status, 201, "{}", created.body);
        created.json()["id"].as_i64().unwrap()
    };
    let (from, to) = (
        make("Neutralité", &s.topics[0]),
        make("Logiciels", &s.topics[1]),
    );
    let browser = Client::new(&s.app);
    login_api(&browser, "moderation@example.fr", PASSWORD);
    let path = format!("/bills/{}/themes/{from}", s.c.slug);
    let csrf = browser.get(&path).csrf_token();
    let stranger = s.topics[2][0].to_string();
    let refused = browser.post_form(
        &path,
        &[
            ("csrf_token", &csrf),
            ("act", "move"),
            ("to", &to.to_string()),
            ("contribution_ids", &stranger),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(members_of(&s.moderator, to).len(), 6, "nothing moved");
    assert_eq!(members_of(&s.moderator, from).len(), 6);
}

#[test]
fn a_refused_themes_form_comes_back_on_its_page_as_typed() {
    let app = spawn_app();
    let c = open_consultation(&app);
    let alice = citizen(&app, "alice@example.fr");
    let id = argument(&alice, &c, TOPICS[0][0]);
    let (moderator, _) = signed_in(&app, "moderation@example.fr", "moderator");
    let board = format!("/bills/{}/themes", c.slug);
    let csrf = moderator.get(&board).csrf_token();
    let themes = || count_sql(&app, "SELECT COUNT(*) AS n FROM themes");
    // A title too short: the board again, the title kept by its message.
    let a2 = c.articles[1].to_string();
    let refused = moderator.post_form(
        &board,
        &[("csrf_token", &csrf), ("title", "N"), ("article_id", &a2)],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    let body = &refused.body;
    let summary = body.find("id=\"form-errors\"").expect("the summary");
    assert!(body[summary..summary + 200].contains("autofocus"));
    assert!(body.contains("href=\"#create-title\""));
    let message = body.find("id=\"create-title-error\"").unwrap();
    let field = body.find("<input id=\"create-title\"").unwrap();
    assert!(summary < message && message < field);
    assert!(body[field..field + 200].contains("value=\"N\""));
    assert!(body.contains(&format!("<option value=\"{a2}\" selected>")));
    assert_eq!(themes(), 0);

    // Nothing checked to put in a theme: the same, by the list.
    let created = moderator.post_form(
        &board,
        &[("csrf_token", &csrf), ("title", "Neutralité du net")],
    );
    assert_eq!(created.status, 303, "{}", created.body);
    let theme = created.location().to_string();
    let theme_id = theme.rsplit('/').next().unwrap().to_string();
    let refused = moderator.post_form(
        &format!("{board}/assign"),
        &[("csrf_token", &csrf), ("theme_id", &theme_id)],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("href=\"#assign-contribution_ids\""));
    assert!(
        refused
            .body
            .contains("id=\"assign-contribution_ids-error\"")
    );
    assert!(refused.body.contains(&format!("id=\"u-{id}\"")));

    // On the theme's page: a rename too short, then a split with nothing
    // checked; each form keeps what was typed.
    let renamed = moderator.post_form(
        &theme,
        &[("csrf_token", &csrf), ("act", "rename"), ("title", "X")],
    );
    assert_eq!(renamed.status, 422, "{}", renamed.body);
    assert!(renamed.body.contains("href=\"#rename-title\""));
    assert!(renamed.body.contains("id=\"rename-title-error\""));
    assert!(
        renamed
            .body
            .contains("id=\"rename-title\" name=\"title\" value=\"X\"")
    );
    let assigned = moderator.post_form(
        &format!("{board}/assign"),
        &[
            ("csrf_token", &csrf),
            ("theme_id", &theme_id),
            ("contribution_ids", &id.to_string()),
        ],
    );
    assert_eq!(assigned.status, 303, "{}", assigned.body);
    let split = moderator.post_form(
        &theme,
        &[
            ("csrf_token", &csrf),
            ("act", "split"),
            ("title", "Opérateurs"),
        ],
    );
    assert_eq!(split.status, 422, "{}", split.body);
    assert!(split.body.contains("href=\"#members-contribution_ids\""));
    assert!(split.body.contains("id=\"members-contribution_ids-error\""));
    assert!(split.body.contains("id=\"act-split\" checked"));
    assert!(split.body.contains("value=\"Opérateurs\""));
    assert_eq!(themes(), 1, "nothing split");
    assert!(
        moderator
            .get(&theme)
            .body
            .contains("<h1>Neutralité du net</h1>"),
        "nothing renamed"
    );
}
