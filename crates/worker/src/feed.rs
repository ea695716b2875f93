//! `skill-scan feed`: turns the registries' change feeds into jobs on the work queue.
//!
//! Each new version becomes one job on `skillscan.jobs.<ecosystem>` (`npm`, `pypi`, `skill`) with the
//! message id `job:<target>`, so the server drops a version published twice within the stream's duplicate
//! window (a page read again after a restart, two feeds naming the same release). The position in each feed
//! (npm's `last_seq`; PyPI's and the skill listing's newest publication time) is kept in the `skillscan-feed`
//! bucket, written only once every job of a page is stored by the server: a feed killed mid-page
//! republishes that page, and deduplication absorbs it.

use crate::feed_parse::{npm_changes, npm_newest_version, pypi_releases, seq_param, skill_listing};
use crate::job::{job_message_id, Job};
use crate::setup::{self, Queue, QueueSettings, JOBS_SUBJECT};
use crate::worker::now_ms;
use serde_json::Value;
use skill_scan_registry::{Http, RegistryConfig, MAX_ARCHIVE_BYTES};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

const NPM_POSITION: &str = "npm.seq";
const PYPI_POSITION: &str = "pypi.published";
const SKILLS_POSITION: &str = "skills.published";

#[derive(Debug, Clone)]
pub struct FeedOptions {
    pub queue: QueueSettings,
    /// The npm replication changes endpoint (`https://replicate.npmjs.com/registry/_changes`).
    pub npm_changes: Option<String>,
    /// Changes asked for per page.
    pub npm_page: usize,
    /// The PyPI release feed (`https://pypi.org/rss/updates.xml`).
    pub pypi_rss: Option<String>,
    /// A ClawHub-style skill listing (JSON; the shape is in `docs/scale.md`).
    pub skill_listing: Option<String>,
    /// Where npm package documents are read (the npm registry of the user's configuration).
    pub registry: RegistryConfig,
    pub http_timeout: Duration,
    /// Between polls once caught up.
    pub interval: Duration,
    /// Stop once caught up instead of polling for ever.
    pub once: bool,
}

/// How many jobs were stored (new) and dropped as duplicates.
#[derive(Debug, Default, Clone, Copy)]
pub struct FeedTally {
    pub published: u64,
    pub duplicates: u64,
}

pub async fn run(
    client: async_nats::Client,
    options: FeedOptions,
    mut shutdown: watch::Receiver<bool>,
) -> Result<FeedTally, String> {
    let queue = setup::open(client, &options.queue).await?;
    // Feed URLs the user gave over plain http (a local mirror, the simulation) are allowed like registries.
    let mut plain: Vec<&str> = options.registry.registry_urls();
    plain.extend(options.npm_changes.as_deref());
    plain.extend(options.pypi_rss.as_deref());
    plain.extend(options.skill_listing.as_deref());
    let http = Arc::new(Http::new(
        &plain,
        options.http_timeout,
        concat!("skill-scan-feed/", env!("CARGO_PKG_VERSION")),
    ));
    let mut tally = FeedTally::default();
    // The releases of the stored PyPI second already queued by this process.
    let mut pypi_ties: Ties = (i64::MIN, HashSet::new());
    let mut skill_ties: Ties = (i64::MIN, HashSet::new());
    loop {
        let mut new = 0;
        let mut failed = false;
        if let Some(url) = &options.npm_changes {
            match poll_npm(&queue, &http, &options, url, &mut tally).await {
                Ok(count) => new += count,
                Err(why) => failed = report(&options, &why),
            }
        }
        if let Some(url) = &options.pypi_rss {
            match poll_pypi(&queue, &http, url, &mut tally, &mut pypi_ties).await {
                Ok(count) => new += count,
                Err(why) => failed = report(&options, &why),
            }
        }
        if let Some(url) = &options.skill_listing {
            match poll_skills(&queue, &http, url, &mut tally, &mut skill_ties).await {
                Ok(count) => new += count,
                Err(why) => failed = report(&options, &why),
            }
        }
        // A failed poll is tried again after the interval (its position was not moved).
        if *shutdown.borrow() || (options.once && !failed && new == 0) {
            return Ok(tally);
        }
        if failed || new == 0 {
            tokio::select! {
                () = tokio::time::sleep(options.interval) => {}
                _ = shutdown.changed() => {}
            }
        }
    }
}

