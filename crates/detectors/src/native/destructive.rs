//! Destructive operations: deleting the home folder, the file system root or the project, wiping or
//! formatting a disk, dropping a database or every table; and the same behind a gate (a date, a hex
//! timestamp, a run counter, a host or user name), which is how sabotage waits out review.
//!
//! Sites are found by pattern in code and strings (a shell command inside `os.system('rm -rf ~')` counts);
//! a gate is an enclosing `if` whose condition tests the clock, a counter or the machine's identity, or an
//! earlier guard clause in the same block (`if date < X: return`), or a shell `[ … ] &&` before the command.
//! Ordinary cleanup (`shutil.rmtree(tmpdir)`, `rm -rf build/`, `DROP TABLE IF EXISTS users` in a
//! migration) names neither home, root nor project, nor every table, and stays quiet.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::fields::FieldChild;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_rules::GatedRegex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Ancestors walked up from a site looking for a gate.
const MAX_ANCESTORS: usize = 64;
/// Earlier statements of a block read for a guard clause.
const MAX_GUARDS: usize = 64;
/// Characters of a condition read as a gate. A time bomb's test is a comparison; a "condition" of hundreds
/// of characters is a minified bundle's expression, where a `Date.now` and a SQL builder's `"drop schema "`
/// only share a ternary by accident.
const MAX_GATE_CHARS: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Home, root or project deleted.
    Delete,
    /// A disk wiped, formatted or overwritten.
    DiskWipe,
    /// A database, schema or every table dropped.
    DatabaseDrop,
}

const LITERALS: &[&str] = &[
    "rmtree",
    "rm -",
    "rm --",
    "rmSync",
    "rimraf",
    "removeSync",
    "fs.rm(",
    "emptyDir",
    "Remove-Item",
    "mkfs",
    "if=/dev/",
    "wipefs",
    "shred",
    "format ",
    "Clear-Disk",
    "diskpart",
    "DROP ",
    "drop ",
];

pub(crate) static DELETE: FileDetector = FileDetector {
    literals: LITERALS,
    run: |s, t, k| report(s, t, k, Some(Kind::Delete), false),
};
pub(crate) static DISK_WIPE: FileDetector = FileDetector {
    literals: LITERALS,
    run: |s, t, k| report(s, t, k, Some(Kind::DiskWipe), false),
};
pub(crate) static DATABASE_DROP: FileDetector = FileDetector {
    literals: LITERALS,
    run: |s, t, k| report(s, t, k, Some(Kind::DatabaseDrop), false),
};
pub(crate) static GATED: FileDetector = FileDetector {
    literals: LITERALS,
    run: |s, t, k| report(s, t, k, None, true),
};

/// A path expression that means home, root or the project folder.
const TARGET: &str = r#"(?:['"](?:~|~/|/|/\*|~/\*|[A-Za-z]:\\\\?|\.|\./)['"]|os\.path\.expanduser\(\s*['"]~/?['"]\s*\)|(?:pathlib\.)?Path\.home\(\s*\)|Path\(\s*['"]~['"]\s*\)\.expanduser\(\s*\)|os\.environ(?:\.get)?[\[(]\s*['"](?:HOME|USERPROFILE)['"]\s*[\])]|os\.getenv\(\s*['"](?:HOME|USERPROFILE)['"]\s*\)|os\.getcwd\(\s*\)|(?:pathlib\.)?Path\.cwd\(\s*\)|(?:os|require\(\s*['"](?:node:)?os['"]\s*\))\.homedir\(\s*\)|process\.env\.(?:HOME|USERPROFILE)|process\.cwd\(\s*\)|path\.parse\(\s*process\.cwd\(\s*\)\s*\)\.root)"#;

