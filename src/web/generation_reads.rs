//! Reads of a bill's page generation, shared by the requests of the moment.
//!
//! Every cached page is served only against the bill's generation as the
//! database holds it (several instances may share the database), so each
//! request needs a read that *started after it arrived*: a read already in
//! flight may have begun before a write this request must see. Per bill,
//! at most one read is in flight; the requests that arrive meanwhile wait
//! for the next one, which starts as soon as the current one ends, and all
//! share its answer. Under load every read serves the whole batch that
//! arrived during the previous one, and the database sees one read at a
//! time per bill however many readers there are.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::store::page_generations::Generation;

/// What a batch is told: `None` until its read ends, then the generation
/// (`None` inside when there is no such bill or the read failed).
type Answer = Option<Option<Generation>>;

/// The bills being read, each with the batch waiting for its next read.
#[derive(Default)]
pub struct GenerationReads {
    bills: Arc<Mutex<HashMap<String, Pending>>>,
}

/// A bill whose generation is being read.
#[derive(Default)]
struct Pending {
    /// The requests that arrived during the read in flight: answered by
    /// the next one.
    next: Option<watch::Sender<Answer>>,
}

impl GenerationReads {
    /// The generation of the bill at `slug`, from a read that started
    /// after this call: its own, or the one it shares with the requests
    /// that arrived during the previous read. `read` is how a read is made
    /// (only called when none is in flight for this bill).
    pub async fn current<R, F>(&self, slug: &str, read: R) -> Option<Generation>
    where
        R: FnMut(String) -> F + Send + 'static,
        F: Future<Output = Option<Generation>> + Send + 'static,
    {
        let mut answer = {
            let mut bills = self.bills.lock().ok()?;
            match bills.get_mut(slug) {
                Some(pending) => pending
                    .next
                    .get_or_insert_with(|| watch::channel(None).0)
                    .subscribe(),
                None => {
                    bills.insert(slug.to_owned(), Pending::default());
                    let (batch, answer) = watch::channel(None);
                    let reads = Reads {
                        bills: Arc::clone(&self.bills),
                        slug: slug.to_owned(),
                        done: false,
                    };
                    tokio::spawn(reads.run(batch, read));
                    answer
                }
            }
        };
        // A read that never answers (its task ended) drops the batch's
        // sender: the request then goes without the cache.
        let answered = answer.wait_for(Option::is_some).await.ok()?;
        (*answered).flatten()
    }

    /// How many bills have a read in flight (for tests).
    pub fn in_flight(&self) -> usize {
        self.bills.lock().map(|b| b.len()).unwrap_or(0)
    }
}

/// The reads of one bill, one after the other while requests wait for
/// them. Dropped before its work is done (its task ended), it forgets the
/// bill, and any batch still waiting is dropped with it.
struct Reads {
    bills: Arc<Mutex<HashMap<String, Pending>>>,
    slug: String,
    /// The bill was forgotten when the last batch was answered.
    done: bool,
}

impl Reads {
    async fn run<R, F>(mut self, mut batch: watch::Sender<Answer>, mut read: R)
    where
        R: FnMut(String) -> F,
        F: Future<Output = Option<Generation>>,
    {
        loop {
            let generation = read(self.slug.clone()).await;
            batch.send_replace(Some(generation));
            let Ok(mut bills) = self.bills.lock() else {
                return;
            };
            match bills.get_mut(&self.slug).and_then(|p| p.next.take()) {
                Some(next) => batch = next,
                None => {
                    // No one waiting: the bill is forgotten under the same
                    // lock, so a request arriving now starts a read itself.
                    bills.remove(&self.slug);
                    self.done = true;
                    return;
                }
            }
        }
    }
}

impl Drop for Reads {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Ok(mut bills) = self.bills.lock() {
            bills.remove(&self.slug);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicI64, Ordering};
    use std::time::Duration;

    use super::*;

    fn generation(content: i64) -> Option<Generation> {
        Some(Generation { content, tally: 0 })
    }

    type Read = std::pin::Pin<Box<dyn Future<Output = Option<Generation>> + Send>>;

    /// A database whose generation the test moves; a read sees the
    /// generation of when it starts, and answers only once the test lets
    /// it go.
    #[derive(Clone)]
    struct FakeDb {
        generation: Arc<AtomicI64>,
        reads: Arc<AtomicI64>,
        gate: Arc<tokio::sync::Semaphore>,
    }

    impl FakeDb {
        fn new() -> Self {
            FakeDb {
                generation: Arc::new(AtomicI64::new(0)),
                reads: Arc::new(AtomicI64::new(0)),
                gate: Arc::new(tokio::sync::Semaphore::new(0)),
            }
        }

        /// A read: it starts (takes the generation of that moment) only
        /// once the test lets one through.
        fn reader(&self) -> impl FnMut(String) -> Read + Send + 'static {
            let db = self.clone();
            move |_slug| {
                let db = db.clone();
                Box::pin(async move {
                    let seen = db.generation.load(Ordering::SeqCst);
                    db.gate.acquire().await.ok()?.forget();
                    db.reads.fetch_add(1, Ordering::SeqCst);
                    generation(seen)
                })
            }
        }
    }

    async fn settle() {
        for _ in 0..20 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    #[tokio::test]
    async fn requests_arriving_during_a_read_share_the_next_one_not_the_current_one() {
        let reads = Arc::new(GenerationReads::default());
        let db = FakeDb::new();
        db.generation.store(1, Ordering::SeqCst);

        // A first request starts a read, which is held before it reads.
        let first = tokio::spawn({
            let (reads, db) = (Arc::clone(&reads), db.clone());
            async move { reads.current("bill", db.reader()).await }
        });
        settle().await;
        // A write lands, then ten requests arrive while that read is in
        // flight: none of them may take the first read's answer.
        db.generation.store(2, Ordering::SeqCst);
        let later: Vec<_> = (0..10)
            .map(|_| {
                let (reads, db) = (Arc::clone(&reads), db.clone());
                tokio::spawn(async move { reads.current("bill", db.reader()).await })
            })
            .collect();
        settle().await;
        db.gate.add_permits(1);
        // The first request gets what its read saw; each later one a read
        // that started after it arrived, so after the write.
        assert_eq!(first.await.unwrap(), generation(1));
        db.gate.add_permits(1);
        for request in later {
            assert_eq!(request.await.unwrap(), generation(2));
        }
        // Eleven requests, two reads: one in flight, one for the batch.
        assert_eq!(db.reads.load(Ordering::SeqCst), 2);
        assert_eq!(reads.in_flight(), 0);
    }

    #[tokio::test]
    async fn a_read_that_ends_without_answering_lets_its_waiters_go() {
        let reads = Arc::new(GenerationReads::default());
        let failing = |_slug: String| async { None };
        assert_eq!(reads.current("bill", failing).await, None);
        assert_eq!(reads.in_flight(), 0);
        // And the next request reads again.
        let db = FakeDb::new();
        db.generation.store(7, Ordering::SeqCst);
        db.gate.add_permits(1);
        assert_eq!(reads.current("bill", db.reader()).await, generation(7));
    }
}
