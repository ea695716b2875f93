//! A scan job as it travels on the work queue, and the keys derived from it.
//!
//! A job names one artifact: a registry release (`npm:NAME@VERSION`, `pypi:NAME==VERSION`, always an exact
//! version) or an archive URL with the sha256 it must have. It is JSON so that a feed can add when it
//! published the job (for publish-to-verdict latency) without a second format.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use skill_scan_registry::{parse_spec, Ecosystem, Spec};

/// Largest job accepted (a job is a name and a version, or a URL and a hash).
pub const MAX_JOB_BYTES: usize = 8 << 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// `npm:NAME@VERSION`, `pypi:NAME==VERSION`, or an `https://` (or configured `http://`) archive URL.
    pub target: String,
    /// For an archive URL or a skill: the sha256 (hex) the download must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// For a skill (`skill:NAME@VERSION`): the archive's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the feed published the job (Unix milliseconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_ms: Option<u64>,
}

/// What a job asks for, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Release(Spec),
    Archive {
        url: String,
        sha256: String,
    },
    /// A skill version from a skill listing: its archive, filed under the skill's name and version.
    Skill {
        name: String,
        version: String,
        url: String,
        sha256: String,
    },
}

/// Longest skill name and version accepted in a job.
const MAX_SKILL_NAME: usize = 214;
const MAX_SKILL_VERSION: usize = 64;

impl Job {
    /// A job from its bytes on the queue; the reason when it can never be scanned (dead-lettered at once).
    pub fn parse(bytes: &[u8]) -> Result<(Job, Target), String> {
        if bytes.len() > MAX_JOB_BYTES {
            return Err(format!("job of {} bytes is too large", bytes.len()));
        }
        let job: Job = serde_json::from_slice(bytes).map_err(|e| format!("not a job: {e}"))?;
        let target = job.check()?;
        Ok((job, target))
    }

    pub fn check(&self) -> Result<Target, String> {
        if let Some(rest) = self.target.strip_prefix("skill:") {
            let (name, version) = rest
                .rsplit_once('@')
                .filter(|(n, v)| {
                    !n.is_empty()
                        && !v.is_empty()
                        && n.len() <= MAX_SKILL_NAME
                        && v.len() <= MAX_SKILL_VERSION
                        && !rest.chars().any(char::is_control)
                })
                .ok_or_else(|| format!("{}: not skill:NAME@VERSION", self.target))?;
            let url = self
                .url
                .clone()
                .filter(|u| is_url(u))
                .ok_or_else(|| format!("{}: a skill job needs its archive URL", self.target))?;
            return Ok(Target::Skill {
                name: name.to_string(),
                version: version.to_string(),
                url,
                sha256: self.checked_sha256()?,
            });
        }
        if let Some(spec) = parse_spec(&self.target) {
            let spec = spec?;
            if spec.version.is_none() {
                return Err(format!(
                    "{}: a job names an exact version, not the latest",
                    self.target
                ));
            }
            return Ok(Target::Release(spec));
        }
        if !is_url(&self.target) {
            return Err(format!(
                "{}: not npm:NAME@VERSION, pypi:NAME==VERSION, skill:NAME@VERSION or an archive URL",
                self.target
            ));
        }
        Ok(Target::Archive {
            url: self.target.clone(),
            sha256: self.checked_sha256()?,
        })
    }

    fn checked_sha256(&self) -> Result<String, String> {
        self.sha256
            .as_deref()
            .map(str::to_ascii_lowercase)
            .filter(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or_else(|| format!("{}: an archive needs its sha256", self.target))
    }
}

fn is_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

impl Target {
    /// `npm`, `pypi` or `url`: the last token of the job's subject and of its result's.
    pub fn ecosystem(&self) -> &'static str {
        match self {
            Target::Release(spec) => spec.ecosystem.as_str(),
            Target::Archive { .. } => "url",
            Target::Skill { .. } => "skill",
        }
    }

    /// The key of the result in the results bucket: `ecosystem/name/version` (`url/<sha256>` for an
    /// archive URL), each part escaped to the characters a key may hold.
    pub fn result_key(&self) -> String {
        match self {
            Target::Release(spec) => release_key(
                spec.ecosystem,
                &spec.name,
                spec.version.as_deref().unwrap_or(""),
            ),
            Target::Archive { sha256, .. } => format!("url/{sha256}"),
            Target::Skill { name, version, .. } => {
                format!("skill/{}/{}", key_part(name), key_part(version))
            }
        }
    }
}

pub fn release_key(ecosystem: Ecosystem, name: &str, version: &str) -> String {
    format!(
        "{}/{}/{}",
        ecosystem.as_str(),
        key_part(name),
        key_part(version)
    )
}

