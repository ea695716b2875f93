//! Package-name checks: does a name imitate a popular npm or PyPI package (typosquatting), and does a
//! version look like a dependency-confusion upload?
//!
//! **Why.** Typosquats (`axois`, `python3-dateutil`, `reqeusts`) and lookalikes (`rn` for `m`, `0` for
//! `o`, a separator moved) are the most common way malicious packages reach installs; dependency-confusion
//! uploads publish an internal-looking name at a huge version so a resolver prefers it over the private one.
//! **What.** A name is compared with bundled lists of the most-downloaded names of its ecosystem
//! (`rules/data/popular-*.txt`): the same name once separators, scopes and confusable characters are
//! folded away, or one or two edits away (two only for long names). A name that is itself established
//! (`rules/data/known-*.txt`: tens of thousands of widely downloaded names) never fires, and a scoped npm
//! name is only compared by folding (nobody can publish into a scope they do not own by a typo).
//! **Fix.** Install the real package; pin versions of internal packages and scope them.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Which registry a name belongs to; each has its own list of popular names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ecosystem {
    Npm,
    Pypi,
}

/// How a name imitates a popular one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imitation {
    /// Same letters once `-`, `_`, `.`, `@` and `/` are removed (`@types-node`, `python_dateutil2`…).
    Separators,
    /// Same once confusable characters are folded (`rn`→`m`, `0`→`o`, `1`→`l`…).
    Confusables,
    /// This many single-character edits (insert, delete, substitute, swap neighbours).
    Edits(usize),
}

/// A popular package that a name imitates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    pub popular: &'static str,
    pub how: Imitation,
}

impl Lookalike {
    /// One sentence for a finding.
    pub fn describe(&self, name: &str) -> String {
        let how = match self.how {
            Imitation::Separators => "differs only in separators or scope".to_string(),
            Imitation::Confusables => "differs only in look-alike characters".to_string(),
            Imitation::Edits(1) => "is one character edit away".to_string(),
            Imitation::Edits(n) => format!("is {n} character edits away"),
        };
        format!("`{name}` {how} from the popular package `{}`", self.popular)
    }
}

struct PopularList {
    names: Vec<&'static str>,
    /// Folded key (separators and confusables removed) → the popular names that fold to it.
    folded: HashMap<String, Vec<&'static str>>,
}

const NPM_LIST: &str = include_str!("../../../../rules/data/popular-npm.txt");
const PYPI_LIST: &str = include_str!("../../../../rules/data/popular-pypi.txt");
const NPM_KNOWN: &str = include_str!("../../../../rules/data/known-npm.txt");
const PYPI_KNOWN: &str = include_str!("../../../../rules/data/known-pypi.txt");

fn names_of(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Established names of an ecosystem (a superset of the popular list).
fn known(ecosystem: Ecosystem) -> &'static HashSet<&'static str> {
    static NPM: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static PYPI: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let (cell, known, popular) = match ecosystem {
        Ecosystem::Npm => (&NPM, NPM_KNOWN, NPM_LIST),
        Ecosystem::Pypi => (&PYPI, PYPI_KNOWN, PYPI_LIST),
    };
    cell.get_or_init(|| names_of(known).chain(names_of(popular)).collect())
}

fn list(ecosystem: Ecosystem) -> &'static PopularList {
    static NPM: OnceLock<PopularList> = OnceLock::new();
    static PYPI: OnceLock<PopularList> = OnceLock::new();
    let (cell, text) = match ecosystem {
        Ecosystem::Npm => (&NPM, NPM_LIST),
        Ecosystem::Pypi => (&PYPI, PYPI_LIST),
    };
    cell.get_or_init(|| {
        let names: Vec<&'static str> = names_of(text).collect();
        let mut folded: HashMap<String, Vec<&'static str>> = HashMap::new();
        for name in &names {
            folded.entry(fold(name)).or_default().push(name);
        }
        PopularList { names, folded }
    })
}

/// Whether `name` is itself an established package of its ecosystem (popular or widely downloaded).
pub fn is_popular(ecosystem: Ecosystem, name: &str) -> bool {
    known(ecosystem).contains(normalise(ecosystem, name).as_str())
}

