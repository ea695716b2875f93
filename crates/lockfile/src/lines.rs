//! Where a dependency is written in the lockfile's text, so output can point at its line.

/// Byte offsets of each line start, to turn an offset into a 1-based line.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }

    /// The line of the first occurrence of `needle`, else of the first of `fallback`, else line 1.
    pub(crate) fn find(&self, needle: &str, fallback: &str) -> usize {
        self.text
            .find(needle)
            .or_else(|| {
                (!fallback.is_empty())
                    .then(|| self.text.find(fallback))
                    .flatten()
            })
            .map_or(1, |offset| self.line_of(offset))
    }

    /// The line of the first occurrence of `needle` at or after line `from` (1-based), if any.
    pub(crate) fn find_after(&self, from: usize, needle: &str) -> Option<usize> {
        let start = *self.starts.get(from.saturating_sub(1))?;
        self.text[start..]
            .find(needle)
            .map(|offset| self.line_of(start + offset))
    }
}

/// In a TOML lockfile with `[[package]]` tables, the line of the `name = "NAME"` entry that has `version =
/// "VERSION"` after it (several versions of one name can be locked).
pub(crate) fn toml_package_line(lines: &Lines, name: &str, version: &str) -> usize {
    let needle = format!("name = \"{name}\"");
    let mut from = 1;
    let mut first = None;
    while let Some(line) = lines.find_after(from, &needle) {
        first.get_or_insert(line);
        let version_line = lines.find_after(line, &format!("version = \"{version}\""));
        let next_table = lines.find_after(line + 1, "[[");
        match (version_line, next_table) {
            (Some(v), Some(t)) if v < t => return line,
            (Some(_), None) => return line,
            _ => from = line + 1,
        }
    }
    first.unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_needles_become_lines() {
        let text = "a\nb\n[[package]]\nname = \"x\"\nversion = \"1\"\n[[package]]\nname = \"x\"\nversion = \"2\"\n";
        let lines = Lines::new(text);
        assert_eq!(lines.line_of(0), 1);
        assert_eq!(lines.line_of(2), 2);
        assert_eq!(lines.find("b", ""), 2);
        assert_eq!(lines.find("zzz", "a"), 1);
        assert_eq!(toml_package_line(&lines, "x", "1"), 4);
        assert_eq!(toml_package_line(&lines, "x", "2"), 7);
        assert_eq!(toml_package_line(&lines, "y", "2"), 1);
    }
}
