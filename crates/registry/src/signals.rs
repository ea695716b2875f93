//! Cheap, solid signals from the registry's own metadata, read before any byte of the archive: a version
//! published moments ago (compromised releases are usually caught within hours or days), a package
//! that did not exist a month ago, install scripts that appear in this version, a new publishing account.
//! Each is reported under a package-level rule of `rules/registry.yaml`.

use crate::time::parse_rfc3339;
use crate::{Ecosystem, Release};
pub use skill_scan_model::RegistrySignalKind as SignalKind;

/// A version younger than this is "just published".
pub const RECENT_VERSION_SECS: i64 = 24 * 3600;
/// A package whose first version is younger than this is "new".
pub const YOUNG_PACKAGE_SECS: i64 = 30 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signal {
    pub kind: SignalKind,
    pub message: String,
    pub evidence: String,
}

/// The signals `release`'s metadata gives at time `now` (Unix seconds).
pub fn signals(release: &Release, now: i64) -> Vec<Signal> {
    let mut out = Vec::new();
    let label = match release.ecosystem {
        Ecosystem::Npm => format!("{}@{}", release.name, release.version),
        Ecosystem::Pypi => format!("{}=={}", release.name, release.version),
    };
    if let Some(published) = release.published.as_deref() {
        if let Some(at) = parse_rfc3339(published) {
            let age = now - at;
            if (0..RECENT_VERSION_SECS).contains(&age) {
                out.push(Signal {
                    kind: SignalKind::RecentVersion,
                    message: format!("{label} was published {} ago", duration(age)),
                    evidence: format!("published {published}"),
                });
            }
        }
    }
    if let Some(created) = release.package_created {
        let age = now - created;
        if (0..YOUNG_PACKAGE_SECS).contains(&age) {
            out.push(Signal {
                kind: SignalKind::YoungPackage,
                message: format!(
                    "{} first appeared on the registry {} ago",
                    release.name,
                    duration(age)
                ),
                evidence: format!("first published {}", duration(age)),
            });
        }
    }
    if let (Some(previous), Some(before)) = (&release.previous, &release.previous_install_scripts) {
        for (name, body) in &release.install_scripts {
            if before.get(name) != Some(body) {
                let change = if before.contains_key(name) {
                    "changed"
                } else {
                    "added"
                };
                out.push(Signal {
                    kind: SignalKind::InstallScriptAdded,
                    message: format!(
                        "the `{name}` install script was {change} in {label} (not as in {previous})"
                    ),
                    evidence: format!("\"{name}\": \"{body}\""),
                });
            }
        }
    }
    if let (Some(now_by), Some(before_by), Some(previous)) = (
        &release.publisher,
        &release.previous_publisher,
        &release.previous,
    ) {
        if now_by != before_by {
            out.push(Signal {
                kind: SignalKind::PublisherChanged,
                message: format!("{label} was published by {now_by}, {previous} by {before_by}"),
                evidence: format!("_npmUser: {now_by}"),
            });
        }
    }
    out
}

fn duration(secs: i64) -> String {
    match secs {
        s if s < 3600 => format!("{} minute(s)", (s / 60).max(1)),
        s if s < 2 * 86_400 => format!("{} hour(s)", s / 3600),
        s => format!("{} day(s)", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Expected;
    use std::collections::BTreeMap;

    fn release() -> Release {
        Release {
            ecosystem: Ecosystem::Npm,
            name: "tool".into(),
            version: "1.1.0".into(),
            file_name: "tool-1.1.0.tgz".into(),
            url: "https://r.example/tool-1.1.0.tgz".into(),
            expected: Expected::Sha256("00".repeat(32)),
            published: Some("2024-02-01T00:00:00Z".into()),
            package_created: parse_rfc3339("2024-01-25T00:00:00Z"),
            previous: Some("1.0.0".into()),
            install_scripts: BTreeMap::from([("postinstall".into(), "node x.js".into())]),
            previous_install_scripts: Some(BTreeMap::new()),
            publisher: Some("mallory".into()),
            previous_publisher: Some("alice".into()),
        }
    }

    fn kinds(signals: &[Signal]) -> Vec<SignalKind> {
        signals.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn a_fresh_release_of_a_new_package_with_a_new_hook_and_publisher() {
        let now = parse_rfc3339("2024-02-01T00:20:00Z").unwrap();
        let found = signals(&release(), now);
        assert_eq!(
            kinds(&found),
            [
                SignalKind::RecentVersion,
                SignalKind::YoungPackage,
                SignalKind::InstallScriptAdded,
                SignalKind::PublisherChanged
            ]
        );
        assert!(
            found[0].message.contains("20 minute(s) ago"),
            "{}",
            found[0].message
        );
        assert!(found[2]
            .message
            .contains("`postinstall` install script was added"));
    }

    #[test]
    fn an_old_release_of_an_old_package_with_the_same_hook_is_quiet() {
        let mut old = release();
        old.package_created = parse_rfc3339("2015-01-01T00:00:00Z");
        old.previous_install_scripts = Some(old.install_scripts.clone());
        old.previous_publisher = old.publisher.clone();
        let now = parse_rfc3339("2025-01-01T00:00:00Z").unwrap();
        assert!(signals(&old, now).is_empty());
        // The first version has nothing to compare with.
        old.previous = None;
        old.previous_install_scripts = None;
        assert!(signals(&old, now).is_empty());
    }
}
