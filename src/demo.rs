//! The demo consultation seeded by `serve --demo` on an empty database.

use crate::context::AppContext;
use crate::domain::{ContributorCategory, Role};
use crate::service::accounts;
use crate::store::users;

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
    for a in &ACCOUNTS {
        accounts::create_confirmed_user(ctx, a.email, a.name, a.role, a.category, a.password)
            .await
            .map_err(|e| anyhow::anyhow!("demo account {}: {e:?}", a.email))?;
    }
    Ok(true)
}

pub fn print_accounts(base_url: &str) {
    println!("\ncodraft demo at {base_url}\n");
    println!("  {:<32} {:<10} password", "email", "role");
    for a in &ACCOUNTS {
        println!("  {:<32} {:<10} {}", a.email, a.role.as_str(), a.password);
    }
    println!();
}
