//! "The version before this one", by version order rather than publish time: registries re-stamp old
//! versions (npm's `time` shows express 3.4.4 published in December 2024) and maintenance lines interleave
//! (4.2.15 after 5.0), so the release published just before is often not the one this version follows.

use std::cmp::Ordering;

/// A loose, ecosystem-neutral order key: the numeric release segments (`1.10.2` → `[1, 10, 2]`), whether
/// this is a final release (no pre-release or dev suffix), and the suffix (`-beta.2`, `rc1`) to order
/// pre-releases among themselves. `None` for a version that does not start with a number.
type Key = (Vec<u64>, bool, Vec<Chunk>);

/// A run of digits (compared as a number) or of other characters (compared as text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk {
    Text(String),
    Number(u64),
}

fn chunks(text: &str) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let digits = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        out.push(match run.parse() {
            Ok(n) if digits => Chunk::Number(n),
            _ => Chunk::Text(run.to_string()),
        });
        rest = tail;
    }
    out
}

fn key(version: &str) -> Option<Key> {
    let version = version.split_once('!').map_or(version, |(_, rest)| rest);
    let version = version.strip_prefix('v').unwrap_or(version);
    let end = version
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(version.len());
    let (release, rest) = version.split_at(end);
    let release = release.trim_end_matches('.');
    let parts: Option<Vec<u64>> = release.split('.').map(|p| p.parse().ok()).collect();
    let parts = parts.filter(|p| !p.is_empty())?;
    let rest = rest.to_ascii_lowercase();
    let is_final = rest.is_empty() || rest.starts_with('+') || rest.contains("post");
    Some((parts, is_final, chunks(&rest)))
}

fn compare(a: &Key, b: &Key) -> Ordering {
    let len = a.0.len().max(b.0.len());
    for i in 0..len {
        let (x, y) = (a.0.get(i).unwrap_or(&0), b.0.get(i).unwrap_or(&0));
        match x.cmp(y) {
            Ordering::Equal => {}
            other => return other,
        }
    }
    a.1.cmp(&b.1).then_with(|| a.2.cmp(&b.2))
}

/// The highest of `candidates` below `current` in version order, final releases only unless `current` is a
/// pre-release itself; `None` when `current` does not parse or nothing is below it.
pub(crate) fn previous_version<'a>(
    current: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<String> {
    let now = key(current)?;
    candidates
        .filter(|v| *v != current)
        .filter_map(|v| Some((key(v)?, v)))
        .filter(|(k, _)| k.1 || !now.1)
        .filter(|(k, _)| compare(k, &now) == Ordering::Less)
        .max_by(|(a, _), (b, _)| compare(a, b))
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_version_follows_version_order_not_publish_time() {
        let versions = [
            "3.4.4",
            "4.13.3",
            "4.21.1",
            "4.21.2",
            "5.0.0",
            "5.0.0-beta.1",
            "4.21.10",
        ];
        let previous = |v: &str| previous_version(v, versions.iter().copied());
        assert_eq!(previous("4.21.2").as_deref(), Some("4.21.1"));
        assert_eq!(previous("4.21.10").as_deref(), Some("4.21.2"));
        assert_eq!(previous("5.0.0").as_deref(), Some("4.21.10"));
        assert_eq!(previous("3.4.4"), None);
        assert_eq!(previous("5.0.0-beta.2").as_deref(), Some("5.0.0-beta.1"));
        assert_eq!(
            previous_version(
                "1.0.0-beta.10",
                ["1.0.0-beta.9", "1.0.0-beta.2"].into_iter()
            )
            .as_deref(),
            Some("1.0.0-beta.9")
        );
        let pep440 = ["2.31.0", "2.32.0rc1", "2.32.0", "2.32.3", "1!0.1"];
        assert_eq!(
            previous_version("2.32.3", pep440.iter().copied()).as_deref(),
            Some("2.32.0")
        );
        assert_eq!(previous_version("latest", pep440.iter().copied()), None);
    }
}
