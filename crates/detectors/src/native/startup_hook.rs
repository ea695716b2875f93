//! A Python start-up hook written through a computed path: the site-packages folder taken from
//! `site.getsitepackages()`, `site.USER_SITE`, `sysconfig.get_paths()["purelib"]` (or a name that holds it)
//! joined, in another statement, with a name ending in `.pth` or spelling `sitecustomize.py` /
//! `usercustomize.py` (built with `+`, an f-string or a variable), then opened for writing or copied to.
//! PER014 reads the same thing when the folder and the file name stand on one line; this follows them
//! through assignments.
//!
//! A text analysis over the segment's simple assignments (`name = expression`), repeated until nothing
//! new is learned; bounded by [`MAX_ASSIGNMENTS`] and [`MAX_ROUNDS`].

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use crate::syntax::Grammar;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Assignments read per segment.
const MAX_ASSIGNMENTS: usize = 4096;
/// Passes over the assignments (each can carry a property one step further).
const MAX_ROUNDS: usize = 8;
/// Segments larger than this are bundles or generated code.
const MAX_SEGMENT_BYTES: usize = 512 * 1024;

pub(crate) static COMPUTED_STARTUP_HOOK: FileDetector = FileDetector {
    literals: &[
        "getsitepackages",
        "getusersitepackages",
        "USER_SITE",
        "purelib",
        "platlib",
        "get_python_lib",
        "site-packages",
    ],
    run: report,
};

// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?m)^[ \t]*([A-Za-z_][\w]*)[ \t]*=[ \t]*([^=\n][^\n]*)$").expect("assignment")
});
/// An expression that names a site-packages folder.
#[allow(clippy::expect_used)]
static SITE_DIR: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r"\b(?:getsitepackages|getusersitepackages|get_python_lib)\s*\(|\bUSER_SITE\b",
        r#"|\bget_paths?\s*\([^)\n]*\)\s*\[\s*['"](?:pure|plat)lib['"]|\bget_path\s*\(\s*['"](?:pure|plat)lib['"]"#,
        r#"|['"][^'"\n]*site-packages[^'"\n]*['"]"#
    ))
    .expect("site dir")
});
/// A string that ends a start-up hook's file name.
#[allow(clippy::expect_used)]
static HOOK_NAME: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?i)\.pth['"]|(?:site|user)customize(?:\.py)?['"]|['"]\.pth\b"#)
        .expect("hook name")
});
/// A `sitecustomize.py` / `usercustomize.py` name: whatever it holds is code.
#[allow(clippy::expect_used)]
static CUSTOMIZE_NAME: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"(?i)(?:site|user)customize").expect("customize name"));
/// A string that is a `.pth` line Python runs: one that starts with `import`.
#[allow(clippy::expect_used)]
static IMPORT_LINE: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r#"['"][ \t]*import[ \t]+[A-Za-z_]"#).expect("import line"));
/// A write of a file whose path is the first argument (or the receiver, for `Path(...).write_text`).
#[allow(clippy::expect_used)]
static WRITE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"\bopen\s*\(([^,\n]+),\s*(?:mode\s*=\s*)?['"][wax]b?\+?['"]"#,
        r"|\bshutil\.copy(?:file|2)?\s*\([^,\n]+,\s*([^,)\n]+)",
        r"|\b(?:Path\s*\()?([A-Za-z_][\w]*)\)?\s*\.write_(?:text|bytes)\s*\("
    ))
    .expect("write")
});
#[allow(clippy::expect_used)]
static NAME: LazyLock<Regex> = LazyLock::new(|| ascii_regex(r"\b[A-Za-z_][\w]*\b").expect("name"));

/// What an expression is known to hold.
#[derive(Default, Clone, Copy)]
struct Holds {
    site_dir: bool,
    hook_name: bool,
}