/// Logs a failed poll (a restarting server, a registry hiccup: the feed goes on); true.
fn report(options: &FeedOptions, why: &str) -> bool {
    eprintln!(
        "feed: {why} (trying again in {} s)",
        options.interval.as_secs_f64()
    );
    true
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| e.to_string())?
}

/// One page of npm changes; how many changes it held.
async fn poll_npm(
    queue: &Queue,
    http: &Arc<Http>,
    options: &FeedOptions,
    url: &str,
    tally: &mut FeedTally,
) -> Result<usize, String> {
    let since = position(queue, NPM_POSITION).await?;
    let joiner = if url.contains('?') { '&' } else { '?' };
    let page_url = match &since {
        Some(seq) => format!(
            "{url}{joiner}since={}&limit={}",
            seq_param(seq),
            options.npm_page
        ),
        None => format!("{url}{joiner}limit={}", options.npm_page),
    };
    let page = {
        let http = http.clone();
        blocking(move || {
            http.get_json(&page_url)?
                .ok_or_else(|| format!("{page_url}: not found"))
        })
        .await?
    };
    let (changes, last) = npm_changes(&page)?;
    let count = changes.len();
    let mut jobs = Vec::new();
    for change in changes {
        let base = options.registry.npm_registry_for(&change.id).to_string();
        let doc_url = format!("{base}{}", change.id.replace('/', "%2f"));
        let http = http.clone();
        let doc = blocking(move || Ok(http.get_json(&doc_url)?)).await;
        let version = match doc {
            Ok(Some(doc)) => npm_newest_version(&doc),
            Ok(None) => None,
            Err(e) => return Err(format!("npm {}: {e}", change.id)),
        };
        if let Some(version) = version {
            jobs.push(("npm", job(format!("npm:{}@{version}", change.id))));
        }
    }
    publish_jobs(queue, &jobs, tally).await?;
    if let Some(last) = last.filter(|last| Some(last) != since.as_ref()) {
        save_position(queue, NPM_POSITION, &last).await?;
    }
    Ok(count)
}

/// The PyPI feed; how many releases were new.
async fn poll_pypi(
    queue: &Queue,
    http: &Arc<Http>,
    url: &str,
    tally: &mut FeedTally,
    ties: &mut Ties,
) -> Result<usize, String> {
    let xml = {
        let http = http.clone();
        let url = url.to_string();
        blocking(move || Ok(http.get_bytes(&url, MAX_ARCHIVE_BYTES)?)).await?
    };
    let releases = pypi_releases(&String::from_utf8_lossy(&xml))
        .into_iter()
        .map(|r| Dated {
            ecosystem: "pypi",
            job: job(format!("pypi:{}=={}", r.name, r.version)),
            published: r.published,
        })
        .collect();
    publish_dated(queue, PYPI_POSITION, releases, tally, ties).await
}

/// A skill listing; how many skill versions were new.
async fn poll_skills(
    queue: &Queue,
    http: &Arc<Http>,
    url: &str,
    tally: &mut FeedTally,
    ties: &mut Ties,
) -> Result<usize, String> {
    let page = {
        let http = http.clone();
        let url = url.to_string();
        blocking(move || {
            http.get_json(&url)?
                .ok_or_else(|| format!("{url}: not found"))
        })
        .await?
    };
    let (skills, skipped) = skill_listing(&page)?;
    if skipped > 0 {
        eprintln!("feed: {skipped} skill listing item(s) without name, version, archive_url, sha256 or published_at skipped");
    }
    let versions = skills
        .into_iter()
        .map(|s| Dated {
            ecosystem: "skill",
            job: Job {
                url: Some(s.archive_url),
                sha256: Some(s.sha256),
                ..job(format!("skill:{}@{}", s.name, s.version))
            },
            published: s.published,
        })
        .collect();
    publish_dated(queue, SKILLS_POSITION, versions, tally, ties).await
}

