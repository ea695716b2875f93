//! `skill-scan worker`: pulls jobs from the work queue, scans each, publishes the result, and only then acks.
//!
//! Per job: resolve the release from the registry's metadata (its published digest) → if that digest was
//! already judged by this rule pack, ack without scanning → download (checked against the digest) and scan
//! on a blocking thread, telling the server "still working" every third of the ack wait → publish the
//! result to the results stream (message id: result key + rule pack, so a second publish after a crash is
//! dropped by the server) and the results bucket → remember the digest → ack. A failure or a timeout naks
//! the job with an exponential delay; the delivery that reaches `max_deliver` goes to the dead-letter
//! subject with the reason instead. A worker that dies holding a job simply stops reporting progress, and
//! the server redelivers the job after the ack wait. Workers keep nothing between jobs.

use crate::job::{judged_key, Job, Target};
use crate::setup::{self, Queue, QueueSettings, DEAD_SUBJECT, RESULTS_SUBJECT};
use async_nats::jetstream::{self, AckKind};
use futures_util::StreamExt;
use serde_json::{json, Value};
use skill_scan_registry::{sha256_hex, Http, Registry, RegistryConfig, Release, MAX_ARCHIVE_BYTES};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;

/// The scanner, as the worker sees it (implemented by the skill-scan library, which the worker cannot
/// depend on without a cycle: the `skill-scan` command line depends on this crate).
pub trait ArchiveScanner: Send + Sync + 'static {
    /// Names the rules and code that judge: a new rule pack means every artifact is judged again.
    fn rule_pack(&self) -> String;
    /// Scans a downloaded artifact with the normal pipeline and limits.
    fn scan(&self, target: &str, download: Download) -> Result<Scanned, String>;
}

/// A downloaded artifact, checked against the digest it was published with.
pub enum Download {
    Release {
        release: Box<Release>,
        bytes: Vec<u8>,
        verified: String,
    },
    Archive {
        url: String,
        bytes: Vec<u8>,
    },
}

pub struct Scanned {
    /// `allow`, `review` or `block`.
    pub verdict: String,
    /// The JSON contract (`skill-scan --format json`) of this one target.
    pub report: Value,
    /// The signed verdict (a DSSE envelope of an in-toto statement, as one line of `--attest`), when the
    /// worker was given a key.
    pub attestation: Option<Value>,
}

#[derive(Debug, Clone)]
pub struct WorkerOptions {
    pub queue: QueueSettings,
    /// Jobs in hand at once.
    pub concurrency: usize,
    /// Download and scan of one job, at most (then it is naked and retried).
    pub job_timeout: Duration,
    /// Delay before the second delivery of a failed job; doubled each time, up to `backoff_max`.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// On SIGTERM, how long a job in hand may still take before it is naked for another worker.
    pub grace: Duration,
    pub registry: RegistryConfig,
    /// For each registry request.
    pub http_timeout: Duration,
    /// Shown in results and logs (`host:pid` by default).
    pub name: String,
}

/// What the worker did, for its exit line.
#[derive(Debug, Default)]
pub struct Tally {
    pub scanned: AtomicU64,
    pub skipped: AtomicU64,
    pub retried: AtomicU64,
    pub dead: AtomicU64,
}

struct Ctx {
    queue: Queue,
    options: WorkerOptions,
    scanner: Arc<dyn ArchiveScanner>,
    registry: Arc<Registry>,
    http: Arc<Http>,
    rule_pack: String,
    shutdown: watch::Receiver<bool>,
    tally: Tally,
}

/// Runs until `shutdown` turns true, then finishes (or naks) the jobs in hand and returns.
pub async fn run(
    client: async_nats::Client,
    options: WorkerOptions,
    scanner: Arc<dyn ArchiveScanner>,
    shutdown: watch::Receiver<bool>,
) -> Result<Tally, String> {
    let queue = setup::open(client, &options.queue).await?;
    let consumer = setup::workers_consumer(&queue, &options.queue).await?;
    let user_agent = concat!("skill-scan-worker/", env!("CARGO_PKG_VERSION"));
    let registry = Arc::new(Registry::new(
        options.registry.clone(),
        options.http_timeout,
    ));
    let http = Arc::new(Http::new(
        &options.registry.registry_urls(),
        options.http_timeout,
        user_agent,
    ));
    let ctx = Arc::new(Ctx {
        queue,
        rule_pack: scanner.rule_pack(),
        options,
        scanner,
        registry,
        http,
        shutdown,
        tally: Tally::default(),
    });
    eprintln!(
        "worker {}: ready (rule pack {}, {} at a time)",
        ctx.options.name, ctx.rule_pack, ctx.options.concurrency
    );
    let mut lanes = Vec::new();
    for _ in 0..ctx.options.concurrency.max(1) {
        let ctx = ctx.clone();
        let consumer = consumer.clone();
        lanes.push(tokio::spawn(async move { lane(&ctx, &consumer).await }));
    }
    for lane in lanes {
        let _ = lane.await;
    }
    let ctx = Arc::try_unwrap(ctx).map_err(|_| "a lane outlived the worker".to_string())?;
    Ok(ctx.tally)
}

