//! Behaviour in code that runs at install: a `setup.py` (its top level with every nested block, the
//! helpers that calls, the methods of its setuptools command classes, `atexit` callbacks) and the scripts
//! npm lifecycle hooks run (their top level and the functions it calls). There, a raw connection, a DNS
//! lookup, a process started from a computed command or code run from a computed string is worth a
//! review on its own; a process started detached from the installer, to outlive it, is blocked.
//!
//! A module's own import is the same kind of entry: a DNS lookup or raw connection in its top level (or
//! the functions that calls) happens to everyone who imports it, which is how dependency-confusion
//! probes report home.
//!
//! Which calls do what comes from the partial evaluator (imports and aliases resolved); which code runs
//! at install comes from [`ImportTimeMap::for_install`]. The rules carry `scopes: [package_root_artifact]`,
//! so only the files a manifest runs at install are read.

use super::evaluate::calls::{Behaviour, CallSite};
use super::evaluate::resolved;
use super::FileDetector;
use crate::import_time::ImportTimeMap;
use crate::matchers::{Hit, HitDetail};
use crate::segment::Segment;
use crate::syntax::Grammar;

/// A connection, lookup, computed spawn or computed exec in code that runs at install.
pub(crate) static INSTALL_TIME_BEHAVIOUR: FileDetector = FileDetector {
    literals: &[],
    run: |segment, text, keep| report(segment, text, keep, needs_review),
};

/// A process started detached from the installer, in code that runs at install.
pub(crate) static INSTALL_TIME_DETACHED: FileDetector = FileDetector {
    literals: &[
        "detached",
        "start_new_session",
        "setsid",
        "DETACHED_PROCESS",
        "nohup",
        "&",
    ],
    run: |segment, text, keep| {
        report(segment, text, keep, |call| {
            call.detached.then_some("starts a process detached from the installer, so it keeps running after the install")
        })
    },
};

/// A DNS lookup or raw connection in code that runs when a package module is imported.
pub(crate) static IMPORT_TIME_PROBE: FileDetector = FileDetector {
    literals: &[
        "gethostbyname",
        "getaddrinfo",
        "resolver",
        "socket",
        "dns",
        "net.",
    ],
    run: |segment, text, keep| {
        // A literal host: a probe that reports home. A computed one is a library doing its job for a
        // caller (a configured server), and a lookup of the machine itself is a platform check.
        report_when(segment, text, keep, When::Import, |call| {
            match call.behaviour {
                Behaviour::RawNetwork | Behaviour::DnsLookup if call.literal => {
                    Some(call.behaviour.describe())
                }
                _ => None,
            }
        })
    },
};

/// A DNS lookup of, or raw connection to, a host fixed in the code, in code that runs at install.
pub(crate) static INSTALL_TIME_PROBE: FileDetector = FileDetector {
    literals: IMPORT_TIME_PROBE.literals,
    run: |segment, text, keep| {
        // A fixed destination is the author's own collector (a canary name, a listener's address); a
        // computed one is at most a configured server, which SUP023 notes.
        report_when(segment, text, keep, When::InstallProbe, |call| {
            match call.behaviour {
                Behaviour::RawNetwork | Behaviour::DnsLookup if call.known => {
                    Some(call.behaviour.describe())
                }
                _ => None,
            }
        })
    },
};

/// Which entry the code must be reachable from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    /// `pip install` / `npm install`: setup.py and lifecycle scripts, their command classes and callbacks.
    Install,
    /// The same entries, for a probe of a fixed host: this machine's own names are left out.
    InstallProbe,
    /// Importing the module: its top level and the functions that calls.
    Import,
}

fn needs_review(call: &CallSite) -> Option<&'static str> {
    match call.behaviour {
        Behaviour::RawNetwork | Behaviour::DnsLookup => Some(call.behaviour.describe()),
        Behaviour::Spawn if !call.literal && !call.detached => {
            Some("starts a process whose command is computed")
        }
        Behaviour::Exec if !call.literal => Some(call.behaviour.describe()),
        _ => None,
    }
}

fn report(
    segment: &Segment,
    text: &str,
    keep: &mut dyn FnMut(Hit) -> bool,
    what: fn(&CallSite) -> Option<&'static str>,
) {
    report_when(segment, text, keep, When::Install, what);
}

fn report_when(
    segment: &Segment,
    text: &str,
    keep: &mut dyn FnMut(Hit) -> bool,
    when: When,
    what: fn(&CallSite) -> Option<&'static str>,
) {
    let Some(grammar) = segment.grammar.filter(|g| *g != Grammar::Bash) else {
        return;
    };
    let resolved = resolved(segment, text);
    let mut sites = resolved
        .calls
        .iter()
        .filter_map(|c| what(c).map(|w| (c, w)))
        .peekable();
    if sites.peek().is_none() {
        return;
    }
    let Some(tree) = segment.tree(text) else {
        return;
    };
    let map = match when {
        When::Install | When::InstallProbe => {
            ImportTimeMap::for_install(tree, segment.text(text), grammar)
        }
        When::Import => ImportTimeMap::with_seeds(tree, segment.text(text), grammar, &[]),
    };
    let at = match when {
        When::Install | When::InstallProbe => "at install",
        When::Import => "on import",
    };
    let body = segment.text(text);
    for (call, what) in sites {
        if !map.runs_on_import(call.start) {
            continue;
        }
        if matches!(when, When::Import | When::InstallProbe)
            && names_this_machine(body.get(call.start..call.end).unwrap_or(""))
        {
            continue;
        }
        let hit = Hit {
            start: segment.start + call.start,
            end: segment.start + call.end,
            detail: Some(Box::new(HitDetail {
                message: format!("code that runs {at} {what} (`{}`)", call.path),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}

/// Whether a call's text names this machine (`localhost`, a loopback or unspecified address).
pub(crate) fn names_this_machine(call: &str) -> bool {
    ["localhost", "127.0.0.1", "::1", "0.0.0.0"]
        .iter()
        .any(|local| call.contains(local))
}
