//! A single file given as the target: a package of one file, named by its file name, listed like a folder
//! walk lists its files (over the size limit, it is passed over with the reason).

use crate::installer_reads::size_limit_for;
use crate::walker::{FileEntry, WalkError, WalkOptions, Walked};
use skill_scan_model::Skipped;
use std::path::Path;

/// Lists the one file at `path` as a package of one file.
pub fn walk_single_file(path: &Path, options: &WalkOptions) -> Result<Walked, WalkError> {
    let meta = std::fs::metadata(path).map_err(|e| WalkError::Unreadable(path.to_path_buf(), e))?;
    if !meta.is_file() {
        return Err(WalkError::NotADirectory(path.to_path_buf()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut walked = Walked::default();
    let limit = size_limit_for(&name, options.max_file_size);
    if meta.len() > limit {
        walked.too_large.push(name.clone());
        walked.skipped.push(Skipped {
            path: name,
            reason: format!(
                "too large: {} bytes, over the {limit}-byte limit (raise it with --max-file-size)",
                meta.len(),
            ),
        });
    } else {
        walked.files.push(FileEntry::disk(name, path, meta.len()));
    }
    Ok(walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_is_a_package_of_that_file_and_a_large_one_is_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("install.sh");
        std::fs::write(&path, "echo hi\n").unwrap();
        let walked = walk_single_file(&path, &WalkOptions::default()).unwrap();
        assert_eq!(walked.files.len(), 1);
        assert_eq!(walked.files[0].rel_path, "install.sh");
        assert!(walked.skipped.is_empty());

        let small = WalkOptions { max_file_size: 3 };
        let walked = walk_single_file(&path, &small).unwrap();
        assert!(walked.files.is_empty());
        assert_eq!(walked.too_large, ["install.sh"]);
        assert!(walked.skipped[0].reason.starts_with("too large: 8 bytes"));

        assert!(matches!(
            walk_single_file(dir.path(), &WalkOptions::default()),
            Err(WalkError::NotADirectory(_))
        ));
    }
}
