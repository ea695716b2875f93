//! `Pipfile.lock`: JSON with `default` and `develop` sections, each mapping a name to its `version`
//! (`==1.0`), `hashes`, or a `git`, `path`, `file` location.

use crate::lines::Lines;
use crate::{classify_location, Dependency, Ecosystem, Hash, Source};
use serde_json::Value;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    if root.get("_meta").is_none() && root.get("default").is_none() {
        return Err("no `_meta` or `default` section: not a Pipfile.lock".into());
    }
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for section in ["default", "develop"] {
        let Some(entries) = root.get(section).and_then(Value::as_object) else {
            continue;
        };
        for (name, entry) in entries {
            let field = |k: &str| entry.get(k).and_then(Value::as_str);
            let version = field("version").unwrap_or("");
            let version = version
                .strip_prefix("==")
                .unwrap_or(version)
                .trim_start_matches('=');
            let source = if let Some(git) = field("git") {
                Source::Git(format!("{git}@{}", field("ref").unwrap_or("")))
            } else if let Some(path) = field("path") {
                Source::Path(path.to_string())
            } else if let Some(file) = field("file") {
                classify_location(file)
            } else {
                Source::Registry { url: None }
            };
            let hashes = entry
                .get("hashes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter_map(Hash::from_prefixed_hex)
                .collect();
            out.push(Dependency {
                ecosystem: Ecosystem::Pypi,
                name: name.clone(),
                version: version.to_string(),
                source,
                hashes,
                line: lines.find(&format!("\"{name}\": {{"), &format!("\"{name}\"")),
            });
        }
    }
    out.sort_by_key(|dep| dep.line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_and_develop_entries() {
        let hex = "d".repeat(64);
        let text = format!(
            "{{\n    \"_meta\": {{\"hash\": {{}}}},\n    \"default\": {{\n        \"six\": {{\n            \"hashes\": [\"sha256:{hex}\"],\n            \"version\": \"==1.16.0\"\n        }}\n    }},\n    \"develop\": {{\n        \"tool\": {{\"git\": \"https://example.invalid/o/tool.git\", \"ref\": \"0123abc\"}}\n    }}\n}}\n"
        );
        let deps = parse(&text).unwrap();
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[0].label(), "six==1.16.0");
        assert_eq!(deps[0].line, 4);
        assert_eq!(deps[0].hashes.len(), 1);
        assert!(matches!(deps[1].source, Source::Git(_)));
        assert!(parse("{}").is_err());
    }
}
