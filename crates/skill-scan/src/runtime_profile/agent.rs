//! The agent permission block: allow exactly the programs, hosts and paths the scan saw the package use,
//! and deny the credential and system paths of the `strict` policy always.

use super::observed::Observed;
use crate::config::Profile;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// `{"permissions": {"allow": [...], "deny": [...]}}`.
pub fn permissions(seen: &Observed) -> Value {
    let mut allow = BTreeSet::new();
    for program in &seen.processes {
        allow.insert(format!("Bash({} *)", rule_text(program)));
    }
    for host in &seen.hosts {
        allow.insert(format!("WebFetch(domain:{})", rule_text(host)));
    }
    let denied = deny_rules();
    for path in &seen.paths_read {
        let rule = format!("Read({})", rule_text(path));
        if !denied.contains(&rule) {
            allow.insert(rule);
        }
    }
    for path in &seen.paths_written {
        allow.insert(format!("Edit({})", rule_text(path)));
    }
    // A denied path the code wants stays denied: the verdict already asked a person to look at it.
    allow.retain(|rule| !denied.iter().any(|d| covers(d, rule)));
    json!({
        "permissions": {
            "allow": allow,
            "deny": denied,
        }
    })
}

/// `Read(...)` rules for the default policy's deny paths that name a place (not a command or a file name
/// that could be anywhere).
fn deny_rules() -> BTreeSet<String> {
    crate::profiles::policy(Profile::Strict)
        .deny_paths
        .paths
        .iter()
        .map(|p| p.trim_matches(['\'', '"']))
        .filter(|p| p.starts_with('/') || p.starts_with('.') || p.starts_with("Library/"))
        .flat_map(|p| {
            // `//path` is an absolute path in the rule syntax, `~/path` one under the home folder.
            let place = if p.starts_with('/') && !p.starts_with("/.") {
                format!("/{p}")
            } else {
                format!("~/{}", p.trim_start_matches('/'))
            };
            let place = rule_text(place.trim_end_matches('/'));
            [format!("Read({place})"), format!("Read({place}/**)")]
        })
        .collect()
}

/// Whether the deny rule `deny` (`Read(P/**)`) covers `rule` (`Read(P…)` / `Edit(P…)`).
fn covers(deny: &str, rule: &str) -> bool {
    let Some(denied) = deny.strip_prefix("Read(").and_then(|d| d.strip_suffix(')')) else {
        return false;
    };
    let prefix = denied.trim_end_matches("/**");
    let inner = rule
        .strip_prefix("Read(")
        .or_else(|| rule.strip_prefix("Edit("))
        .and_then(|r| r.strip_suffix(')'));
    inner.is_some_and(|path| {
        path.trim_start_matches('/') == prefix.trim_start_matches('/')
            || path.starts_with(&format!("{prefix}/"))
    })
}

/// Rule arguments end at `)`: keep the text free of it.
fn rule_text(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '(' | ')')).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_what_was_seen_and_denies_secrets_even_when_the_code_wants_them() {
        let seen = Observed {
            hosts: ["api.example.invalid".to_string()].into(),
            paths_read: ["~/.ssh/id_rsa".to_string(), "./data.csv".to_string()].into(),
            processes: ["git".to_string()].into(),
            ..Observed::default()
        };
        let block = permissions(&seen);
        let allow: Vec<&str> = block["permissions"]["allow"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            allow,
            [
                "Bash(git *)",
                "Read(./data.csv)",
                "WebFetch(domain:api.example.invalid)"
            ]
        );
        let deny = block["permissions"]["deny"].as_array().unwrap();
        assert!(deny.iter().any(|d| d == "Read(~/.ssh/**)"), "{deny:?}");
        assert!(
            deny.iter().any(|d| d == "Read(//etc/shadow/**)"),
            "{deny:?}"
        );
    }
}