/// How registries compare names: npm lower-cases; PyPI also treats runs of `-`, `_`, `.` as one `-`.
fn normalise(ecosystem: Ecosystem, name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match ecosystem {
        Ecosystem::Npm => lower,
        Ecosystem::Pypi => {
            let mut out = String::with_capacity(lower.len());
            for c in lower.chars() {
                if matches!(c, '-' | '_' | '.') {
                    if !out.ends_with('-') {
                        out.push('-');
                    }
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// Removes separators and scope punctuation.
fn strip_separators(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | '@' | '/'))
        .collect()
}

/// Folds characters that read alike in a package list or a terminal font.
fn fold_confusables(name: &str) -> String {
    let replaced = name.replace("rn", "m").replace("vv", "w");
    replaced
        .chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | '|' => 'l',
            '3' => 'e',
            '5' => 's',
            '$' => 's',
            _ => c,
        })
        .collect()
}

fn fold(name: &str) -> String {
    fold_confusables(&strip_separators(name))
}

/// Edits allowed for a name of this many characters: short names collide too easily to allow any.
fn edit_budget(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=9 => 1,
        _ => 2,
    }
}

/// The popular package `name` imitates, if any. A popular name itself never imitates another.
pub fn lookalike(ecosystem: Ecosystem, name: &str) -> Option<Lookalike> {
    let name = normalise(ecosystem, name);
    let popular = list(ecosystem);
    if name.is_empty() || known(ecosystem).contains(name.as_str()) {
        return None;
    }
    // A scoped npm package that is not itself popular can still only imitate through its full name.
    let stripped = strip_separators(&name);
    if stripped.chars().count() < 4 {
        return None;
    }
    let folded = fold_confusables(&stripped);
    if let Some(hits) = popular.folded.get(&folded) {
        let target = hits.iter().find(|p| strip_separators(p) == stripped);
        return Some(match target {
            Some(p) => Lookalike {
                popular: p,
                how: Imitation::Separators,
            },
            None => Lookalike {
                popular: hits[0],
                how: Imitation::Confusables,
            },
        });
    }
    let budget = edit_budget(stripped.chars().count());
    if budget == 0 || name.starts_with('@') {
        return None;
    }
    let mut best: Option<Lookalike> = None;
    for p in &popular.names {
        let p_stripped = strip_separators(p);
        // Never compare with short popular names: `ms`, `qs`, `ws` are one edit from hundreds of names.
        if p_stripped.chars().count() < 5 || p_stripped.len().abs_diff(stripped.len()) > budget {
            continue;
        }
        // Adding a word is a different package (`chalk-template`), not a typo; the lengths check above
        // already keeps those out, and equal prefixes plus a digit (`lodash4`) stay in on purpose.
        let distance = damerau_levenshtein(&stripped, &p_stripped, budget);
        if distance > 0 && distance <= budget {
            let better = best
                .as_ref()
                .is_none_or(|b| matches!(b.how, Imitation::Edits(d) if distance < d));
            if better {
                best = Some(Lookalike {
                    popular: p,
                    how: Imitation::Edits(distance),
                });
            }
        }
    }
    best
}

