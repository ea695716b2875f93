//! `uv.lock`: `[[package]]` tables with `name`, `version`, a `source` (`registry`, `git`, `url`, `path`,
//! `directory`, or `editable`/`virtual` for the project's own folders), and the `sdist` and `wheels` it
//! may install, each with its `hash`.

use crate::lines::Lines;
use crate::python_toml::{package_tables, parse_toml, prefixed_hashes, pypi_dependency};
use crate::{Dependency, Source};
use toml::Value;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let root = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for (package, name, version) in package_tables(&root, "package") {
        let source = package.get("source");
        let src = |k: &str| source.and_then(|s| s.get(k)).and_then(Value::as_str);
        let source = if src("editable").is_some() || src("virtual").is_some() {
            // The project itself, or one of its workspace members.
            continue;
        } else if let Some(git) = src("git") {
            Source::Git(git.to_string())
        } else if let Some(url) = src("url") {
            Source::Url(url.to_string())
        } else if let Some(path) = src("path").or_else(|| src("directory")) {
            Source::Path(path.to_string())
        } else {
            Source::Registry { url: None }
        };
        let files = package.get("sdist").into_iter().chain(
            package
                .get("wheels")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
        let hashes = prefixed_hashes(files);
        out.push(pypi_dependency(&lines, name, version, source, hashes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_skip_the_project_and_keep_file_hashes() {
        let hex = "c".repeat(64);
        let text = format!(
            "version = 1\nrequires-python = \">=3.12\"\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = {{ editable = \".\" }}\n\n[[package]]\nname = \"idna\"\nversion = \"3.7\"\nsource = {{ registry = \"https://pypi.org/simple\" }}\nsdist = {{ url = \"https://files.pythonhosted.org/idna-3.7.tar.gz\", hash = \"sha256:{hex}\", size = 1 }}\nwheels = [\n    {{ url = \"https://files.pythonhosted.org/idna-3.7-py3-none-any.whl\", hash = \"sha256:{hex}\" }},\n]\n\n[[package]]\nname = \"tool\"\nversion = \"0.1.0\"\nsource = {{ git = \"https://example.invalid/o/tool.git?rev=main#0123abc\" }}\n"
        );
        let deps = parse(&text).unwrap();
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[0].label(), "idna==3.7");
        assert_eq!(deps[0].line, 10);
        assert_eq!(deps[0].hashes.len(), 2);
        assert!(matches!(deps[1].source, Source::Git(_)));
    }
}
