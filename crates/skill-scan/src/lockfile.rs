//! `skill-scan.lock`: the packages a team's reviewer accepted at `review`, each bound to the digest of the
//! exact bytes reviewed, with who accepted it, why, and until when. An accepted package passes the exit-code
//! gate at that digest only: a new version or one changed byte has another digest and is judged afresh.
//! `block` is never accepted. `skill-scan accept TARGET --reason …` scans the target and writes the entry.
//!
//! Like a configuration, a lock file inside a scanned target is the package's, not the user's, and is
//! ignored.

use crate::config::Date;
use crate::prove::target_digest;
use clap::Args;
use serde::{Deserialize, Serialize};
use skill_scan_model::{TargetReport, VerdictLevel};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const LOCK_FILE_NAME: &str = "skill-scan.lock";

/// How long an acceptance lasts unless `--expires` says otherwise.
const DEFAULT_DAYS: i64 = 90;

/// `skill-scan accept`'s own flags.
#[derive(Debug, Clone, Args)]
pub struct AcceptArgs {
    /// Why the package is acceptable as it is (required: a reviewer's reason, kept in the lock file).
    #[arg(long, required = true)]
    pub reason: String,
    /// Who accepts it [default: $USER].
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The last day the acceptance holds, YYYY-MM-DD [default: 90 days from today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub expires: Option<Date>,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("{text:?} is not a date written YYYY-MM-DD"))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockFile {
    version: u32,
    #[serde(default)]
    accepted: Vec<Accepted>,
}

/// One accepted package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    pub target: String,
    /// `algorithm:hex`, as the attestation's subject names it.
    pub digest: String,
    /// The verdict accepted (`review`; an entry never covers a stronger verdict than this).
    pub verdict: VerdictLevel,
    pub by: String,
    pub reason: String,
    pub accepted: String,
    pub expires: String,
}

/// A loaded lock file.
#[derive(Debug, Clone, Default)]
pub struct Lock {
    path: PathBuf,
    file: LockFile,
}

