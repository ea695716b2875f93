//! `requirements*.txt` in pip's syntax: `name==version` (with extras, markers and `--hash` options), a
//! URL or VCS requirement, a path, or an option line. A requirement with a range instead of one version is
//! [`Unpinned`]. Nested `-r`/`-c` files are followed by `requirements_files.rs` (this reads one file).

use crate::{classify_location, Dependency, Ecosystem, Hash, Source, Unpinned};

pub(crate) fn parse(text: &str, unpinned: &mut Vec<Unpinned>) -> Result<Vec<Dependency>, String> {
    let mut out = Vec::new();
    for (line, logical) in logical_lines(text) {
        let content = strip_comment(&logical);
        let content = content.trim();
        if content.is_empty() {
            continue;
        }
        let mut words = content.split_whitespace().peekable();
        let Some(first) = words.peek().copied() else {
            continue;
        };
        if first == "-e" || first == "--editable" {
            words.next();
            let target = words.next().unwrap_or("");
            out.push(located(target, line));
            continue;
        }
        if first.starts_with('-') {
            // `-r other.txt`, `--index-url …`, `--no-binary …`: options, not requirements.
            continue;
        }
        let (requirement, hashes) = split_hashes(content);
        if let Some((name, url)) = requirement.split_once(" @ ") {
            let mut dep = located(url.split(';').next().unwrap_or(url).trim(), line);
            dep.name = bare_name(name).to_string();
            dep.hashes = hashes;
            out.push(dep);
            continue;
        }
        let spec = requirement.split(';').next().unwrap_or(requirement).trim();
        if spec.contains("://") || spec.starts_with('.') || spec.starts_with('/') {
            out.push(located(spec, line));
            continue;
        }
        let name_end = spec
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(spec.len());
        let name = &spec[..name_end];
        if name.is_empty() {
            return Err(format!("line {line}: {content:?} is not a requirement"));
        }
        let rest = spec[name_end..].trim_start();
        let rest = match rest.strip_prefix('[') {
            Some(after) => after.split_once(']').map_or("", |(_, tail)| tail).trim(),
            None => rest,
        };
        let pinned = rest
            .strip_prefix("===")
            .or_else(|| rest.strip_prefix("=="))
            .map(str::trim)
            .filter(|v| !v.is_empty() && !v.contains([',', '*', '<', '>', '!', '~', '=']));
        match pinned {
            Some(version) => out.push(Dependency {
                ecosystem: Ecosystem::Pypi,
                name: name.to_string(),
                version: version.to_string(),
                source: Source::Registry { url: None },
                hashes,
                line,
            }),
            None => unpinned.push(Unpinned {
                name: name.to_string(),
                specifier: rest.to_string(),
                line,
                text: content.to_string(),
            }),
        }
    }
    Ok(out)
}

/// Lines joined across trailing backslashes, each with the line number it starts on.
pub(crate) fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let (start, mut joined) = pending.take().unwrap_or((index + 1, String::new()));
        match raw.trim_end().strip_suffix('\\') {
            Some(head) => {
                joined.push_str(head);
                joined.push(' ');
                pending = Some((start, joined));
            }
            None => {
                joined.push_str(raw);
                out.push((start, joined));
            }
        }
    }
    out.extend(pending);
    out
}

/// pip treats `#` as a comment at the line start or after whitespace (a URL fragment keeps its `#`).
pub(crate) fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #").or_else(|| line.find("\t#")) {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The requirement without its `--hash=…` options, and those hashes.
fn split_hashes(content: &str) -> (&str, Vec<Hash>) {
    let Some(i) = content.find("--hash") else {
        return (content.trim(), Vec::new());
    };
    let hashes = content[i..]
        .split_whitespace()
        .filter_map(|word| {
            word.strip_prefix("--hash=")
                .or_else(|| word.strip_prefix("--hash:"))
        })
        .filter_map(Hash::from_prefixed_hex)
        .collect();
    (content[..i].trim(), hashes)
}

fn bare_name(text: &str) -> &str {
    let text = text.trim();
    text.split('[').next().unwrap_or(text).trim()
}

/// A VCS, URL or path requirement; its name from `#egg=` when given.
fn located(target: &str, line: usize) -> Dependency {
    let name = target
        .split_once("#egg=")
        .map(|(_, egg)| egg.split('&').next().unwrap_or(egg))
        .unwrap_or("");
    let source = match classify_location(target) {
        Source::Registry { .. } if !target.contains("://") => Source::Path(target.to_string()),
        Source::Registry { .. } => Source::Url(target.to_string()),
        other => other,
    };
    Dependency {
        ecosystem: Ecosystem::Pypi,
        name: name.to_string(),
        version: String::new(),
        source,
        hashes: Vec::new(),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_requirements_with_hashes_options_and_locations() {
        let hex = "a".repeat(64);
        let text = format!(
            "# pinned\n--index-url https://pypi.org/simple\nrequests[socks]==2.32.3 \\\n    --hash=sha256:{hex}\nidna===3.7 ; python_version >= \"3.8\"  # why\n-e git+https://example.invalid/o/r.git#egg=tool\nlocal @ file:///srv/local\n./vendored\nflask>=2,<3\nrich\n-r other.txt\n"
        );
        let mut unpinned = Vec::new();
        let deps = parse(&text, &mut unpinned).unwrap();
        let labels: Vec<String> = deps.iter().map(Dependency::label).collect();
        assert_eq!(
            labels,
            ["requests==2.32.3", "idna==3.7", "tool", "local", ""]
        );
        assert_eq!(deps[0].line, 3);
        assert_eq!(deps[0].hashes.len(), 1);
        assert_eq!(deps[1].line, 5);
        assert!(matches!(deps[2].source, Source::Git(_)));
        assert!(matches!(deps[3].source, Source::Path(_)));
        assert!(matches!(deps[4].source, Source::Path(_)));
        let names: Vec<(&str, &str, usize)> = unpinned
            .iter()
            .map(|u| (u.name.as_str(), u.specifier.as_str(), u.line))
            .collect();
        assert_eq!(names, [("flask", ">=2,<3", 9), ("rich", "", 10)]);
        assert!(parse("==1\n", &mut Vec::new()).is_err());
    }
}
