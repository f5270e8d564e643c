//! What every part of the running application shares: the database, the
//! settings, the templates, and a bell that wakes the mail worker.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::config::Settings;
use crate::store::Db;

#[derive(Clone)]
pub struct AppContext {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub templates: Arc<tera::Tera>,
    pub mail_wakeup: Arc<Notify>,
}

impl AppContext {
    pub fn new(db: Db, settings: Settings) -> Result<Self, String> {
        Ok(AppContext {
            db,
            settings: Arc::new(settings),
            templates: Arc::new(crate::embedded::build_tera()?),
            mail_wakeup: Arc::new(Notify::new()),
        })
    }

    /// An absolute link to `path` on this platform.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.settings.base_url, path)
    }
}
