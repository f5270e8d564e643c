//! A fixed pool of threads of its own for argon2id, as many as cores.
//!
//! Each computation takes 19 MiB. On the runtime's blocking pool, which
//! grows a thread per waiting task, every new thread came with its own
//! allocator arena keeping its 19 MiB after use, and a burst of sign-ins
//! left the server at a gigabyte. Here the threads, and so the memory they
//! keep, are bounded once and for all; a burst queues.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Allocations of at least this size are mapped for themselves and given
/// back on release. glibc otherwise raises that threshold to the size of
/// the first block it unmaps (argon2's 19 MiB), after which those blocks
/// come from the heap, which small allocations landing between them
/// fragment: the heap only grew, by a block every few sign-ins (867 MiB
/// after 300 registrations with one arena; 37 MiB with this).
const MMAP_THRESHOLD: i32 = 1 << 20;

/// At most this many allocator arenas. glibc gives each thread that
/// meets contention an arena of its own, up to eight per core, and each
/// keeps what it freed: after the peak's bursts (64 connections, a
/// hundred blocking threads) the process kept ~110 MiB.
const ARENAS: i32 = 2;

/// Sets [`MMAP_THRESHOLD`] and [`ARENAS`] for the process; call once at
/// start-up.
pub fn bound_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; a fixed threshold
    // is one of its documented uses.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

fn sender() -> &'static Mutex<Sender<Job>> {
    static POOL: OnceLock<Mutex<Sender<Job>>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        for i in 0..threads {
            let rx = Arc::clone(&rx);
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || work(&rx))
                .expect("a password hashing thread");
        }
        Mutex::new(tx)
    })
}

fn work(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

/// Runs `f` on the pool and waits for its result without blocking the
/// async executor; `None` if the pool is gone.
pub async fn run<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(f());
    });
    sender().lock().ok()?.send(job).ok()?;
    rx.await.ok()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn runs_many_jobs_on_a_few_threads() {
        let names: Vec<String> = futures_util::future::join_all((0..32).map(|i| {
            super::run(move || {
                let name = std::thread::current().name().unwrap_or("").to_string();
                (i, name)
            })
        }))
        .await
        .into_iter()
        .map(|r| r.expect("ran").1)
        .collect();
        let threads: std::collections::HashSet<_> = names.iter().collect();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        assert!(names.iter().all(|n| n.starts_with("argon2-")));
        assert!(threads.len() <= cores, "{threads:?}");
    }
}
