//! Which registry to ask, taken from the user's environment the way npm and pip read it.
//!
//! npm: `npm_config_registry` (any case) in the environment, else the `registry=` line of the project's
//! `.npmrc` (in the current folder), else of `~/.npmrc`, else `https://registry.npmjs.org/`. A scoped
//! package uses `@scope:registry=` from the same files when one is set.
//!
//! PyPI: `PIP_INDEX_URL`, else `index-url` under `[global]` of the pip config (`$PIP_CONFIG_FILE`,
//! `~/.config/pip/pip.conf`, `~/.pip/pip.conf`), else `https://pypi.org/simple`. pip reads a *simple*
//! index; the JSON API this scanner needs lives beside it: a trailing `/simple` (or `/+simple`) is replaced
//! by `/pypi`, so `https://pypi.org/simple` → `https://pypi.org/pypi/NAME/json` and
//! `https://nexus.example/repository/pypi/simple` → `https://nexus.example/repository/pypi/pypi/NAME/json`;
//! an index URL without `/simple` gets `/pypi` appended.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const NPM_DEFAULT: &str = "https://registry.npmjs.org/";
pub const PYPI_DEFAULT_INDEX: &str = "https://pypi.org/simple";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryConfig {
    /// With a trailing `/`.
    pub npm: String,
    /// `@scope` → registry URL (trailing `/`).
    pub npm_scopes: BTreeMap<String, String>,
    /// The JSON API base (`…/pypi`), no trailing `/`.
    pub pypi_json: String,
}

impl Default for RegistryConfig {
    fn default() -> Self {
        RegistryConfig {
            npm: NPM_DEFAULT.to_string(),
            npm_scopes: BTreeMap::new(),
            pypi_json: pypi_json_base(PYPI_DEFAULT_INDEX),
        }
    }
}

impl RegistryConfig {
    /// Reads the environment (`var`), the current folder `cwd` and the home folder `home`.
    pub fn from_env(
        var: &dyn Fn(&str) -> Option<String>,
        cwd: &Path,
        home: Option<&Path>,
    ) -> RegistryConfig {
        let mut config = RegistryConfig::default();
        // Lowest precedence first; each later source overrides.
        let mut npmrcs: Vec<PathBuf> = Vec::new();
        if let Some(home) = home {
            npmrcs.push(home.join(".npmrc"));
        }
        npmrcs.push(cwd.join(".npmrc"));
        for path in npmrcs {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for (key, value) in npmrc_pairs(&text, var) {
                if key == "registry" {
                    config.npm = with_slash(&value);
                } else if let Some(scope) = key.strip_suffix(":registry") {
                    if scope.starts_with('@') {
                        config
                            .npm_scopes
                            .insert(scope.to_string(), with_slash(&value));
                    }
                }
            }
        }
        if let Some(url) = var("npm_config_registry").or_else(|| var("NPM_CONFIG_REGISTRY")) {
            if !url.trim().is_empty() {
                config.npm = with_slash(url.trim());
            }
        }

        let mut index = None;
        let mut pip_confs: Vec<PathBuf> = Vec::new();
        if let Some(home) = home {
            pip_confs.push(home.join(".pip/pip.conf"));
            pip_confs.push(home.join(".config/pip/pip.conf"));
        }
        if let Some(file) = var("PIP_CONFIG_FILE") {
            pip_confs.push(PathBuf::from(file));
        }
        for path in pip_confs {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if let Some(url) = pip_index_url(&text) {
                    index = Some(url);
                }
            }
        }
        if let Some(url) = var("PIP_INDEX_URL").filter(|u| !u.trim().is_empty()) {
            index = Some(url.trim().to_string());
        }
        if let Some(index) = index {
            config.pypi_json = pypi_json_base(&index);
        }
        config
    }

    /// The registry for an npm package name (its scope's, if one is configured).
    pub fn npm_registry_for(&self, name: &str) -> &str {
        name.split_once('/')
            .and_then(|(scope, _)| self.npm_scopes.get(scope))
            .unwrap_or(&self.npm)
    }

    /// Every registry URL configured (npm, npm scopes, the PyPI JSON API).
    pub fn registry_urls(&self) -> Vec<&str> {
        std::iter::once(self.npm.as_str())
            .chain(self.npm_scopes.values().map(String::as_str))
            .chain(std::iter::once(self.pypi_json.as_str()))
            .collect()
    }
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// The JSON API base beside a simple index URL (see the module documentation).
pub fn pypi_json_base(index_url: &str) -> String {
    let trimmed = index_url.trim().trim_end_matches('/');
    let base = trimmed
        .strip_suffix("/+simple")
        .or_else(|| trimmed.strip_suffix("/simple"))
        .unwrap_or(trimmed);
    format!("{base}/pypi")
}

