use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use codraft::cli::{AuditCommand, Cli, Command, UserCommand};
use codraft::config::Settings;
use codraft::context::AppContext;
use codraft::domain::audit::{ChainKey, Head};
use codraft::domain::{ContributorCategory, Role};
use codraft::startup::Application;
use codraft::store::Db;
use codraft::{demo, service, telemetry};

fn main() -> ExitCode {
    codraft::auth::hashing_pool::bound_large_allocations();
    let cli = Cli::parse();
    telemetry::init();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("codraft: {e}");
            return ExitCode::from(2);
        }
    };
    let result = actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve { demo: false }) {
            Command::Serve { demo } => serve(settings, demo).await,
            Command::Migrate => migrate(&settings),
            Command::Backup { path } => backup(&settings, &path),
            Command::Export { slug, format, out } => export(settings, &slug, &format, &out).await,
            Command::Audit {
                command: AuditCommand::Verify { head },
            } => audit_verify(&settings, head),
            Command::Demo {
                scale,
                tokens,
                tokens_file,
            } => load(settings, scale, tokens, &tokens_file).await,
            Command::Import {
                file,
                sponsor,
                title,
                dry_run,
            } => import(settings, &file, &sponsor, title, dry_run).await,
            Command::User {
                command:
                    UserCommand::Create {
                        email,
                        name,
                        role,
                        category,
                    },
            } => create_user(settings, &email, &name, &role, &category).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("codraft: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings, demo_mode: bool) -> anyhow::Result<()> {
    let base_url = settings.base_url.clone();
    let app = Application::build(settings)?;
    if demo_mode {
        if demo::seed_if_empty(&app.ctx).await? {
            println!("Demo data created.");
        }
        demo::print_accounts(&base_url);
    }
    tracing::info!(
        port = app.port,
        backend = app.ctx.db.backend_name(),
        "codraft listening on {base_url}"
    );
    app.run().await?;
    Ok(())
}

/// Checks the audit chain, and that it still holds `head` if given; a
/// broken chain or a lost head is an error (exit code 1).
fn audit_verify(settings: &Settings, head: Option<Head>) -> anyhow::Result<()> {
    // The chain is keyed with the platform secret: check with the one the
    // platform uses, never a new one.
    let secret = codraft::context::existing_secret(settings).ok_or_else(|| {
        anyhow::anyhow!(
            "no platform secret to check the audit chain with: set CODRAFT_SECRET_KEY, or CODRAFT_DATA_DIR to the data directory holding secret.key ({} has none)",
            settings.data_dir.display()
        )
    })?;
    let key = ChainKey::from_secret(secret.as_bytes());
    let db = Db::open(&settings.database_url, 1)?;
    let mut conn = db.conn()?;
    let verdict = codraft::store::audit::verify(&mut conn, &key, head)?;
    if verdict.holds() {
        println!("{verdict}");
        Ok(())
    } else {
        anyhow::bail!("{verdict}")
    }
}

/// An online copy of the database, or the PostgreSQL command that makes one.
fn backup(settings: &Settings, path: &std::path::Path) -> anyhow::Result<()> {
    use codraft::store::{DatabaseUrl, backup};
    if path.exists() {
        anyhow::bail!("{} already exists: name a new file", path.display());
    }
    match &settings.database_url {
        DatabaseUrl::Postgres(url) => {
            let (dump, restore) = backup::pg_commands(url, path);
            anyhow::bail!(
                "codraft backup copies SQLite databases; copy PostgreSQL with its own tool:\n  {dump}\nrestore with:\n  {restore}"
            )
        }
        DatabaseUrl::Sqlite(db_path) => {
            let db = Db::open(&settings.database_url, 1)?;
            backup::sqlite_copy(&mut *db.conn()?, path)?;
            println!(
                "Backup written to {}. To restore: stop every instance, replace {} with it (and remove {}-wal and {}-shm), start. Keep the secret (CODRAFT_SECRET_KEY or {}) with it.",
                path.display(),
                db_path.display(),
                db_path.display(),
                db_path.display(),
                settings.data_dir.join("secret.key").display()
            );
            Ok(())
        }
    }
}

/// One of a bill's public exports, written by the code that serves it.
async fn export(
    settings: Settings,
    slug: &str,
    format: &str,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    use service::exports::{self, Export};
    let Some(export) = Export::parse(format) else {
        anyhow::bail!(
            "unknown export format '{format}' (one of: {})",
            Export::names().join(", ")
        );
    };
    // The platform's own secret, never a new one: pseudonyms and voter keys
    // must be those the site shows.
    if codraft::context::existing_secret(&settings).is_none() {
        anyhow::bail!(
            "no platform secret found: set CODRAFT_SECRET_KEY or CODRAFT_DATA_DIR to the platform's"
        );
    }
    let db = Db::open(&settings.database_url, 2)?;
    let ctx = AppContext::new(db, settings).map_err(|e| anyhow::anyhow!(e))?;
    // Written beside the target, then moved: a failed export leaves no
    // half-written file.
    let partial = out.with_extension("partial");
    let file = std::fs::File::create(&partial)
        .map_err(|e| anyhow::anyhow!("{}: {e}", partial.display()))?;
    match exports::write_to(&ctx, None, slug, export, file).await {
        Ok(()) => {
            std::fs::rename(&partial, out)?;
            println!("{} written to {}", format, out.display());
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(match e {
                codraft::error::AppError::NotFound => anyhow::anyhow!(
                    "no public bill at '{slug}' (drafts are never exported; a synthesis only once published)"
                ),
                other => describe(other),
            })
        }
    }
}

fn migrate(settings: &Settings) -> anyhow::Result<()> {
    // Db::open applies what is pending.
    Db::open(&settings.database_url, 1)?;
    println!(
        "Migrations applied ({}).",
        settings.database_url.backend_name()
    );
    Ok(())
}

/// Loads a synthetic consultation and prints what it took.
async fn load(
    settings: Settings,
    participants: usize,
    tokens: usize,
    tokens_file: &std::path::Path,
) -> anyhow::Result<()> {
    let db = Db::open(&settings.database_url, 4)?;
    let ctx = AppContext::new(db, settings).map_err(|e| anyhow::anyhow!(e))?;
    let sponsor = match ctx
        .db
        .run(|c| codraft::store::users::find_by_email(c, "charge-depute@participants.invalid"))
        .await?
    {
        Some(row) => codraft::domain::User::from(row),
        None => service::accounts::create_confirmed_user(
            &ctx,
            "charge-depute@participants.invalid",
            "Député de charge",
            Role::Sponsor,
            ContributorCategory::ElectedOfficial,
            &codraft::auth::tokens::generate(),
        )
        .await
        .map_err(describe)?,
    };
    let report = demo::scale::generate(&ctx, &sponsor, participants, tokens).await?;
    if !report.tokens.is_empty() {
        std::fs::write(tokens_file, report.tokens.join("\n") + "\n")?;
    }
    println!(
        "seeded bill={} participants={} contributions={} votes={} popular_article={} seconds={:.1}",
        report.bill_slug,
        report.participants,
        report.contributions,
        report.votes,
        report.popular_article_id,
        report.seconds
    );
    Ok(())
}

async fn import(
    settings: Settings,
    file: &std::path::Path,
    sponsor: &str,
    title: Option<String>,
    dry_run: bool,
) -> anyhow::Result<()> {
    use codraft::import::{self, Format};
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let format = Format::detect(file.file_name().and_then(|n| n.to_str()), &bytes);
    let parsed = import::parse(format, &bytes).map_err(|problems| {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| {
                format!(
                    "  {} — {}",
                    p.location,
                    codraft::i18n::t_args(codraft::domain::Locale::En, p.message, &p.args)
                )
            })
            .collect();
        anyhow::anyhow!(
            "{} cannot be imported:\n{}",
            file.display(),
            lines.join("\n")
        )
    })?;
    // Where the importer had to guess: said before anything is saved.
    let locale = codraft::domain::Locale::En;
    for w in parsed.warning_texts(locale) {
        eprintln!("{}: line {} — {}", file.display(), w.line, w.message);
    }
    if dry_run {
        println!("{}", serde_json::to_string_pretty(&parsed.preview(locale))?);
        return Ok(());
    }
    let db = Db::open(&settings.database_url, 2)?;
    let ctx = AppContext::new(db, settings).map_err(|e| anyhow::anyhow!(e))?;
    let email = sponsor.trim().to_lowercase();
    let row = ctx
        .db
        .run(move |conn| codraft::store::users::find_by_email(conn, &email))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account with the email {sponsor}"))?;
    let user = codraft::domain::User::from(row);
    let count = parsed.articles.len();
    let bill = service::bills::create(
        &ctx,
        &user,
        service::bills::BillDraft::from_import(parsed, title),
    )
    .await
    .map_err(describe)?;
    println!(
        "Draft \"{}\" created with {count} articles: {}/bills/{}",
        bill.title, ctx.settings.base_url, bill.slug
    );
    Ok(())
}

