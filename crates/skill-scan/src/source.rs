//! Reading a scanned file a second time, for output formats that need more than the report holds (SARIF's
//! line fingerprints hash the lines after a finding too). Same limits as the walk: no symbolic links, only
//! regular files, nothing over the size limit.

use skill_scan_walk::FileEntry;
use std::path::Path;

/// The bytes of `rel_path` inside `target` (or of `target` itself when it is a single file of that name).
pub fn reread(target: &str, rel_path: &str, max_file_size: u64) -> Option<Vec<u8>> {
    let root = Path::new(target);
    let root_meta = std::fs::symlink_metadata(root).ok()?;
    let path = if root_meta.is_file() {
        let name = root.file_name()?.to_string_lossy();
        (name == rel_path).then(|| root.to_path_buf())?
    } else {
        if rel_path
            .split('/')
            .any(|part| part == ".." || part.is_empty())
        {
            return None;
        }
        root.join(rel_path)
    };
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > max_file_size {
        return None;
    }
    let entry = FileEntry::disk(rel_path, path, meta.len());
    entry.read(max_file_size).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_of_folders_and_single_file_targets_but_not_links_or_escapes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/a.sh"), "echo hi\n").unwrap();
        std::fs::write(dir.path().join("secret"), "nope").unwrap();
        let pkg = dir.path().join("pkg");
        let pkg = pkg.to_str().unwrap();
        assert_eq!(reread(pkg, "a.sh", 100).as_deref(), Some(&b"echo hi\n"[..]));
        assert_eq!(reread(pkg, "a.sh", 3), None);
        assert_eq!(reread(pkg, "../secret", 100), None);
        let file = dir.path().join("pkg/a.sh");
        assert!(reread(file.to_str().unwrap(), "a.sh", 100).is_some());
        assert!(reread(file.to_str().unwrap(), "b.sh", 100).is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), dir.path().join("pkg/link"))
                .unwrap();
            assert_eq!(reread(pkg, "link", 100), None);
        }
    }
}
