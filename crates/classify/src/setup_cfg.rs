//! `setup.cfg` read as setuptools reads it: Python's `configparser` dialect (`key = value` or
//! `key: value`, `#`/`;` comment lines, indented continuation lines, keys in any case), through the
//! `configparser` crate, which follows it.

use crate::ManifestError;
use std::collections::BTreeMap;

/// `section → key → value` (keys lower-cased); continuation lines are joined with `\n`. A file
/// `configparser` refuses (a `[section` with no `]`, a line with no key) is an error, as it is to pip.
pub fn parse_ini(text: &str) -> Result<BTreeMap<String, BTreeMap<String, String>>, ManifestError> {
    let mut defaults = configparser::ini::Ini::new().defaults();
    defaults.delimiters = vec!['=', ':'];
    defaults.case_sensitive = false;
    defaults.multiline = true;
    // Python's configparser has no inline comments by default: `#` and `;` inside a value stay.
    defaults.enable_inline_comments = false;
    let mut parser = configparser::ini::Ini::new_from_defaults(defaults);
    let sections = parser
        .read(text.to_string())
        .map_err(ManifestError::NotIni)?;
    Ok(sections
        .into_iter()
        .map(|(section, entries)| {
            let entries = entries
                .into_iter()
                .map(|(key, value)| {
                    let value = value.unwrap_or_default();
                    let lines: Vec<&str> = value.lines().map(str::trim).collect();
                    (key, lines.join("\n").trim().to_string())
                })
                .collect();
            (section, entries)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_and_continuations() {
        let ini = parse_ini("[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    requests\n    click>=8\n").unwrap();
        assert_eq!(ini["metadata"]["name"], "demo");
        assert_eq!(ini["options"]["install_requires"], "requests\nclick>=8");
    }

    #[test]
    fn reads_colons_key_case_and_comments_as_python_does() {
        let ini =
            parse_ini("# top\n[metadata]\nName: demo\nurl = https://x.example/#frag\n; note\n")
                .unwrap();
        assert_eq!(ini["metadata"]["name"], "demo");
        assert_eq!(ini["metadata"]["url"], "https://x.example/#frag");
        assert!(parse_ini("[metadata\nname = x\n").is_err());
    }
}
