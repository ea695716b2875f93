//! `pylock.toml` (PEP 751): `[[packages]]` with `name`, `version`, and where it comes from: `vcs`,
//! `directory`, `archive` (a URL), or an index with its `sdist` and `wheels`, each with `hashes`.

use crate::lines::Lines;
use crate::python_toml::{package_tables, parse_toml, pypi_dependency};
use crate::{Dependency, Hash, Source};
use toml::Value;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let root = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for (package, name, version) in package_tables(&root, "packages") {
        let inner = |table: &str, k: &str| {
            package
                .get(table)
                .and_then(|t| t.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let source = if package.get("vcs").is_some() {
            Source::Git(format!(
                "{}@{}",
                inner("vcs", "url"),
                inner("vcs", "commit-id")
            ))
        } else if package.get("directory").is_some() {
            Source::Path(inner("directory", "path"))
        } else if package.get("archive").is_some() {
            let url = inner("archive", "url");
            if url.is_empty() {
                Source::Path(inner("archive", "path"))
            } else {
                Source::Url(url)
            }
        } else {
            Source::Registry { url: None }
        };
        let files = package
            .get("sdist")
            .into_iter()
            .chain(package.get("archive"))
            .chain(
                package
                    .get("wheels")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        let hashes = files
            .filter_map(|f| f.get("hashes").and_then(Value::as_table))
            .flat_map(|table| table.iter())
            .filter_map(|(algo, hex)| Hash::from_hex(algo, hex.as_str()?))
            .collect();
        out.push(pypi_dependency(&lines, name, version, source, hashes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_with_index_files_and_vcs() {
        let hex = "e".repeat(64);
        let text = format!(
            "lock-version = \"1.0\"\ncreated-by = \"x\"\n\n[[packages]]\nname = \"attrs\"\nversion = \"25.1.0\"\nindex = \"https://pypi.org/simple\"\nwheels = [{{ name = \"attrs-25.1.0-py3-none-any.whl\", url = \"https://files.pythonhosted.org/a.whl\", hashes = {{ sha256 = \"{hex}\" }} }}]\n\n[[packages]]\nname = \"tool\"\nversion = \"0.1\"\nvcs = {{ type = \"git\", url = \"https://example.invalid/o/tool.git\", commit-id = \"0123abc\" }}\n"
        );
        let deps = parse(&text).unwrap();
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[0].label(), "attrs==25.1.0");
        assert_eq!(deps[0].line, 5);
        assert_eq!(deps[0].hashes.len(), 1);
        assert!(matches!(deps[1].source, Source::Git(_)));
    }
}
