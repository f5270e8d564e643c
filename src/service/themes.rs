//! Suggested themes for the synthesis: who may see them, which texts they
//! are computed from, and a cache so that looking again costs two small
//! queries rather than a clustering.
//!
//! A read: nothing is written. The texts are loaded in one query, then
//! clustered on the blocking pool with no connection held. One clustering
//! runs at a time per instance (a large bill takes seconds and memory), and
//! whoever waited for it finds its result in the cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use tokio::sync::Semaphore;

use crate::analysis::themes::{self as engine, Contribution, Options, Suggestions};
use crate::context::AppContext;
use crate::domain::contribution::ContributionKind;
use crate::domain::permissions::may_see_theme_suggestions;
use crate::domain::themes::{Request, Scope};
use crate::domain::{User, time};
use crate::error::AppError;
use crate::service::access::{BillAccess, BillKey, article_of_bill};
use crate::store::themes::{self as store, Fingerprint, ThemeText};
use crate::store::{StoreError, articles};
use crate::text::diff;

/// Results kept per instance; the oldest goes first.
const CACHE_ENTRIES: usize = 32;

/// Themes suggested for one request on one bill.
#[derive(Debug)]
pub struct Suggested {
    pub scope: Scope,
    pub kinds: Vec<ContributionKind>,
    pub computed_at: NaiveDateTime,
    /// How many contributions were read.
    pub contributions: usize,
    pub suggestions: Suggestions,
}

type Key = (i64, Request);

/// The last result of each (bill, request), valid while the bill's
/// contributions keep the fingerprint it was computed for.
pub struct SuggestionCache {
    entries: Mutex<HashMap<Key, (Fingerprint, Arc<Suggested>)>>,
    computing: Semaphore,
}

impl Default for SuggestionCache {
    fn default() -> Self {
        SuggestionCache {
            entries: Mutex::new(HashMap::new()),
            computing: Semaphore::new(1),
        }
    }
}

impl SuggestionCache {
    fn get(&self, key: &Key, fingerprint: Fingerprint) -> Option<Arc<Suggested>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, s)| s.clone())
    }

    fn put(&self, key: Key, fingerprint: Fingerprint, suggested: Arc<Suggested>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CACHE_ENTRIES && !entries.contains_key(&key) {
            let oldest = entries
                .iter()
                .min_by_key(|(_, (_, s))| s.computed_at)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, (fingerprint, suggested));
    }
}

/// The bill, checked for the viewer (the moderation team, its sponsors and
/// the admins) and the scope, with the fingerprint of its contributions.
/// Read before the texts: a change in between leaves a result filed under
/// the older fingerprint, recomputed next time, never a stale result under
/// the current one.
async fn current(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    scope: Scope,
) -> Result<(i64, Fingerprint), AppError> {
    let (user, slug) = (user.clone(), slug.to_string());
    ctx.db
        .run(move |c| {
            let access = BillAccess::read(c, BillKey::Slug(&slug), Some(&user))?.visible()?;
            if !may_see_theme_suggestions(&user, access.can_manage) {
                return Err(AppError::Forbidden("error-theme-suggestions-staff"));
            }
            if let Scope::Article(id) = scope {
                article_of_bill(c, id, access.row.id, "scope")?;
            }
            Ok((access.row.id, store::fingerprint(c, access.row.id)?))
        })
        .await
}

/// The themes suggested for the contributions `request` names on the bill
/// `slug`: for the moderation team, the bill's sponsors and the admins.
pub async fn suggest(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    request: Request,
) -> Result<Arc<Suggested>, AppError> {
    let (bill_id, fingerprint) = current(ctx, user, slug, request.scope).await?;
    let key = (bill_id, request);
    let cache = &ctx.theme_suggestions;
    if let Some(hit) = cache.get(&key, fingerprint) {
        return Ok(hit);
    }
    let _turn = cache
        .computing
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(hit) = cache.get(&key, fingerprint) {
        return Ok(hit);
    }
    let request = key.1.clone();
    let (texts, article_bodies) = ctx
        .db
        .run(move |c| {
            let article = match request.scope {
                Scope::Bill => None,
                Scope::Article(id) => Some(id),
            };
            let texts = store::texts(c, bill_id, article, &request.kinds)?;
            let bodies: HashMap<i64, String> = articles::list_for_bill(c, bill_id)?
                .into_iter()
                .map(|a| (a.id, a.body))
                .collect();
            Ok::<_, StoreError>((texts, bodies))
        })
        .await?;
    let request = key.1.clone();
    let suggested = tokio::task::spawn_blocking(move || compute(&texts, &article_bodies, request))
        .await
        .map_err(|e| AppError::Internal(format!("theme suggestions: {e}")))?;
    let suggested = Arc::new(suggested);
    cache.put(key, fingerprint, suggested.clone());
    Ok(suggested)
}

