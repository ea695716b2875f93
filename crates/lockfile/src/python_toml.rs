//! What the TOML lockfiles of Python tools (`poetry.lock`, `uv.lock`, `pylock.toml`) share: an array of
//! package tables, each with a `name` and `version`, that become PyPI dependencies pointing at their line.

use crate::lines::{toml_package_line, Lines};
use crate::{Dependency, Ecosystem, Hash, Source};
use toml::Value;

/// The lockfile's text parsed as TOML.
pub(crate) fn parse_toml(text: &str) -> Result<toml::Table, String> {
    text.parse().map_err(|e| format!("not valid TOML: {e}"))
}

/// The tables of the array `key` (`package` or `packages`) with their name and version; a table without a
/// name is passed over.
pub(crate) fn package_tables<'t>(
    root: &'t toml::Table,
    key: &str,
) -> impl Iterator<Item = (&'t Value, &'t str, &'t str)> {
    root.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|package| {
            let field = |k: &str| package.get(k).and_then(Value::as_str).unwrap_or("");
            let name = field("name");
            (!name.is_empty()).then(|| (package, name, field("version")))
        })
}

/// Hashes written as `hash = "ALGO:HEX"` in each of `files` (poetry and uv).
pub(crate) fn prefixed_hashes<'v>(files: impl Iterator<Item = &'v Value>) -> Vec<Hash> {
    files
        .filter_map(|f| f.get("hash").and_then(Value::as_str))
        .filter_map(Hash::from_prefixed_hex)
        .collect()
}

/// The PyPI dependency `name==version` from `source`, at the line of its table.
pub(crate) fn pypi_dependency(
    lines: &Lines,
    name: &str,
    version: &str,
    source: Source,
    hashes: Vec<Hash>,
) -> Dependency {
    Dependency {
        ecosystem: Ecosystem::Pypi,
        name: name.to_string(),
        version: version.to_string(),
        source,
        hashes,
        line: toml_package_line(lines, name, version),
    }
}