/// npm scopes that publish two or more established packages: the organisations worth imitating.
fn established_scopes() -> &'static HashSet<&'static str> {
    static SCOPES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SCOPES.get_or_init(|| {
        let mut counts: HashMap<&'static str, usize> = HashMap::new();
        for name in known(Ecosystem::Npm) {
            if let Some((scope, _)) = name.strip_prefix('@').and_then(|n| n.split_once('/')) {
                *counts.entry(scope).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .filter(|(_, count)| *count >= 2)
            .map(|(scope, _)| scope)
            .collect()
    })
}

/// The established npm scope that the scope of `name` (`@modelcontextprotcol/server-github`) imitates:
/// the same letters with other separators or look-alike characters, or a character edit or two away
/// (one under eleven characters, none under six). A scope is owned, so a near miss of an
/// organisation's scope is someone else's account; a known scope imitates nothing.
pub fn scope_lookalike(name: &str) -> Option<&'static str> {
    let lower = name.trim().to_ascii_lowercase();
    let (scope, _) = lower.strip_prefix('@')?.split_once('/')?;
    let scopes = established_scopes();
    if scope.is_empty() || scopes.contains(scope) {
        return None;
    }
    let folded = fold(scope);
    let budget = match folded.chars().count() {
        0..=5 => 0,
        6..=10 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &'static str)> = None;
    for &org in scopes {
        let org_folded = fold(org);
        let distance = if org_folded == folded {
            0
        } else if budget == 0 || org_folded.chars().count() < 6 {
            continue;
        } else {
            damerau_levenshtein(&folded, &org_folded, budget)
        };
        if distance <= budget && best.is_none_or(|(d, k)| (distance, org) < (d, k)) {
            best = Some((distance, org));
        }
    }
    best.map(|(_, org)| org)
}

/// Optimal-string-alignment distance (`strsim`), or `limit + 1` when the lengths alone put it past
/// `limit` (most popular names are skipped this way without filling a table).
fn damerau_levenshtein(a: &str, b: &str, limit: usize) -> usize {
    if a.chars().count().abs_diff(b.chars().count()) > limit {
        return limit + 1;
    }
    strsim::osa_distance(a, b).min(limit + 1)
}

/// Dependency-confusion hint: an unscoped name that is not a popular package, published at a version
/// whose major number is at least 99 (internal packages are rarely past a few majors; attackers pick a
/// huge one so resolvers prefer it).
pub fn dependency_confusion_hint(ecosystem: Ecosystem, name: &str, version: &str) -> bool {
    if name.starts_with('@') || is_popular(ecosystem, name) {
        return false;
    }
    let major: Option<u64> = version
        .trim()
        .trim_start_matches(['v', '='])
        .split(['.', '-', '+'])
        .next()
        .and_then(|m| m.parse().ok());
    major.is_some_and(|m| m >= 99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_large_enough_and_hold_the_obvious_names() {
        assert!(list(Ecosystem::Npm).names.len() >= 1000);
        assert!(list(Ecosystem::Pypi).names.len() >= 1000);
        for name in ["react", "lodash", "express", "axios", "chalk"] {
            assert!(is_popular(Ecosystem::Npm, name), "{name}");
        }
        for name in [
            "requests",
            "numpy",
            "python-dateutil",
            "Django",
            "typing_extensions",
        ] {
            assert!(is_popular(Ecosystem::Pypi, name), "{name}");
        }
    }

    #[test]
    fn popular_names_never_fire() {
        for name in [
            "react-dom",
            "chalk",
            "debug",
            "@types/node",
            "axios",
            "babel-core",
            "@esbuild/linux-arm",
            "@types/mv",
        ] {
            assert_eq!(lookalike(Ecosystem::Npm, name), None, "{name}");
        }
        for name in [
            "requests",
            "urllib3",
            "python-dateutil",
            "Typing_Extensions",
        ] {
            assert_eq!(lookalike(Ecosystem::Pypi, name), None, "{name}");
        }
    }

    #[test]
    fn edits_confusables_and_separators_fire() {
        let hit = |e, n| lookalike(e, n).map(|l| (l.popular, l.how));
        assert_eq!(
            hit(Ecosystem::Npm, "axois"),
            Some(("axios", Imitation::Edits(1)))
        );
        assert_eq!(
            hit(Ecosystem::Npm, "expresss"),
            Some(("express", Imitation::Edits(1)))
        );
        assert_eq!(
            hit(Ecosystem::Npm, "types-node"),
            Some(("@types/node", Imitation::Separators))
        );
        assert_eq!(
            hit(Ecosystem::Npm, "1odash"),
            Some(("lodash", Imitation::Confusables))
        );
        assert_eq!(
            hit(Ecosystem::Pypi, "reqeusts"),
            Some(("requests", Imitation::Edits(1)))
        );
        assert_eq!(
            hit(Ecosystem::Pypi, "pythondateutil"),
            Some(("python-dateutil", Imitation::Separators))
        );
        assert_eq!(
            hit(Ecosystem::Pypi, "urllib-3").map(|h| h.1),
            Some(Imitation::Separators)
        );
    }

    #[test]
    fn short_or_distant_names_stay_quiet() {
        assert_eq!(lookalike(Ecosystem::Npm, "qz"), None);
        assert_eq!(
            lookalike(Ecosystem::Npm, "my-company-billing-widgets"),
            None
        );
        assert_eq!(lookalike(Ecosystem::Pypi, "acme-internal-tools"), None);
    }

    #[test]
    fn distance_is_bounded_and_counts_swaps_once() {
        assert_eq!(damerau_levenshtein("axios", "axois", 2), 1);
        assert_eq!(damerau_levenshtein("abc", "abc", 2), 0);
        assert_eq!(damerau_levenshtein("kitten", "sitting", 1), 2);
        assert_eq!(damerau_levenshtein("kitten", "sitting", 3), 3);
    }

    #[test]
    fn confusion_hint_needs_a_huge_major_on_an_unscoped_unknown_name() {
        assert!(dependency_confusion_hint(
            Ecosystem::Pypi,
            "acme-billing-core",
            "99.0.0"
        ));
        assert!(dependency_confusion_hint(
            Ecosystem::Npm,
            "corp-auth-utils",
            "v1000.1.0"
        ));
        assert!(!dependency_confusion_hint(
            Ecosystem::Npm,
            "corp-auth-utils",
            "3.2.0"
        ));
        assert!(!dependency_confusion_hint(
            Ecosystem::Npm,
            "@corp/auth-utils",
            "99.0.0"
        ));
        assert!(!dependency_confusion_hint(
            Ecosystem::Npm,
            "react",
            "999.0.0"
        ));
    }
}