static DELETE_CALL: GatedRegex = GatedRegex::made(|| {
    format!(
        r"(?:\bshutil\.rmtree|(?:\b(?:fs|fse|fsExtra|fsp|promises)|\(\s*['\x22](?:node:)?fs(?:-extra|/promises)?['\x22]\s*\))\.(?:rmSync|rm|rmdirSync|rmdir|removeSync|remove|emptyDirSync|emptyDir)|\brimraf(?:\.sync)?|\brimrafSync)\(\s*({TARGET})\s*[,)]"
    )
});
/// `rm` with a recursive flag, or PowerShell's `Remove-Item -Recurse`, of home or root.
static DELETE_COMMAND: GatedRegex = GatedRegex::new(concat!(
    r#"\brm\s+((?:-{1,2}[A-Za-z-]+\s+)+)(?:"|')?(?:~|\$HOME|\$\{HOME\}|/)(?:"|')?/?\*?(?:\s|$|[;|&)'"`])"#,
    r#"|\bRemove-Item\b[^\n]*?-Recurse[^\n]*?\s(?:~|\$env:USERPROFILE|\$HOME|[A-Za-z]:\\)(?:\s|$|['"])"#,
));
// A constant pattern (its tests compile it): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static DISK_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    let device = r"/dev/(?:sd[a-z]|nvme\d|hd[a-z]|xvd[a-z]|vd[a-z]|disk\d|mmcblk\d)";
    ascii_regex(&format!(
        r"\bdd\s[^\n]*?\bif=/dev/(?:zero|u?random)\b[^\n]*?\bof={device}|\bdd\s[^\n]*?\bof={device}[^\n]*?\bif=/dev/(?:zero|u?random)\b|\bmkfs(?:\.\w+)?\s[^\n]*?{device}|\bwipefs\s+(?:-\w+\s+)*-a\b|\bshred\s[^\n]*?{device}|>\s*{device}\b|\bformat\s+[A-Za-z]:\s*/[qQyY]|\bClear-Disk\b[^\n]*-RemoveData|\bdiskpart\b[^\n]*\bclean\b"
    ))
    .expect("disk command pattern")
});
static DROP_DATABASE: GatedRegex =
    GatedRegex::new(r"(?i)\bdrop\s+(?:database|schema)\s+(?:if\s+exists\s+)?[\w`\x22'{$%]");
/// `DROP TABLE` of a computed name (`{t}`, `%s`, `" + t`, `${t}`): one table after another.
static DROP_COMPUTED_TABLE: GatedRegex = GatedRegex::new(
    r#"(?i)\bdrop\s+table\s+(?:if\s+exists\s+)?(?:[`"\[]?)(?:\{|%s|%\(|\$\{|['"]\s*\+|\?)"#,
);
/// Listing every table of a database (what makes a computed `DROP TABLE` "drop them all").
static LIST_TABLES: GatedRegex = GatedRegex::new(
    r"(?i)\bsqlite_master\b|information_schema\.tables\b|\bshow\s+tables\b|\bpg_tables\b|\bget_table_names\b|\bpg_catalog\.pg_tables\b",
);
/// What a gate tests: the clock (a date, a timestamp, a hex constant), a run counter, or the machine.
static GATE: GatedRegex = GatedRegex::new(concat!(
    r"(?i)\b(datetime|date\.today|time\.time|time\.localtime|Date\.now|new\s+Date|getTime|getFullYear|getMonth|getDate|Get-Date|strftime|\$\(date|`date",
    r"|gethostname|hostname|platform\.node|os\.uname|getuser|getlogin|userInfo|whoami|MachineName|COMPUTERNAME|\$USER\b|\$HOSTNAME",
    r"|count(er)?|runs|run_count|attempts|launches|invocations|times_run)\b",
    r"|\b0x[0-9a-fA-F]{8,}\b|\b1[5-9]\d{8}(\d{3})?\b",
));

struct Site {
    start: usize,
    end: usize,
    kind: Kind,
}

