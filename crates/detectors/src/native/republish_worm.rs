//! A package that republishes the victim's own packages: the npm worm's propagation step.
//!
//! Self-spreading npm malware (2025's wave of worms) does the same three things wherever its code sits:
//! it learns which packages the stolen token may publish (a registry search by `maintainer:`, `npm access
//! list packages`, the `/-/user/…/package` or `/-/org/…/package` endpoints), or fetches another package's
//! tarball (`npm pack NAME`) and writes an install script into its manifest, and then runs `npm publish`.
//! A release tool publishes the project it was run in, by the token its user passed, and enumerates
//! nothing; so a publish is only a finding beside an enumeration of the account's packages, or beside a
//! packed-and-rewritten foreign package.

use super::FileDetector;
use crate::ascii_classes::ascii_regex;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use regex::Regex;
use skill_scan_model::Language;
use std::sync::LazyLock;

pub(crate) static PACKAGE_REPUBLISH: FileDetector = FileDetector {
    // `publish` may be joined from pieces (`'pub' + 'lish'`); the enumeration is then written whole.
    literals: &["publish", "maintainer:", "list packages", "ls-packages"],
    run: find_republish,
};

/// `npm publish`, `execFileSync('npm', ['publish'])`, `pnpm publish`, `yarn npm publish`.
// Constant patterns (their tests compile them): `expect` never sees scanned data.
#[allow(clippy::expect_used)]
static PUBLISH: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r#"\b(?:npm|pnpm|yarn)(?:\.cmd)?\b(?:["'`]\s*,\s*\[\s*["'`]|\s+(?:npm\s+)?)publish\b"#,
    )
    .expect("publish pattern")
});

/// Listing the packages a token may publish.
#[allow(clippy::expect_used)]
static ENUMERATE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(concat!(
        r#"(?i)[?&]text=[^"'`\s]*maintainer:|\bmaintainer:\s*["'`]?\s*\+|maintainer:\$\{|"#,
        r#"\bnpm\s+(?:access\s+(?:ls|list)[-\s]packages|search\s+[^"'`\n]*maintainer)|"#,
        // The subcommand after a command word held in a variable (`tool + ' access list packages '`).
        r#"["'`]\s*access\s+(?:ls|list)[-\s]packages\b|"#,
        r#"/-/(?:user|org)/[^"'`\s]*/package\b|\bls-packages\b"#
    ))
    .expect("enumerate pattern")
});

