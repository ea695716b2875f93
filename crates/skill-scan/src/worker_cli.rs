//! `skill-scan worker` and `skill-scan feed` (cargo feature `worker`): their flags, and the scanner the
//! worker crate (`crates/worker`) is handed: this library's pipeline, rules and default limits.

use crate::config::{Config, Profile};
use crate::registry_input::release_notices;
use crate::{RuleSet, ScanOptions, Scanner};
use clap::Args;
use serde_json::Value;
use sha2::{Digest, Sha256};
use skill_scan_attest::keys::{SecretKey, SIGNING_KEY_ENV};
use skill_scan_attest::statement::{self, PolicyRef, RulePack};
use skill_scan_model::TargetReport;
use skill_scan_registry::RegistryConfig;
use skill_scan_render::{render, OutputFormat, RenderInput, RenderOptions, ToolInfo};
use skill_scan_worker::{
    feed, worker, ArchiveScanner, Download, FeedOptions, NatsFlags, QueueSettings, Scanned,
    WorkerOptions,
};
use std::path::{Path, PathBuf};
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
    /// Copies of each stream and bucket in a NATS cluster: 1 on one server, 3 on a three-server cluster
    /// [env: SKILL_SCAN_REPLICAS] [default: 1].
    #[arg(long, value_name = "N")]
    replicas: Option<usize>,
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
    /// Sign each verdict with this ed25519 private key (PEM): the result carries the DSSE envelope that
    /// `skill-scan verify` checks [env: SKILL_SCAN_SIGNING_KEY (the PEM text)].
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// A skill-scan configuration file; the worker reads its `signing_key` (the key when neither --key nor
    /// the environment gives one).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Reads the registries' change feeds and skill listings and publishes one job per new version.
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
    /// A ClawHub-style skill listing (JSON: `{"skills":[{name, version, archive_url, sha256,
    /// published_at}]}`; see docs/scale.md).
    #[arg(long, value_name = "URL")]
    skills: Option<String>,
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
    fn settings(&self, var: &dyn Fn(&str) -> Option<String>) -> Result<QueueSettings, String> {
        let replicas = match self.replicas {
            Some(n) => n,
            None => match var("SKILL_SCAN_REPLICAS").filter(|v| !v.trim().is_empty()) {
                Some(text) => text
                    .trim()
                    .parse()
                    .map_err(|_| format!("SKILL_SCAN_REPLICAS={text}: not a number"))?,
                None => 1,
            },
        };
        if !(1..=5).contains(&replicas) {
            return Err(format!(
                "{replicas} replicas: JetStream keeps 1 to 5 copies (1 on one server, 3 on a three-server cluster)"
            ));
        }
        Ok(QueueSettings {
            duplicate_window: seconds(self.duplicate_window),
            ack_wait: seconds(self.ack_wait),
            max_deliver: self.max_deliver.max(1),
            memory: false,
            replicas,
        })
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
    signer: Option<Signer>,
}

/// What signs each verdict: the key, and the rules and policy the statement names.
struct Signer {
    key: SecretKey,
    rule_pack: RulePack,
    policy: PolicyRef,
}

impl Signer {
    fn new(key: SecretKey, rules: &RuleSet) -> Signer {
        Signer {
            key,
            rule_pack: crate::prove::rule_pack(rules),
            // The worker judges with the default profile and no configuration (its `signing_key` aside).
            policy: crate::prove::policy_ref(Profile::Default, None),
        }
    }

    /// The DSSE envelope of `report`'s verdict, as JSON.
    fn sign(&self, report: &TargetReport) -> Result<Value, String> {
        let digest = crate::prove::target_digest(report).map_err(|e| e.to_string())?;
        let context = statement::Context {
            scanner: statement::Scanner {
                name: TOOL.name.into(),
                version: TOOL.version.into(),
            },
            rule_pack: self.rule_pack.clone(),
            policy: self.policy.clone(),
            scanned_at: skill_scan_attest::time::now_rfc3339(),
        };
        let envelope = crate::prove::envelope(report, &digest, &context, &self.key)?;
        serde_json::to_value(envelope).map_err(|e| e.to_string())
    }
}