impl Lock {
    /// The lock file at `path`; an empty one when it does not exist yet.
    pub fn load(path: &Path) -> Result<Lock, String> {
        let file = match std::fs::read_to_string(path) {
            Ok(text) => {
                let file: LockFile =
                    toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
                if let Some(bad) = file
                    .accepted
                    .iter()
                    .find(|a| Date::parse(&a.expires).is_none())
                {
                    return Err(format!(
                        "{}: the entry for {} has no valid expiry date ({:?})",
                        path.display(),
                        bad.target,
                        bad.expires
                    ));
                }
                file
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => LockFile {
                version: 1,
                accepted: Vec::new(),
            },
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        Ok(Lock {
            path: path.to_path_buf(),
            file,
        })
    }

    /// The unexpired entry for `digest` that covers `verdict`, if any.
    pub fn covering(&self, digest: &str, verdict: VerdictLevel, today: Date) -> Option<&Accepted> {
        self.file.accepted.iter().find(|a| {
            a.digest == digest
                && verdict <= a.verdict
                && a.verdict < VerdictLevel::Block
                && Date::parse(&a.expires).is_some_and(|end| end >= today)
        })
    }

    /// Records `entry`, replacing any earlier entry for the same digest.
    pub fn accept(&mut self, entry: Accepted) {
        self.file.accepted.retain(|a| a.digest != entry.digest);
        self.file.accepted.push(entry);
        self.file
            .accepted
            .sort_by(|a, b| a.target.cmp(&b.target).then(a.digest.cmp(&b.digest)));
    }

    pub fn save(&self) -> Result<(), String> {
        let body = toml::to_string(&self.file).map_err(|e| e.to_string())?;
        let text = format!(
            "# skill-scan.lock: packages a reviewer accepted at `review`, each for these exact bytes only (the\n\
             # digest), until its expiry. Written by `skill-scan accept`; commit it with your project.\n\n{body}"
        );
        std::fs::write(&self.path, text)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

/// The lock file to use: `--lock FILE`, else `skill-scan.lock` in the current folder; ignored (with a
/// warning) when it lies inside a scanned folder.
pub fn find(explicit: Option<&Path>, targets: &[String]) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return Some(path.to_path_buf());
    }
    let path = PathBuf::from(LOCK_FILE_NAME);
    if !path.is_file() {
        return None;
    }
    let inside = |target: &String| {
        let (Ok(file), Ok(dir)) = (path.canonicalize(), Path::new(target).canonicalize()) else {
            return false;
        };
        dir.is_dir() && file.starts_with(dir)
    };
    if let Some(target) = targets.iter().find(|t| inside(t)) {
        eprintln!(
            "warning: ignoring {LOCK_FILE_NAME}: it is inside the scanned target {target}, and a package cannot \
             accept itself (pass --lock {LOCK_FILE_NAME} to use it anyway)"
        );
        return None;
    }
    Some(path)
}

/// Each report's level for the exit-code gate: `allow` when the lock accepts its digest at its verdict,
/// else its verdict. Says on stderr which acceptances applied.
pub fn gate_levels(
    lock: Option<&Path>,
    reports: &[TargetReport],
) -> Result<Vec<VerdictLevel>, String> {
    let Some(path) = lock else {
        return Ok(reports.iter().map(|r| r.verdict).collect());
    };
    let lock = Lock::load(path)?;
    let today = Date::today();
    let mut levels = Vec::new();
    for report in reports {
        if report.verdict == VerdictLevel::Allow || lock.file.accepted.is_empty() {
            levels.push(report.verdict);
            continue;
        }
        let digest = target_digest(report)
            .map_err(|e| e.to_string())?
            .to_string();
        match lock.covering(&digest, report.verdict, today) {
            Some(entry) => {
                eprintln!(
                    "accepted: {} ({}) at {digest}, by {} until {}: {}",
                    report.target, report.verdict, entry.by, entry.expires, entry.reason
                );
                levels.push(VerdictLevel::Allow);
            }
            None => levels.push(report.verdict),
        }
    }
    Ok(levels)
}

/// `skill-scan accept`: records each scanned target at its digest; refuses `block` and failed scans.
pub fn accept(
    args: &AcceptArgs,
    lock_path: Option<&Path>,
    reports: &[TargetReport],
    failed: bool,
) -> ExitCode {
    if failed {
        return ExitCode::from(2);
    }
    let path = lock_path.map_or_else(|| PathBuf::from(LOCK_FILE_NAME), Path::to_path_buf);
    let result = (|| {
        let mut lock = Lock::load(&path)?;
        let today = Date::today();
        let expires = args
            .expires
            .unwrap_or_else(|| days_from_today(DEFAULT_DAYS));
        if expires < today {
            return Err(format!("--expires {expires} is already past"));
        }
        let by = args
            .by
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|b| !b.trim().is_empty())
            .ok_or("say who accepts it: --by NAME (no $USER set)")?;
        if args.reason.trim().is_empty() {
            return Err("--reason must say why the package is acceptable".to_string());
        }
        for report in reports {
            if report.verdict == VerdictLevel::Block {
                return Err(format!(
                    "{} is blocked; a blocked package cannot be accepted (fix it, or suppress the findings you \
                     have reviewed in your configuration)",
                    report.target
                ));
            }
            let digest = target_digest(report)
                .map_err(|e| e.to_string())?
                .to_string();
            println!(
                "accepted {} ({}) at {digest} until {expires}",
                report.target, report.verdict
            );
            lock.accept(Accepted {
                target: report.target.clone(),
                digest,
                verdict: VerdictLevel::Review,
                by: by.clone(),
                reason: args.reason.trim().to_string(),
                accepted: today.to_string(),
                expires: expires.to_string(),
            });
        }
        lock.save()
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::from(2)
        }
    }
}

fn days_from_today(days: i64) -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_epoch((seconds / 86_400) as i64 + days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(digest: &str, expires: &str) -> Accepted {
        Accepted {
            target: "npm:x@1.0.0".into(),
            digest: digest.into(),
            verdict: VerdictLevel::Review,
            by: "alice".into(),
            reason: "reviewed the postinstall".into(),
            accepted: "2026-01-01".into(),
            expires: expires.into(),
        }
    }

    #[test]
    fn an_entry_covers_its_digest_at_review_until_it_expires() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE_NAME);
        let mut lock = Lock::load(&path).unwrap();
        lock.accept(entry("sha256:aa", "2026-06-30"));
        lock.save().unwrap();
        let lock = Lock::load(&path).unwrap();
        let day = |s| Date::parse(s).unwrap();
        assert!(lock
            .covering("sha256:aa", VerdictLevel::Review, day("2026-06-30"))
            .is_some());
        assert!(lock
            .covering("sha256:aa", VerdictLevel::Review, day("2026-07-01"))
            .is_none());
        assert!(lock
            .covering("sha256:ab", VerdictLevel::Review, day("2026-01-02"))
            .is_none());
        assert!(lock
            .covering("sha256:aa", VerdictLevel::Block, day("2026-01-02"))
            .is_none());
    }

    #[test]
    fn a_new_acceptance_of_the_same_bytes_replaces_the_old_one() {
        let mut lock = Lock::default();
        lock.accept(entry("sha256:aa", "2026-06-30"));
        lock.accept(entry("sha256:aa", "2026-09-30"));
        lock.accept(entry("sha256:bb", "2026-09-30"));
        assert_eq!(lock.file.accepted.len(), 2);
        assert_eq!(lock.file.accepted[0].expires, "2026-09-30");
    }

    #[test]
    fn a_lock_with_a_bad_date_or_unknown_key_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCK_FILE_NAME);
        std::fs::write(&path, "version = 1\n[[accepted]]\ntarget = \"x\"\ndigest = \"sha256:aa\"\nverdict = \"review\"\nby = \"a\"\nreason = \"r\"\naccepted = \"2026-01-01\"\nexpires = \"soon\"\n").unwrap();
        assert!(Lock::load(&path).unwrap_err().contains("expiry"));
        std::fs::write(&path, "version = 1\nblock_everything = true\n").unwrap();
        assert!(Lock::load(&path).is_err());
    }
}
