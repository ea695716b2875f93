//! SKILL.md frontmatter: the YAML block between `---` fences at the top of the file, where a skill declares
//! its name, description and the tools it wants.

use crate::{ManifestError, ManifestFile};
use serde_yaml::Value;

/// Where the frontmatter sits in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontmatterSpan {
    /// Byte range of the YAML between the fences.
    pub yaml: (usize, usize),
    /// Byte offset just past the closing fence line: where the Markdown body starts.
    pub body_start: usize,
}

/// Finds a frontmatter block opening on the first line. An unclosed block is not frontmatter.
pub fn split_frontmatter(text: &str) -> Option<FrontmatterSpan> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (line_end + 1).min(text.len());
            return Some(FrontmatterSpan {
                yaml: (yaml_start, line_start),
                body_start,
            });
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    None
}

/// What a skill declares about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkillMeta {
    pub name: Option<String>,
    pub description: Option<String>,
    pub allowed_tools: Vec<String>,
    /// Other declared permission-like fields (`permissions`, `capabilities`, `env`, …) as `key: value` text.
    pub permission_fields: Vec<(String, String)>,
}

/// Keys whose values declare what a skill may touch; kept so later layers can weigh them.
const PERMISSION_KEY_HINTS: &[&str] = &[
    "permission",
    "capabilit",
    "scope",
    "secret",
    "env",
    "requires",
    "network",
];

pub fn parse_skill_meta(yaml: &str) -> Result<SkillMeta, ManifestError> {
    let value = crate::bounded_yaml::parse_bounded(yaml)
        .map_err(|e| ManifestError::malformed(ManifestFile::Frontmatter, e))?;
    let Value::Mapping(map) = value else {
        return if value.is_null() {
            Ok(SkillMeta::default())
        } else {
            Err(ManifestError::FrontmatterNotAMapping)
        };
    };
    let mut meta = SkillMeta::default();
    for (key, value) in &map {
        let Some(key) = key.as_str() else { continue };
        match key {
            "name" => meta.name = value.as_str().map(str::to_string),
            "description" => meta.description = value.as_str().map(str::to_string),
            "allowed-tools" | "allowed_tools" | "tools" => meta.allowed_tools = tool_list(value),
            _ if PERMISSION_KEY_HINTS
                .iter()
                .any(|hint| key.to_ascii_lowercase().contains(hint)) =>
            {
                meta.permission_fields
                    .push((key.to_string(), flatten(value)));
            }
            _ => {}
        }
    }
    Ok(meta)
}

/// `allowed-tools` is written as a list, a comma-separated string, or a space-separated string whose
/// entries may hold spaces inside parentheses (`Bash(git log:*) Read`).
fn tool_list(value: &Value) -> Vec<String> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .map(flatten)
            .filter(|s| !s.is_empty())
            .collect(),
        Value::String(text) if text.contains(',') => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        Value::String(text) => split_outside_parens(text),
        other => vec![flatten(other)],
    }
}

fn split_outside_parens(text: &str) -> Vec<String> {
    let mut tools = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if !current.is_empty() {
                    tools.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        tools.push(current);
    }
    tools
}

fn flatten(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_block_and_the_body() {
        let text = "---\nname: x\n---\n# Body\n";
        let span = split_frontmatter(text).unwrap();
        assert_eq!(&text[span.yaml.0..span.yaml.1], "name: x\n");
        assert_eq!(&text[span.body_start..], "# Body\n");
        assert!(split_frontmatter("# no frontmatter\n---\n").is_none());
        assert!(split_frontmatter("---\nname: never closed\n").is_none());
    }

    #[test]
    fn reads_tools_in_every_spelling() {
        let meta = parse_skill_meta("name: a\nallowed-tools: Read, Write, Bash(git:*)\n").unwrap();
        assert_eq!(meta.allowed_tools, ["Read", "Write", "Bash(git:*)"]);
        let meta = parse_skill_meta("allowed-tools: Bash(git log:*) Read\n").unwrap();
        assert_eq!(meta.allowed_tools, ["Bash(git log:*)", "Read"]);
        let meta = parse_skill_meta("allowed-tools:\n  - Bash\n  - WebFetch\n").unwrap();
        assert_eq!(meta.allowed_tools, ["Bash", "WebFetch"]);
    }

    #[test]
    fn keeps_permission_fields_and_rejects_garbage() {
        let meta = parse_skill_meta("name: a\npermissions:\n  network: true\n").unwrap();
        assert_eq!(meta.permission_fields[0].0, "permissions");
        assert!(parse_skill_meta("name: [unclosed").is_err());
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut yaml =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for name in 'b'..='j' {
            yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        yaml.push_str("tools: *j\n");
        assert!(parse_skill_meta(&yaml).is_err());
    }
}