fn sites(body: &str) -> Vec<Site> {
    let mut found = Vec::new();
    // Each search runs only when the text holds what every match of its regex must: most texts hold
    // none, and a regex never searched is never compiled.
    let calls = DELETE_CALL_NAMES
        .iter()
        .any(|name| body.contains(name))
        .then(|| DELETE_CALL.captures_iter(body));
    for c in calls.into_iter().flatten().take(256) {
        if let Some(m) = c.get(0) {
            found.push(Site {
                start: m.start(),
                end: m.end(),
                kind: Kind::Delete,
            });
        }
    }
    let commands = (word_then_space(body, "rm") || body.contains("Remove-Item"))
        .then(|| DELETE_COMMAND.captures_iter(body));
    for c in commands.into_iter().flatten().take(256) {
        let Some(m) = c.get(0) else { continue };
        // `rm` needs a recursive flag to take a folder.
        let recursive = c.get(1).is_none_or(|flags| {
            let flags = flags.as_str();
            flags.contains("--recursive")
                || flags
                    .split_whitespace()
                    .any(|f| !f.starts_with("--") && (f.contains('r') || f.contains('R')))
        });
        if recursive {
            found.push(Site {
                start: m.start(),
                end: m.end(),
                kind: Kind::Delete,
            });
        }
    }
    let disk = (body.contains("/dev/")
        || word_then_space(body, "wipefs")
        || format_then_drive(body)
        || body.contains("Clear-Disk")
        || body.contains("diskpart"))
    .then(|| DISK_COMMAND.find_iter(body));
    for m in disk.into_iter().flatten().take(256) {
        found.push(Site {
            start: m.start(),
            end: m.end(),
            kind: Kind::DiskWipe,
        });
    }
    let drops = contains_ignoring_case(body, "drop");
    for m in drops
        .then(|| DROP_DATABASE.find_iter(body))
        .into_iter()
        .flatten()
        .take(256)
    {
        found.push(Site {
            start: m.start(),
            end: m.end(),
            kind: Kind::DatabaseDrop,
        });
    }
    if drops && LIST_TABLES.is_match(body) {
        for m in DROP_COMPUTED_TABLE.find_iter(body).take(256) {
            found.push(Site {
                start: m.start(),
                end: m.end(),
                kind: Kind::DatabaseDrop,
            });
        }
    }
    found.sort_by_key(|s| s.start);
    found
}

/// What [`DELETE_CALL`] needs: one of its calls' names and the parenthesis after it.
const DELETE_CALL_NAMES: [&str; 10] = [
    "rmtree(",
    "rmSync(",
    "rm(",
    "rmdirSync(",
    "rmdir(",
    "removeSync(",
    "remove(",
    "emptyDirSync(",
    "emptyDir(",
    "rimraf",
];

