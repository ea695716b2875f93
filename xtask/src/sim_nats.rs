//! The simulation's own view of NATS: how many results and dead letters there are, and at the end every
//! message of the results and dead-letter streams and every key of the results bucket, for the checks.

use async_nats::jetstream::{self, consumer};
use futures_util::StreamExt;
use serde_json::Value;
use skill_scan_worker::setup::{self, QueueSettings};
use std::collections::HashSet;
use std::time::Duration;

pub const RESULTS: &str = setup::RESULTS_STREAM;
pub const DEAD: &str = setup::DEAD_STREAM;

pub struct Observer {
    js: jetstream::Context,
}

#[derive(Debug)]
pub struct ResultEntry {
    pub key: String,
    pub verdict: String,
    pub deliveries: i64,
    /// The worker that published it.
    pub worker: String,
    pub published_ms: Option<u64>,
    pub done_ms: Option<u64>,
    /// The signed verdict (DSSE envelope), when the workers were given a key.
    pub attestation: Option<Value>,
}

pub struct Outcome {
    pub results: Vec<ResultEntry>,
    /// The key of each dead letter.
    pub dead: Vec<Option<String>>,
    pub in_bucket: HashSet<String>,
    pub jobs_left: u64,
}

impl Observer {
    /// Connects and creates the streams with the settings the simulation's workers use.
    pub async fn connect(url: &str) -> Result<Observer, String> {
        let client = async_nats::ConnectOptions::new()
            .max_reconnects(None)
            .connect(url)
            .await
            .map_err(|e| e.to_string())?;
        let settings = QueueSettings {
            ack_wait: Duration::from_secs(3),
            max_deliver: 6,
            ..QueueSettings::default()
        };
        let queue = setup::open(client, &settings).await?;
        Ok(Observer { js: queue.js })
    }

    /// Messages in `stream` (0 while the server is away: the caller polls again).
    pub async fn count(&self, stream: &str) -> u64 {
        let info = async {
            let mut stream = self.js.get_stream(stream).await.ok()?;
            stream.info().await.ok().map(|i| i.state.messages)
        };
        tokio::time::timeout(Duration::from_secs(2), info)
            .await
            .ok()
            .flatten()
            .unwrap_or(0)
    }

    async fn read_all(&self, name: &str) -> Result<Vec<Value>, String> {
        let total = self.count(name).await;
        let stream = self.js.get_stream(name).await.map_err(|e| e.to_string())?;
        let consumer = stream
            .create_consumer(consumer::pull::Config {
                ack_policy: consumer::AckPolicy::None,
                deliver_policy: consumer::DeliverPolicy::All,
                ..Default::default()
            })
            .await
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        while (out.len() as u64) < total {
            let mut batch = consumer
                .fetch()
                .max_messages(500)
                .expires(Duration::from_secs(2))
                .messages()
                .await
                .map_err(|e| e.to_string())?;
            let before = out.len();
            while let Some(message) = batch.next().await {
                let message = message.map_err(|e| e.to_string())?;
                out.push(serde_json::from_slice(&message.payload).unwrap_or(Value::Null));
            }
            if out.len() == before {
                return Err(format!("{name}: read {before} of {total} messages"));
            }
        }
        Ok(out)
    }

    pub async fn outcome(&self) -> Result<Outcome, String> {
        let results = self
            .read_all(RESULTS)
            .await?
            .into_iter()
            .map(|v| ResultEntry {
                key: v["key"].as_str().unwrap_or_default().to_string(),
                verdict: v["verdict"].as_str().unwrap_or_default().to_string(),
                deliveries: v["deliveries"].as_i64().unwrap_or(0),
                worker: v["worker"].as_str().unwrap_or_default().to_string(),
                published_ms: v["published_ms"].as_u64(),
                done_ms: v["done_ms"].as_u64(),
                attestation: v.get("attestation").cloned(),
            })
            .collect();
        let dead = self
            .read_all(DEAD)
            .await?
            .into_iter()
            .map(|v| v["key"].as_str().map(str::to_string))
            .collect();
        let bucket = self
            .js
            .get_key_value(setup::RESULTS_BUCKET)
            .await
            .map_err(|e| e.to_string())?;
        let mut keys = bucket.keys().await.map_err(|e| e.to_string())?;
        let mut in_bucket = HashSet::new();
        while let Some(key) = keys.next().await {
            in_bucket.insert(key.map_err(|e| e.to_string())?);
        }
        let jobs_left = self.count(setup::JOBS_STREAM).await;
        Ok(Outcome {
            results,
            dead,
            in_bucket,
            jobs_left,
        })
    }
}
