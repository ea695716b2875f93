//! "The version before this one", by version order rather than publish time: registries re-stamp old
//! versions (npm's `time` shows express 3.4.4 published in December 2024) and maintenance lines interleave
//! (4.2.15 after 5.0), so the release published just before is often not the one this version follows.
//! npm versions are ordered as SemVer 2.0 (the `semver` crate), PyPI versions as PEP 440 (`pep440_rs`):
//! the loose digit-and-text key hand-written here before put `1.0a1` after `1.0.dev1` and `alpha.beta`
//! before `alpha.1`.

use std::str::FromStr;

/// The highest of `candidates` below `current` in the order `parse` gives, final releases only unless
/// `current` is a pre-release itself; `None` when `current` does not parse or nothing is below it.
/// `parse` returns the version and whether it is a pre-release.
fn previous_by<'a, V: Ord>(
    current: &str,
    candidates: impl Iterator<Item = &'a str>,
    parse: impl Fn(&str) -> Option<(V, bool)>,
) -> Option<String> {
    let (now, now_pre) = parse(current)?;
    candidates
        .filter(|v| *v != current)
        .filter_map(|v| Some((parse(v)?, v)))
        .filter(|((_, pre), _)| !*pre || now_pre)
        .filter(|((version, _), _)| *version < now)
        .max_by(|((a, _), _), ((b, _), _)| a.cmp(b))
        .map(|(_, v)| v.to_string())
}

/// The npm release `current` follows (SemVer order; build metadata only breaks ties).
pub(crate) fn previous_npm<'a>(
    current: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    previous_by(current, candidates, |v| {
        let version = semver::Version::parse(v.trim()).ok()?;
        let pre = !version.pre.is_empty();
        Some((version, pre))
    })
}

/// The PyPI release `current` follows (PEP 440 order; dev, alpha, beta and rc releases are pre-releases).
pub(crate) fn previous_pypi<'a>(
    current: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    previous_by(current, candidates, |v| {
        let version = pep440_rs::Version::from_str(v.trim()).ok()?;
        let pre = version.any_prerelease();
        Some((version, pre))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_npm_version_follows_semver_order_not_publish_time() {
        let versions = [
            "3.4.4",
            "4.13.3",
            "4.21.1",
            "4.21.2",
            "5.0.0",
            "5.0.0-beta.1",
            "4.21.10",
        ];
        let previous = |v: &str| previous_npm(v, versions.iter().copied());
        assert_eq!(previous("4.21.2").as_deref(), Some("4.21.1"));
        assert_eq!(previous("4.21.10").as_deref(), Some("4.21.2"));
        assert_eq!(previous("5.0.0").as_deref(), Some("4.21.10"));
        assert_eq!(previous("3.4.4"), None);
        assert_eq!(previous("5.0.0-beta.2").as_deref(), Some("5.0.0-beta.1"));
        assert_eq!(
            previous_npm(
                "1.0.0-beta.10",
                ["1.0.0-beta.9", "1.0.0-beta.2"].into_iter()
            )
            .as_deref(),
            Some("1.0.0-beta.9")
        );
        // SemVer: numeric identifiers rank below alphanumeric ones.
        assert_eq!(
            previous_npm(
                "1.0.0-alpha.beta",
                ["1.0.0-alpha.1", "1.0.0-alpha"].into_iter()
            )
            .as_deref(),
            Some("1.0.0-alpha.1")
        );
        assert_eq!(previous_npm("latest", versions.iter().copied()), None);
    }

    #[test]
    fn the_previous_pypi_version_follows_pep440_order() {
        let pep440 = ["2.31.0", "2.32.0rc1", "2.32.0", "2.32.3", "1!0.1"];
        assert_eq!(
            previous_pypi("2.32.3", pep440.iter().copied()).as_deref(),
            Some("2.32.0")
        );
        assert_eq!(previous_pypi("latest", pep440.iter().copied()), None);
        // dev < alpha < release < post.
        assert_eq!(
            previous_pypi("1.0a1", ["1.0.dev1", "0.9"].into_iter()).as_deref(),
            Some("1.0.dev1")
        );
        assert_eq!(
            previous_pypi("1.0.post1", ["1.0", "1.0rc1"].into_iter()).as_deref(),
            Some("1.0")
        );
    }
}
