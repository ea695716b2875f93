//! The JetStream streams, consumer and key-value buckets skill-scan uses, created on first use by whichever
//! process (worker or feed) starts first; an existing one is used as it is (an operator may have tuned it).
//!
//! - `SKILLSCAN_JOBS` (`skillscan.jobs.<ecosystem>`): the work queue; a message is gone once acked.
//!   Its duplicate window is how long a job's message id is remembered (a feed replaying a page publishes
//!   nothing twice within it).
//! - `SKILLSCAN_RESULTS` (`skillscan.results.<ecosystem>`): one message per judged artifact, deduplicated
//!   by a message id (a worker killed between publishing and acking publishes the same id again).
//! - `SKILLSCAN_DEAD` (`skillscan.dead.<ecosystem>`): jobs given up on, with the reason.
//! - buckets `skillscan-results` (latest result per `ecosystem/name/version`), `skillscan-judged`
//!   (artifact digest + rule pack → result key: the idempotency check) and `skillscan-feed` (feed positions).

use async_nats::jetstream::{self, consumer, kv, stream};
use std::time::Duration;

pub const JOBS_STREAM: &str = "SKILLSCAN_JOBS";
pub const JOBS_SUBJECT: &str = "skillscan.jobs";
pub const RESULTS_STREAM: &str = "SKILLSCAN_RESULTS";
pub const RESULTS_SUBJECT: &str = "skillscan.results";
pub const DEAD_STREAM: &str = "SKILLSCAN_DEAD";
pub const DEAD_SUBJECT: &str = "skillscan.dead";
pub const RESULTS_BUCKET: &str = "skillscan-results";
pub const JUDGED_BUCKET: &str = "skillscan-judged";
pub const FEED_BUCKET: &str = "skillscan-feed";
pub const CONSUMER: &str = "skillscan-workers";

/// How the queue is set up when this process creates it.
#[derive(Debug, Clone)]
pub struct QueueSettings {
    /// How long a job's and a result's message id is remembered for deduplication.
    pub duplicate_window: Duration,
    /// Without a progress report for this long, a job in hand is redelivered (a killed worker's job).
    pub ack_wait: Duration,
    /// Deliveries after which a failing job is dead-lettered.
    pub max_deliver: i64,
    /// Memory rather than file storage (tests only: nothing survives a server restart).
    pub memory: bool,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            duplicate_window: Duration::from_secs(3600),
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            memory: false,
        }
    }
}

pub struct Queue {
    pub js: jetstream::Context,
    pub jobs: stream::Stream,
    pub results: kv::Store,
    pub judged: kv::Store,
    pub feed: kv::Store,
}

fn storage(settings: &QueueSettings) -> stream::StorageType {
    if settings.memory {
        stream::StorageType::Memory
    } else {
        stream::StorageType::File
    }
}

/// Gets (or creates) every stream and bucket.
pub async fn open(client: async_nats::Client, settings: &QueueSettings) -> Result<Queue, String> {
    let js = jetstream::new(client);
    let stream_config = |name: &str, subject: &str, work_queue: bool| stream::Config {
        name: name.to_string(),
        subjects: vec![format!("{subject}.>")],
        retention: if work_queue {
            stream::RetentionPolicy::WorkQueue
        } else {
            stream::RetentionPolicy::Limits
        },
        storage: storage(settings),
        duplicate_window: settings.duplicate_window,
        ..Default::default()
    };
    let jobs = js
        .get_or_create_stream(stream_config(JOBS_STREAM, JOBS_SUBJECT, true))
        .await
        .map_err(|e| format!("stream {JOBS_STREAM}: {e}"))?;
    for (name, subject) in [
        (RESULTS_STREAM, RESULTS_SUBJECT),
        (DEAD_STREAM, DEAD_SUBJECT),
    ] {
        js.get_or_create_stream(stream_config(name, subject, false))
            .await
            .map_err(|e| format!("stream {name}: {e}"))?;
    }
    let results = bucket(&js, RESULTS_BUCKET, settings).await?;
    let judged = bucket(&js, JUDGED_BUCKET, settings).await?;
    let feed = bucket(&js, FEED_BUCKET, settings).await?;
    Ok(Queue {
        js,
        jobs,
        results,
        judged,
        feed,
    })
}

async fn bucket(
    js: &jetstream::Context,
    name: &str,
    settings: &QueueSettings,
) -> Result<kv::Store, String> {
    if let Ok(store) = js.get_key_value(name).await {
        return Ok(store);
    }
    // The bucket's stream, made the way `create_key_value` makes it: that call's reply does not parse with
    // the 2.9 servers Debian ships, while a stream's does, and a bucket is only a stream by convention.
    js.get_or_create_stream(stream::Config {
        name: format!("KV_{name}"),
        subjects: vec![format!("$KV.{name}.>")],
        max_messages_per_subject: 1,
        allow_rollup: true,
        deny_delete: true,
        allow_direct: true,
        discard: stream::DiscardPolicy::New,
        storage: storage(settings),
        num_replicas: 1,
        ..Default::default()
    })
    .await
    .map_err(|e| format!("bucket {name}: {e}"))?;
    js.get_key_value(name)
        .await
        .map_err(|e| format!("bucket {name}: {e}"))
}

/// The workers' shared durable pull consumer. The server's own `max_deliver` is two above the worker's, so
/// the worker that sees the last allowed delivery fail can still dead-letter it with the reason (and a job
/// whose worker died on that delivery gets one more try).
pub async fn workers_consumer(
    queue: &Queue,
    settings: &QueueSettings,
) -> Result<consumer::PullConsumer, String> {
    queue
        .jobs
        .get_or_create_consumer(
            CONSUMER,
            consumer::pull::Config {
                durable_name: Some(CONSUMER.to_string()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: settings.ack_wait,
                max_deliver: settings.max_deliver + 2,
                filter_subject: format!("{JOBS_SUBJECT}.>"),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| format!("consumer {CONSUMER}: {e}"))
}
