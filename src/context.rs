//! What every part of the running application shares: the database, the
//! settings, the templates, a bell that wakes the mail worker, and the
//! last suggested themes.

use std::path::Path;
use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::{Secret, Settings};
use crate::domain::audit::ChainKey;
use crate::error::AppError;
use crate::service::themes::SuggestionCache;
use crate::service::vote_batch::{self, VoteBatcher};
use crate::store::Db;
use crate::store::contributions::ContributionRow;
use crate::store::group_commit::Jobs;

/// Most new contributions written in one transaction.
const POSTS_PER_BATCH: usize = 64;

#[derive(Clone)]
pub struct AppContext {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub templates: Arc<tera::Tera>,
    pub mail_wakeup: Arc<Notify>,
    /// Wakes the job that scans new contributions after their write.
    pub scan_wakeup: Arc<Notify>,
    /// Votes waiting to be written together.
    pub votes: Arc<VoteBatcher>,
    /// New contributions waiting to be written together.
    pub posts: Arc<Jobs<(ContributionRow, bool), AppError>>,
    /// Signs what must not be forged: session cookies, unsubscribe links.
    pub secret: Arc<Secret>,
    /// Keys the audit chain, derived from the secret.
    pub audit_key: ChainKey,
    /// A cache only: each instance recomputes what it lacks.
    pub theme_suggestions: Arc<SuggestionCache>,
}

impl AppContext {
    pub fn new(db: Db, settings: Settings) -> Result<Self, String> {
        let secret = load_or_create_secret(&settings).map_err(|e| e.to_string())?;
        crate::domain::pseudonym::init(secret.as_bytes());
        Ok(AppContext {
            audit_key: ChainKey::from_secret(secret.as_bytes()),
            secret: Arc::new(Secret::new(secret)),
            db,
            settings: Arc::new(settings),
            templates: Arc::new(crate::embedded::build_tera()?),
            mail_wakeup: Arc::new(Notify::new()),
            scan_wakeup: Arc::new(Notify::new()),
            votes: Arc::new(vote_batch::batcher()),
            posts: Arc::new(Jobs::of_jobs(POSTS_PER_BATCH)),
            theme_suggestions: Arc::new(SuggestionCache::default()),
        })
    }

    /// An absolute link to `path` on this platform.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, path)
    }
}

/// The platform secret if there is one already: `CODRAFT_SECRET_KEY`, or
/// the one kept in the data directory. Never creates one.
pub fn existing_secret(settings: &Settings) -> Option<String> {
    if let Some(secret) = &settings.secret_key {
        return Some(secret.expose().to_string());
    }
    let existing = std::fs::read_to_string(settings.data_dir.join("secret.key")).ok()?;
    (existing.trim().len() >= 32).then(|| existing.trim().to_string())
}

/// The key that encrypts session cookies: `CODRAFT_SECRET_KEY`, or one
/// generated once and kept in the data directory.
fn load_or_create_secret(settings: &Settings) -> anyhow::Result<String> {
    if let Some(secret) = existing_secret(settings) {
        return Ok(secret);
    }
    let path = settings.data_dir.join("secret.key");
    std::fs::create_dir_all(&settings.data_dir)
        .map_err(|e| anyhow::anyhow!("CODRAFT_DATA_DIR {}: {e}", settings.data_dir.display()))?;
    let secret = format!(
        "{}{}",
        crate::auth::tokens::generate(),
        crate::auth::tokens::generate()
    );
    write_private(&path, &secret)?;
    Ok(secret)
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    file.write_all(contents.as_bytes())?;
    Ok(())
}
