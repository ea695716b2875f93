//! skill-scan at registry scale on NATS JetStream: `skill-scan worker` (stateless workers pulling scan jobs
//! from a durable work queue) and `skill-scan feed` (registry change feeds → jobs). See `docs/scale.md`.
//!
//! The scanner itself is passed in ([`ArchiveScanner`]): this crate knows queues, registries and retries,
//! the skill-scan library knows how to judge an archive.

pub mod connect;
pub mod feed;
pub mod feed_parse;
pub mod job;
pub mod setup;
pub mod worker;

pub use connect::{NatsFlags, NatsSettings};
pub use feed::{FeedOptions, FeedTally};
pub use job::{Job, Target};
pub use setup::QueueSettings;
pub use worker::{ArchiveScanner, Download, Scanned, Tally, WorkerOptions};

/// A receiver that turns true on SIGTERM or Ctrl-C (the sender lives in a task of the runtime).
pub fn shutdown_signal() -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = tokio::signal::ctrl_c() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
        eprintln!("shutting down: finishing the jobs in hand");
        let _ = tx.send(true);
    });
    rx
}