/// The settings of an `.npmrc` as npm reads them (its `ini` module): `key=value` lines, top level or in
/// sections, `;` and `#` comment lines, quotes around a value taken off, and `${VAR}` in a key or value
/// replaced from the environment (`${VAR?}` by nothing when unset). npm refuses a file naming an unset
/// variable without `?`; that entry is left out here, so the next source (or the default) decides.
fn npmrc_pairs(text: &str, var: &dyn Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let mut parser = configparser::ini::Ini::new_from_defaults(ini_defaults(&['='], true, false));
    let Ok(sections) = parser.read(text.to_string()) else {
        return Vec::new();
    };
    sections
        .into_values()
        .flat_map(|entries| entries.into_iter())
        .filter_map(|(key, value)| {
            let value = value?;
            let value = value.trim().trim_matches('"').trim_matches('\'');
            Some((expand_env(key.trim(), var)?, expand_env(value, var)?))
        })
        .collect()
}

/// `${NAME}` replaced by the variable's value, `${NAME?}` by it or nothing; `None` when a variable
/// without `?` is unset (npm's `envReplace`). A `\${…}` stays literal, as in npm.
fn expand_env(text: &str, var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(len) = rest[start + 2..].find('}') else {
            break;
        };
        let name = &rest[start + 2..start + 2 + len];
        if rest[..start].ends_with('\\') {
            out.push_str(&rest[..start + 3 + len]);
        } else {
            out.push_str(&rest[..start]);
            match name.strip_suffix('?') {
                Some(optional) => out.push_str(&var(optional).unwrap_or_default()),
                None => out.push_str(&var(name)?),
            }
        }
        rest = &rest[start + 3 + len..];
    }
    out.push_str(rest);
    Some(out)
}

/// How each INI dialect is read (the `configparser` crate, which follows Python's `configparser`): the
/// delimiters between key and value, whether keys keep their case, and whether an indented line continues
/// the value above (Python's files; npm's `ini` has no continuation lines). Comment lines start with `;`
/// or `#`; a `#` inside a value is part of it (URLs carry fragments).
fn ini_defaults(
    delimiters: &[char],
    case_sensitive: bool,
    multiline: bool,
) -> configparser::ini::IniDefault {
    let mut defaults = configparser::ini::Ini::new().defaults();
    defaults.delimiters = delimiters.to_vec();
    defaults.case_sensitive = case_sensitive;
    defaults.enable_inline_comments = false;
    defaults.multiline = multiline;
    defaults
}

