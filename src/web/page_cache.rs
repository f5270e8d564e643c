//! The pages anonymous readers get, kept in memory per instance and served
//! again while the bill has not changed.
//!
//! A thin layer around a page's handler (a route middleware): it knows
//! nothing of the page but its address, its bill and its language. An
//! entry is keyed by bill, path and query, and language, and carries the
//! bill's generation read before the page was made
//! ([`crate::store::page_generations`]). Each request needs the current
//! generation from a read that started after it arrived (so several
//! instances sharing a database never serve what another one's write made
//! stale), shared with the requests of the moment
//! ([`super::generation_reads`]), and serves the entry only if it matches. Vote counters alone (`tally`) may lag by at most
//! [`TALLY_LAG`]. Every answer carries an `ETag`; a matching
//! `If-None-Match` gets a `304`.
//!
//! Only what is the same for every anonymous reader is cached: a request
//! with a signed-in session, an API token, a message to show once, or a
//! per-visitor shuffle goes to the handler, and so does a page that came
//! out holding the visitor's own session token. A handler may also leave
//! the page as rendered for every viewer ([`Shared`]); signed-in viewers
//! then get it through [`shared_body`], their own part added by that
//! handler ([`super::page_slots`]).

use std::any::Any;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest, HttpResponse, web};
use bytes::Bytes;

use super::AppState;
use super::generation_reads::GenerationReads;
use super::session::Session;
use super::viewer::negotiate;
use crate::domain::Locale;
use crate::store::page_generations::{self, Generation};

/// How long vote counters on a cached page may lag behind the votes.
pub const TALLY_LAG: Duration = Duration::from_secs(1);
/// How long an entry lives whatever happens: pages also show what time
/// changes (how long until the consultation closes).
const MAX_AGE: Duration = Duration::from_secs(60);
/// Past this many bytes of pages, the cache starts afresh.
const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    slug: String,
    path_and_query: String,
    locale: &'static str,
}

struct Entry {
    generation: Generation,
    stored_at: Instant,
    etag: HeaderValue,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The page as rendered for every viewer, when its handler made one
    /// ([`Shared`]): signed-in viewers get it with their own part.
    shared: Option<SharedBody>,
}

/// What a page's handler made once for every viewer (a
/// [`super::page_slots::SlottedPage`]), as that handler alone reads it.
pub type SharedBody = Arc<dyn Any + Send + Sync>;

/// Left by a handler in its response: the body it rendered for every
/// viewer, kept with the cached page.
pub struct Shared(pub SharedBody);

impl Entry {
    fn serves(&self, now: &Generation) -> bool {
        let age = self.stored_at.elapsed();
        self.generation.content == now.content
            && (self.generation.tally == now.tally || age < TALLY_LAG)
            && age < MAX_AGE
    }
}

/// The entries of one instance.
#[derive(Default)]
pub struct PageCache {
    inner: Mutex<Entries>,
    /// One page being made per key at a time: after a write, the readers
    /// of the moment wait for one of them to make it instead of all
    /// making it at once.
    making: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
    /// The bills' generations, read once for the requests of the moment.
    generations: GenerationReads,
}

#[derive(Default)]
struct Entries {
    map: HashMap<Key, Arc<Entry>>,
    bytes: usize,
}

impl PageCache {
    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    fn put(&self, key: Key, entry: Entry) {
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.bytes + entry.body.len() > MAX_BYTES {
            inner.map.clear();
            inner.bytes = 0;
        }
        inner.bytes += entry.body.len();
        if let Some(old) = inner.map.insert(key, Arc::new(entry)) {
            inner.bytes -= old.body.len();
        }
    }

