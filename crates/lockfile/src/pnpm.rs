//! `pnpm-lock.yaml`: every resolved package is a key of `packages` — `/name/1.0.0` (lockfile 5),
//! `/name@1.0.0` (6), `name@1.0.0` (9), with peer suffixes `_peer@1` or `(peer@1)` — and its
//! `resolution` gives the integrity, a tarball URL, a git repository or a folder.

use crate::lines::Lines;
use crate::{classify_location, Dependency, Ecosystem, Hash, Source};
use serde_yaml::Value;
use skill_scan_classify::bounded_yaml::parse_bounded;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    // Bounded as it is built: an alias that replays a large value thousands of times is refused.
    let root: Value = parse_bounded(text).map_err(|e| format!("not valid YAML: {e}"))?;
    let version_5 = match root.get("lockfileVersion") {
        Some(Value::Number(n)) => n.as_f64().is_some_and(|v| v < 6.0),
        Some(Value::String(s)) => s.starts_with('5'),
        _ => return Err("no lockfileVersion: not a pnpm lockfile".into()),
    };
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let Some(packages) = root.get("packages").and_then(Value::as_mapping) else {
        return Ok(out);
    };
    for (key, entry) in packages {
        let Some(key) = key.as_str() else { continue };
        let Some((name, version)) = split_key(key, version_5) else {
            continue;
        };
        let field = |k: &str| entry.get(k).and_then(Value::as_str);
        let resolution = entry.get("resolution");
        let res = |k: &str| resolution.and_then(|r| r.get(k)).and_then(Value::as_str);
        let source = if res("type") == Some("git") || res("repo").is_some() {
            Source::Git(res("repo").unwrap_or(key).to_string())
        } else if let Some(dir) = res("directory") {
            Source::Path(dir.to_string())
        } else if let Some(tarball) = res("tarball") {
            classify_location(tarball)
        } else if version.contains(':') {
            classify_location(&version)
        } else {
            Source::Registry { url: None }
        };
        let name = field("name").map_or(name, str::to_string);
        let version = match (&source, field("version")) {
            (_, Some(v)) => v.to_string(),
            (Source::Registry { .. }, None) => version,
            _ => String::new(),
        };
        let line = lines.find(&format!("{key}:"), key);
        out.push(Dependency {
            ecosystem: Ecosystem::Npm,
            name,
            version,
            source,
            hashes: res("integrity").map(Hash::from_sri).unwrap_or_default(),
            line,
        });
    }
    Ok(out)
}

/// `(name, version)` of a `packages` key, peer-dependency suffixes removed.
fn split_key(key: &str, version_5: bool) -> Option<(String, String)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    let key = key.split('(').next().unwrap_or(key);
    if version_5 {
        // `name/1.0.0_peer@2` or `@scope/name/1.0.0`.
        let (name, version) = key.rsplit_once('/')?;
        let version = version.split('_').next().unwrap_or(version);
        return Some((name.to_string(), version.to_string()));
    }
    let at = key.get(1..)?.find('@')? + 1;
    let (name, version) = (&key[..at], &key[at + 1..]);
    (!name.is_empty() && !version.is_empty()).then(|| (name.to_string(), version.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_bomb_is_refused_not_expanded() {
        // 100 KB once, replayed 2,000 times: 200 MB of values from 200 KB of YAML.
        let text = format!(
            "lockfileVersion: '9.0'\nsettings: &s {{x: \"{}\"}}\npackages:\n{}",
            "a".repeat(100_000),
            (0..2000)
                .map(|i| format!("  p{i}@1.0.0: *s\n"))
                .collect::<String>()
        );
        let err = parse(&text).unwrap_err();
        assert!(err.contains("alias bomb"), "{err}");
    }

    #[test]
    fn keys_of_each_lockfile_version_split_into_name_and_version() {
        assert_eq!(
            split_key("/left/1.0.0", true),
            Some(("left".into(), "1.0.0".into()))
        );
        assert_eq!(
            split_key("/@s/right/2.0.0_react@18.0.0", true),
            Some(("@s/right".into(), "2.0.0".into()))
        );
        assert_eq!(
            split_key("/left@1.0.0", false),
            Some(("left".into(), "1.0.0".into()))
        );
        assert_eq!(
            split_key("@s/right@2.0.0(react@18.0.0)", false),
            Some(("@s/right".into(), "2.0.0".into()))
        );
    }

    #[test]
    fn resolutions_give_hashes_and_sources() {
        let text = "lockfileVersion: '9.0'\n\nimporters:\n  .: {}\n\npackages:\n\n  left@1.0.0:\n    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}\n\n  gitdep@https://codeload.github.com/o/gitdep/tar.gz/0123abc:\n    resolution: {tarball: https://codeload.github.com/o/gitdep/tar.gz/0123abc}\n    version: 1.0.0\n\n  local@file:../local:\n    resolution: {directory: ../local, type: directory}\n";
        let deps = parse(text).unwrap();
        assert_eq!(deps.len(), 3);
        assert_eq!(deps[0].label(), "left@1.0.0");
        assert_eq!(deps[0].line, 8);
        assert_eq!(deps[0].hashes.len(), 1);
        assert!(matches!(deps[1].source, Source::Git(_)));
        assert!(matches!(deps[2].source, Source::Path(_)));
        assert!(parse("packages: {}\n").is_err());
    }
}
