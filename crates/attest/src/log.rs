//! The decision log: one JSON object a line, appended under an exclusive file lock, each line carrying the
//! hash of the line before it, so an edited, removed or reordered line is found by [`verify`].
//!
//! Every line has `seq` (0, 1, 2, …), `event`, `prev` and `hash`. `hash` is the lowercase hex SHA-256 of
//! the line's object *without* `hash`, in RFC 8785 canonical JSON; `prev` is the previous line's `hash`, and
//! for the first line [`genesis`]: the SHA-256 of `skill-scan decision log v1`. Each `verdict` line is bound
//! to the policy it was decided under (`policy_sha256`); a `policy_loaded` line is written first whenever
//! that policy differs from the previous line's, so the log says when the rules of the game changed.
//!
//! A hash chain shows edits inside the log, not a cut at its end: keep the last `hash` (`log verify` prints
//! it) somewhere else to detect truncation.

use serde_json::{Map, Value};
use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const GENESIS_TEXT: &str = "skill-scan decision log v1";
pub const EVENT_POLICY_LOADED: &str = "policy_loaded";
pub const EVENT_VERDICT: &str = "verdict";

/// The longest last line [`append`] reads back to find the chain's head.
const MAX_LINE: u64 = 16 << 20;

/// The `prev` of the first line.
pub fn genesis() -> String {
    crate::sha256_hex(GENESIS_TEXT.as_bytes())
}

/// Why the log could not be written or read.
#[derive(Debug)]
pub struct LogError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "decision log {}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LogError {}

fn log_error(path: &Path, message: impl fmt::Display) -> LogError {
    LogError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// The policy decisions are made under: its digest and what to say about it in a `policy_loaded` line.
#[derive(Debug, Clone)]
pub struct PolicyBinding {
    pub sha256: String,
    /// More fields for the `policy_loaded` line (profile, config file, …).
    pub details: Map<String, Value>,
}

/// Appends `decisions` (objects; `seq`, `event`, `policy_sha256`, `prev` and `hash` are set here) to the log
/// at `path`, preceded by a `policy_loaded` line when the policy changed. Holds an exclusive lock on the
/// file from reading its last line to the end of the write, so concurrent writers never interleave or fork
/// the chain.
pub fn append(
    path: &Path,
    policy: &PolicyBinding,
    decisions: Vec<Map<String, Value>>,
) -> Result<(), LogError> {
    let mut file = File::options()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| log_error(path, e))?;
    file.lock()
        .map_err(|e| log_error(path, format!("cannot lock: {e}")))?;
    let result = append_locked(&mut file, path, policy, decisions);
    let unlocked = file.unlock();
    result?;
    unlocked.map_err(|e| log_error(path, format!("cannot unlock: {e}")))
}

fn append_locked(
    file: &mut File,
    path: &Path,
    policy: &PolicyBinding,
    decisions: Vec<Map<String, Value>>,
) -> Result<(), LogError> {
    let head = match last_line(file).map_err(|e| log_error(path, e))? {
        Some(line) => Some(parse_line(&line).map_err(|e| {
            log_error(
                path,
                format!("its last line is not a log entry ({e}); run `skill-scan log verify`"),
            )
        })?),
        None => None,
    };
    let (mut seq, mut prev, last_policy) = match &head {
        Some(obj) => (
            obj.get("seq").and_then(Value::as_u64).map_or(0, |s| s + 1),
            obj.get("hash")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            obj.get("policy_sha256")
                .and_then(Value::as_str)
                .map(str::to_string),
        ),
        None => (0, genesis(), None),
    };
    let mut lines = Vec::new();
    if last_policy.as_deref() != Some(policy.sha256.as_str()) {
        let mut loaded = policy.details.clone();
        loaded.insert("event".into(), EVENT_POLICY_LOADED.into());
        lines.push(loaded);
    }
    for mut decision in decisions {
        decision.insert("event".into(), EVENT_VERDICT.into());
        lines.push(decision);
    }
    let mut text = Vec::new();
    for mut line in lines {
        line.insert("seq".into(), seq.into());
        line.insert("policy_sha256".into(), policy.sha256.clone().into());
        line.insert("prev".into(), prev.clone().into());
        line.remove("hash");
        let hash = line_hash(&line).map_err(|e| log_error(path, e))?;
        line.insert("hash".into(), hash.clone().into());
        let json = serde_json::to_string(&Value::Object(line)).map_err(|e| log_error(path, e))?;
        text.extend_from_slice(json.as_bytes());
        text.push(b'\n');
        prev = hash;
        seq += 1;
    }
    file.write_all(&text).map_err(|e| log_error(path, e))?;
    file.flush().map_err(|e| log_error(path, e))
}