/// The worker's signing key: `--key`, else `$SKILL_SCAN_SIGNING_KEY`, else the `signing_key` of `--config`;
/// `None` when none is given (results are then unsigned).
fn worker_key(
    flag: Option<&Path>,
    config: Option<&Path>,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<SecretKey>, String> {
    if let Some(path) = flag {
        return SecretKey::load(path).map(Some).map_err(|e| e.to_string());
    }
    if let Some(pem) = var(SIGNING_KEY_ENV).filter(|v| !v.trim().is_empty()) {
        return SecretKey::from_pem(&pem)
            .map(Some)
            .map_err(|e| format!("${SIGNING_KEY_ENV}: {e}"));
    }
    let Some(config) = config else {
        return Ok(None);
    };
    let config = Config::load(config).map_err(|e| e.to_string())?;
    config
        .signing_key
        .as_deref()
        .map(SecretKey::load)
        .transpose()
        .map_err(|e| e.to_string())
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
        let attestation = self
            .signer
            .as_ref()
            .map(|signer| signer.sign(&report))
            .transpose()?;
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
        Ok(Scanned {
            verdict,
            report,
            attestation,
        })
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
        let signer = worker_key(args.key.as_deref(), args.config.as_deref(), &env_var)?
            .map(|key| Signer::new(key, &rules));
        let scanner = LibraryScanner {
            scanner: Scanner::new(rules),
            options: ScanOptions {
                time_budget: Some(seconds(args.time_budget)),
                ..ScanOptions::default()
            },
            rule_pack,
            signer,
        };
        let settings = args.nats.flags().settings(&env_var)?;
        let name = args.name.clone().unwrap_or_else(|| {
            let host = env_var("HOSTNAME").unwrap_or_else(|| "worker".into());
            format!("{host}:{}", std::process::id())
        });
        let options = WorkerOptions {
            queue: args.queue.settings(&env_var)?,
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
    if args.npm_changes.is_none() && args.pypi_rss.is_none() && args.skills.is_none() {
        eprintln!("error: give --npm-changes URL, --pypi-rss URL and/or --skills URL");
        return ExitCode::from(2);
    }
    let result = (|| {
        let settings = args.nats.flags().settings(&env_var)?;
        let options = FeedOptions {
            queue: args.queue.settings(&env_var)?,
            npm_changes: args.npm_changes.clone(),
            npm_page: args.npm_page.clamp(1, 10_000),
            pypi_rss: args.pypi_rss.clone(),
            skill_listing: args.skills.clone(),
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
mod attestation_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::prove_commands::{check, Failure};
    use std::io::Write;

    /// A small npm tarball (our own words; nothing in it is run).
    fn tarball() -> Vec<u8> {
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::fast(),
        ));
        for (name, text) in [
            (
                "package/package.json",
                r#"{"name":"left-trim-words","version":"1.0.0","main":"index.js"}"#,
            ),
            (
                "package/index.js",
                "module.exports = (s) => s.replace(/^\\s+/, '');\n",
            ),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            builder
                .append_data(&mut header, name, text.as_bytes())
                .unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    fn scanner(signer: Option<Signer>) -> LibraryScanner {
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        LibraryScanner {
            rule_pack: rule_pack_version(&rules),
            scanner: Scanner::new(rules),
            options: ScanOptions::default(),
            signer,
        }
    }

    #[test]
    fn a_signed_result_verifies_against_the_archive_it_judged() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::generate().unwrap();
        let public = key.public();
        let rules = RuleSet::embedded(&crate::DETECTORS).unwrap();
        let bytes = tarball();
        let url = "https://example.invalid/left-trim-words-1.0.0.tgz";
        let scanned = scanner(Some(Signer::new(key, &rules)))
            .scan(
                url,
                Download::Archive {
                    url: url.into(),
                    bytes: bytes.clone(),
                },
            )
            .unwrap();
        assert_eq!(scanned.verdict, "allow");
        // The result's attestation, as a one-line bundle: what `skill-scan verify FILE TARGET` reads.
        let line = serde_json::to_string(scanned.attestation.as_ref().unwrap()).unwrap();
        let archive = dir.path().join("left-trim-words-1.0.0.tgz");
        std::fs::write(&archive, &bytes).unwrap();
        let report = match check(&line, &public, Some(&archive)) {
            Ok(report) => report,
            Err(Failure::Fatal(why) | Failure::Rejected(why)) => panic!("{why}"),
        };
        assert!(report.contains("signature: good"), "{report}");
        assert!(report.contains("matches"), "{report}");
        assert!(report.contains("decided: allow"), "{report}");

        // Other bytes under the same name: the attestation does not name them.
        let mut changed = bytes.clone();
        changed.push(0);
        std::fs::File::create(&archive)
            .unwrap()
            .write_all(&changed)
            .unwrap();
        assert!(matches!(
            check(&line, &public, Some(&archive)),
            Err(Failure::Rejected(why)) if why.contains("changed since it was attested")
        ));
        // Another key did not sign it.
        let other = SecretKey::generate().unwrap().public();
        assert!(matches!(
            check(&line, &other, None),
            Err(Failure::Rejected(_))
        ));
        // Without a key the result carries no attestation.
        let unsigned = scanner(None)
            .scan(
                url,
                Download::Archive {
                    url: url.into(),
                    bytes,
                },
            )
            .unwrap();
        assert!(unsigned.attestation.is_none());
    }

    #[test]
    fn the_worker_key_comes_from_the_flag_then_the_environment_then_the_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let flag_key = SecretKey::generate().unwrap();
        let flag_path = dir.path().join("flag.key");
        flag_key.write_new(&flag_path).unwrap();
        let config_key = SecretKey::generate().unwrap();
        config_key
            .write_new(&dir.path().join("config.key"))
            .unwrap();
        let config = dir.path().join("skill-scan.toml");
        std::fs::write(&config, "signing_key = \"config.key\"\n").unwrap();
        let env_key = SecretKey::generate().unwrap();
        env_key.write_new(&dir.path().join("env.key")).unwrap();
        let env_pem = std::fs::read_to_string(dir.path().join("env.key")).unwrap();
        let env = |k: &str| (k == SIGNING_KEY_ENV).then(|| env_pem.clone());
        let id = |key: Option<SecretKey>| key.map(|k| skill_scan_attest::keys::key_id(&k.public()));
        let want = |key: &SecretKey| Some(skill_scan_attest::keys::key_id(&key.public()));

        let got = worker_key(Some(&flag_path), Some(&config), &env).unwrap();
        assert_eq!(id(got), want(&flag_key));
        let got = worker_key(None, Some(&config), &env).unwrap();
        assert_eq!(id(got), want(&env_key));
        let got = worker_key(None, Some(&config), &|_| None).unwrap();
        assert_eq!(id(got), want(&config_key));
        assert!(worker_key(None, None, &|_| None).unwrap().is_none());
        let bad = |_: &str| Some("not a key".to_string());
        assert!(worker_key(None, None, &bad)
            .unwrap_err()
            .contains(SIGNING_KEY_ENV));
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
        let queue = parsed.queue.settings(&|_| None).unwrap();
        assert_eq!(queue.replicas, 1);
        // At least one delivery, whatever was asked.
        assert_eq!(queue.max_deliver, 1);
        assert_eq!(queue.ack_wait, Duration::from_millis(1500));
        assert_eq!(seconds(parsed.backoff), Duration::from_millis(250));
        assert_eq!(seconds(-3.0), Duration::ZERO);
        assert_eq!(parsed.concurrency, 1);
    }

    #[test]
    fn replicas_come_from_the_flag_then_the_environment() {
        let queue = |argv: &[&str], env: Option<&str>| {
            let mut all = vec!["worker"];
            all.extend_from_slice(argv);
            let parsed = Worker::try_parse_from(all).unwrap().args;
            let env = env.map(str::to_string);
            parsed
                .queue
                .settings(&|k| (k == "SKILL_SCAN_REPLICAS").then(|| env.clone()).flatten())
        };
        assert_eq!(queue(&["--replicas", "3"], Some("5")).unwrap().replicas, 3);
        assert_eq!(queue(&[], Some("3")).unwrap().replicas, 3);
        assert_eq!(queue(&[], None).unwrap().replicas, 1);
        assert!(queue(&[], Some("three"))
            .unwrap_err()
            .contains("not a number"));
        assert!(queue(&["--replicas", "0"], None)
            .unwrap_err()
            .contains("1 to 5"));
        assert!(queue(&["--replicas", "7"], None).is_err());
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