/// One job at a time, until shutdown.
async fn lane(ctx: &Ctx, consumer: &jetstream::consumer::PullConsumer) {
    while !*ctx.shutdown.borrow() {
        let batch = consumer
            .fetch()
            .max_messages(1)
            .expires(Duration::from_secs(1))
            .messages()
            .await;
        let mut batch = match batch {
            Ok(batch) => batch,
            Err(e) => {
                // The server is restarting or unreachable: the client reconnects by itself.
                eprintln!("worker {}: fetch: {e}", ctx.options.name);
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        };
        while let Some(message) = batch.next().await {
            match message {
                Ok(message) => handle(ctx, message).await,
                Err(e) => eprintln!("worker {}: receive: {e}", ctx.options.name),
            }
        }
    }
}

enum Failure {
    /// Try again later (after the back-off), or dead-letter on the last delivery.
    Retry(String),
    /// Shutting down: give the job back at once.
    Shutdown,
}

enum Done {
    Scanned(String),
    AlreadyJudged,
}

async fn handle(ctx: &Ctx, message: jetstream::Message) {
    let delivered = message.info().map_or(1, |info| info.delivered);
    let stream_seq = message.info().map_or(0, |info| info.stream_sequence);
    let (job, target) = match Job::parse(&message.payload) {
        Ok(parsed) => parsed,
        Err(why) => {
            dead_letter(ctx, &message, "job", None, &why, delivered, stream_seq).await;
            return;
        }
    };
    let key = target.result_key();
    eprintln!(
        "worker {}: start {key} delivery {delivered}",
        ctx.options.name
    );
    match process(ctx, &message, &job, &target, &key, delivered).await {
        Ok(done) => {
            if let Err(e) = message.double_ack().await {
                // The result is out; the redelivery will find it judged and only ack.
                eprintln!("worker {}: ack {key}: {e}", ctx.options.name);
            }
            match done {
                Done::Scanned(verdict) => {
                    ctx.tally.scanned.fetch_add(1, Ordering::Relaxed);
                    eprintln!("worker {}: done {key} {verdict}", ctx.options.name);
                }
                Done::AlreadyJudged => {
                    ctx.tally.skipped.fetch_add(1, Ordering::Relaxed);
                    eprintln!("worker {}: judged before {key}", ctx.options.name);
                }
            }
        }
        Err(Failure::Shutdown) => {
            let _ = message.ack_with(AckKind::Nak(None)).await;
            eprintln!(
                "worker {}: gave back {key} (shutting down)",
                ctx.options.name
            );
        }
        Err(Failure::Retry(why)) if delivered >= ctx.options.queue.max_deliver => {
            let ecosystem = target.ecosystem();
            dead_letter(
                ctx,
                &message,
                ecosystem,
                Some(&key),
                &why,
                delivered,
                stream_seq,
            )
            .await;
        }
        Err(Failure::Retry(why)) => {
            let delay = backoff(delivered, ctx.options.backoff_base, ctx.options.backoff_max);
            ctx.tally.retried.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "worker {}: retry {key} in {} ms: {why}",
                ctx.options.name,
                delay.as_millis()
            );
            let _ = message.ack_with(AckKind::Nak(Some(delay))).await;
        }
    }
}