/// SHA-256 of the canonical JSON of `line` without its `hash`.
fn line_hash(line: &Map<String, Value>) -> Result<String, serde_json::Error> {
    let mut body = line.clone();
    body.remove("hash");
    Ok(crate::sha256_hex(&serde_jcs::to_vec(&Value::Object(body))?))
}

fn parse_line(line: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("not a JSON object".into()),
        Err(e) => Err(format!("not JSON: {e}")),
    }
}

/// The last non-empty line of the file, read backwards in pieces (at most [`MAX_LINE`] bytes).
fn last_line(file: &mut File) -> std::io::Result<Option<String>> {
    let len = file.seek(SeekFrom::End(0))?;
    let mut tail: Vec<u8> = Vec::new();
    let mut pos = len;
    loop {
        let trimmed = tail.iter().rposition(|b| !b.is_ascii_whitespace());
        if let Some(end) = trimmed {
            if let Some(start) = tail[..end].iter().rposition(|&b| b == b'\n') {
                return Ok(Some(String::from_utf8_lossy(&tail[start + 1..=end]).into()));
            }
        }
        if pos == 0 {
            return Ok(trimmed.map(|end| String::from_utf8_lossy(&tail[..=end]).into()));
        }
        if len - pos > MAX_LINE {
            return Err(std::io::Error::other("the last line is too long"));
        }
        let step = pos.min(64 * 1024);
        pos -= step;
        file.seek(SeekFrom::Start(pos))?;
        let mut chunk = vec![0u8; usize::try_from(step).unwrap_or(0)];
        file.read_exact(&mut chunk)?;
        chunk.extend_from_slice(&tail);
        tail = chunk;
    }
}

/// A log that verified: how many lines, and the hash of the last one (keep it to detect truncation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub lines: usize,
    pub head: String,
    pub verdicts: usize,
    pub policies: usize,
}

/// The first place a log breaks: its 1-based line number and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Break {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Walks the log text and names the first line that was edited, removed or reordered.
pub fn verify(text: &str) -> Result<Verified, Break> {
    let lines: Vec<&str> = text.lines().collect();
    let entries: Vec<Result<Map<String, Value>, String>> =
        lines.iter().map(|l| parse_line(l)).collect();
    let seq_of = |e: &Result<Map<String, Value>, String>| {
        e.as_ref()
            .ok()
            .and_then(|o| o.get("seq"))
            .and_then(Value::as_u64)
    };
    let mut prev = genesis();
    let mut policy: Option<String> = None;
    let mut verified = Verified {
        lines: 0,
        head: prev.clone(),
        verdicts: 0,
        policies: 0,
    };
    for (n, entry) in entries.iter().enumerate() {
        let line = n + 1;
        let fail = |message: String| Err(Break { line, message });
        let obj = match entry {
            Ok(obj) => obj,
            Err(why) => return fail(format!("{why}: the line was edited or damaged")),
        };
        let stated = obj.get("hash").and_then(Value::as_str).unwrap_or_default();
        match line_hash(obj) {
            Ok(hash) if hash == stated => {}
            _ => return fail("was edited: its content does not match its hash".into()),
        }
        let expected = n as u64;
        match seq_of(entry) {
            Some(seq) if seq == expected => {}
            Some(seq) => {
                let later = entries[n + 1..]
                    .iter()
                    .position(|e| seq_of(e) == Some(expected));
                return fail(match later {
                    Some(k) => format!(
                        "is out of order: entry #{seq} stands where #{expected} belongs (#{expected} is at line {})",
                        line + 1 + k
                    ),
                    None if seq > expected => format!(
                        "entries #{expected} to #{} before this line were removed",
                        seq - 1
                    ),
                    None => format!("is out of order: entry #{seq} after entry #{}", expected - 1),
                });
            }
            None => return fail("has no sequence number: the line was edited".into()),
        }
        if obj.get("prev").and_then(Value::as_str) != Some(prev.as_str()) {
            return fail(if n == 0 {
                "does not start from the genesis hash: earlier lines were removed".into()
            } else {
                format!("does not chain to line {n}: line {n} was rewritten (hash recomputed) or a line was removed")
            });
        }
        let bound = obj
            .get("policy_sha256")
            .and_then(Value::as_str)
            .map(str::to_string);
        match obj.get("event").and_then(Value::as_str) {
            Some(EVENT_POLICY_LOADED) => {
                policy = bound;
                verified.policies += 1;
            }
            Some(EVENT_VERDICT) => {
                if policy.is_none() || bound != policy {
                    return fail(
                        "is a verdict under a policy that no policy_loaded line before it announced".into(),
                    );
                }
                verified.verdicts += 1;
            }
            _ => return fail("has no known event".into()),
        }
        prev = stated.to_string();
        verified.lines = line;
        verified.head = prev.clone();
    }
    Ok(verified)
}

