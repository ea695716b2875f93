//! Nested requirement files: `-r other.txt` (its requirements are installed too) and `-c constraints.txt`
//! (its pins apply to requirements named elsewhere, but install nothing of their own), read relative to
//! the file that names them, as pip does. Bounded: a file already on the include path is a cycle and is
//! not read again, and nesting stops at [`MAX_DEPTH`]. A requirement found in a nested file is reported at
//! the line of the top file that pulled it in (the file the user scanned), with the nested file and line
//! in its text. A URL (`-r https://…`) is never fetched.

use crate::requirements::{logical_lines, parse, strip_comment};
use crate::{Dependency, Unpinned};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Deepest chain of `-r`/`-c` followed (pip has no limit; real projects nest two or three deep).
pub const MAX_DEPTH: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IncludeKind {
    Requirements,
    Constraints,
}

/// One `-r`/`-c` line: its line number, what it includes, and the file named.
struct Include {
    line: usize,
    kind: IncludeKind,
    target: String,
}

/// The `-r`/`--requirement`/`-c`/`--constraint` lines of `text` (`-r x`, `-rx`, `--requirement=x`).
fn includes(text: &str) -> Vec<Include> {
    let mut out = Vec::new();
    for (line, logical) in logical_lines(text) {
        let content = strip_comment(&logical).trim().to_string();
        let mut words = content.split_whitespace();
        let Some(first) = words.next() else { continue };
        let (kind, inline) = if let Some(rest) = first.strip_prefix("--requirement") {
            (IncludeKind::Requirements, rest)
        } else if let Some(rest) = first.strip_prefix("--constraint") {
            (IncludeKind::Constraints, rest)
        } else if let Some(rest) = first.strip_prefix("-r") {
            (IncludeKind::Requirements, rest)
        } else if let Some(rest) = first.strip_prefix("-c") {
            (IncludeKind::Constraints, rest)
        } else {
            continue;
        };
        let inline = inline.strip_prefix('=').unwrap_or(inline);
        let target = if inline.is_empty() {
            words.next().unwrap_or("")
        } else {
            inline
        };
        out.push(Include {
            line,
            kind,
            target: target.to_string(),
        });
    }
    out
}

/// What reading a tree of requirement files gathers.
#[derive(Default)]
pub(crate) struct Gathered {
    pub dependencies: Vec<Dependency>,
    pub unpinned: Vec<Unpinned>,
    /// Versions pinned by constraint files, by normalised name.
    constraints: HashMap<String, Dependency>,
}

/// Reads the requirement file `path` (its text already read: `text`) and every file it includes.
/// Requirements named without a version are pinned by a constraint file's `name==version` when one
/// names them (pip's meaning of `-c`).
pub(crate) fn parse_tree(
    path: &Path,
    text: &str,
) -> Result<(Vec<Dependency>, Vec<Unpinned>), String> {
    let mut gathered = Gathered::default();
    let mut stack = vec![canonical(path)];
    walk(
        path,
        text,
        None,
        IncludeKind::Requirements,
        &mut stack,
        &mut gathered,
    )?;
    let Gathered {
        mut dependencies,
        unpinned,
        constraints,
    } = gathered;
    let mut still = Vec::new();
    for requirement in unpinned {
        let key = crate::normalise_name(crate::Ecosystem::Pypi, &requirement.name);
        match constraints.get(&key) {
            Some(pin) if requirement.specifier.is_empty() || constraint_fits(&requirement, pin) => {
                dependencies.push(Dependency {
                    line: requirement.line,
                    ..pin.clone()
                });
            }
            _ => still.push(requirement),
        }
    }
    Ok((dependencies, still))
}

/// A constraint pin settles a requirement with a specifier only when the requirement asks for nothing
/// it would contradict: we do not evaluate version ranges here, so only a bare name or an exact match
/// are settled; anything else stays unpinned (refused, or resolved with `--resolve`).
fn constraint_fits(requirement: &Unpinned, pin: &Dependency) -> bool {
    requirement.specifier.trim() == format!("=={}", pin.version)
}

