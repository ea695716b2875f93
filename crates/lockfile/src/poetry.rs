//! `poetry.lock`: `[[package]]` tables with `name`, `version`, an optional `source` (git, url, directory,
//! file, or a `legacy` index), and the hashes of every published file (`files = [...]` in the table, or
//! `[metadata.files]` in older lockfiles).

use crate::lines::Lines;
use crate::python_toml::{package_tables, parse_toml, prefixed_hashes, pypi_dependency};
use crate::{Dependency, Source};
use toml::Value;

pub(crate) fn parse(text: &str) -> Result<Vec<Dependency>, String> {
    let root = parse_toml(text)?;
    let lines = Lines::new(text);
    let old_files = root
        .get("metadata")
        .and_then(|m| m.get("files"))
        .and_then(Value::as_table);
    let mut out = Vec::new();
    for (package, name, version) in package_tables(&root, "package") {
        let source = package.get("source");
        let src = |k: &str| {
            source
                .and_then(|s| s.get(k))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        let source = match src("type") {
            "git" => Source::Git(format!("{}@{}", src("url"), src("resolved_reference"))),
            "directory" | "file" => Source::Path(src("url").to_string()),
            "url" => Source::Url(src("url").to_string()),
            _ => Source::Registry { url: None },
        };
        let files = package.get("files").and_then(Value::as_array).or_else(|| {
            old_files
                .and_then(|f| f.get(name))
                .and_then(Value::as_array)
        });
        let hashes = prefixed_hashes(files.into_iter().flatten());
        out.push(pypi_dependency(&lines, name, version, source, hashes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_sources_and_file_hashes() {
        let hex = "b".repeat(64);
        let text = format!(
            "[[package]]\nname = \"requests\"\nversion = \"2.32.3\"\ndescription = \"x\"\nfiles = [\n    {{file = \"requests-2.32.3.tar.gz\", hash = \"sha256:{hex}\"}},\n]\n\n[[package]]\nname = \"tool\"\nversion = \"0.1.0\"\n\n[package.source]\ntype = \"git\"\nurl = \"https://example.invalid/o/tool.git\"\nreference = \"main\"\nresolved_reference = \"0123abc\"\n\n[metadata]\nlock-version = \"2.0\"\n"
        );
        let deps = parse(&text).unwrap();
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[0].label(), "requests==2.32.3");
        assert_eq!(deps[0].line, 2);
        assert_eq!(deps[0].hashes.len(), 1);
        assert_eq!(deps[1].line, 10);
        assert!(matches!(&deps[1].source, Source::Git(url) if url.ends_with("@0123abc")));
        assert!(parse("[[package]\n").is_err());
    }
}
