//! Behaviour in code that runs at install: a `setup.py` (its top level with every nested block, the
//! helpers that calls, the methods of its setuptools command classes, `atexit` callbacks) and the scripts
//! npm lifecycle hooks run (their top level and the functions it calls). There, a raw connection, a DNS
//! lookup, a process started from a computed command or code run from a computed string is worth a
//! review on its own; a process started detached from the installer, to outlive it, is blocked.
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
    let map = ImportTimeMap::for_install(tree, segment.text(text), grammar);
    for (call, what) in sites {
        if !map.runs_on_import(call.start) {
            continue;
        }
        let hit = Hit {
            start: segment.start + call.start,
            end: segment.start + call.end,
            detail: Some(Box::new(HitDetail {
                message: format!("code that runs at install {what} (`{}`)", call.path),
                related: Vec::new(),
            })),
        };
        if !keep(hit) {
            return;
        }
    }
}
