//! A tolerant reader for `setup.cfg` (INI with indented continuation lines), enough to get the metadata.

use std::collections::BTreeMap;

/// `section → key → value`; continuation lines are joined with `\n`.
pub fn parse_ini(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section = String::new();
    let mut last_key: Option<String> = None;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(key) = &last_key {
                let value = sections
                    .entry(section.clone())
                    .or_default()
                    .entry(key.clone())
                    .or_default();
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(trimmed);
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = name.trim().to_string();
            last_key = None;
            continue;
        }
        if let Some((key, value)) = trimmed.split_once(['=', ':']) {
            let key = key.trim().to_string();
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.clone(), value.trim().to_string());
            last_key = Some(key);
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_and_continuations() {
        let ini = parse_ini("[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    requests\n    click>=8\n");
        assert_eq!(ini["metadata"]["name"], "demo");
        assert_eq!(ini["options"]["install_requires"], "requests\nclick>=8");
    }
}
