//! `skill-scan worker` and `skill-scan feed` (cargo feature `worker`): their flags, and the scanner the
//! worker crate (`crates/worker`) is handed: this library's pipeline, rules and default limits.

use crate::registry_input::release_notices;
use crate::{RuleSet, ScanOptions, Scanner};
use clap::Args;
use serde_json::Value;
use sha2::{Digest, Sha256};
use skill_scan_registry::RegistryConfig;
use skill_scan_render::{render, OutputFormat, RenderInput, RenderOptions, ToolInfo};
use skill_scan_worker::{
    feed, worker, ArchiveScanner, Download, FeedOptions, NatsFlags, QueueSettings, Scanned,
    WorkerOptions,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const TOOL: ToolInfo = ToolInfo {
    name: "skill-scan",
    version: env!("CARGO_PKG_VERSION"),
};

/// How to reach NATS (flag, else environment variable, else `--context` file; as the `nats` CLI does).
#[derive(Debug, Args)]
pub struct NatsArgs {
    /// NATS server URL [env: NATS_URL] [default: nats://127.0.0.1:4222].
    #[arg(short = 's', long = "server", value_name = "URL")]
    server: Option<String>,
    /// Credentials file (JWT and nkey seed) [env: NATS_CREDS].
    #[arg(long, value_name = "FILE")]
    creds: Option<PathBuf>,
    /// User name [env: NATS_USER].
    #[arg(long)]
    user: Option<String>,
    /// Password [env: NATS_PASSWORD].
    #[arg(long)]
    password: Option<String>,
    /// TLS client certificate [env: NATS_CERT].
    #[arg(long, value_name = "FILE")]
    tlscert: Option<PathBuf>,
    /// TLS client key [env: NATS_KEY].
    #[arg(long, value_name = "FILE")]
    tlskey: Option<PathBuf>,
    /// CA certificate that signed the server's [env: NATS_CA].
    #[arg(long, value_name = "FILE")]
    tlsca: Option<PathBuf>,
    /// A `nats` context file (JSON: url, creds, user, password, cert, key, ca).
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
}

/// How the queue is set up by whichever process creates it first.
#[derive(Debug, Args)]
pub struct QueueArgs {
    /// Deliveries of a failing job before it is dead-lettered.
    #[arg(long, default_value_t = 5)]
    max_deliver: i64,
    /// Seconds without a progress report before a job in hand is redelivered.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    ack_wait: f64,
    /// Seconds a job's and a result's message id is remembered for deduplication.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600.0)]
    duplicate_window: f64,
}

/// Pulls scan jobs from the work queue, scans each, publishes the result, then acks.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    nats: NatsArgs,
    #[command(flatten)]
    queue: QueueArgs,
    /// Jobs in hand at once.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    /// Seconds one job (download and scan) may take before it is given back and retried.
    #[arg(long, value_name = "SECONDS", default_value_t = 600.0)]
    job_timeout: f64,
    /// Seconds before a failed job is tried again (doubled each time, up to --backoff-max).
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    backoff: f64,
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    backoff_max: f64,
    /// On SIGTERM, seconds a job in hand may still take before it is given back.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    grace: f64,
    /// Seconds for each registry request.
    #[arg(long, value_name = "SECONDS", default_value_t = 120.0)]
    http_timeout: f64,
    /// Seconds one scan may take (files not reached are listed as skipped; never `allow`).
    #[arg(long, value_name = "SECONDS", default_value_t = 300.0)]
    time_budget: f64,
    /// This worker's name in results and logs [default: host:pid].
    #[arg(long)]
    name: Option<String>,
}

/// Reads the registries' change feeds and publishes one job per new version.
#[derive(Debug, Args)]
pub struct FeedArgs {
    #[command(flatten)]
    nats: NatsArgs,
    #[command(flatten)]
    queue: QueueArgs,
    /// npm's replication changes endpoint (e.g. https://replicate.npmjs.com/registry/_changes).
    #[arg(long, value_name = "URL")]
    npm_changes: Option<String>,
    /// npm changes per page.
    #[arg(long, default_value_t = 500)]
    npm_page: usize,
    /// PyPI's release feed (e.g. https://pypi.org/rss/updates.xml).
    #[arg(long, value_name = "URL")]
    pypi_rss: Option<String>,
    /// Seconds between polls once caught up.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    interval: f64,
    /// Exit once caught up instead of polling for ever.
    #[arg(long)]
    once: bool,
    /// Seconds for each feed or registry request.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    http_timeout: f64,
}

