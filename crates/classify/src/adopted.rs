//! CI templates an agent is told to adopt. A workflow under `.github/` is normally the package's own CI,
//! which runs on the maintainers' runners and is weighed as a test file; when a skill's instructions name
//! that file ("copy `.github/workflows/ci.yml` into the user's repository"), it is what the agent puts to
//! work in the user's repository, and it weighs what source weighs.

use crate::file_role::file_role;
use skill_scan_model::FileRole;
use std::collections::HashSet;

/// Paths read per entrypoint: a document that names more is a file index, not a recipe.
const MAX_NAMED: usize = 64;

/// The CI files of the package (`paths`) that the agent entrypoint at `entrypoint` names in `text`,
/// as a path relative to the entrypoint's folder or to the package root.
pub fn adopted_ci_files(entrypoint: &str, text: &str, paths: &HashSet<&str>) -> Vec<String> {
    named_files(entrypoint, text, paths, is_ci_path, None)
}

/// The documents of the package (`paths`) that the agent entrypoint at `entrypoint` points the agent to
/// in `text` ("complete the steps in [setup](references/setup.md)"): a skill's reference files are read
/// by the agent when the skill says so, and what they say is carried out as the skill itself is.
pub fn followed_documents(entrypoint: &str, text: &str, paths: &HashSet<&str>) -> Vec<String> {
    named_files(
        entrypoint,
        text,
        paths,
        is_document_path,
        Some(orders_carried_out),
    )
}

/// Words of a sentence that has the agent carry a document out, not consult it: "complete every step
/// in", "follow the setup in", "run what … says".
const CARRY_OUT: &[&str] = &[
    "complete ",
    "carry out",
    "execute ",
    "perform ",
    "run every",
    "run all",
    "run the steps",
    "run the commands",
    "do every",
    "do all",
    "go through",
    "follow every",
    "follow all",
    "follow the steps",
    "follow the instructions",
    "follow the setup",
    "follow the install",
    // Handed on as a prompt: "give the subagent, word for word, the task written in references/task.txt".
    "word for word",
    "verbatim",
    "as its prompt",
    "as the prompt",
    "as your prompt",
    "task written in",
    "task described in",
    "prompt written in",
];

/// Whether the sentence that names a document (the text before the name, back to the sentence start or
/// table cell) tells the agent to carry the document out.
fn orders_carried_out(before: &str) -> bool {
    let sentence_start = before
        .rfind(['\n', '!', '?', '|', ';'])
        .max(before.rfind(". "))
        .map_or(0, |i| i + 1);
    let sentence = before[sentence_start..].to_ascii_lowercase();
    sentence.len() <= 300 && CARRY_OUT.iter().any(|w| sentence.contains(w))
}

/// Words after a document's name, in the same sentence, that have the agent carry out what it reads
/// there: "read `steps.md` and carry out every step in it", "open notes.txt and do what it says". Only
/// orders that point back at the document: "read api.md and complete the form" is not one.
const CARRY_OUT_AFTER: &[&str] = &[
    "carry out every",
    "carry out all",
    "carry out each",
    "carry out the steps",
    "carry out the instructions",
    "carry out what",
    "carry them out",
    "carry it out",
    "follow every",
    "follow all",
    "follow each",
    "follow them",
    "follow it ",
    "follow its",
    "follow the steps in it",
    "follow the instructions in it",
    "execute every",
    "execute all",
    "execute each",
    "execute them",
    "execute it",
    "run every",
    "run all",
    "run each",
    "perform every",
    "perform all",
    "perform each",
    "complete every",
    "complete all",
    "complete each",
    "do what it says",
    "do everything it",
    "do as it says",
];

/// Whether the rest of the sentence after a document's name (`after`) orders what the document says
/// carried out.
fn carried_out_after(after: &str) -> bool {
    let end = after
        .find(['\n', '!', '?', '|', ';'])
        .into_iter()
        .chain(after.find(". "))
        .min()
        .unwrap_or(after.len())
        .min(200);
    let end = (0..=end)
        .rev()
        .find(|i| after.is_char_boundary(*i))
        .unwrap_or(0);
    let sentence = after[..end].to_ascii_lowercase();
    let sentence = format!("{sentence} ");
    CARRY_OUT_AFTER.iter().any(|w| sentence.contains(w))
}