fn job(target: String) -> Job {
    Job {
        target,
        sha256: None,
        url: None,
        published_ms: Some(now_ms()),
    }
}

/// A release of a feed whose position is a publication time (PyPI's RSS, a skill listing).
struct Dated {
    ecosystem: &'static str,
    job: Job,
    published: i64,
}

/// The stored position (a publication second) and the targets of that second this process queued already.
pub(crate) type Ties = (i64, HashSet<String>);

/// Queues the releases newer than the position stored under `key` and moves it to the newest; how many
/// jobs were new.
async fn publish_dated(
    queue: &Queue,
    key: &str,
    items: Vec<Dated>,
    tally: &mut FeedTally,
    ties: &mut Ties,
) -> Result<usize, String> {
    let since = position(queue, key)
        .await?
        .and_then(|v| v.as_i64())
        .unwrap_or(i64::MIN);
    if ties.0 != since {
        *ties = (since, HashSet::new());
    }
    // Releases of the stored second that this process has not queued yet are queued (another release of that
    // second may be new); after a restart that is all of them once, and the message id drops the old ones.
    let fresh: Vec<Dated> = items
        .into_iter()
        .filter(|r| {
            r.published > since || (r.published == since && !ties.1.contains(&r.job.target))
        })
        .collect();
    let newest = fresh.iter().map(|r| r.published).max();
    let jobs: Vec<(&str, Job)> = fresh.iter().map(|r| (r.ecosystem, r.job.clone())).collect();
    let before = tally.published;
    publish_jobs(queue, &jobs, tally).await?;
    match newest {
        Some(newest) if newest > since => {
            save_position(queue, key, &Value::from(newest)).await?;
            let at_newest = fresh
                .iter()
                .filter(|r| r.published == newest)
                .map(|r| r.job.target.clone());
            *ties = (newest, at_newest.collect());
        }
        _ => ties.1.extend(jobs.into_iter().map(|(_, j)| j.target)),
    }
    Ok((tally.published - before) as usize)
}

/// Publishes every job, then waits for the server to have stored them all.
async fn publish_jobs(
    queue: &Queue,
    jobs: &[(&str, Job)],
    tally: &mut FeedTally,
) -> Result<(), String> {
    let mut pending = Vec::with_capacity(jobs.len());
    for (ecosystem, job) in jobs {
        let payload = serde_json::to_vec(job).map_err(|e| e.to_string())?;
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", job_message_id(&job.target).as_str());
        let ack = queue
            .js
            .publish_with_headers(
                format!("{JOBS_SUBJECT}.{ecosystem}"),
                headers,
                payload.into(),
            )
            .await
            .map_err(|e| format!("publish {}: {e}", job.target))?;
        pending.push(ack);
    }
    for ack in pending {
        let ack = ack.await.map_err(|e| format!("publish: {e}"))?;
        if ack.duplicate {
            tally.duplicates += 1;
        } else {
            tally.published += 1;
        }
    }
    Ok(())
}

async fn position(queue: &Queue, key: &str) -> Result<Option<Value>, String> {
    let value = queue
        .feed
        .get(key)
        .await
        .map_err(|e| format!("read feed position {key}: {e}"))?;
    Ok(value.and_then(|bytes| serde_json::from_slice(&bytes).ok()))
}

async fn save_position(queue: &Queue, key: &str, value: &Value) -> Result<(), String> {
    queue
        .feed
        .put(key, value.to_string().into())
        .await
        .map(|_| ())
        .map_err(|e| format!("write feed position {key}: {e}"))
}