fn seconds(value: f64) -> Duration {
    Duration::try_from_secs_f64(value.max(0.0)).unwrap_or(Duration::MAX)
}

impl NatsArgs {
    fn flags(&self) -> NatsFlags {
        NatsFlags {
            url: self.server.clone(),
            creds: self.creds.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
            tls_cert: self.tlscert.clone(),
            tls_key: self.tlskey.clone(),
            tls_ca: self.tlsca.clone(),
            context: self.context.clone(),
        }
    }
}

impl QueueArgs {
    fn settings(&self) -> QueueSettings {
        QueueSettings {
            duplicate_window: seconds(self.duplicate_window),
            ack_wait: seconds(self.ack_wait),
            max_deliver: self.max_deliver.max(1),
            memory: false,
        }
    }
}

/// The registries of the environment, as a plain scan reads them (`npm_config_registry`, `PIP_INDEX_URL`,
/// .npmrc, pip.conf).
fn registry_config() -> RegistryConfig {
    crate::RegistryOptions::from_environment().config
}

/// The library's scanner with the default limits.
struct LibraryScanner {
    scanner: Scanner,
    options: ScanOptions,
    rule_pack: String,
}

impl ArchiveScanner for LibraryScanner {
    fn rule_pack(&self) -> String {
        self.rule_pack.clone()
    }

    fn scan(&self, target: &str, download: Download) -> Result<Scanned, String> {
        let report = match download {
            Download::Release {
                release,
                bytes,
                verified,
            } => {
                let notices = release_notices(&release, unix_now());
                self.scanner.scan_downloaded(
                    target,
                    &release,
                    bytes,
                    verified,
                    notices,
                    &self.options,
                )
            }
            Download::Archive { url, bytes } => {
                let name = url.rsplit('/').next().unwrap_or("archive").to_string();
                self.scanner.scan_archive_bytes(
                    target,
                    &name,
                    bytes.into(),
                    None,
                    Vec::new(),
                    &self.options,
                )
            }
        }
        .map_err(|e| e.to_string())?;
        let verdict = report.verdict.as_str().to_string();
        let reports = [report];
        let json = render(
            OutputFormat::Json,
            &RenderInput {
                tool: TOOL,
                reports: &reports,
                rules: &[],
                options: &RenderOptions::default(),
            },
        );
        let report: Value = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        Ok(Scanned { verdict, report })
    }
}

/// The tool version and a hash of every rule's definition: what a verdict was reached with.
pub fn rule_pack_version(rules: &RuleSet) -> String {
    let mut hash = Sha256::new();
    for rule in &rules.rules {
        hash.update(format!("{}\n{:?}\n", rule.pack, rule.spec).as_bytes());
    }
    let hex: String = hash.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}-{hex}", TOOL.version)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn env_var(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

pub fn run_worker(args: &WorkerArgs) -> ExitCode {
    let result = (|| {
        let rules = RuleSet::embedded(&crate::DETECTORS).map_err(|e| e.to_string())?;
        let rule_pack = rule_pack_version(&rules);
        let scanner = LibraryScanner {
            scanner: Scanner::new(rules),
            options: ScanOptions {
                time_budget: Some(seconds(args.time_budget)),
                ..ScanOptions::default()
            },
            rule_pack,
        };
        let settings = args.nats.flags().settings(&env_var)?;
        let name = args.name.clone().unwrap_or_else(|| {
            let host = env_var("HOSTNAME").unwrap_or_else(|| "worker".into());
            format!("{host}:{}", std::process::id())
        });
        let options = WorkerOptions {
            queue: args.queue.settings(),
            concurrency: args.concurrency.max(1),
            job_timeout: seconds(args.job_timeout),
            backoff_base: seconds(args.backoff),
            backoff_max: seconds(args.backoff_max),
            grace: seconds(args.grace),
            registry: registry_config(),
            http_timeout: seconds(args.http_timeout),
            name: name.clone(),
        };
        runtime()?.block_on(async {
            let shutdown = skill_scan_worker::shutdown_signal();
            let client = settings.connect(&name, Duration::from_secs(30)).await?;
            let tally = worker::run(client, options, Arc::new(scanner), shutdown).await?;
            eprintln!("worker {name}: stopped: {tally:?}");
            Ok::<(), String>(())
        })
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::from(2)
        }
    }
}