fn report(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if segment.grammar != Some(Grammar::Python) {
        return;
    }
    let body = segment.text(text);
    if body.len() > MAX_SEGMENT_BYTES {
        return;
    }
    let assignments: Vec<(&str, &str)> = ASSIGNMENT
        .captures_iter(body)
        .take(MAX_ASSIGNMENTS)
        .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
        .collect();
    let mut site: HashSet<&str> = HashSet::new();
    let mut hook: HashSet<&str> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let before = site.len() + hook.len();
        for (name, value) in &assignments {
            let holds = holds(value, &site, &hook);
            if holds.site_dir {
                site.insert(name);
            }
            if holds.hook_name {
                hook.insert(name);
            }
        }
        if site.len() + hook.len() == before {
            break;
        }
    }
    // A `.pth` of plain folder paths (an editable install's) runs nothing; only one with an `import` line
    // is a hook. Any `sitecustomize.py` is code.
    let runs_code = CUSTOMIZE_NAME.is_match(body) || IMPORT_LINE.is_match(body);
    if !runs_code {
        return;
    }
    for write in WRITE.captures_iter(body) {
        let Some(path) = write
            .get(1)
            .or_else(|| write.get(2))
            .or_else(|| write.get(3))
        else {
            continue;
        };
        let mut holds = holds(path.as_str(), &site, &hook);
        // `open(target, "w")` where `target = os.path.join(where, name)` was read above: the name's own
        // properties are already in the sets.
        for word in NAME.find_iter(path.as_str()) {
            holds.site_dir |= site.contains(word.as_str());
            holds.hook_name |= hook.contains(word.as_str());
        }
        if !(holds.site_dir && holds.hook_name) {
            continue;
        }
        let Some(whole) = write.get(0) else { continue };
        let hit = Hit {
            start: segment.start + whole.start(),
            end: segment.start + whole.end(),
            detail: Some(Box::new(HitDetail {
                message: format!(
                    "writes a start-up hook (a `.pth`, `sitecustomize.py` or `usercustomize.py` in site-packages) through the computed path `{}`",
                    path.as_str().trim()
                ),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// What an expression holds: a site-packages folder, a hook's file name, or a name known to hold one.
fn holds(expression: &str, site: &HashSet<&str>, hook: &HashSet<&str>) -> Holds {
    let mut out = Holds {
        site_dir: SITE_DIR.is_match(expression),
        hook_name: HOOK_NAME.is_match(expression),
    };
    for word in NAME.find_iter(expression) {
        out.site_dir |= site.contains(word.as_str());
        out.hook_name |= hook.contains(word.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment_file;
    use skill_scan_model::Language;

    fn fired(text: &str) -> usize {
        let mut n = 0;
        for segment in segment_file(text, Language::Python, "setup.py") {
            (COMPUTED_STARTUP_HOOK.run)(&segment, text, &mut |_| {
                n += 1;
                true
            });
        }
        n
    }

    #[test]
    fn a_pth_name_and_the_site_folder_joined_in_other_statements_fire() {
        let split = "import os, site\nHOOK = 'import tint_boot'\nclass Install:\n    def run(self):\n        where = site.getsitepackages()[0]\n        name = 'zz_' + 'tint' + '.pth'\n        target = os.path.join(where, name)\n        with open(target, 'w') as out:\n            out.write(HOOK)\n";
        assert_eq!(fired(split), 1);
        let sysconfig = "import sysconfig, shutil\nlib = sysconfig.get_paths()['purelib']\nhook = lib + '/sitecustomize.py'\nshutil.copy('payload.py', hook)\n";
        assert_eq!(fired(sysconfig), 1);
        let user = "import site\nfrom pathlib import Path\nhome = site.USER_SITE\ndest = Path(home) / f'{PKG}.pth'\ndest.write_text('import tint_boot')\n";
        assert_eq!(fired(user), 1);
    }

    #[test]
    fn reading_the_site_folder_or_writing_elsewhere_is_quiet() {
        // A `.pth` read, and a report written next to the working folder, not into site-packages.
        let read = "import os, site\nwhere = site.getsitepackages()[0]\nfor name in os.listdir(where):\n    if name.endswith('.pth'):\n        print(open(os.path.join(where, name)).read())\nreport = 'pth-report.txt'\nwith open(report, 'w') as out:\n    out.write('done')\n";
        assert_eq!(fired(read), 0);
        // An editable install's `.pth` holds the source folder's path: nothing runs.
        let path_only = "import os, site\nwhere = site.getsitepackages()[0]\ntarget = os.path.join(where, 'tint-src.pth')\nwith open(target, 'w') as out:\n    out.write(os.path.abspath('.') + '\\n')\n";
        assert_eq!(fired(path_only), 0);
        let cache = "import sysconfig\nlib = sysconfig.get_paths()['purelib']\ncache = os.path.join(os.getcwd(), 'paths.json')\nopen(cache, 'w').write(lib)\n";
        assert_eq!(fired(cache), 0);
    }
}
