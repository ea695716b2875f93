//! What a crate's `Cargo.toml` makes cargo run at build time: the build script (`build.rs` at the crate
//! root unless `build =` names another file or `build = false` turns it off) and, for a proc-macro crate,
//! the library itself, which the compiler loads and runs while building every crate that uses it.

use crate::{ManifestError, ManifestFile};

/// The files of a crate that run when it is built, relative to the crate root.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CargoManifest {
    pub build_time_paths: Vec<String>,
}

pub fn parse_cargo_toml(text: &str) -> Result<CargoManifest, ManifestError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| ManifestError::malformed(ManifestFile::CargoToml, e))?;
    let mut paths = Vec::new();
    let package = table.get("package");
    match package.and_then(|p| p.get("build")) {
        Some(toml::Value::String(path)) => paths.push(path.trim_start_matches("./").to_string()),
        Some(toml::Value::Boolean(false)) => {}
        _ => paths.push("build.rs".to_string()),
    }
    let lib = table.get("lib");
    let proc_macro = lib
        .and_then(|l| l.get("proc-macro").or_else(|| l.get("proc_macro")))
        .and_then(toml::Value::as_bool)
        .unwrap_or(false);
    if proc_macro {
        let path = lib
            .and_then(|l| l.get("path"))
            .and_then(toml::Value::as_str)
            .unwrap_or("src/lib.rs");
        paths.push(path.trim_start_matches("./").to_string());
    }
    Ok(CargoManifest {
        build_time_paths: paths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_script_and_a_proc_macro_library_run_at_build_time() {
        let plain = parse_cargo_toml("[package]\nname = \"a\"\nversion = \"0.1.0\"\n").unwrap();
        assert_eq!(plain.build_time_paths, ["build.rs"]);
        let named =
            parse_cargo_toml("[package]\nname = \"a\"\nbuild = \"tools/gen.rs\"\n").unwrap();
        assert_eq!(named.build_time_paths, ["tools/gen.rs"]);
        let off =
            parse_cargo_toml("[package]\nname = \"a\"\nbuild = false\n[lib]\nproc-macro = true\n")
                .unwrap();
        assert_eq!(off.build_time_paths, ["src/lib.rs"]);
        assert!(parse_cargo_toml("[package\n").is_err());
    }
}