/// Fetching another package's tarball to rewrite it.
#[allow(clippy::expect_used)]
static PACK_FOREIGN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"\bnpm\s+pack\s+["'`]?\s*(?:\$\{|\+|[@a-z])|/-/[^"'`\s]+\.tgz"#)
        .expect("pack pattern")
});

/// An install script written into a manifest from code (`scripts.postinstall = …`, `{ postinstall: … }`).
#[allow(clippy::expect_used)]
static INSTALL_SCRIPT_WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"(?:\.|\b|["'])(?:pre|post)?install["']?\s*(?::|=[^=])"#)
        .expect("install pattern")
});

/// Bytes either side of a publish that the other steps must lie in.
const WINDOW: usize = 3_000;
/// Publish sites examined per segment.
const MAX_PUBLISH_SITES: usize = 16;

/// `body[start - WINDOW .. end + WINDOW]`, cut at character boundaries.
fn around(body: &str, start: usize, end: usize) -> &str {
    let mut from = start.saturating_sub(WINDOW);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + WINDOW).min(body.len());
    while !body.is_char_boundary(to) {
        to += 1;
    }
    &body[from..to]
}

fn find_republish(segment: &Segment, text: &str, keep: &mut dyn FnMut(Hit) -> bool) {
    if !matches!(
        segment.language,
        Language::Javascript | Language::Typescript | Language::Python | Language::Shell
    ) {
        return;
    }
    let body = segment.text(text);
    // A worm's steps sit together; a bundled package manager (a vendored `yarn.cjs`) holds every one of
    // these words somewhere in megabytes of unrelated code.
    let written = PUBLISH
        .find_iter(body)
        .take(MAX_PUBLISH_SITES)
        .map(|m| (m.start(), m.end()));
    let found = written
        .chain(resolved_publishes(segment, text))
        .find_map(|(start, end)| {
            let near = around(body, start, end);
            let enumerates = ENUMERATE.is_match(near);
            let rewrites = PACK_FOREIGN.is_match(near) && INSTALL_SCRIPT_WRITTEN.is_match(near);
            (enumerates || rewrites).then_some((start, end, enumerates))
        });
    let Some((start, end, enumerates)) = found else {
        return;
    };
    let how = if enumerates {
        "lists the packages the account may publish"
    } else {
        "fetches another package and writes an install script into it"
    };
    keep(Hit {
        start: segment.start + start,
        end: segment.start + end,
        detail: Some(Box::new(HitDetail {
            message: format!(
                "Code {how}, then runs `npm publish`: it spreads through the owner's packages"
            ),
            related: Vec::new(),
        })),
    });
}

/// Calls whose command the evaluator resolved to a publish (`execSync(npm + ' ' + verb)` with `npm` joined
/// from `['n', 'pm']` and `verb` from `'pub' + 'lish'`): their segment-relative spans. Only segments that
/// spell neither word whole are evaluated for this.
fn resolved_publishes(segment: &Segment, text: &str) -> Vec<(usize, usize)> {
    if segment.grammar.is_none() || PUBLISH.is_match(segment.text(text)) {
        return Vec::new();
    }
    super::evaluate::resolved(segment, text)
        .renditions
        .iter()
        .filter(|r| !r.payload && PUBLISH.is_match(&r.code))
        .take(MAX_PUBLISH_SITES)
        .map(|r| (r.start, r.end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str, path: &str, language: Language) -> bool {
        crate::native::file_detector_fires(find_republish, text, path, language)
    }

    #[test]
    fn publishing_after_listing_the_accounts_packages_fires() {
        for text in [
            "const r = await fetch('https://registry.npmjs.org/-/v1/search?text=maintainer:' + me);\nexecSync('npm publish', { cwd });\n",
            "const list = sh(`npm access list packages ${me} --json`);\nfor (const p of list) sh('npm publish', { cwd: p });\n",
            "get(`${reg}/-/user/${user}/package`).then(ps => ps.forEach(p => run('npm', ['publish'])));\nrun('npm', ['publish']);\n",
        ] {
            assert!(fires(text, "scripts/x.js", Language::Javascript), "{text}");
        }
        let rewrite = "execSync(`npm pack ${name}`);\nmeta.scripts.postinstall = 'node x.js';\nexecFileSync('npm', ['publish'], { cwd: dir });\n";
        assert!(fires(rewrite, "scripts/x.js", Language::Javascript));
        let shell = "for p in $(npm access ls-packages | jq -r 'keys[]'); do\n  (cd \"$p\" && npm publish)\ndone\n";
        assert!(fires(shell, "release.sh", Language::Shell));
    }

    #[test]
    fn a_publish_joined_from_pieces_is_read_as_resolved() {
        let joined = "const { execSync } = require('child_process');\nconst tool = ['n', 'pm'].join('');\nconst verb = 'pub' + 'lish';\nconst me = execSync(tool + ' whoami').toString();\nconst list = execSync(tool + ' access list packages ' + me);\nfor (const p of Object.keys(list)) execSync(tool + ' ' + verb, { cwd: p });\n";
        assert!(fires(joined, "lib/sync.js", Language::Javascript));
        // The same pieces building a workspace build: nothing enumerated, nothing published.
        let build = "const { execSync } = require('child_process');\nconst tool = ['n', 'pm'].join('');\nfor (const ws of list) execSync([tool, 'run', 'build', '--workspace', ws].join(' '));\n";
        assert!(!fires(build, "build.js", Language::Javascript));
        // A publish joined from pieces, with the account's packages listed nowhere: a release script.
        let release = "const { execSync } = require('child_process');\nconst tool = ['n', 'pm'].join('');\nconst dirs = ['core', 'cli'];\nfor (const d of dirs) execSync(tool + ' ' + 'pub' + 'lish', { cwd: d });\n// maintainer: team@example.invalid\n";
        assert!(!fires(release, "release.js", Language::Javascript));
    }

    #[test]
    fn publishing_the_project_at_hand_is_quiet() {
        for text in [
            "for (const dir of workspaces) execFileSync('npm', ['publish', '--access', 'public'], { cwd: dir });\n",
            // A manifest edited and published, but nothing fetched or enumerated: the project's own release.
            "pkg.scripts.postinstall = 'node setup.js';\nwrite(pkg);\nexecSync('npm publish');\n",
            // Enumeration without a publish: a dashboard of the user's packages.
            "fetch('https://registry.npmjs.org/-/v1/search?text=maintainer:' + user).then(show);\n",
        ] {
            assert!(!fires(text, "scripts/x.js", Language::Javascript), "{text}");
        }
        // A bundled package manager: packing, install scripts and publishing, far apart.
        let filler = "x = 1;\n".repeat(1_000);
        let bundle = format!("run(`npm pack ${{spec}}`);\n{filler}manifest.postinstall = s;\n{filler}exec('npm publish');\n");
        assert!(!fires(&bundle, "vendor/pm.cjs", Language::Javascript));
        let readme = "Run `npm publish` after `npm access list packages` shows the package.\n";
        assert!(!fires(readme, "README.md", Language::Markdown));
    }
}
