//! `yarn.lock`. Classic (yarn 1) is its own indented format: a header line of the specs an entry
//! satisfies, then `version`, `resolved` and `integrity`. Berry (yarn 2+) is YAML: `resolution:
//! "name@npm:1.0.0"` and a `checksum` of yarn's own zip cache file, which is not the registry's tarball
//! and so cannot check a download.

use crate::lines::Lines;
use crate::{classify_location, Dependency, Ecosystem, Hash, Source};
use serde_yaml::Value;
use skill_scan_classify::bounded_yaml::parse_bounded;

pub(crate) fn parse_classic(text: &str) -> Result<Vec<Dependency>, String> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize, String, String, String)> = None;
    let flush = |entry: Option<(String, usize, String, String, String)>,
                 out: &mut Vec<Dependency>| {
        if let Some((spec, line, version, resolved, integrity)) = entry {
            if let Some(dep) = classic_dependency(&spec, line, &version, &resolved, &integrity) {
                out.push(dep);
            }
        }
    };
    for (index, raw) in text.lines().enumerate() {
        if raw.trim_start().starts_with('#') || raw.trim().is_empty() {
            continue;
        }
        if !raw.starts_with(' ') {
            flush(current.take(), &mut out);
            let first = raw.trim_end_matches(':').split(", ").next().unwrap_or("");
            current = Some((
                unquote(first).to_string(),
                index + 1,
                String::new(),
                String::new(),
                String::new(),
            ));
            continue;
        }
        // Only the entry's own fields (two spaces), not its `dependencies:` block.
        let Some(field) = raw.strip_prefix("  ").filter(|f| !f.starts_with(' ')) else {
            continue;
        };
        let Some((key, value)) = field.split_once(' ') else {
            continue;
        };
        if let Some(entry) = current.as_mut() {
            let value = unquote(value.trim()).to_string();
            match key {
                "version" => entry.2 = value,
                "resolved" => entry.3 = value,
                "integrity" => entry.4 = value,
                _ => {}
            }
        }
    }
    flush(current, &mut out);
    if out.is_empty() && !text.contains("yarn lockfile") && !text.trim().is_empty() {
        return Err("no entries: not a yarn lockfile".into());
    }
    Ok(out)
}

fn classic_dependency(
    spec: &str,
    line: usize,
    version: &str,
    resolved: &str,
    integrity: &str,
) -> Option<Dependency> {
    let at = spec.get(1..)?.find('@')? + 1;
    let (name, range) = (&spec[..at], &spec[at + 1..]);
    let source = match classify_location(resolved) {
        Source::Registry { url: None } if range.contains(':') && !range.starts_with("npm:") => {
            classify_location(range)
        }
        other => other,
    };
    // An alias (`alias@npm:real@^1`) installs `real`.
    let name = range
        .strip_prefix("npm:")
        .and_then(|real| {
            real.get(1..)
                .and_then(|t| t.find('@'))
                .map(|i| &real[..i + 1])
        })
        .unwrap_or(name);
    Some(Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.to_string(),
        version: version.to_string(),
        source,
        hashes: Hash::from_sri(integrity),
        line,
    })
}

fn unquote(text: &str) -> &str {
    text.trim().trim_matches('"')
}

pub(crate) fn parse_berry(text: &str) -> Result<Vec<Dependency>, String> {
    // Bounded as it is built: an alias that replays a large value thousands of times is refused.
    let root: Value = parse_bounded(text).map_err(|e| format!("not valid YAML: {e}"))?;
    let map = root.as_mapping().ok_or("not a YAML mapping")?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for (key, entry) in map {
        let Some(key) = key.as_str() else { continue };
        if key == "__metadata" {
            continue;
        }
        let Some(resolution) = entry.get("resolution").and_then(Value::as_str) else {
            continue;
        };
        let Some(at) = resolution.get(1..).and_then(|t| t.find('@')).map(|i| i + 1) else {
            continue;
        };
        let (name, locator) = (&resolution[..at], &resolution[at + 1..]);
        let version = entry.get("version").and_then(Value::as_str).unwrap_or("");
        let (protocol, rest) = locator.split_once(':').unwrap_or(("npm", locator));
        let source = match protocol {
            "npm" => Source::Registry { url: None },
            // The project's own workspaces, and patches of a package also locked on its own.
            "workspace" | "patch" | "virtual" => continue,
            "file" | "link" | "portal" => Source::Path(rest.to_string()),
            "git" | "git+ssh" | "git+https" | "github" => Source::Git(locator.to_string()),
            "http" | "https" => classify_location(locator),
            _ => Source::Url(locator.to_string()),
        };
        let first_spec = key.split(", ").next().unwrap_or(key);
        let line = lines.find(&format!("\"{first_spec}"), first_spec);
        out.push(Dependency {
            ecosystem: Ecosystem::Npm,
            name: name.to_string(),
            version: version.to_string(),
            source,
            hashes: Vec::new(),
            line,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_entries_carry_version_resolved_and_integrity() {
        let text = "# THIS IS AN AUTOGENERATED FILE.\n# yarn lockfile v1\n\n\n\"@s/right@^2.0.0\", \"@s/right@^2.1.0\":\n  version \"2.1.0\"\n  resolved \"https://registry.yarnpkg.com/@s/right/-/right-2.1.0.tgz#abc\"\n  integrity sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n  dependencies:\n    left \"^1.0.0\"\n\nleft@^1.0.0:\n  version \"1.0.0\"\n  resolved \"https://registry.yarnpkg.com/left/-/left-1.0.0.tgz\"\n\ngitdep@git+https://example.invalid/o/gitdep.git:\n  version \"1.0.0\"\n  resolved \"git+https://example.invalid/o/gitdep.git#0123abc\"\n\nalias@npm:real@^3:\n  version \"3.0.0\"\n";
        let deps = parse_classic(text).unwrap();
        let labels: Vec<String> = deps.iter().map(Dependency::label).collect();
        assert_eq!(
            labels,
            ["@s/right@2.1.0", "left@1.0.0", "gitdep@1.0.0", "real@3.0.0"]
        );
        assert_eq!(deps[0].line, 5);
        assert_eq!(deps[0].hashes.len(), 1);
        assert_eq!(deps[1].line, 12);
        assert!(matches!(deps[2].source, Source::Git(_)));
        assert!(parse_classic("hello world\n").is_err());
    }

    #[test]
    fn berry_entries_resolve_by_protocol() {
        let text = "__metadata:\n  version: 8\n  cacheKey: 10c0\n\n\"left@npm:^1.0.0\":\n  version: 1.0.0\n  resolution: \"left@npm:1.0.0\"\n  checksum: 10c0/abc\n  languageName: node\n  linkType: hard\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n\n\"gitdep@https://github.com/o/gitdep.git#commit=0123\":\n  version: 1.0.0\n  resolution: \"gitdep@https://github.com/o/gitdep.git#commit=0123\"\n";
        let deps = parse_berry(text).unwrap();
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[0].label(), "left@1.0.0");
        assert_eq!(deps[0].line, 5);
        assert!(matches!(deps[1].source, Source::Git(_)));
    }
}