/// `top_line`: the line of the top file this file was pulled in by (`None` for the top file itself).
fn walk(
    path: &Path,
    text: &str,
    top_line: Option<usize>,
    kind: IncludeKind,
    stack: &mut Vec<PathBuf>,
    gathered: &mut Gathered,
) -> Result<(), String> {
    let mut unpinned = Vec::new();
    let dependencies = parse(text, &mut unpinned).map_err(|e| located(path, top_line, &e))?;
    let here = |line: usize| top_line.unwrap_or(line);
    let note = |line: usize, text: &str| match top_line {
        None => text.to_string(),
        Some(_) => format!("{text} (line {line} of {})", path.display()),
    };
    match kind {
        IncludeKind::Requirements => {
            for dep in dependencies {
                gathered.dependencies.push(Dependency {
                    line: here(dep.line),
                    ..dep
                });
            }
            for u in unpinned {
                gathered.unpinned.push(Unpinned {
                    line: here(u.line),
                    text: note(u.line, &u.text),
                    ..u
                });
            }
        }
        IncludeKind::Constraints => {
            for dep in dependencies {
                let key = crate::normalise_name(crate::Ecosystem::Pypi, &dep.name);
                gathered.constraints.entry(key).or_insert(dep);
            }
        }
    }
    for include in includes(text) {
        // A constraints file's own `-r` lines are constraints too.
        let kind = match kind {
            IncludeKind::Constraints => IncludeKind::Constraints,
            IncludeKind::Requirements => include.kind,
        };
        let flag = match include.kind {
            IncludeKind::Requirements => "-r",
            IncludeKind::Constraints => "-c",
        };
        let origin = |why: String| {
            let at = format!("line {}: {flag} {}: {why}", include.line, include.target);
            located(path, top_line, &at)
        };
        if include.target.is_empty() {
            return Err(origin("names no file".to_string()));
        }
        if include.target.contains("://") {
            return Err(origin(
                "a requirement file at a URL is not fetched; download it and scan it as a file"
                    .to_string(),
            ));
        }
        if stack.len() > MAX_DEPTH {
            return Err(origin(format!("nested more than {MAX_DEPTH} files deep")));
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        let nested = folder.join(&include.target);
        let key = canonical(&nested);
        if stack.contains(&key) {
            // A cycle (a.txt → b.txt → a.txt): what it holds is already being read.
            continue;
        }
        let nested_text = std::fs::read_to_string(&nested)
            .map_err(|e| origin(format!("cannot read {}: {e}", nested.display())))?;
        if nested_text.len() > crate::MAX_LOCKFILE_BYTES {
            return Err(origin("too large; not read".to_string()));
        }
        stack.push(key);
        let top = Some(top_line.unwrap_or(include.line));
        walk(&nested, &nested_text, top, kind, stack, gathered)?;
        stack.pop();
        if gathered.dependencies.len() > crate::MAX_DEPENDENCIES {
            return Err(format!(
                "more than {} dependencies; not read",
                crate::MAX_DEPENDENCIES
            ));
        }
    }
    Ok(())
}

/// An error found in a nested file names the file.
fn located(path: &Path, top_line: Option<usize>, message: &str) -> String {
    match top_line {
        None => message.to_string(),
        Some(_) => format!("{}: {message}", path.display()),
    }
}

/// The path a file is known by for cycle checks (as given when it cannot be resolved).
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn labels(deps: &[Dependency]) -> Vec<(String, usize)> {
        deps.iter().map(|d| (d.label(), d.line)).collect()
    }

    #[test]
    fn nested_files_are_read_relative_to_the_file_naming_them() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "reqs/base.txt",
            "idna==3.7\n-r more/extra.txt\n",
        );
        write(dir.path(), "reqs/more/extra.txt", "# extra\nrich==13.7.1\n");
        let top = write(
            dir.path(),
            "requirements.txt",
            "requests==2.32.3\n--requirement=reqs/base.txt\n",
        );
        let text = std::fs::read_to_string(&top).unwrap();
        let (deps, unpinned) = parse_tree(&top, &text).unwrap();
        assert!(unpinned.is_empty());
        // Everything is reported at the top file's line that pulled it in.
        assert_eq!(
            labels(&deps),
            [
                ("requests==2.32.3".to_string(), 1),
                ("idna==3.7".to_string(), 2),
                ("rich==13.7.1".to_string(), 2)
            ]
        );
    }

    #[test]
    fn constraints_pin_names_without_installing_their_own() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "constraints.txt",
            "flask==3.0.3\nurllib3==2.2.2\n",
        );
        let top = write(
            dir.path(),
            "requirements.txt",
            "-c constraints.txt\nflask\nclick>=8\n",
        );
        let text = std::fs::read_to_string(&top).unwrap();
        let (deps, unpinned) = parse_tree(&top, &text).unwrap();
        assert_eq!(labels(&deps), [("flask==3.0.3".to_string(), 2)]);
        let left: Vec<&str> = unpinned.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(left, ["click"]);
    }

    #[test]
    fn a_cycle_is_read_once_and_depth_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", "idna==3.7\n-r a.txt\n");
        let top = write(dir.path(), "a.txt", "rich==13.7.1\n-r b.txt\n-r ./a.txt\n");
        let text = std::fs::read_to_string(&top).unwrap();
        let (deps, _) = parse_tree(&top, &text).unwrap();
        assert_eq!(deps.len(), 2);

        for i in 0..=MAX_DEPTH + 1 {
            write(
                dir.path(),
                &format!("d{i}.txt"),
                &format!("-r d{}.txt\n", i + 1),
            );
        }
        write(
            dir.path(),
            &format!("d{}.txt", MAX_DEPTH + 2),
            "idna==3.7\n",
        );
        let top = dir.path().join("d0.txt");
        let text = std::fs::read_to_string(&top).unwrap();
        let err = parse_tree(&top, &text).unwrap_err();
        assert!(err.contains("nested more than 8"), "{err}");
    }

    #[test]
    fn a_missing_file_or_a_url_is_an_error_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.txt", "idna==3.7\n\n-c gone.txt\n");
        let top = write(
            dir.path(),
            "requirements.txt",
            "rich==13.7.1\n-r base.txt\n",
        );
        let text = std::fs::read_to_string(&top).unwrap();
        let err = parse_tree(&top, &text).unwrap_err();
        assert!(
            err.contains("base.txt: line 3: -c gone.txt: cannot read"),
            "{err}"
        );
        let top = write(dir.path(), "r2.txt", "-r https://example.invalid/r.txt\n");
        let err = parse_tree(&top, "-r https://example.invalid/r.txt\n").unwrap_err();
        assert!(err.starts_with("line 1: -r https://example.invalid/r.txt: a requirement file at a URL is not fetched"), "{err}");
    }

    #[test]
    fn an_unpinned_nested_requirement_names_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "dev.txt", "pytest==8.2.0\nblack>=24\n");
        let top = write(dir.path(), "requirements.txt", "idna==3.7\n-r dev.txt\n");
        let text = std::fs::read_to_string(&top).unwrap();
        let (_, unpinned) = parse_tree(&top, &text).unwrap();
        assert_eq!(unpinned.len(), 1);
        assert_eq!(unpinned[0].line, 2);
        assert!(
            unpinned[0].text.starts_with("black>=24 (line 2 of "),
            "{}",
            unpinned[0].text
        );
        assert!(unpinned[0].text.ends_with("dev.txt)"));
    }
}

#[cfg(test)]
mod fuzz_seeds {
    use crate::{parse, Format};

    /// The `lockfile_parsers` fuzz target's invariant on its own seeds (the fuzz build is not part of
    /// `cargo test`): each seed parses as its format, and every line number is a line of the text.
    #[test]
    fn the_fuzz_seeds_parse_within_bounds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/seeds/lockfile_parsers");
        let mut parsed = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.len() <= 4096, "{} is over 4 KB", path.display());
            let lines = text.lines().count().max(1);
            for format in [
                Format::NpmLock,
                Format::Pnpm,
                Format::YarnClassic,
                Format::YarnBerry,
                Format::Requirements,
                Format::PoetryLock,
                Format::UvLock,
                Format::PipfileLock,
                Format::Pylock,
            ] {
                let Ok(lock) = parse(format, &text) else {
                    continue;
                };
                for dep in &lock.dependencies {
                    assert!(dep.line >= 1 && dep.line <= lines + 1, "{}", path.display());
                }
                parsed += usize::from(!lock.dependencies.is_empty());
            }
        }
        // Every format's seed yields dependencies as that format at least.
        assert!(parsed >= 9, "{parsed}");
    }
}