/// The delay before delivery `delivered + 1`: `base`, doubled per delivery so far, at most `max`.
pub fn backoff(delivered: i64, base: Duration, max: Duration) -> Duration {
    let doublings = u32::try_from(delivered.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(1u32 << doublings).min(max)
}

/// What the registry metadata says the artifact is, before anything is downloaded.
enum Resolved {
    Release(Box<Release>),
    Archive { url: String, sha256: String },
}

impl Resolved {
    fn digest(&self) -> String {
        match self {
            Resolved::Release(release) => release.expected.display(),
            Resolved::Archive { sha256, .. } => format!("sha256:{sha256}"),
        }
    }
}

async fn process(
    ctx: &Ctx,
    message: &jetstream::Message,
    job: &Job,
    target: &Target,
    key: &str,
    delivered: i64,
) -> Result<Done, Failure> {
    let resolved = {
        let registry = ctx.registry.clone();
        let target = target.clone();
        in_hand(ctx, message, move || match target {
            Target::Release(spec) => registry
                .resolve(&spec, false)
                .map(|r| Resolved::Release(Box::new(r)))
                .map_err(String::from),
            Target::Archive { url, sha256 } | Target::Skill { url, sha256, .. } => {
                Ok(Resolved::Archive { url, sha256 })
            }
        })
        .await?
    };
    let digest = resolved.digest();
    let judged = judged_key(&digest, &ctx.rule_pack);
    if let Some(done) = already_judged(ctx, &judged, key, job).await? {
        return Ok(done);
    }

    let scanned = {
        let scanner = ctx.scanner.clone();
        let registry = ctx.registry.clone();
        let http = ctx.http.clone();
        let job_target = job.target.clone();
        in_hand(ctx, message, move || {
            let download = match resolved {
                Resolved::Release(release) => {
                    let (bytes, verified) = registry.download(&release)?;
                    Download::Release {
                        release,
                        bytes,
                        verified,
                    }
                }
                Resolved::Archive { url, sha256 } => {
                    let bytes = http.get_bytes(&url, MAX_ARCHIVE_BYTES)?;
                    let got = sha256_hex(&bytes);
                    if got != sha256 {
                        return Err(format!(
                            "{url}: sha256 is {got}, the job says {sha256}; not scanned"
                        ));
                    }
                    Download::Archive { url, bytes }
                }
            };
            scanner.scan(&job_target, download)
        })
        .await?
    };
    let mut entry = json!({
        "key": key,
        "target": job.target,
        "digest": digest,
        "rule_pack": ctx.rule_pack,
        "verdict": scanned.verdict,
        "published_ms": job.published_ms,
        "done_ms": now_ms(),
        "deliveries": delivered,
        "worker": ctx.options.name,
        "report": scanned.report,
    });
    if let Some(attestation) = scanned.attestation {
        entry["attestation"] = attestation;
    }
    publish_result(ctx, target.ecosystem(), key, &entry).await?;
    put(&ctx.queue.judged, &judged, key.as_bytes().to_vec()).await?;
    Ok(Done::Scanned(scanned.verdict))
}

/// `Some` when this artifact already has a result for this rule pack: under this key (nothing to do),
/// or under another name (the result is copied to this key, not scanned again).
async fn already_judged(
    ctx: &Ctx,
    judged: &str,
    key: &str,
    job: &Job,
) -> Result<Option<Done>, Failure> {
    let Some(first_key) = get(&ctx.queue.judged, judged).await? else {
        return Ok(None);
    };
    if get(&ctx.queue.results, key).await?.is_some() {
        return Ok(Some(Done::AlreadyJudged));
    }
    let first_key = String::from_utf8_lossy(&first_key).into_owned();
    let Some(first) = get(&ctx.queue.results, &first_key).await? else {
        return Ok(None);
    };
    let Ok(mut entry) = serde_json::from_slice::<Value>(&first) else {
        return Ok(None);
    };
    entry["key"] = json!(key);
    entry["target"] = json!(job.target);
    entry["published_ms"] = json!(job.published_ms);
    entry["done_ms"] = json!(now_ms());
    entry["same_artifact_as"] = json!(first_key);
    let ecosystem = key.split('/').next().unwrap_or("url");
    publish_result(ctx, ecosystem, key, &entry).await?;
    Ok(Some(Done::AlreadyJudged))
}

async fn publish_result(
    ctx: &Ctx,
    ecosystem: &str,
    key: &str,
    entry: &Value,
) -> Result<(), Failure> {
    let payload = serde_json::to_vec(entry).map_err(|e| Failure::Retry(e.to_string()))?;
    let mut headers = async_nats::HeaderMap::new();
    headers.insert(
        "Nats-Msg-Id",
        format!("result:{key}:{}", ctx.rule_pack).as_str(),
    );
    let subject = format!("{RESULTS_SUBJECT}.{ecosystem}");
    let ack = ctx
        .queue
        .js
        .publish_with_headers(subject, headers, payload.clone().into())
        .await
        .map_err(|e| Failure::Retry(format!("publish result: {e}")))?;
    ack.await
        .map_err(|e| Failure::Retry(format!("publish result: {e}")))?;
    put(&ctx.queue.results, key, payload).await
}

async fn get(store: &jetstream::kv::Store, key: &str) -> Result<Option<bytes::Bytes>, Failure> {
    store
        .get(key)
        .await
        .map_err(|e| Failure::Retry(format!("read {key}: {e}")))
}

async fn put(store: &jetstream::kv::Store, key: &str, value: Vec<u8>) -> Result<(), Failure> {
    store
        .put(key, value.into())
        .await
        .map(|_| ())
        .map_err(|e| Failure::Retry(format!("write {key}: {e}")))
}

/// Runs `work` on a blocking thread while the job is in hand: reports progress to the server, gives up
/// after the job timeout, and gives the job back when a shutdown outlasts the grace period.
async fn in_hand<T: Send + 'static>(
    ctx: &Ctx,
    message: &jetstream::Message,
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, Failure> {
    let work = tokio::time::timeout(ctx.options.job_timeout, tokio::task::spawn_blocking(work));
    tokio::pin!(work);
    let mut progress =
        tokio::time::interval((ctx.options.queue.ack_wait / 3).max(Duration::from_millis(100)));
    progress.tick().await;
    let mut shutdown = ctx.shutdown.clone();
    let grace = ctx.options.grace;
    let given_back = async move {
        let _ = shutdown.wait_for(|stop| *stop).await;
        tokio::time::sleep(grace).await;
    };
    tokio::pin!(given_back);
    loop {
        tokio::select! {
            outcome = &mut work => {
                return match outcome {
                    Ok(Ok(Ok(value))) => Ok(value),
                    Ok(Ok(Err(why))) => Err(Failure::Retry(why)),
                    Ok(Err(join)) => Err(Failure::Retry(format!("scan failed: {join}"))),
                    Err(_) => Err(Failure::Retry(format!(
                        "timed out after {} s",
                        ctx.options.job_timeout.as_secs_f64()
                    ))),
                };
            }
            _ = progress.tick() => {
                let _ = message.ack_with(AckKind::Progress).await;
            }
            () = &mut given_back => return Err(Failure::Shutdown),
        }
    }
}

async fn dead_letter(
    ctx: &Ctx,
    message: &jetstream::Message,
    ecosystem: &str,
    key: Option<&str>,
    reason: &str,
    delivered: i64,
    stream_seq: u64,
) {
    let raw = String::from_utf8_lossy(&message.payload[..message.payload.len().min(4096)]);
    let entry = json!({
        "job": raw,
        "key": key,
        "reason": reason,
        "deliveries": delivered,
        "worker": ctx.options.name,
        "at_ms": now_ms(),
    });
    let mut headers = async_nats::HeaderMap::new();
    headers.insert("Nats-Msg-Id", format!("dead:{stream_seq}").as_str());
    let published = match ctx
        .queue
        .js
        .publish_with_headers(
            format!("{DEAD_SUBJECT}.{ecosystem}"),
            headers,
            entry.to_string().into(),
        )
        .await
    {
        Ok(ack) => ack.await.map(|_| ()).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match published {
        Ok(()) => {
            ctx.tally.dead.fetch_add(1, Ordering::Relaxed);
            eprintln!(
                "worker {}: dead {} after {delivered} deliveries: {reason}",
                ctx.options.name,
                key.unwrap_or("(unreadable job)")
            );
            let _ = message.ack_with(AckKind::Term).await;
        }
        Err(e) => {
            // Not dead-lettered: leave it to be delivered again rather than lose it.
            eprintln!("worker {}: dead-letter failed: {e}", ctx.options.name);
            let _ = message
                .ack_with(AckKind::Nak(Some(ctx.options.backoff_base)))
                .await;
        }
    }
}

pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let base = Duration::from_millis(500);
        let max = Duration::from_secs(30);
        let delays: Vec<u128> = (1..=9).map(|d| backoff(d, base, max).as_millis()).collect();
        assert_eq!(
            delays,
            [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]
        );
        assert_eq!(backoff(0, base, max), base);
        assert_eq!(backoff(i64::MAX, base, max), max);
    }
}
