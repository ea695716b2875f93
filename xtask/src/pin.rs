//! `cargo xtask corpus pin --dir DIR --names FILE --out FILE`: pins chosen registry packages for the
//! training corpus. `FILE` holds `ecosystem<TAB>name<TAB>version` rows (chosen locally from public download
//! rankings); each one in the training half of the split is downloaded once (plain HTTPS, never an
//! installer) into the content-addressed archive cache `DIR/registry/archives/<sha256>` that `corpus`
//! reads, and its pinned row is appended to `--out` (the benign-registry list format). Archives over
//! [`MAX_PIN_BYTES`] are skipped. Rows already in `--out` are not fetched again, so an interrupted run
//! resumes.

use crate::fetch::Http;
use crate::registry::{parse_list, HEADER};
use crate::split::is_training;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Largest archive pinned: bigger packages cost more to scan than they teach.
pub const MAX_PIN_BYTES: u64 = 60 << 20;

/// The `(ecosystem, name, version)` rows of a names file, training half only.
pub fn parse_names(text: &str) -> Result<Vec<(String, String, String)>, String> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [ecosystem, name, version] = fields[..] else {
            return Err(format!("names line {}: expected 3 fields", index + 1));
        };
        if !matches!(ecosystem, "npm" | "pypi") {
            return Err(format!("names line {}: unknown ecosystem", index + 1));
        }
        if is_training(name) {
            rows.push((ecosystem.to_string(), name.to_string(), version.to_string()));
        }
    }
    Ok(rows)
}

pub fn run(root: &Path, names: &Path, out: &Path) -> Result<(), String> {
    let text =
        fs::read_to_string(names).map_err(|e| format!("cannot read {}: {e}", names.display()))?;
    let wanted = parse_names(&text)?;
    let existing = fs::read_to_string(out).unwrap_or_else(|_| format!("{HEADER}\n"));
    // A list with its header only has nothing pinned yet (the parser wants at least one row).
    let pinned = if existing.lines().filter(|l| !l.trim().is_empty()).count() <= 1 {
        Vec::new()
    } else {
        parse_list(&existing).map_err(|e| format!("{}: {e}", out.display()))?
    };
    if !out.exists() {
        fs::write(out, &existing).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    }
    let archives: PathBuf = root.join("registry").join("archives");
    fs::create_dir_all(&archives)
        .map_err(|e| format!("cannot create {}: {e}", archives.display()))?;
    let http = Http::new();
    let mut file = OpenOptions::new()
        .append(true)
        .open(out)
        .map_err(|e| format!("cannot open {}: {e}", out.display()))?;
    let (mut added, mut failed) = (0usize, 0usize);
    for (ecosystem, name, version) in wanted {
        if pinned
            .iter()
            .any(|p| p.ecosystem.to_string() == ecosystem && p.name == name)
        {
            continue;
        }
        let url = if ecosystem == "npm" {
            http.npm_archive_url(&name, &version)
        } else {
            http.pypi_archive_url(&name, &version, "")
        };
        let fetched = url.and_then(|url| {
            let partial = archives.join(format!("pin-{}.partial", std::process::id()));
            let got = http.download(&url, &partial);
            let (sha, size) = match got {
                Ok(done) => done,
                Err(e) => {
                    let _ = fs::remove_file(&partial);
                    return Err(e);
                }
            };
            if size > MAX_PIN_BYTES {
                let _ = fs::remove_file(&partial);
                return Err(format!("{size} bytes, over the pin limit"));
            }
            fs::rename(&partial, archives.join(&sha)).map_err(|e| e.to_string())?;
            Ok(sha)
        });
        match fetched {
            Ok(sha) => {
                writeln!(file, "{ecosystem}\t{name}\t{version}\t{sha}")
                    .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
                added += 1;
            }
            Err(e) => {
                failed += 1;
                eprintln!("skipped {ecosystem} {name} {version}: {e}");
            }
        }
    }
    eprintln!("pinned {added} packages ({failed} skipped)");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_training_names() {
        // sha256("hello") starts 2c (train), sha256("bar") starts fc (held out).
        let rows = parse_names("npm\thello\t1.0.0\npypi\tbar\t2.0\n# comment\n").unwrap();
        assert_eq!(rows, [("npm".into(), "hello".into(), "1.0.0".into())]);
        assert!(parse_names("cargo\thello\t1\n").is_err());
        assert!(parse_names("npm\thello\n").is_err());
    }
}
