//! The simulation's registry and feeds on 127.0.0.1 (`cargo xtask simulate`): a recorded "day" of npm and
//! PyPI releases made from corpus samples, served the way the real registries answer.
//!
//! - `/npm/NAME` (package document), `/npm/NAME/-/NAME-VERSION.tgz` (tarball, `package/` prefix)
//! - `/pypi/NAME/json` (PyPI JSON API), `/files/NAME-VERSION.tar.gz` (sdist)
//! - `/skills/dl/NAME-VERSION.tgz` (a skill folder under `NAME/`)
//! - `/feed/npm/_changes?since=SEQ&limit=N` (CouchDB changes), `/feed/pypi/updates.xml` (RSS),
//!   `/feed/skills/listing.json` (a ClawHub-style skill listing, the shape of `docs/scale.md`)
//!
//! Only releases "published so far" ([`Registry::reveal`]) appear in the feeds, so the simulation can play
//! the day at once (throughput) or at a set pace (latency). Faults: archive downloads answer 500 while
//! [`Registry::fail_until`] is in the future; one release's tarball is slow (a worker is killed during
//! it); one release's tarball does not match its published hash (the poison archive).
//!
//! The samples are tar'ed, never run; each version gets a one-line changelog of its own so that every
//! version is a distinct artifact (the worker would otherwise recognise the digest and skip the scan).

use base64::Engine;
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256, Sha512};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The day's first second (2026-01-05T00:00:00Z): fixed, so the recorded day is the same every run.
const DAY_START: i64 = 1_767_571_200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eco {
    Npm,
    Pypi,
    Skill,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Benign,
    Malicious,
    /// A tarball that does not match its published hash: fails every delivery.
    Poison,
    /// Served after a pause: the worker holding it is killed.
    Slow,
}

#[derive(Debug, Clone)]
pub struct Release {
    pub eco: Eco,
    pub name: String,
    pub version: String,
    pub kind: Kind,
    /// The corpus sample it was made from.
    pub sample: PathBuf,
    /// Seconds since the epoch.
    pub published: i64,
}

impl Release {
    /// The result key the worker files it under (names and versions here need no escaping).
    pub fn key(&self) -> String {
        match self.eco {
            Eco::Npm => format!("npm/{}/{}", self.name, self.version),
            Eco::Pypi => format!("pypi/{}/{}", self.name, self.version),
            Eco::Skill => format!("skill/{}/{}", self.name, self.version),
        }
    }
}

/// A small deterministic generator (xorshift64*): the same day every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn samples(corpus: &Path, label: &str, eco: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(corpus.join(label).join(eco))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Malicious samples the labels expect blocked.
fn blocked_samples(corpus: &Path, eco: &str) -> Vec<PathBuf> {
    let labels = std::fs::read_to_string(corpus.join("labels.csv")).unwrap_or_default();
    let prefix = format!("malicious/{eco}/");
    let mut found: Vec<PathBuf> = labels
        .lines()
        .filter_map(|line| {
            let mut cells = line.splitn(3, ',');
            let sample = cells.next()?;
            (sample.starts_with(&prefix) && cells.next()? == "block").then(|| corpus.join(sample))
        })
        .filter(|p| p.is_dir())
        .collect();
    found.sort();
    found
}