/// Whether `word` occurs followed by a space, tab or line break (what `word\s` needs in ASCII mode).
fn word_then_space(body: &str, word: &str) -> bool {
    body.match_indices(word).any(|(at, _)| {
        matches!(
            body.as_bytes().get(at + word.len()),
            Some(b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
        )
    })
}

/// Whether `body` holds `format`, white space and a drive (`format C:`), as [`DISK_COMMAND`]'s `format`
/// branch needs: "format" followed by a space is in most prose, and building that pattern costs more
/// than scanning a small skill.
fn format_then_drive(body: &str) -> bool {
    body.match_indices("format").any(|(at, word)| {
        let rest = &body.as_bytes()[at + word.len()..];
        let spaces = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
            .count();
        spaces > 0
            && rest.get(spaces).is_some_and(u8::is_ascii_alphabetic)
            && rest.get(spaces + 1) == Some(&b':')
    })
}

/// Whether `body` holds `needle` (lower-case ASCII) in any ASCII case.
fn contains_ignoring_case(body: &str, needle: &str) -> bool {
    body.as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

fn report(
    segment: &Segment,
    text: &str,
    keep: &mut dyn FnMut(Hit) -> bool,
    kind: Option<Kind>,
    gated_only: bool,
) {
    let body = segment.text(text);
    for site in sites(body) {
        if kind.is_some_and(|k| k != site.kind) {
            continue;
        }
        let what = match site.kind {
            Kind::Delete => "deletes the home folder, the root or the project",
            Kind::DiskWipe => "wipes or formats a disk",
            Kind::DatabaseDrop => "drops a database or every table",
        };
        let message = if gated_only {
            let Some(gate) = gate_of(segment, text, body, site.start) else {
                continue;
            };
            format!("{what}, only when `{gate}` holds (a time bomb or targeted sabotage)")
        } else {
            format!("{what}: `{}`", body[site.start..site.end].trim())
        };
        let hit = Hit {
            start: segment.start + site.start,
            end: segment.start + site.end,
            detail: Some(Box::new(HitDetail {
                message,
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// The condition that gates the site at `at` (segment offset), if one tests the clock, a counter or the
/// machine: an enclosing `if`, an earlier guard clause of an enclosing block, or a shell `[ … ] &&`.
fn gate_of(segment: &Segment, text: &str, body: &str, at: usize) -> Option<String> {
    let line_start = body[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &body[line_start..at];
    if let Some(and) = before.rfind("&&").or_else(|| before.rfind("||")) {
        let test = &before[..and];
        if is_gate(test) && (test.contains('[') || test.contains("test ")) {
            return Some(short(test));
        }
    }
    let tree = segment.tree(text)?;
    let mut node = tree.root_node().descendant_for_byte_range(at, at)?;
    for _ in 0..MAX_ANCESTORS {
        if is_if(node) {
            if let Some(condition) = condition_text(node, body) {
                if is_gate(condition) {
                    return Some(short(condition));
                }
            }
        }
        // Guard clauses: earlier siblings `if <gate>: return` in the same block.
        let mut sibling = node.prev_named_sibling();
        for _ in 0..MAX_GUARDS {
            let Some(earlier) = sibling else { break };
            if is_if(earlier) {
                let exits = body.get(earlier.byte_range()).is_some_and(|t| {
                    ["return", "exit(", "raise ", "throw ", "exit "]
                        .iter()
                        .any(|w| t.contains(w))
                });
                if let Some(condition) = condition_text(earlier, body).filter(|_| exits) {
                    if is_gate(condition) {
                        return Some(short(condition));
                    }
                }
            }
            sibling = earlier.prev_named_sibling();
        }
        node = node.parent()?;
    }
    None
}

fn is_gate(condition: &str) -> bool {
    condition.len() <= MAX_GATE_CHARS && GATE.is_match(condition)
}

fn is_if(node: Node) -> bool {
    matches!(
        node.kind(),
        "if_statement" | "elif_clause" | "ternary_expression"
    )
}

/// The condition of an `if` or ternary, when it reads as one: a parse the grammar recovered from (a
/// minified bundle's template literals), a fragment with unbalanced brackets or a function declared inside
/// is a stretch of unrelated code, not a test.
fn condition_text<'b>(node: Node, body: &'b str) -> Option<&'b str> {
    let condition = node
        .field_child("condition")
        .or_else(|| node.named_child(0))?;
    if condition.has_error() {
        return None;
    }
    let text = body.get(condition.byte_range())?;
    (balanced(text) && !text.contains("function ") && !text.contains("function(")).then_some(text)
}

/// Whether brackets outside quotes pair up (bounded by the gate length).
fn balanced(text: &str) -> bool {
    let mut stack: Vec<char> = Vec::new();
    let mut quote: Option<char> = None;
    for c in text.chars().take(MAX_GATE_CHARS) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => stack.push(c),
            (None, ')' | ']' | '}') => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stack.pop() != Some(open) {
                    return false;
                }
            }
            _ => {}
        }
    }
    stack.is_empty() && quote.is_none()
}

fn short(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 80 {
        format!("{}…", flat.chars().take(80).collect::<String>())
    } else {
        flat
    }
}

#[cfg(test)]
#[path = "destructive_tests.rs"]
mod tests;
