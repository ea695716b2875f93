//! Variables by scope: per name, the scopes that declare it and its labels and string constant in each.
//! Keyed by name first, so a look-up hashes the name once and allocates nothing (a `(scope, name)` key
//! needed a boxed copy of the name for each scope tried, on every variable read of every pass).

use super::{Analysis, Taint};
// Seeded per process like std's `RandomState` (no order is relied on), and cheaper per look-up.
use foldhash::{HashMap, HashSet};

/// What one name means in each scope that has it: where it is declared, its labels, its string constant.
#[derive(Debug, Default)]
pub(super) struct Scoped {
    pub(super) declared: HashSet<usize>,
    pub(super) vars: HashMap<usize, Taint>,
    /// String literal text assigned to it (for URLs and paths built in pieces).
    pub(super) consts: HashMap<usize, String>,
}

impl Analysis<'_> {
    /// The innermost open scope that declares `name` (the module when none does), given its entry.
    fn resolve_in(&self, scoped: Option<&Scoped>) -> usize {
        if let Some(scoped) = scoped.filter(|s| !s.declared.is_empty()) {
            for scope in self.scopes.iter().rev() {
                if scoped.declared.contains(scope) {
                    return *scope;
                }
            }
        }
        self.root
    }

    pub(super) fn resolve(&self, name: &str) -> usize {
        self.resolve_in(self.names.get(name))
    }

    pub(crate) fn read_var(&self, name: &str) -> Taint {
        let scoped = self.names.get(name);
        let scope = self.resolve_in(scoped);
        scoped
            .and_then(|s| s.vars.get(&scope))
            .cloned()
            .unwrap_or_default()
    }

    pub(crate) fn read_const(&self, name: &str) -> Option<&str> {
        let scoped = self.names.get(name);
        let scope = self.resolve_in(scoped);
        scoped
            .and_then(|s| s.consts.get(&scope))
            .map(String::as_str)
    }

    pub(crate) fn write_var(&mut self, name: &str, taint: &Taint) {
        if taint.is_empty() || name.is_empty() || name.len() > 80 {
            return;
        }
        let scope = self.resolve(name);
        self.write_key(scope, name, taint);
    }

    pub(super) fn write_key(&mut self, scope: usize, name: &str, taint: &Taint) {
        if self.with_scoped(name, |s| s.vars.entry(scope).or_default().join(taint)) {
            self.changed = true;
        }
    }

    /// Runs `change` on the entry of `name`, made on first use (the name is copied only then).
    pub(super) fn with_scoped<R>(
        &mut self,
        name: &str,
        change: impl FnOnce(&mut Scoped) -> R,
    ) -> R {
        match self.names.get_mut(name) {
            Some(scoped) => change(scoped),
            None => {
                let mut scoped = Scoped::default();
                let result = change(&mut scoped);
                self.names.insert(Box::from(name), scoped);
                result
            }
        }
    }
}