/// `count` releases of the day: about 11 npm for 7 PyPI and 2 skills, each a benign corpus sample
/// under a name of its own, with `malicious` malicious samples spread through it, one poison archive at a
/// fifth of the way and one slow release at a tenth.
pub fn day(corpus: &Path, count: usize, malicious: usize) -> Result<Vec<Release>, String> {
    let benign = [
        samples(corpus, "benign", "npm"),
        samples(corpus, "benign", "pypi"),
        samples(corpus, "benign", "skill"),
    ];
    let bad = [
        blocked_samples(corpus, "npm"),
        blocked_samples(corpus, "pypi"),
        blocked_samples(corpus, "skill"),
    ];
    if benign.iter().chain(&bad).any(Vec::is_empty) {
        return Err(format!(
            "{}: no npm/PyPI/skill corpus samples",
            corpus.display()
        ));
    }
    let mut rng = Rng(0x5eed_2026);
    let every = count / malicious.max(1);
    let mut releases = Vec::with_capacity(count);
    for i in 0..count {
        let at = i;
        let eco = match rng.below(20) {
            0..=1 => Eco::Skill,
            2..=12 => Eco::Npm,
            _ => Eco::Pypi,
        };
        let kind = if at == count / 5 {
            Kind::Poison
        } else if at == count / 10 {
            Kind::Slow
        } else if malicious > 0 && at % every == every / 2 && at / every < malicious {
            Kind::Malicious
        } else {
            Kind::Benign
        };
        // The poison and the slow release are npm tarballs (the faults are about downloads).
        let eco = if matches!(kind, Kind::Poison | Kind::Slow) {
            Eco::Npm
        } else {
            eco
        };
        let e = eco as usize;
        let sample = match kind {
            Kind::Malicious => bad[e][rng.below(bad[e].len())].clone(),
            _ => benign[e][rng.below(benign[e].len())].clone(),
        };
        let stem = sample
            .file_name()
            .map_or("pkg".into(), |n| n.to_string_lossy().to_lowercase());
        let tag = match kind {
            Kind::Poison => "poison",
            Kind::Slow => "slow",
            _ => "sim",
        };
        releases.push(Release {
            eco,
            name: format!("{tag}-{stem}-{i}"),
            version: format!("1.{}.{i}", i % 7),
            kind,
            sample,
            published: DAY_START + (i as i64 * 86_400) / (count.max(1) as i64 * 2),
        });
    }
    Ok(releases)
}

/// A sample folder as a gzip'd tar under `prefix`, with a changelog line naming `version`.
fn tarball(sample: &Path, prefix: &str, version: &str) -> Result<Vec<u8>, String> {
    let mut files = Vec::new();
    collect(sample, sample, &mut files)?;
    files.sort();
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    let mut add = |name: String, data: &[u8]| -> Result<(), String> {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(DAY_START as u64);
        builder
            .append_data(&mut header, name, data)
            .map_err(|e| e.to_string())
    };
    for (rel, path) in &files {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        add(format!("{prefix}/{rel}"), &data)?;
    }
    add(
        format!("{prefix}/CHANGES.txt"),
        format!("{version}: maintenance release\n").as_bytes(),
    )?;
    let gz = builder.into_inner().map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
            out.push((rel.to_string_lossy().replace('\\', "/"), path));
        }
    }
    Ok(())
}

struct Artifact {
    /// What is served (for the poison archive: not what the hash says).
    bytes: Arc<Vec<u8>>,
    integrity: String,
    sha256: String,
}

pub struct Registry {
    pub base: String,
    releases: Vec<Release>,
    artifacts: Vec<Artifact>,
    by_path: HashMap<String, usize>,
    /// Package document path (`/npm/NAME`, `/pypi/NAME/json`) → release.
    documents: HashMap<String, usize>,
    npm_order: Vec<usize>,
    pypi_order: Vec<usize>,
    skill_order: Vec<usize>,
    revealed: AtomicUsize,
    fail_until: Mutex<Option<Instant>>,
    pub answered_500: AtomicU64,
    slow: Duration,
}

