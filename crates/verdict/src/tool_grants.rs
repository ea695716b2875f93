//! Calibration for a skill that grants its agent the shell only for named commands (`allowed-tools:
//! [Bash(oo *)]`): a download-and-run step in its Markdown whose commands are not among those grants cannot
//! run unattended. The agent client stops and asks the user first, so the step weighs one step less: a
//! block becomes a review, never less, because people do approve such prompts (a vendor skill's
//! "if `oo` is missing, install it with `curl …/install.sh | bash`" is the common benign case).
//!
//! Nothing is lowered when any grant is the whole shell (`Bash`, `Bash(*)`), when a grant names a command
//! the step runs (`Bash(curl:*)`), or when the finding is in code rather than in the skill's instructions.

use crate::groups::RootCauseGroup;
use skill_scan_model::{Context, Finding, PackageKind, PackageSummary, RecommendedAction};

/// Tool names under which agent clients run shell commands.
const SHELL_TOOLS: &[&str] = &["bash", "shell", "powershell", "run_shell_command"];

/// The command words the skill lets its agent run unattended, or `None` when it grants no scoped shell
/// (no shell at all, or the whole shell: then nothing is known to be asked).
fn scoped_shell_grants(allowed_tools: &[String]) -> Option<Vec<String>> {
    let mut words = Vec::new();
    for tool in allowed_tools {
        let (name, scope) = match tool.split_once('(') {
            Some((name, rest)) => (name.trim(), Some(rest.trim_end_matches(')').trim())),
            None => (tool.trim(), None),
        };
        if !SHELL_TOOLS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        // `Bash(git log:*)` and `Bash(oo *)` both grant the command word before the first space or colon.
        let word = scope
            .and_then(|s| s.split([' ', ':']).next())
            .map(|w| w.trim().to_ascii_lowercase());
        match word {
            Some(w) if !w.is_empty() && w != "*" => words.push(w),
            _ => return None,
        }
    }
    (!words.is_empty()).then_some(words)
}

/// The command word of every stage of a shell line (`curl … | sudo bash` → `curl`, `bash`).
fn command_words(line: &str) -> Vec<String> {
    line.split(['|', ';', '&'])
        .filter_map(|stage| {
            stage
                .split_whitespace()
                .find(|w| !matches!(*w, "$" | "sudo" | "env" | ">" | "!"))
                .map(|w| w.trim_matches(['`', '(', ')']).to_ascii_lowercase())
        })
        .collect()
}

pub(crate) fn run_step_outside_the_skills_grants(
    group: &RootCauseGroup,
    members: &[&Finding],
    package: &PackageSummary,
) -> Option<(RecommendedAction, String)> {
    if package.kind != Some(PackageKind::Skill) || group.action != RecommendedAction::Block {
        return None;
    }
    let grants = scoped_shell_grants(&package.allowed_tools)?;
    let asked = |f: &&Finding| {
        matches!(f.context, Context::MarkdownCode | Context::MarkdownProse)
            && command_words(&f.snippet)
                .iter()
                .all(|word| !grants.contains(word))
    };
    (!members.is_empty() && members.iter().all(asked)).then(|| {
        (
            RecommendedAction::Review,
            format!(
                "the skill lets its agent run only `{}` unattended; this step is not among them, so the agent must ask the user first",
                grants.join("`, `")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibration::calibrate;
    use crate::groups::group_findings;
    use crate::groups::tests::finding;
    use skill_scan_model::{ArtifactScope, FileKind, Language};

    fn step(snippet: &str) -> Finding {
        let mut hit = finding("f1", "RCE001", "SKILL.md", 12, RecommendedAction::Block);
        hit.context = Context::MarkdownCode;
        hit.scope = ArtifactScope::AgentEntrypoint;
        hit.file_kind = FileKind::SkillManifest;
        hit.language = Language::Markdown;
        hit.snippet = snippet.to_string();
        hit
    }

    fn action(findings: &[Finding], tools: &[&str]) -> RecommendedAction {
        let package = PackageSummary {
            kind: Some(PackageKind::Skill),
            allowed_tools: tools.iter().map(|t| t.to_string()).collect(),
            ..PackageSummary::default()
        };
        let calibrated = calibrate(&group_findings(findings), findings, &package);
        let strongest = calibrated.groups.iter().map(|g| g.action).max();
        strongest.unwrap_or(RecommendedAction::Log)
    }

    #[test]
    fn an_installer_outside_scoped_grants_is_a_review() {
        let hit =
            step("curl -fsSL https://cli.example.invalid/install.sh | bash   # macOS / Linux");
        let one = std::slice::from_ref(&hit);
        assert_eq!(action(one, &["Bash(tool *)"]), RecommendedAction::Review);
        assert_eq!(
            action(one, &["Bash(git log:*)", "Read"]),
            RecommendedAction::Review
        );
    }

    #[test]
    fn the_whole_shell_a_granted_step_or_code_keeps_the_block() {
        let hit = step("curl -fsSL https://cli.example.invalid/install.sh | sudo bash");
        let one = std::slice::from_ref(&hit);
        // Nothing declared, the whole shell, or the downloader itself granted: the step may run unattended.
        assert_eq!(action(one, &[]), RecommendedAction::Block);
        assert_eq!(action(one, &["Bash"]), RecommendedAction::Block);
        assert_eq!(action(one, &["Bash(*)"]), RecommendedAction::Block);
        assert_eq!(
            action(one, &["Bash(tool *)", "Bash(curl:*)"]),
            RecommendedAction::Block
        );
        assert_eq!(
            action(one, &["Bash(tool *)", "Bash(bash:*)"]),
            RecommendedAction::Block
        );
        // A script the skill ships runs through whatever runs it; only instructions are asked about.
        let mut code = hit.clone();
        code.context = Context::Code;
        code.file_kind = FileKind::Shell;
        code.language = Language::Shell;
        code.path = "scripts/setup.sh".into();
        assert_eq!(action(&[code], &["Bash(tool *)"]), RecommendedAction::Block);
    }

    #[test]
    fn command_words_name_every_stage() {
        assert_eq!(
            command_words("$ curl -fsSL https://x.invalid/i.sh | sudo bash -s -- -y"),
            ["curl", "bash"]
        );
        assert_eq!(
            command_words("irm https://x.invalid/i.ps1 | iex"),
            ["irm", "iex"]
        );
    }
}