/// Reads and verifies the log at `path`.
pub fn verify_file(path: &Path) -> Result<Result<Verified, Break>, LogError> {
    let text = std::fs::read_to_string(path).map_err(|e| log_error(path, e))?;
    Ok(verify(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(digest: &str) -> PolicyBinding {
        let mut details = Map::new();
        details.insert("profile".into(), "default".into());
        PolicyBinding {
            sha256: digest.into(),
            details,
        }
    }

    fn decision(target: &str) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("target".into(), target.into());
        map.insert("verdict".into(), "allow".into());
        map
    }

    fn written_log() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decisions.jsonl");
        append(&path, &policy("p1"), vec![decision("a"), decision("b")]).unwrap();
        append(&path, &policy("p1"), vec![decision("c")]).unwrap();
        append(&path, &policy("p2"), vec![decision("d")]).unwrap();
        (dir, path)
    }

    fn lines(path: &Path) -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    fn check(lines: &[String]) -> Result<Verified, Break> {
        verify(&(lines.join("\n") + "\n"))
    }

    #[test]
    fn appends_chain_and_announce_each_policy_once() {
        let (_dir, path) = written_log();
        let all = lines(&path);
        let events: Vec<String> = all
            .iter()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                format!(
                    "{}:{}",
                    v["event"].as_str().unwrap(),
                    v["policy_sha256"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            events,
            [
                "policy_loaded:p1",
                "verdict:p1",
                "verdict:p1",
                "verdict:p1",
                "policy_loaded:p2",
                "verdict:p2"
            ]
        );
        let first: Value = serde_json::from_str(&all[0]).unwrap();
        assert_eq!(first["prev"], genesis());
        let ok = verify_file(&path).unwrap().unwrap();
        assert_eq!((ok.lines, ok.verdicts, ok.policies), (6, 4, 2));
    }

    #[test]
    fn an_edited_line_is_named() {
        let (_dir, path) = written_log();
        let mut all = lines(&path);
        all[2] = all[2].replace("\"allow\"", "\"block\"");
        let err = check(&all).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("edited"), "{err}");
    }

    #[test]
    fn an_edited_line_with_a_recomputed_hash_breaks_the_next_link() {
        let (_dir, path) = written_log();
        let mut all = lines(&path);
        let mut obj = parse_line(&all[2]).unwrap();
        obj.insert("verdict".into(), "block".into());
        let hash = line_hash(&obj).unwrap();
        obj.insert("hash".into(), hash.into());
        all[2] = serde_json::to_string(&obj).unwrap();
        let err = check(&all).unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("does not chain to line 3"), "{err}");
    }

    #[test]
    fn a_removed_line_is_named() {
        let (_dir, path) = written_log();
        let mut all = lines(&path);
        all.remove(2);
        let err = check(&all).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.message.contains("#2 to #2") && err.message.contains("removed"),
            "{err}"
        );
        let mut head_cut = lines(&path);
        head_cut.remove(0);
        assert_eq!(check(&head_cut).unwrap_err().line, 1);
    }

    #[test]
    fn a_reordered_line_is_named() {
        let (_dir, path) = written_log();
        let mut all = lines(&path);
        all.swap(1, 2);
        let err = check(&all).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("out of order") && err.message.contains("line 3"),
            "{err}"
        );
    }

    #[test]
    fn a_verdict_needs_its_policy_announced() {
        let (_dir, path) = written_log();
        let all = lines(&path);
        // Drop the first policy_loaded line and renumber/rechain honestly: the verdicts then have no policy.
        let mut prev = genesis();
        let mut rebuilt = Vec::new();
        for (seq, line) in all[1..].iter().enumerate() {
            let mut obj = parse_line(line).unwrap();
            obj.insert("seq".into(), (seq as u64).into());
            obj.insert("prev".into(), prev.clone().into());
            let hash = line_hash(&obj).unwrap();
            obj.insert("hash".into(), hash.clone().into());
            prev = hash;
            rebuilt.push(serde_json::to_string(&obj).unwrap());
        }
        let err = check(&rebuilt).unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("policy"), "{err}");
    }

    #[test]
    fn concurrent_writers_never_interleave_or_fork_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        let threads: Vec<_> = (0..8)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for i in 0..10 {
                        let big = format!("{t}-{i}-{}", "x".repeat(5000));
                        append(&path, &policy("p"), vec![decision(&big)]).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let ok = verify_file(&path).unwrap().unwrap();
        assert_eq!((ok.lines, ok.verdicts), (81, 80));
    }

    #[test]
    fn the_last_line_is_found_across_read_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.jsonl");
        append(&path, &policy("p"), vec![decision(&"y".repeat(200_000))]).unwrap();
        append(&path, &policy("p"), vec![decision("z")]).unwrap();
        assert_eq!(verify_file(&path).unwrap().unwrap().lines, 3);
    }
}
