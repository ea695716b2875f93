//! Embeds every rule pack under the workspace's `rules/` folder into the binary, so a scan needs no files
//! besides the one it scans.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let rules_dir = Path::new(&manifest_dir).join("../../rules");
    println!("cargo:rerun-if-changed={}", rules_dir.display());
    let mut packs: Vec<_> = fs::read_dir(&rules_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension()
                        .is_some_and(|ext| ext == "yaml" || ext == "yml")
                })
                .collect()
        })
        .unwrap_or_default();
    packs.sort();
    let mut out = String::from("/// `(file name, YAML text)` of every embedded rule pack.\npub static EMBEDDED_PACKS: &[(&str, &str)] = &[\n");
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().expect("pack has a name").to_string_lossy();
        let absolute = fs::canonicalize(path).expect("pack path resolves");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            absolute.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let out_path =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(out_path, out).expect("write embedded_rules.rs");
}