/// `index-url` under `[global]` (or `[install]`, which pip reads after it) of a pip config file, read as
/// pip reads it (Python's `configparser`: `key = value` or `key: value`, keys in any case, `_` or `-`).
fn pip_index_url(text: &str) -> Option<String> {
    let mut parser =
        configparser::ini::Ini::new_from_defaults(ini_defaults(&['=', ':'], false, true));
    let sections = parser.read(text.to_string()).ok()?;
    // `[install]` wins over `[global]`.
    ["install", "global"]
        .iter()
        .filter_map(|section| sections.get(*section))
        .filter_map(|entries| {
            entries.iter().find_map(|(key, value)| {
                let value = value.as_deref()?.trim();
                (key.trim().replace('_', "-") == "index-url" && !value.is_empty())
                    .then(|| value.to_string())
            })
        })
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn public_registries_by_default() {
        let dir = tempfile::tempdir().unwrap();
        let config = RegistryConfig::from_env(&no_env, dir.path(), Some(dir.path()));
        assert_eq!(config.npm, "https://registry.npmjs.org/");
        assert_eq!(config.pypi_json, "https://pypi.org/pypi");
        assert!(config
            .registry_urls()
            .iter()
            .all(|u| u.starts_with("https://")));
    }

    #[test]
    fn npmrc_files_then_the_environment_override() {
        let home = tempfile::tempdir().unwrap();
        let project = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".npmrc"),
            "registry=https://home.example/npm\n@acme:registry=https://acme.example/\n",
        )
        .unwrap();
        let config = RegistryConfig::from_env(&no_env, project.path(), Some(home.path()));
        assert_eq!(config.npm, "https://home.example/npm/");
        assert_eq!(config.npm_registry_for("@acme/x"), "https://acme.example/");
        assert_eq!(
            config.npm_registry_for("left-pad"),
            "https://home.example/npm/"
        );

        std::fs::write(
            project.path().join(".npmrc"),
            "; comment\nregistry = \"https://project.example/\"\n",
        )
        .unwrap();
        let config = RegistryConfig::from_env(&no_env, project.path(), Some(home.path()));
        assert_eq!(config.npm, "https://project.example/");

        let env =
            |key: &str| (key == "npm_config_registry").then(|| "http://127.0.0.1:4873".into());
        let config = RegistryConfig::from_env(&env, project.path(), Some(home.path()));
        assert_eq!(config.npm, "http://127.0.0.1:4873/");
        assert!(config.registry_urls().contains(&"http://127.0.0.1:4873/"));
    }

    #[test]
    fn pip_index_urls_map_to_the_json_api_beside_them() {
        assert_eq!(
            pypi_json_base("https://pypi.org/simple/"),
            "https://pypi.org/pypi"
        );
        assert_eq!(
            pypi_json_base("https://nexus.example/repository/pypi/simple"),
            "https://nexus.example/repository/pypi/pypi"
        );
        assert_eq!(
            pypi_json_base("https://devpi.example/root/pypi/+simple/"),
            "https://devpi.example/root/pypi/pypi"
        );
        assert_eq!(
            pypi_json_base("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/pypi"
        );

        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".config/pip")).unwrap();
        std::fs::write(
            home.path().join(".config/pip/pip.conf"),
            "[global]\nindex-url = https://mirror.example/simple\n",
        )
        .unwrap();
        let config = RegistryConfig::from_env(&no_env, home.path(), Some(home.path()));
        assert_eq!(config.pypi_json, "https://mirror.example/pypi");
        let env = |key: &str| (key == "PIP_INDEX_URL").then(|| "https://env.example/simple".into());
        let config = RegistryConfig::from_env(&env, home.path(), Some(home.path()));
        assert_eq!(config.pypi_json, "https://env.example/pypi");
    }

    #[test]
    fn pip_config_with_colon_separators_and_any_key_case_is_read() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(home.path().join(".config/pip")).unwrap();
        std::fs::write(
            home.path().join(".config/pip/pip.conf"),
            "# mirror\n[global]\ntimeout: 60\nIndex_URL: https://colon.example/simple\n",
        )
        .unwrap();
        let config = RegistryConfig::from_env(&no_env, home.path(), Some(home.path()));
        assert_eq!(config.pypi_json, "https://colon.example/pypi");
        // `[install]` is read after `[global]`, as pip does for `pip install`.
        assert_eq!(
            pip_index_url("[install]\nindex-url=https://b.example/simple\n[global]\nindex-url=https://a.example/simple\n")
                .as_deref(),
            Some("https://b.example/simple")
        );
    }

    #[test]
    fn npmrc_variables_are_expanded_from_the_environment() {
        let project = tempfile::tempdir().unwrap();
        std::fs::write(
            project.path().join(".npmrc"),
            "registry=https://${NPM_HOST}/npm/\n@acme:registry=${ACME_URL}\n",
        )
        .unwrap();
        let env = |key: &str| match key {
            "NPM_HOST" => Some("mirror.example".to_string()),
            _ => None,
        };
        let config = RegistryConfig::from_env(&env, project.path(), None);
        assert_eq!(config.npm, "https://mirror.example/npm/");
        // An unset variable leaves the entry out, as npm refuses it; the default stays.
        assert_eq!(
            config.npm_registry_for("@acme/x"),
            "https://mirror.example/npm/"
        );
        assert_eq!(
            expand_env("${A?}x\\${B}", &|_| None).as_deref(),
            Some("x\\${B}")
        );
    }
}