impl Registry {
    /// Builds every archive and starts serving on 127.0.0.1.
    pub fn start(releases: Vec<Release>, slow: Duration) -> Result<Arc<Registry>, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let base = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let mut artifacts = Vec::with_capacity(releases.len());
        let mut by_path = HashMap::new();
        let mut documents = HashMap::new();
        let (mut npm_order, mut pypi_order, mut skill_order) = (Vec::new(), Vec::new(), Vec::new());
        for (i, release) in releases.iter().enumerate() {
            let (prefix, path) = match release.eco {
                Eco::Npm => {
                    npm_order.push(i);
                    let file = format!("{}-{}.tgz", release.name, release.version);
                    (
                        "package".to_string(),
                        format!("/npm/{}/-/{file}", release.name),
                    )
                }
                Eco::Pypi => {
                    pypi_order.push(i);
                    let stem = format!("{}-{}", release.name, release.version);
                    (stem.clone(), format!("/files/{stem}.tar.gz"))
                }
                Eco::Skill => {
                    skill_order.push(i);
                    let stem = format!("{}-{}", release.name, release.version);
                    (release.name.clone(), format!("/skills/dl/{stem}.tgz"))
                }
            };
            let mut bytes = tarball(&release.sample, &prefix, &release.version)?;
            let integrity = format!(
                "sha512-{}",
                base64::engine::general_purpose::STANDARD.encode(Sha512::digest(&bytes))
            );
            let sha256 = crate::fetch::hex(&Sha256::digest(&bytes));
            if release.kind == Kind::Poison {
                // Damaged in transit, every time: the hash the registry publishes never matches.
                bytes.truncate(bytes.len() / 2);
            }
            by_path.insert(path, i);
            let document = match release.eco {
                Eco::Npm => Some(format!("/npm/{}", release.name)),
                Eco::Pypi => Some(format!("/pypi/{}/json", release.name)),
                // A skill has no document: the listing names its archive and hash.
                Eco::Skill => None,
            };
            if let Some(document) = document {
                documents.insert(document, i);
            }
            artifacts.push(Artifact {
                bytes: Arc::new(bytes),
                integrity,
                sha256,
            });
        }
        let registry = Arc::new(Registry {
            base,
            releases,
            artifacts,
            by_path,
            documents,
            npm_order,
            pypi_order,
            skill_order,
            revealed: AtomicUsize::new(0),
            fail_until: Mutex::new(None),
            answered_500: AtomicU64::new(0),
            slow,
        });
        let server = registry.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let server = server.clone();
                std::thread::spawn(move || server.answer(stream));
            }
        });
        Ok(registry)
    }

    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// The sha256 (hex) of release `i`'s archive as published (what a signed verdict must name).
    pub fn sha256(&self, i: usize) -> &str {
        &self.artifacts[i].sha256
    }

    /// The first `count` releases are published (they appear in the feeds).
    pub fn reveal(&self, count: usize) {
        self.revealed
            .fetch_max(count.min(self.releases.len()), Ordering::SeqCst);
    }

    /// Archive downloads answer 500 until `until`.
    pub fn fail_until(&self, until: Instant) {
        if let Ok(mut slot) = self.fail_until.lock() {
            *slot = Some(until);
        }
    }

    fn failing(&self) -> bool {
        self.fail_until
            .lock()
            .ok()
            .and_then(|slot| *slot)
            .is_some_and(|until| Instant::now() < until)
    }

    fn answer(&self, mut stream: TcpStream) {
        let mut request = Vec::new();
        let mut buf = [0u8; 2048];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 << 10 {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let text = String::from_utf8_lossy(&request);
        let target = text.split_whitespace().nth(1).unwrap_or("/").to_string();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let (status, body) = self.route(path, query);
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(&body);
    }

    fn route(&self, path: &str, query: &str) -> (u16, Arc<Vec<u8>>) {
        let json = |v: serde_json::Value| (200, Arc::new(v.to_string().into_bytes()));
        let revealed = self.revealed.load(Ordering::SeqCst);
        if let Some(&i) = self.by_path.get(path) {
            if self.failing() {
                self.answered_500.fetch_add(1, Ordering::Relaxed);
                return (500, Arc::new(b"upstream unavailable".to_vec()));
            }
            if self.releases[i].kind == Kind::Slow {
                std::thread::sleep(self.slow);
            }
            return (200, self.artifacts[i].bytes.clone());
        }
        if path == "/feed/npm/_changes" {
            return json(self.npm_changes(query, revealed));
        }
        if path == "/feed/pypi/updates.xml" {
            return (200, Arc::new(self.pypi_rss(revealed).into_bytes()));
        }
        if path == "/feed/skills/listing.json" {
            return json(self.skill_listing(revealed));
        }
        match self.documents.get(path) {
            Some(&i) if i < revealed => json(self.document(i)),
            _ => (404, Arc::new(b"{\"error\":\"Not found\"}".to_vec())),
        }
    }

    fn document(&self, i: usize) -> serde_json::Value {
        let release = &self.releases[i];
        let artifact = &self.artifacts[i];
        let when = rfc3339(release.published);
        let (name, version) = (&release.name, &release.version);
        match release.eco {
            Eco::Npm => serde_json::json!({
                "name": name,
                "dist-tags": {"latest": version},
                "time": {"created": when, "modified": when, version.as_str(): when},
                "versions": {version.as_str(): {
                    "name": name, "version": version,
                    "dist": {"tarball": format!("{}/npm/{name}/-/{name}-{version}.tgz", self.base),
                             "integrity": artifact.integrity},
                    "_npmUser": {"name": "sim-publisher"}
                }}
            }),
            Eco::Pypi => serde_json::json!({
                "info": {"name": name, "version": version},
                "releases": {version.as_str(): [{
                    "packagetype": "sdist",
                    "filename": format!("{name}-{version}.tar.gz"),
                    "url": format!("{}/files/{name}-{version}.tar.gz", self.base),
                    "digests": {"sha256": artifact.sha256},
                    "upload_time_iso_8601": when
                }]}
            }),
            Eco::Skill => serde_json::Value::Null,
        }
    }

    /// The newest 2000 published skill versions, newest first, with a field the feed does not read.
    fn skill_listing(&self, revealed: usize) -> serde_json::Value {
        let skills: Vec<serde_json::Value> = self
            .skill_order
            .iter()
            .filter(|&&i| i < revealed)
            .rev()
            .take(2000)
            .map(|&i| {
                let r = &self.releases[i];
                serde_json::json!({
                    "name": r.name, "version": r.version,
                    "archive_url": format!("{}/skills/dl/{}-{}.tgz", self.base, r.name, r.version),
                    "sha256": self.artifacts[i].sha256,
                    "published_at": rfc3339(r.published),
                    "summary": "a simulated skill"
                })
            })
            .collect();
        serde_json::json!({ "skills": skills })
    }

    fn npm_changes(&self, query: &str, revealed: usize) -> serde_json::Value {
        let param = |key: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse::<usize>().ok())
        };
        let since = param("since").unwrap_or(0);
        let limit = param("limit").unwrap_or(1000);
        let results: Vec<serde_json::Value> = self
            .npm_order
            .iter()
            .enumerate()
            .filter(|&(_, &i)| i < revealed)
            .skip(since)
            .take(limit)
            .map(|(seq, &i)| {
                serde_json::json!({"seq": seq + 1, "id": self.releases[i].name,
                                   "changes": [{"rev": "1-5ea"}]})
            })
            .collect();
        let last = results
            .last()
            .and_then(|r| r.get("seq").cloned())
            .unwrap_or(since.into());
        serde_json::json!({"results": results, "last_seq": last})
    }

    /// The newest 2000 published PyPI releases, newest first (the real feed keeps the newest 100; the
    /// simulation publishes faster than the feed polls, so it keeps more).
    fn pypi_rss(&self, revealed: usize) -> String {
        let mut xml = String::from("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>PyPI recent updates</title>\n");
        for &i in self
            .pypi_order
            .iter()
            .filter(|&&i| i < revealed)
            .rev()
            .take(2000)
        {
            let r = &self.releases[i];
            xml.push_str(&format!(
                "<item><title>{0} {1}</title><link>{2}/project/{0}/{1}/</link><pubDate>{3}</pubDate></item>\n",
                r.name, r.version, self.base, rfc2822(r.published)
            ));
        }
        xml.push_str("</channel></rss>\n");
        xml
    }
}

fn civil(secs: i64) -> (i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        secs.rem_euclid(86_400),
    )
}

fn rfc3339(secs: i64) -> String {
    let (y, m, d, s) = civil(secs);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.000Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

fn rfc2822(secs: i64) -> String {
    let (y, m, d, s) = civil(secs);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months[(m - 1).clamp(0, 11) as usize];
    format!(
        "{d:02} {month} {y} {:02}:{:02}:{:02} GMT",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}
