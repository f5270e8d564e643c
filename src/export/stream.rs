//! Exports are written by blocking code into a `Write` that hands chunks to
//! the HTTP response as they fill: memory stays flat whatever the size,
//! and a slow reader slows the writer down (the channel is bounded).

use std::io::{self, Write};

use bytes::Bytes;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

const CHUNK: usize = 32 * 1024;
/// Chunks in flight between the writer and the connection.
const IN_FLIGHT: usize = 8;

/// A `Write` sending full chunks down a bounded channel.
pub struct ChannelWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the reader went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

impl Drop for ChannelWriter {
    fn drop(&mut self) {
        let _ = self.send();
    }
}

/// Runs `produce` on a blocking thread and returns the stream of what it
/// writes. An error after the first bytes ends the stream early (the
/// client sees a truncated body, and the error is logged).
pub fn spawn<F>(produce: F) -> impl futures_util::Stream<Item = Result<Bytes, io::Error>>
where
    F: FnOnce(&mut ChannelWriter) -> io::Result<()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut w = ChannelWriter {
            buf: Vec::with_capacity(CHUNK),
            tx: tx.clone(),
        };
        if let Err(e) = produce(&mut w).and_then(|_| w.flush()) {
            tracing::warn!(error = %e, "export stopped");
            let _ = tx.blocking_send(Err(e));
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}

/// A `Write` that only hashes and counts: the manifest's SHA-256 of a file
/// without keeping it.
#[derive(Default)]
pub struct Hasher {
    hash: Sha256,
    pub bytes: u64,
}

impl Hasher {
    pub fn hex(self) -> String {
        hex::encode(self.hash.finalize())
    }
}

impl Write for Hasher {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.hash.update(data);
        self.bytes += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A store error as an I/O error, for producers.
pub fn io_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}
