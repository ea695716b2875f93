//! npm runs a package.json script with the manifest flattened into its environment: `config.helper` is
//! `$npm_package_config_helper`, `name` is `$npm_package_name`. A script that names a command, a host or
//! a tarball through one of those (`npx --yes $npm_package_config_helper`) runs what the manifest holds,
//! so the script is read with each such variable replaced by the manifest's value.

use crate::json_tree::JsonNode;

const PREFIX: &str = "npm_package_";
/// Variables replaced per script, and the bytes a script may grow to.
const MAX_VARIABLES: usize = 32;
const MAX_EXPANDED_BYTES: usize = 16 * 1024;
/// Manifest levels a variable name is followed into.
const MAX_DEPTH: usize = 4;

/// `script` with `$npm_package_…`, `${npm_package_…}` and `%npm_package_…%` replaced by the scalar the
/// manifest holds there; `None` when none is.
pub fn expand_package_variables(script: &str, manifest: &JsonNode) -> Option<String> {
    if !script.contains(PREFIX) {
        return None;
    }
    let mut out = String::with_capacity(script.len() + 64);
    let mut rest = script;
    let mut replaced = 0;
    while let Some(at) = rest.find(PREFIX) {
        let before = &rest[..at];
        let (opener, closer) = match before.as_bytes().last() {
            Some(b'$') => ("$", ""),
            Some(b'{') if before.ends_with("${") => ("${", "}"),
            Some(b'%') => ("%", "%"),
            _ => ("", ""),
        };
        let name_end = rest[at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(rest.len(), |i| at + i);
        let name = &rest[at + PREFIX.len()..name_end];
        let closed = rest[name_end..].starts_with(closer);
        let value = (!opener.is_empty() && closed && replaced < MAX_VARIABLES)
            .then(|| lookup(manifest, name, 0))
            .flatten();
        match value {
            Some(value) => {
                out.push_str(&before[..before.len() - opener.len()]);
                out.push_str(value);
                rest = &rest[name_end + closer.len()..];
                replaced += 1;
            }
            None => {
                out.push_str(&rest[..name_end]);
                rest = &rest[name_end..];
            }
        }
        if out.len() > MAX_EXPANDED_BYTES {
            return None;
        }
    }
    out.push_str(rest);
    (replaced > 0).then_some(out)
}

/// The scalar the manifest holds for the environment variable `variable` (`npm_package_config_helper`),
/// as npm sets it for the package's scripts and the processes they start.
pub fn package_variable<'a>(manifest: &'a JsonNode, variable: &str) -> Option<&'a str> {
    lookup(manifest, variable.strip_prefix(PREFIX)?, 0)
}

/// The scalar at the flattened name `name` (`config_helper` → `config.helper`); keys are compared with
/// every character npm cannot put in a variable name read as `_`.
fn lookup<'a>(node: &'a JsonNode, name: &str, depth: usize) -> Option<&'a str> {
    if depth > MAX_DEPTH || name.is_empty() {
        return None;
    }
    for member in node.members().iter().rev() {
        let key: String = member
            .key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if name == key {
            if let Some(text) = member.value.scalar_text() {
                return Some(text);
            }
        } else if let Some(tail) = name
            .strip_prefix(key.as_str())
            .and_then(|t| t.strip_prefix('_'))
        {
            if let Some(found) = lookup(&member.value, tail, depth + 1) {
                return Some(found);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_tree::parse_json;

    #[test]
    fn a_variable_names_the_manifests_scalar() {
        let manifest =
            parse_json(r#"{"config": {"tool": {"url": "https://t.example.invalid/a.tgz"}}}"#)
                .unwrap();
        assert_eq!(
            package_variable(&manifest, "npm_package_config_tool_url"),
            Some("https://t.example.invalid/a.tgz")
        );
        assert_eq!(package_variable(&manifest, "npm_package_config_tool"), None);
        assert_eq!(package_variable(&manifest, "npm_config_tool_url"), None);
    }

    #[test]
    fn variables_of_the_manifest_are_replaced_by_its_values() {
        let manifest = parse_json(
            r#"{"name": "demo-kit", "config": {"mirror_url": "https://m.example.invalid/k.tgz", "port": 8080}}"#,
        )
        .unwrap();
        assert_eq!(
            expand_package_variables(
                "npx -y $npm_package_config_mirror_url && echo ${npm_package_name}:%npm_package_config_port%",
                &manifest
            )
            .as_deref(),
            Some("npx -y https://m.example.invalid/k.tgz && echo demo-kit:8080")
        );
    }

    #[test]
    fn unknown_unmarked_or_structured_variables_are_left_alone() {
        let manifest = parse_json(r#"{"config": {"list": [1, 2]}, "name": "x"}"#).unwrap();
        for script in [
            "echo $npm_package_config_list",
            "echo $npm_package_version",
            "echo npm_package_name",
            "echo ${npm_package_name",
            "node build.js",
        ] {
            assert_eq!(
                expand_package_variables(script, &manifest),
                None,
                "{script}"
            );
        }
    }
}