pub fn run_feed(args: &FeedArgs) -> ExitCode {
    if args.npm_changes.is_none() && args.pypi_rss.is_none() {
        eprintln!("error: give --npm-changes URL and/or --pypi-rss URL");
        return ExitCode::from(2);
    }
    let result = (|| {
        let settings = args.nats.flags().settings(&env_var)?;
        let options = FeedOptions {
            queue: args.queue.settings(),
            npm_changes: args.npm_changes.clone(),
            npm_page: args.npm_page.clamp(1, 10_000),
            pypi_rss: args.pypi_rss.clone(),
            registry: registry_config(),
            http_timeout: seconds(args.http_timeout),
            interval: seconds(args.interval),
            once: args.once,
        };
        runtime()?.block_on(async {
            let shutdown = skill_scan_worker::shutdown_signal();
            let client = settings
                .connect("skill-scan-feed", Duration::from_secs(30))
                .await?;
            let tally = feed::run(client, options, shutdown).await?;
            eprintln!(
                "feed: {} new jobs, {} already queued",
                tally.published, tally.duplicates
            );
            Ok::<(), String>(())
        })
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_rule_pack_version_changes_with_the_rules() {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let full = rule_pack_version(&rules);
        assert!(full.starts_with(concat!(env!("CARGO_PKG_VERSION"), "-")));
        assert_eq!(
            full,
            rule_pack_version(&RuleSet::embedded(&crate::DETECTORS).unwrap())
        );
        let mut fewer = RuleSet::embedded(&crate::DETECTORS).unwrap();
        fewer.rules.pop();
        assert_ne!(full, rule_pack_version(&fewer));
    }
}

#[cfg(test)]
mod flag_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Worker {
        #[command(flatten)]
        args: WorkerArgs,
    }

    #[derive(Debug, Parser)]
    struct Feed {
        #[command(flatten)]
        args: FeedArgs,
    }

    #[test]
    fn worker_flags_become_options_like_the_nats_cli() {
        let parsed = Worker::try_parse_from([
            "worker",
            "-s",
            "nats://q.invalid:4222",
            "--creds",
            "/run/nats.creds",
            "--max-deliver",
            "0",
            "--ack-wait",
            "1.5",
            "--backoff",
            "0.25",
        ])
        .unwrap()
        .args;
        let settings = parsed.nats.flags().settings(&|_| None).unwrap();
        assert_eq!(settings.url, "nats://q.invalid:4222");
        assert_eq!(settings.creds, Some(PathBuf::from("/run/nats.creds")));
        let queue = parsed.queue.settings();
        // At least one delivery, whatever was asked.
        assert_eq!(queue.max_deliver, 1);
        assert_eq!(queue.ack_wait, Duration::from_millis(1500));
        assert_eq!(seconds(parsed.backoff), Duration::from_millis(250));
        assert_eq!(seconds(-3.0), Duration::ZERO);
        assert_eq!(parsed.concurrency, 1);
    }

    #[test]
    fn a_feed_without_a_source_is_a_usage_error() {
        let parsed = Feed::try_parse_from(["feed"]).unwrap().args;
        assert_eq!(run_feed(&parsed), ExitCode::from(2));
        let parsed = Feed::try_parse_from([
            "feed",
            "--pypi-rss",
            "https://example.invalid/rss",
            "--once",
        ])
        .unwrap()
        .args;
        assert!(parsed.once && parsed.npm_changes.is_none());
    }
}
