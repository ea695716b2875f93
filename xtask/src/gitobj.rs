//! Reads a bare git mirror as bytes: one `git ls-tree` for the listing of a pinned commit, then blobs
//! through one long-lived `git cat-file --batch`. Nothing is checked out, so no file of the repository ever
//! lands on disk except through [`crate::inert`], and no hook or filter of the repository runs (neither
//! command runs any).
//!
//! The mirrors come from the session's `fetch` tool (a bare git directory under `/work/.mirror/owner+name/`);
//! the pinned commit must be in it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// One blob of a tree listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeBlob {
    pub path: String,
    pub oid: String,
    /// `None` when the mirror lacks the object (large files are left out of snapshots).
    pub size: Option<u64>,
}

pub struct Mirror {
    git_dir: PathBuf,
}

impl Mirror {
    pub fn open(git_dir: &Path) -> Result<Mirror, String> {
        if !git_dir.join("objects").is_dir() {
            return Err(format!(
                "{} is not a bare git directory (fetch the repository first)",
                git_dir.display()
            ));
        }
        Ok(Mirror {
            git_dir: git_dir.to_path_buf(),
        })
    }

    fn git(&self) -> Command {
        let mut command = Command::new("git");
        command
            .arg("--git-dir")
            .arg(&self.git_dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null())
            .stderr(Stdio::piped());
        command
    }

    /// Checks that `commit` (full hex) is a commit in the mirror.
    pub fn has_commit(&self, commit: &str) -> Result<(), String> {
        let out = self
            .git()
            .args(["cat-file", "-e", &format!("{commit}^{{commit}}")])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "commit {commit} is not in {} (fetch the repository again?)",
                self.git_dir.display()
            ))
        }
    }

    /// Every blob under `commit`, keeping only the paths `keep` accepts. `keep` sees each raw path before
    /// anything else is done with it: the split is applied here, so held-out names are never stored.
    pub fn list(&self, commit: &str, keep: &dyn Fn(&str) -> bool) -> Result<Vec<TreeBlob>, String> {
        let out = self
            .git()
            .args(["ls-tree", "-r", "-l", "-z", "--full-tree", commit])
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!("git ls-tree {commit} failed"));
        }
        parse_ls_tree(&out.stdout, keep)
    }

    pub fn batch(&self) -> Result<Batch, String> {
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git cat-file: {e}"))?;
        let stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
        let stdout = child.stdout.take().ok_or("git cat-file: no stdout")?;
        Ok(Batch {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }
}

/// Parses `git ls-tree -r -l -z` output: `<mode> SP <type> SP <oid> SP+ <size> TAB <path> NUL`.
pub fn parse_ls_tree(raw: &[u8], keep: &dyn Fn(&str) -> bool) -> Result<Vec<TreeBlob>, String> {
    let mut blobs = Vec::new();
    for record in raw.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8_lossy(record);
        let Some((meta, path)) = text.split_once('\t') else {
            return Err("git ls-tree: a record without a tab".to_string());
        };
        if !keep(path) {
            continue;
        }
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [_mode, kind, oid, size] = fields[..] else {
            return Err("git ls-tree: a record without four fields".to_string());
        };
        if kind != "blob" {
            continue;
        }
        blobs.push(TreeBlob {
            path: path.to_string(),
            oid: oid.to_string(),
            size: size.parse().ok(),
        });
    }
    Ok(blobs)
}

/// A running `git cat-file --batch`.
pub struct Batch {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Batch {
    /// The bytes of blob `oid`, or `None` when the mirror lacks it. Refuses blobs over `max` bytes (read
    /// and dropped, so the stream stays in step).
    pub fn read(&mut self, oid: &str, max: u64) -> Result<Option<Vec<u8>>, String> {
        writeln!(self.stdin, "{oid}").map_err(|e| format!("git cat-file: {e}"))?;
        self.stdin
            .flush()
            .map_err(|e| format!("git cat-file: {e}"))?;
        let mut header = String::new();
        self.stdout
            .read_line(&mut header)
            .map_err(|e| format!("git cat-file: {e}"))?;
        let header = header.trim_end();
        if header.ends_with(" missing") {
            return Ok(None);
        }
        let size: u64 = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected header `{header}`"))?;
        let mut body = Vec::new();
        (&mut self.stdout)
            .take(size)
            .read_to_end(&mut body)
            .map_err(|e| format!("git cat-file: {e}"))?;
        let mut newline = [0u8; 1];
        self.stdout
            .read_exact(&mut newline)
            .map_err(|e| format!("git cat-file: {e}"))?;
        if body.len() as u64 != size {
            return Err(format!("git cat-file: {oid} cut short"));
        }
        Ok((size <= max).then_some(body))
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        // Closing stdin ends cat-file; wait so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ls_tree_and_filters_before_keeping() {
        let raw = b"100644 blob 1111111111111111111111111111111111111111     120\tkeep/a.tar.gz\0\
100644 blob 2222222222222222222222222222222222222222     BAD\tkeep/big.tar.gz\0\
100644 blob 3333333333333333333333333333333333333333      12\tdrop/x.py\0";
        let blobs = parse_ls_tree(raw, &|p| p.starts_with("keep/")).unwrap();
        assert_eq!(blobs.len(), 2);
        assert_eq!(blobs[0].path, "keep/a.tar.gz");
        assert_eq!(blobs[0].size, Some(120));
        assert_eq!(blobs[1].size, None);
        assert!(parse_ls_tree(b"no tab here\0", &|_| true).is_err());
    }
}
