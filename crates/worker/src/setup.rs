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
    /// Copies of every stream and bucket kept by the servers of a cluster: 1 on a single server, 3 on a
    /// three-server cluster (any one server may then fail without losing a job or a result).
    pub replicas: usize,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            duplicate_window: Duration::from_secs(3600),
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            memory: false,
            replicas: 1,
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

/// How a stream of ours is made: `subject.>`, a work queue or a log, with the settings' storage,
/// duplicate window and replicas.
pub fn stream_config(
    settings: &QueueSettings,
    name: &str,
    subject: &str,
    work_queue: bool,
) -> stream::Config {
    stream::Config {
        name: name.to_string(),
        subjects: vec![format!("{subject}.>")],
        retention: if work_queue {
            stream::RetentionPolicy::WorkQueue
        } else {
            stream::RetentionPolicy::Limits
        },
        storage: storage(settings),
        duplicate_window: settings.duplicate_window,
        num_replicas: settings.replicas.max(1),
        ..Default::default()
    }
}

/// The stream behind the bucket `name`, made the way `create_key_value` makes it: that call's reply does not
/// parse with the 2.9 servers Debian ships, while a stream's does, and a bucket is only a stream by
/// convention.
pub fn bucket_config(settings: &QueueSettings, name: &str) -> stream::Config {
    stream::Config {
        name: format!("KV_{name}"),
        subjects: vec![format!("$KV.{name}.>")],
        max_messages_per_subject: 1,
        allow_rollup: true,
        deny_delete: true,
        allow_direct: true,
        discard: stream::DiscardPolicy::New,
        storage: storage(settings),
        num_replicas: settings.replicas.max(1),
        ..Default::default()
    }
}

/// Gets (or creates) every stream and bucket.
pub async fn open(client: async_nats::Client, settings: &QueueSettings) -> Result<Queue, String> {
    let js = jetstream::new(client);
    let mut jobs = js
        .get_or_create_stream(stream_config(settings, JOBS_STREAM, JOBS_SUBJECT, true))
        .await
        .map_err(|e| format!("stream {JOBS_STREAM}: {e}"))?;
    warn_replicas(
        settings,
        JOBS_STREAM,
        jobs.info().await.ok().map(|i| i.config.num_replicas),
    );
    for (name, subject) in [
        (RESULTS_STREAM, RESULTS_SUBJECT),
        (DEAD_STREAM, DEAD_SUBJECT),
    ] {
        let mut made = js
            .get_or_create_stream(stream_config(settings, name, subject, false))
            .await
            .map_err(|e| format!("stream {name}: {e}"))?;
        warn_replicas(
            settings,
            name,
            made.info().await.ok().map(|i| i.config.num_replicas),
        );
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

/// An existing stream is used as it is; say so when its replicas are not the ones asked for (raise them with
/// `nats stream edit NAME --replicas N`).
fn warn_replicas(settings: &QueueSettings, name: &str, found: Option<usize>) {
    if let Some(found) = found.filter(|&n| n != settings.replicas.max(1)) {
        eprintln!(
            "warning: stream {name} exists with {found} replica(s), not {}: it is used as it is (change it \
             with `nats stream edit {name} --replicas {}`)",
            settings.replicas.max(1),
            settings.replicas.max(1)
        );
    }
}

async fn bucket(
    js: &jetstream::Context,
    name: &str,
    settings: &QueueSettings,
) -> Result<kv::Store, String> {
    if let Ok(store) = js.get_key_value(name).await {
        return Ok(store);
    }
    js.get_or_create_stream(bucket_config(settings, name))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn streams_and_buckets_get_the_replicas_asked_for() {
        let single = QueueSettings::default();
        assert_eq!(single.replicas, 1);
        let cluster = QueueSettings {
            replicas: 3,
            ..QueueSettings::default()
        };
        for settings in [&single, &cluster] {
            let jobs = stream_config(settings, JOBS_STREAM, JOBS_SUBJECT, true);
            assert_eq!(jobs.num_replicas, settings.replicas);
            assert_eq!(jobs.retention, stream::RetentionPolicy::WorkQueue);
            assert_eq!(jobs.subjects, ["skillscan.jobs.>"]);
            let bucket = bucket_config(settings, RESULTS_BUCKET);
            assert_eq!(bucket.num_replicas, settings.replicas);
            assert_eq!(bucket.name, "KV_skillscan-results");
        }
        let zero = QueueSettings {
            replicas: 0,
            ..QueueSettings::default()
        };
        assert_eq!(
            stream_config(&zero, DEAD_STREAM, DEAD_SUBJECT, false).num_replicas,
            1
        );
    }

    /// deploy/: every worker and feed Deployment asks for as many replicas as the NATS values run servers
    /// (a stream with more replicas than servers cannot be made; fewer loses data with a server).
    #[test]
    fn the_deployments_ask_for_one_replica_per_nats_server() {
        let deploy = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
        let values = std::fs::read_to_string(deploy.join("nats-values.yaml")).unwrap();
        let cluster = values.split("cluster:").nth(1).unwrap();
        let servers: usize = cluster
            .lines()
            .find_map(|l| l.trim().strip_prefix("replicas:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(servers, 3);
        for file in ["worker-deployment.yaml", "feed-deployment.yaml"] {
            let text = std::fs::read_to_string(deploy.join("k8s").join(file)).unwrap();
            let asked: Vec<usize> = text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("- --replicas="))
                .map(|n| n.parse().unwrap())
                .collect();
            assert_eq!(asked, [servers], "{file}");
        }
    }
}