async fn create_user(
    settings: Settings,
    email: &str,
    name: &str,
    role: &str,
    category: &str,
) -> anyhow::Result<()> {
    let role: Role = role.parse().map_err(|e: String| anyhow::anyhow!(e))?;
    let category: ContributorCategory = category
        .parse()
        .map_err(|_| anyhow::anyhow!("unknown category '{category}'"))?;
    let password = match std::env::var("CODRAFT_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ if std::io::stdin().is_terminal() => rpassword::prompt_password("Password: ")?,
        _ => {
            anyhow::bail!("set CODRAFT_PASSWORD or run in a terminal to be asked for the password")
        }
    };
    let db = Db::open(&settings.database_url, 2)?;
    let ctx = AppContext::new(db, settings).map_err(|e| anyhow::anyhow!(e))?;
    let user =
        service::accounts::create_confirmed_user(&ctx, email, name, role, category, &password)
            .await
            .map_err(describe)?;
    println!(
        "Created {} ({}) with id {}.",
        user.email, user.role, user.id
    );
    Ok(())
}

/// An application error as a command-line message, in English.
fn describe(e: codraft::error::AppError) -> anyhow::Error {
    use codraft::domain::Locale;
    use codraft::error::AppError;
    match e {
        AppError::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .0
                .iter()
                .map(|fe| format!(
                    "{}: {}",
                    fe.field,
                    codraft::i18n::t_args(Locale::En, fe.message, &fe.args)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => match other.detail_key() {
            Some(key) => anyhow::anyhow!("{}", codraft::i18n::t(Locale::En, key)),
            None => anyhow::anyhow!("{other}"),
        },
    }
}
