//! Writes one file of an untrusted sample as an inert file: a plain file, mode `0644` (never executable),
//! created fresh (never through an existing file or link), at a relative path that stays inside the root.
//! Everything the training corpus holds on disk goes through here, so nothing in it can be run by accident
//! or escape its folder.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Largest file written (bytes). Bigger ones are refused: the scanner skips them anyway.
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// Why a name is refused, or `Ok` with the path below `root`.
pub fn safe_join(root: &Path, rel: &str) -> Result<PathBuf, String> {
    if rel.is_empty() {
        return Err("an empty name".to_string());
    }
    if rel.contains('\0') || rel.contains('\\') {
        return Err("a name with a NUL or a backslash".to_string());
    }
    let mut out = root.to_path_buf();
    for component in Path::new(rel).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => return Err("a path that climbs out with `..`".to_string()),
            Component::RootDir | Component::Prefix(_) => return Err("an absolute path".to_string()),
        }
    }
    if out == root {
        return Err("a name that is the root itself".to_string());
    }
    Ok(out)
}

/// Writes `bytes` at `root/rel`, creating folders as needed. Refuses a name that is absolute or climbs
/// out, a file that exists already, a folder on the way that is a link, and more than [`MAX_FILE_BYTES`].
pub fn write_inert(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!("larger than {MAX_FILE_BYTES} bytes"));
    }
    let path = safe_join(root, rel)?;
    // Every folder between root and the file must be a real folder, never a link someone planted.
    let mut folder = root.to_path_buf();
    if let Some(parent) = path.parent() {
        for part in parent
            .strip_prefix(root)
            .map_err(|e| e.to_string())?
            .components()
        {
            folder.push(part);
            match fs::symlink_metadata(&folder) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(format!("{} is not a plain folder", folder.display())),
                Err(_) => fs::create_dir(&folder)
                    .map_err(|e| format!("cannot create folder {}: {e}", folder.display()))?,
            }
        }
    }
    let mut options = OpenOptions::new();
    // `create_new` never opens an existing file and never follows a link at the last component.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    let mut file = options
        .open(&path)
        .map_err(|e| format!("cannot create: {e}"))?;
    file.write_all(bytes)
        .map_err(|e| format!("cannot write: {e}"))?;
    // The umask can only take bits away; set 0644 exactly so a lax umask cannot add any.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(fs::Permissions::from_mode(0o644))
            .map_err(|e| format!("cannot set mode: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes_and_absolute_names() {
        let root = tempfile::tempdir().unwrap();
        for bad in ["../x", "a/../../x", "/etc/x", "", ".", "a\\b", "a\0b"] {
            assert!(write_inert(root.path(), bad, b"x").is_err(), "{bad:?}");
        }
        assert!(!root.path().parent().unwrap().join("x").exists());
    }

    #[test]
    fn writes_plain_0644_files_in_fresh_folders() {
        let root = tempfile::tempdir().unwrap();
        write_inert(root.path(), "pkg/bin/run.sh", b"echo hi\n").unwrap();
        let path = root.path().join("pkg/bin/run.sh");
        assert_eq!(fs::read(&path).unwrap(), b"echo hi\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(mode, 0o644);
        }
        // A second write to the same name is refused, not an overwrite.
        assert!(write_inert(root.path(), "pkg/bin/run.sh", b"other").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"echo hi\n");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("dir")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("f"), root.path().join("file")).unwrap();
        assert!(write_inert(root.path(), "dir/x", b"x").is_err());
        assert!(write_inert(root.path(), "file", b"x").is_err());
        assert!(fs::read_dir(outside.path()).unwrap().next().is_none());
    }

    #[test]
    fn refuses_oversized_files() {
        let root = tempfile::tempdir().unwrap();
        let big = vec![0u8; MAX_FILE_BYTES + 1];
        assert!(write_inert(root.path(), "big", &big).is_err());
        assert!(!root.path().join("big").exists());
    }
}