/// The suggestions for a page that must not wait: the cached result if it
/// is current, otherwise None, with the computation started in the
/// background (once: while one runs, asking again starts nothing) so that
/// the page shows it when looked at again.
pub async fn cached_or_started(
    ctx: &AppContext,
    user: &User,
    slug: &str,
    request: Request,
) -> Result<Option<Arc<Suggested>>, AppError> {
    let (bill_id, fingerprint) = current(ctx, user, slug, request.scope).await?;
    if let Some(hit) = ctx
        .theme_suggestions
        .get(&(bill_id, request.clone()), fingerprint)
    {
        return Ok(Some(hit));
    }
    if ctx.theme_suggestions.computing.available_permits() > 0 {
        let (ctx, user, slug) = (ctx.clone(), user.clone(), slug.to_string());
        tokio::spawn(async move {
            if let Err(error) = suggest(&ctx, &user, &slug, request).await {
                tracing::warn!(?error, "theme suggestions not computed");
            }
        });
    }
    Ok(None)
}

fn compute(
    texts: &[ThemeText],
    article_bodies: &HashMap<i64, String>,
    request: Request,
) -> Suggested {
    let contributions: Vec<Contribution> = texts
        .iter()
        .map(|t| Contribution {
            id: t.id,
            text: what_it_says(t, article_bodies),
            group: t.duplicate_of,
        })
        .collect();
    let suggestions = engine::suggest(
        &contributions,
        Options {
            themes: request.themes,
            ..Options::default()
        },
    );
    Suggested {
        scope: request.scope,
        kinds: request.kinds,
        computed_at: time::now(),
        contributions: contributions.len(),
        suggestions,
    }
}

/// The words a contribution brings: an argument's text; a proposal's
/// title, rationale and article; an amendment's rationale and the words
/// it adds to the article (its full proposed text would repeat the
/// article and make every amendment of an article look alike).
fn what_it_says(t: &ThemeText, article_bodies: &HashMap<i64, String>) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.extend(t.title.clone());
    parts.push(t.body.clone());
    match (t.kind, &t.proposed_text) {
        (ContributionKind::Amendment, Some(proposed)) => {
            let article = t.article_id.and_then(|a| article_bodies.get(&a));
            parts.push(match article {
                Some(body) => added_words(body, proposed),
                None => proposed.clone(),
            });
        }
        (_, Some(proposed)) => parts.push(proposed.clone()),
        (_, None) => {}
    }
    parts.join("\n")
}

fn added_words(article: &str, proposed: &str) -> String {
    diff::words(article, proposed)
        .into_iter()
        .filter(|s| s.change == diff::Change::Added)
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(kind: ContributionKind, body: &str, proposed: Option<&str>) -> ThemeText {
        ThemeText {
            id: 1,
            kind,
            article_id: Some(7),
            title: None,
            body: body.to_string(),
            proposed_text: proposed.map(str::to_string),
            duplicate_of: None,
        }
    }

    #[test]
    fn an_amendment_says_its_rationale_and_what_it_adds() {
        let bodies = HashMap::from([(7, "Les données publiques sont ouvertes.".to_string())]);
        let amendment = text(
            ContributionKind::Amendment,
            "Pour la réutilisation.",
            Some("Les données publiques sont ouvertes et gratuites."),
        );
        let said = what_it_says(&amendment, &bodies);
        assert!(said.starts_with("Pour la réutilisation."), "{said}");
        assert!(said.contains("gratuites"), "{said}");
        assert!(!said.contains("publiques"), "{said}");
        let argument = text(ContributionKind::Argument, "Trop vague.", None);
        assert_eq!(what_it_says(&argument, &bodies), "Trop vague.");
    }
}
