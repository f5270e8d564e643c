//! The demo consultation seeded by `serve --demo` on an empty database.

use chrono::TimeDelta;

use crate::context::AppContext;
use crate::domain::{BillStatus, ContributorCategory, Role, User, time};
use crate::import::{self, Format};
use crate::service::accounts;
use crate::service::bills::{self, BillDraft};
use crate::store::users;

pub mod neutralite;
pub mod published;
pub mod scale;

/// Real bills, embedded (see demo/PROVENANCE.md).
const PPL_11_290: &[u8] = include_bytes!("../../demo/ppl11-290-depot.texte.json");
pub(crate) const REPUBLIQUE_NUMERIQUE: &[u8] =
    include_bytes!("../../demo/republique-numerique-2015-articles.json");

pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    pub category: ContributorCategory,
    pub password: &'static str,
}

pub const ACCOUNTS: [DemoAccount; 6] = [
    DemoAccount {
        email: "admin@demo.codraft.fr",
        name: "Alix Admin",
        role: Role::Admin,
        category: ContributorCategory::Citizen,
        password: "demo-admin-codraft",
    },
    DemoAccount {
        email: "moderation@demo.codraft.fr",
        name: "Morgane Modération",
        role: Role::Moderator,
        category: ContributorCategory::Citizen,
        password: "demo-moderation-codraft",
    },
    DemoAccount {
        email: "depute@demo.codraft.fr",
        name: "Député Demo",
        role: Role::Sponsor,
        category: ContributorCategory::ElectedOfficial,
        password: "demo-sponsor-codraft",
    },
    DemoAccount {
        email: "camille@demo.codraft.fr",
        name: "Camille",
        role: Role::Citizen,
        category: ContributorCategory::Citizen,
        password: "demo-citizen-codraft-1",
    },
    DemoAccount {
        email: "association@demo.codraft.fr",
        name: "Association Numérique Ouvert",
        role: Role::Citizen,
        category: ContributorCategory::Association,
        password: "demo-citizen-codraft-2",
    },
    DemoAccount {
        email: "dominique@demo.codraft.fr",
        name: "Dominique",
        role: Role::Citizen,
        category: ContributorCategory::Citizen,
        password: "demo-citizen-codraft-3",
    },
];

/// Seeds the demo when the database has no account; returns whether it did.
pub async fn seed_if_empty(ctx: &AppContext) -> anyhow::Result<bool> {
    let count = ctx.db.run(users::count).await?;
    if count > 0 {
        return Ok(false);
    }
    let mut users = Vec::new();
    for a in &ACCOUNTS {
        let user =
            accounts::create_confirmed_user(ctx, a.email, a.name, a.role, a.category, a.password)
                .await
                .map_err(|e| anyhow::anyhow!("demo account {}: {e:?}", a.email))?;
        users.push(user);
    }
    let with_role = |r: Role| users.iter().find(|u| u.role == r).cloned();
    let sponsor = with_role(Role::Sponsor).ok_or_else(|| anyhow::anyhow!("no demo sponsor"))?;
    let moderator =
        with_role(Role::Moderator).ok_or_else(|| anyhow::anyhow!("no demo moderator"))?;
    seed_consultations(ctx, &sponsor).await?;
    let citizens: Vec<User> = users
        .iter()
        .filter(|u| u.role == Role::Citizen)
        .cloned()
        .collect();
    published::seed(ctx, PPL_11_290, &sponsor, &citizens, &moderator).await?;
    Ok(true)
}

/// Two real bills, open for a month (the third, published, is
/// `published::seed`).
async fn seed_consultations(ctx: &AppContext, sponsor: &User) -> anyhow::Result<()> {
    let problems = |p: Vec<import::ImportProblem>| anyhow::anyhow!("demo bill unreadable: {p:?}");
    let air = import::parse(Format::FabriqueJson, PPL_11_290).map_err(problems)?;
    let numerique =
        import::consultation::parse_republique_numerique(REPUBLIQUE_NUMERIQUE).map_err(problems)?;
    let mut slugs = Vec::new();
    for parsed in [numerique, air] {
        let mut draft = BillDraft::from_import(parsed, None);
        draft.closes_at = Some(time::now() + TimeDelta::days(30));
        let bill = bills::create(ctx, sponsor, draft)
            .await
            .map_err(|e| anyhow::anyhow!("demo bill: {e:?}"))?;
        bills::transition(ctx, sponsor, &bill.slug, BillStatus::Open)
            .await
            .map_err(|e| anyhow::anyhow!("demo bill: {e:?}"))?;
        slugs.push(bill.slug);
    }
    let citizens: Vec<&str> = ACCOUNTS
        .iter()
        .filter(|a| a.role == Role::Citizen)
        .map(|a| a.email)
        .collect();
    neutralite::seed(ctx, &slugs[0], &citizens).await?;
    Ok(())
}

pub fn print_accounts(base_url: &str) {
    println!("\ncodraft demo at {base_url}\n");
    println!("  {:<32} {:<10} password", "email", "role");
    for a in &ACCOUNTS {
        println!("  {:<32} {:<10} {}", a.email, a.role.as_str(), a.password);
    }
    println!();
}