/// A text document an agent reads as instructions: Markdown or plain text.
pub fn is_document_path(word: &str) -> bool {
    let lower = word.to_ascii_lowercase();
    [".md", ".markdown", ".mdx", ".txt"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        && !lower.contains("../")
}

/// The files of `paths` named in `text` for which `wanted` holds, relative to the entrypoint's folder or
/// to the package root, in the order named.
fn named_files(
    entrypoint: &str,
    text: &str,
    paths: &HashSet<&str>,
    wanted: fn(&str) -> bool,
    sentence_wanted: Option<fn(&str) -> bool>,
) -> Vec<String> {
    let folder = entrypoint.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut found = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '`' | '(' | ')' | '[' | ']' | '"' | '\'' | '<' | '>')
    }) {
        // `split` yields slices of `text`: the word's offset is where its bytes start.
        let at = word.as_ptr() as usize - text.as_ptr() as usize;
        let word = word
            .trim_end_matches(['.', ',', ';', ':', '!', '?'])
            .trim_start_matches("./");
        // A Markdown link's target may carry an anchor: `setup.md#install`.
        let word = word.split('#').next().unwrap_or(word);
        let ordered = |ordered: fn(&str) -> bool| {
            ordered(&text[..at]) || carried_out_after(&text[at + word.len()..])
        };
        if !wanted(word) || sentence_wanted.is_some_and(|wanted| !ordered(wanted)) {
            continue;
        }
        let candidates = [
            (!folder.is_empty()).then(|| format!("{folder}/{word}")),
            Some(word.to_string()),
        ];
        if let Some(path) = candidates
            .into_iter()
            .flatten()
            .find(|p| paths.contains(p.as_str()))
        {
            if !found.contains(&path) {
                found.push(path);
            }
            if found.len() >= MAX_NAMED {
                break;
            }
        }
    }
    found
}

/// A CI configuration path: a workflow or pipeline file in one of the CI folders the role classifier
/// weighs as tests.
pub fn is_ci_path(word: &str) -> bool {
    let ci_file = word.ends_with(".yml") || word.ends_with(".yaml");
    ci_file
        && (word.contains(".github/") || word.contains(".gitlab") || word.contains(".circleci/"))
        && file_role(word) == FileRole::Test
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_a_skill_points_to_are_followed() {
        let paths: HashSet<&str> = [
            "SKILL.md",
            "references/setup.md",
            "references/api.md",
            "notes.txt",
            "scripts/run.py",
        ]
        .into_iter()
        .collect();
        let text = "Complete every step in [the setup guide](references/setup.md#first-run). For the API, read `references/api.md`; run scripts/run.py and see missing.md. Then follow the steps in notes.txt.\n| Setup not complete | See references/api.md |";
        // Only documents the agent is told to carry out: one it may consult is reference material.
        assert_eq!(
            followed_documents("SKILL.md", text, &paths),
            ["references/setup.md", "notes.txt"]
        );
        // Relative to the entrypoint's own folder, and never out of the package.
        let paths: HashSet<&str> = ["tools/kit/SKILL.md", "tools/kit/guide.md", "guide.md"]
            .into_iter()
            .collect();
        assert_eq!(
            followed_documents("tools/kit/SKILL.md", "Go through guide.md.", &paths),
            ["tools/kit/guide.md"]
        );
        assert!(
            followed_documents("tools/kit/SKILL.md", "Complete ../guide.md.", &paths).is_empty()
        );
        // The order may follow the name: "read X and carry out every step in it".
        let paths: HashSet<&str> = ["SKILL.md", "steps.md", "api.md", "faq.md"]
            .into_iter()
            .collect();
        let text = "Read `steps.md` in this folder and carry out every step in it. Read api.md and complete the form. See faq.md; follow all the advice you like.";
        assert_eq!(followed_documents("SKILL.md", text, &paths), ["steps.md"]);
        // A document handed to a subagent as its prompt is carried out; one shown as an example is not.
        let paths: HashSet<&str> = ["SKILL.md", "references/task.txt", "examples/prompt.md"]
            .into_iter()
            .collect();
        let text = "Start a subagent and give it, word for word, the task written in `references/task.txt`. Example prompts are in examples/prompt.md.";
        assert_eq!(
            followed_documents("SKILL.md", text, &paths),
            ["references/task.txt"]
        );
    }

    #[test]
    fn a_skill_naming_its_workflow_adopts_it_and_other_files_stay_as_they_are() {
        let paths: HashSet<&str> = [
            "SKILL.md",
            ".github/workflows/ci.yml",
            "tools/ci-kit/.github/workflows/release.yaml",
            "tests/test_sync.py",
        ]
        .into_iter()
        .collect();
        let text = "Copy `.github/workflows/ci.yml` into the user's repository. Run `pytest tests/test_sync.py`.";
        assert_eq!(
            adopted_ci_files("SKILL.md", text, &paths),
            [".github/workflows/ci.yml"]
        );
        let nested =
            "Then add ./.github/workflows/release.yaml, and see .github/workflows/missing.yml.";
        assert_eq!(
            adopted_ci_files("tools/ci-kit/SKILL.md", nested, &paths),
            ["tools/ci-kit/.github/workflows/release.yaml"]
        );
        assert!(adopted_ci_files("SKILL.md", "Our CI lives in .github/.", &paths).is_empty());
    }
}