/// `part` with every character a NATS key may not hold (anything but `A-Za-z0-9-_`, and `.`, which splits
/// subject tokens, unless inside) written `=XX`; `=` itself is escaped so the mapping is one-to-one.
pub fn key_part(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    let last = part.len().saturating_sub(1);
    for (i, byte) in part.bytes().enumerate() {
        let plain = byte.is_ascii_alphanumeric()
            || byte == b'-'
            || byte == b'_'
            || (byte == b'.' && i != 0 && i != last);
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("={byte:02X}"));
        }
    }
    out
}

/// The key under which "this artifact was judged by this rule pack" is remembered: a hash, so that any
/// digest spelling fits a key.
pub fn judged_key(digest: &str, rule_pack: &str) -> String {
    let hash = Sha256::digest(format!("{digest}\n{rule_pack}").as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JetStream message id of the job for `spec` (a feed that sees the same version twice publishes it once).
pub fn job_message_id(target: &str) -> String {
    format!("job:{target}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn job(target: &str, sha256: Option<&str>) -> Job {
        Job {
            target: target.into(),
            sha256: sha256.map(Into::into),
            url: None,
            published_ms: None,
        }
    }

    #[test]
    fn jobs_name_exact_versions_or_hashed_urls() {
        let (_, target) = Job::parse(br#"{"target":"npm:@scope/pkg@1.2.3"}"#).unwrap();
        assert_eq!(target.result_key(), "npm/=40scope=2Fpkg/1.2.3");
        assert_eq!(target.ecosystem(), "npm");
        let target = job("pypi:requests==2.32.3", None).check().unwrap();
        assert_eq!(target.result_key(), "pypi/requests/2.32.3");
        let hash = "AB".repeat(32);
        let target = job("https://example.invalid/a.tgz", Some(&hash))
            .check()
            .unwrap();
        assert_eq!(target.result_key(), format!("url/{}", "ab".repeat(32)));

        for (bad, why) in [
            (job("npm:left-pad", None), "exact version"),
            (job("pypi:x==>=1", None), "not an exact version"),
            (job("https://example.invalid/a.tgz", None), "sha256"),
            (job("https://example.invalid/a.tgz", Some("abc")), "sha256"),
            (job("file:///etc/passwd", None), "not npm:"),
        ] {
            let err = bad.check().unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
        assert!(Job::parse(b"npm:x@1").unwrap_err().contains("not a job"));
        assert!(Job::parse(&vec![b' '; MAX_JOB_BYTES + 1])
            .unwrap_err()
            .contains("too large"));
    }

    #[test]
    fn skill_jobs_carry_their_archive_and_are_filed_by_name_and_version() {
        let hash = "0f".repeat(32);
        let skill = |target: &str, url: Option<&str>, sha: Option<&str>| Job {
            url: url.map(Into::into),
            ..job(target, sha)
        };
        let url = "https://clawhub.example.invalid/dl/pdf-tools-1.2.0.zip";
        let target = skill("skill:acme/pdf-tools@1.2.0", Some(url), Some(&hash))
            .check()
            .unwrap();
        assert_eq!(target.ecosystem(), "skill");
        assert_eq!(target.result_key(), "skill/acme=2Fpdf-tools/1.2.0");
        assert!(matches!(target, Target::Skill { url: u, .. } if u == url));
        for (bad, why) in [
            (
                skill("skill:pdf-tools", Some(url), Some(&hash)),
                "NAME@VERSION",
            ),
            (skill("skill:@1.0", Some(url), Some(&hash)), "NAME@VERSION"),
            (
                skill("skill:pdf-tools@1.0", None, Some(&hash)),
                "archive URL",
            ),
            (
                skill("skill:pdf-tools@1.0", Some("file:///x.zip"), Some(&hash)),
                "archive URL",
            ),
            (skill("skill:pdf-tools@1.0", Some(url), None), "sha256"),
        ] {
            let err = bad.check().unwrap_err();
            assert!(err.contains(why), "{bad:?}: {err}");
        }
    }

    #[test]
    fn key_parts_escape_what_a_key_cannot_hold_one_to_one() {
        assert_eq!(key_part("1.0.0-beta.1"), "1.0.0-beta.1");
        assert_eq!(key_part("1.0+local"), "1.0=2Blocal");
        assert_eq!(key_part(".hidden."), "=2Ehidden=2E");
        assert_eq!(key_part("a=b"), "a=3Db");
        assert_ne!(key_part("a=3Db"), key_part("a=b"));
        assert_eq!(key_part("1!2.0"), "1=212.0");
        assert_eq!(key_part("a b"), "a=20b");
    }

    #[test]
    fn judged_keys_depend_on_digest_and_rule_pack() {
        let a = judged_key("sha256:00", "pack-1");
        assert_eq!(a.len(), 64);
        assert_ne!(a, judged_key("sha256:01", "pack-1"));
        assert_ne!(a, judged_key("sha256:00", "pack-2"));
        assert_eq!(a, judged_key("sha256:00", "pack-1"));
    }
}
