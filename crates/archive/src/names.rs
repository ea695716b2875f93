//! Entry names: one normal form (`a/b/c`), and refusal of names that would land outside the package.

/// Why an entry name cannot be used as a path inside the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Absolute,
    ParentSegment,
    NulByte,
}

impl NameProblem {
    pub fn describe(self) -> &'static str {
        match self {
            NameProblem::Absolute => "an absolute path",
            NameProblem::ParentSegment => "a path that climbs out with `..`",
            NameProblem::NulByte => "a name with a NUL byte",
        }
    }
}

/// The entry name as `/`-separated segments without `.` or empty ones (`./a//b\c` → `a/b/c`); an empty
/// string for the root itself. Backslashes separate too: zips made on Windows use them, and an unpacker
/// that honours them would otherwise be walked out of the folder by `..\..\x`.
pub fn normalise_entry_name(raw: &str) -> Result<String, NameProblem> {
    if raw.contains('\0') {
        return Err(NameProblem::NulByte);
    }
    let bytes = raw.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if raw.starts_with('/') || raw.starts_with('\\') || drive {
        return Err(NameProblem::Absolute);
    }
    let mut parts = Vec::new();
    for part in raw.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return Err(NameProblem::ParentSegment),
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// The single top folder every name sits under, if there is one and something is inside it (`package/`
/// of an npm pack, `name-1.0/` of an sdist, `repo-main/` of a GitHub download).
pub(crate) fn common_top_folder<'a>(
    names: impl Iterator<Item = (&'a str, bool)>,
) -> Option<String> {
    let mut top: Option<&str> = None;
    let mut something_inside = false;
    for (name, is_dir) in names {
        if name.is_empty() {
            continue;
        }
        let (first, rest) = match name.split_once('/') {
            Some((first, rest)) => (first, rest),
            None if is_dir => (name, ""),
            // A file at the top: there is no wrapping folder.
            None => return None,
        };
        match top {
            Some(seen) if seen != first => return None,
            _ => top = Some(first),
        }
        something_inside |= !rest.is_empty();
    }
    top.filter(|_| something_inside).map(str::to_string)
}

/// Where a symbolic link at `link_path` points, resolved against its folder, when that stays inside
/// the package.
pub(crate) fn resolve_link(link_path: &str, target: &str) -> Option<String> {
    if !link_stays_inside(link_path, target) {
        return None;
    }
    let mut parts: Vec<&str> = link_path.split('/').collect();
    parts.pop();
    for part in target.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// A link target, resolved against the link's folder, stays inside the package.
pub(crate) fn link_stays_inside(link_path: &str, target: &str) -> bool {
    if target.starts_with('/') || target.starts_with('\\') || target.contains('\0') {
        return false;
    }
    let bytes = target.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return false;
    }
    let mut depth: Vec<&str> = link_path.split('/').collect();
    depth.pop();
    for part in target.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if depth.pop().is_none() {
                    return false;
                }
            }
            part => depth.push(part),
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_their_folder() {
        assert_eq!(
            resolve_link("package.json", "manifest.json").as_deref(),
            Some("manifest.json")
        );
        assert_eq!(
            resolve_link("bin/run.js", "../test/x.js").as_deref(),
            Some("test/x.js")
        );
        assert_eq!(resolve_link("a.js", "../../etc/passwd"), None);
    }

    #[test]
    fn names_are_normalised_or_refused() {
        assert_eq!(normalise_entry_name("./a//b\\c.js"), Ok("a/b/c.js".into()));
        assert_eq!(normalise_entry_name("package/"), Ok("package".into()));
        assert_eq!(normalise_entry_name("./"), Ok(String::new()));
        for (bad, problem) in [
            ("../x", NameProblem::ParentSegment),
            ("package/../../x", NameProblem::ParentSegment),
            ("a\\..\\..\\x", NameProblem::ParentSegment),
            ("/etc/passwd", NameProblem::Absolute),
            ("\\x", NameProblem::Absolute),
            ("C:/x", NameProblem::Absolute),
            ("a\0b", NameProblem::NulByte),
        ] {
            assert_eq!(normalise_entry_name(bad), Err(problem), "{bad}");
        }
    }

    #[test]
    fn only_a_lone_top_folder_with_content_is_stripped() {
        let top = |names: &[(&str, bool)]| common_top_folder(names.iter().copied());
        assert_eq!(
            top(&[("package", true), ("package/a.js", false)]),
            Some("package".into())
        );
        assert_eq!(top(&[("pkg-1.0/setup.py", false)]), Some("pkg-1.0".into()));
        assert_eq!(top(&[("a/x", false), ("b/y", false)]), None);
        assert_eq!(top(&[("a/x", false), ("README", false)]), None);
        assert_eq!(top(&[("README", false)]), None);
        assert_eq!(top(&[("empty", true)]), None);
    }

    #[test]
    fn links_are_judged_without_following_them() {
        assert!(link_stays_inside("a/b/link", "../c.js"));
        assert!(link_stays_inside("link", "lib/c.js"));
        assert!(!link_stays_inside("link", "/etc/passwd"));
        assert!(!link_stays_inside("a/link", "../../x"));
        assert!(!link_stays_inside("link", "C:\\Windows"));
    }
}
