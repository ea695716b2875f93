//! `package-lock.json` and `npm-shrinkwrap.json`: version 2 and 3 list every installed folder under
//! `packages` (`node_modules/a/node_modules/b`); version 1 nests `dependencies` objects.

use crate::lines::Lines;
use crate::{classify_location, Dependency, Ecosystem, Hash, Source};
use serde_json::{Map, Value};

/// Nested `dependencies` of a version 1 lockfile are followed this deep at most.
const MAX_DEPTH: usize = 64;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let root: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    if let Some(packages) = root.get("packages").and_then(Value::as_object) {
        for (path, entry) in packages {
            // "" is the project itself; a path without node_modules is one of its workspace folders.
            let Some(at) = path.rfind("node_modules/") else {
                continue;
            };
            // A linked workspace package, or one that ships inside its parent's tarball, is not fetched.
            if flag(entry, "link") || flag(entry, "inBundle") {
                continue;
            }
            let folder_name = &path[at + "node_modules/".len()..];
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(folder_name);
            let line = lines.find(&format!("\"{path}\":"), folder_name);
            out.push(dependency(name, entry, line));
        }
        out.sort_by_key(|dep| dep.line);
        return Ok(out);
    }
    if let Some(deps) = root.get("dependencies").and_then(Value::as_object) {
        walk_v1(deps, &lines, 0, &mut out);
        out.sort_by_key(|dep| dep.line);
        return Ok(out);
    }
    if root.get("lockfileVersion").is_some() {
        return Ok(out);
    }
    Err("no `packages` or `dependencies` object: not an npm lockfile".into())
}

fn walk_v1(deps: &Map<String, Value>, lines: &Lines, depth: usize, out: &mut Vec<Dependency>) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, entry) in deps {
        if !flag(entry, "bundled") {
            let line = lines.find(&format!("\"{name}\": {{"), &format!("\"{name}\""));
            out.push(dependency(name, entry, line));
        }
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            walk_v1(nested, lines, depth + 1, out);
        }
    }
}

fn flag(entry: &Value, key: &str) -> bool {
    entry.get(key).and_then(Value::as_bool) == Some(true)
}

fn dependency(name: &str, entry: &Value, line: usize) -> Dependency {
    let text = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or("");
    let version = text("version");
    let resolved = text("resolved");
    // Version 1 writes a git or file dependency's location as its version; an alias as `npm:real@1.0.0`.
    let (name, version) = match version.strip_prefix("npm:") {
        Some(alias) => match alias.get(1..).and_then(|t| t.rfind('@')) {
            Some(i) => (&alias[..i + 1], &alias[i + 2..]),
            None => (name, version),
        },
        None => (name, version),
    };
    let source = match classify_location(if resolved.is_empty() {
        version
    } else {
        resolved
    }) {
        Source::Registry { .. } if !resolved.is_empty() => classify_location(resolved),
        other => other,
    };
    let version = match source {
        Source::Registry { .. } => version.to_string(),
        _ if version.contains(':') => String::new(),
        _ => version.to_string(),
    };
    Dependency {
        ecosystem: Ecosystem::Npm,
        name: name.to_string(),
        version,
        source,
        hashes: Hash::from_sri(text("integrity")),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3: &str = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "dependencies": {"left": "^1.0.0"}},
    "node_modules/left": {
      "version": "1.0.0",
      "resolved": "https://registry.npmjs.org/left/-/left-1.0.0.tgz",
      "integrity": "sha512-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
    },
    "node_modules/left/node_modules/@s/right": {
      "version": "2.0.0",
      "resolved": "https://registry.npmjs.org/@s/right/-/right-2.0.0.tgz"
    },
    "node_modules/gitdep": {
      "version": "1.0.0",
      "resolved": "git+ssh://git@github.com/o/gitdep.git#0123456789abcdef"
    },
    "node_modules/alias": {"name": "real", "version": "3.0.0",
      "resolved": "https://registry.npmjs.org/real/-/real-3.0.0.tgz"},
    "node_modules/ws-pkg": {"resolved": "packages/ws-pkg", "link": true},
    "packages/ws-pkg": {"version": "0.0.1"}
  }
}"#;

    #[test]
    fn version_3_lists_every_installed_folder_once() {
        let deps = parse(V3).unwrap();
        let labels: Vec<String> = deps.iter().map(Dependency::label).collect();
        assert_eq!(
            labels,
            ["left@1.0.0", "@s/right@2.0.0", "gitdep@1.0.0", "real@3.0.0"]
        );
        assert_eq!(deps[0].line, 6);
        assert_eq!(deps[0].hashes.len(), 1);
        assert_eq!(deps[1].line, 11);
        assert!(matches!(deps[2].source, Source::Git(_)));
    }

    #[test]
    fn version_1_nests_dependencies() {
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {
  "a": {"version": "1.0.0", "integrity": "sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "dependencies": {"b": {"version": "2.0.0"}}},
  "c": {"version": "file:../c"},
  "d": {"version": "github:o/d#abc", "from": "github:o/d"}
}}"#;
        let deps = parse(v1).unwrap();
        let labels: Vec<String> = deps.iter().map(Dependency::label).collect();
        assert_eq!(labels, ["a@1.0.0", "b@2.0.0", "c", "d"]);
        assert_eq!(deps[1].line, 3);
        assert!(matches!(deps[2].source, Source::Path(_)));
        assert!(matches!(deps[3].source, Source::Git(_)));
        assert!(parse("{\"name\": 1}").is_err());
        assert!(parse("[").is_err());
    }
}