    fn maker(&self, key: &Key) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut making = self.making.lock().ok()?;
        if making.len() > 10_000 {
            making.retain(|_, m| Arc::strong_count(m) > 1);
        }
        Some(Arc::clone(making.entry(key.clone()).or_default()))
    }

    /// How many pages are held (for tests and metrics).
    pub fn len(&self) -> usize {
        self.inner.lock().map(|i| i.map.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The key of a request every anonymous reader would get the same answer
/// to; none otherwise.
fn cacheable_key(req: &ServiceRequest) -> Option<Key> {
    if req.method() != Method::GET || req.headers().contains_key(header::AUTHORIZATION) {
        return None;
    }
    let session = Session::of(req.request());
    if session.user().is_some() || session.has_flash() {
        return None;
    }
    key_of(req.request(), negotiate(req.request(), &session, None))
}

/// The key of a page in `locale`; none for a per-visitor shuffle.
fn key_of(req: &HttpRequest, locale: Locale) -> Option<Key> {
    // A shuffled order is seeded per visitor.
    if req.query_string().contains("random") {
        return None;
    }
    let slug = req.match_info().get("slug")?.to_string();
    let path_and_query = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    Some(Key {
        slug,
        path_and_query,
        locale: locale.as_str(),
    })
}

/// The current generation of the bill of `key`.
async fn generation(state: &AppState, key: &Key) -> Option<Generation> {
    let db = state.ctx.db.clone();
    let read = move |slug: String| {
        let db = db.clone();
        async move {
            // One indexed read, shared by every request of the next batch.
            db.run_short(move |conn| page_generations::of_slug(conn, &slug))
                .await
                .ok()
                .flatten()
        }
    };
    state.page_cache.generations.current(&key.slug, read).await
}

/// For a signed-in viewer of this page in `locale`: the body anonymous
/// readers share, if it is current (as its handler made it, [`Shared`]).
/// What the viewer sees of their own is theirs to add.
pub async fn shared_body(req: &HttpRequest, locale: Locale) -> Option<SharedBody> {
    if req.method() != Method::GET {
        return None;
    }
    let state = req.app_data::<web::Data<AppState>>()?;
    let key = key_of(req, locale)?;
    let generation = generation(state, &key).await?;
    state
        .page_cache
        .get(&key)
        .filter(|e| e.serves(&generation))?
        .shared
        .clone()
}

fn etag_of(generation: &Generation, body: &[u8]) -> Option<HeaderValue> {
    let mut hasher = std::hash::DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!(
        "\"{}-{:016x}\"",
        generation.content,
        hasher.finish()
    ))
    .ok()
}

fn not_modified(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    request_headers
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|candidate| {
            let candidate = candidate.trim();
            candidate == "*" || candidate.trim_start_matches("W/") == etag.to_str().unwrap_or("")
        })
}

fn answer(req: ServiceRequest, entry: &Entry) -> ServiceResponse<BoxBody> {
    let fresh = not_modified(req.headers(), &entry.etag);
    let mut builder = HttpResponse::build(if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        entry.status
    });
    for (name, value) in &entry.headers {
        builder.insert_header((name.clone(), value.clone()));
    }
    let response = if fresh {
        builder.finish()
    } else {
        builder.body(entry.body.clone())
    };
    req.into_response(response)
}

/// The route middleware: serves the cached page, or makes it and keeps it.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(key) = cacheable_key(&req) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Read before the page is made: a write landing while it is made
    // leaves the entry behind the database, never ahead of it. The read
    // started after this request arrived, shared with the others of the
    // moment.
    let Some(generation) = generation(&state, &key).await else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if let Some(entry) = state.page_cache.get(&key).filter(|e| e.serves(&generation)) {
        return Ok(answer(req, &entry));
    }
    let maker = state.page_cache.maker(&key);
    let _making = match &maker {
        Some(m) => Some(m.lock().await),
        None => None,
    };
    // Another reader may have made it while this one waited.
    if let Some(entry) = state.page_cache.get(&key).filter(|e| e.serves(&generation)) {
        return Ok(answer(req, &entry));
    }
    let session = Session::of(req.request());
    let request_headers = req.headers().clone();
    let res = next.call(req).await?;
    if res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let shared = res
        .response()
        .extensions()
        .get::<Shared>()
        .map(|s| Arc::clone(&s.0));
    let (request, response) = res.into_parts();
    let (mut head, body) = response.into_parts();
    let body = match actix_web::body::to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Ok(ServiceResponse::new(
                request,
                HttpResponse::InternalServerError().finish(),
            ));
        }
    };
    let personal = session
        .csrf_if_any()
        .is_some_and(|token| contains(&body, token.as_bytes()));
    let headers = head.headers().clone();
    let etag = etag_of(&generation, &body);
    if let Some(etag) = &etag {
        head.headers_mut().insert(header::ETAG, etag.clone());
    }
    if let (false, Some(etag)) = (personal, etag) {
        let mut headers = headers;
        headers.remove(header::SET_COOKIE);
        headers.insert(header::ETAG, etag.clone());
        state.page_cache.put(
            key,
            Entry {
                generation,
                stored_at: Instant::now(),
                etag,
                status: head.status(),
                headers,
                body: body.clone(),
                shared,
            },
        );
    }
    let fresh = head
        .headers()
        .get(header::ETAG)
        .is_some_and(|etag| not_modified(&request_headers, etag));
    let response = if fresh {
        *head.status_mut() = StatusCode::NOT_MODIFIED;
        head.set_body(Bytes::new()).map_into_boxed_body()
    } else {
        head.set_body(body).map_into_boxed_body()
    };
    Ok(ServiceResponse::new(request, response))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}
