//! A package given as a target (a folder, one file, or an archive file) through the content cache: its
//! bytes are hashed, and when the cache holds a result for the same bytes, target, rules and settings,
//! that result is used instead of a scan. A second scan of an unchanged package then costs the walk and
//! the hashing. Registry targets (`npm:NAME@VERSION`) are not cached here: their bytes are known only
//! after a download (a lockfile's pinned dependencies are, in `lockfile_scan`).

use super::cache_use::{hex, ResultCache};
use super::lockfile_scan::Context;
use super::trees::content_digest;
use crate::archive_input::is_archive_file;
use crate::inputs::scan_target;
use sha2::{Digest, Sha256};
use skill_scan_model::TargetReport;
use skill_scan_walk::{walk_dir, walk_single_file, WalkError, WalkOptions};
use std::fs::File;
use std::path::Path;

/// The report of the local package `target`, from `cache` when it holds one for the same bytes; else
/// scanned (and stored, when complete). `Err` is the scan's own error, as without the cache.
pub(super) fn scan_cached(
    ctx: &Context,
    cache: &ResultCache,
    target: &str,
) -> Result<TargetReport, String> {
    let options = ctx.options;
    let path = Path::new(target);
    let walk_options = WalkOptions {
        max_file_size: options.max_file_size,
    };
    let walked = match walk_dir(path, &walk_options) {
        Ok(walked) => Some(walked),
        Err(WalkError::NotADirectory(_)) if is_archive_file(path) => None,
        Err(WalkError::NotADirectory(_)) => walk_single_file(path, &walk_options).ok(),
        Err(_) => None,
    };
    // The target's name is part of the key: a result names its target and, for an archive, the file.
    let digest = match &walked {
        Some(walked) => content_digest(walked, options.max_file_size),
        None if path.is_file() && is_archive_file(path) => archive_digest(path),
        None => None,
    };
    let key = digest.map(|digest| cache.key(&format!("target {target:?} {digest}")));
    if let Some(report) = key.as_ref().and_then(|key| cache.get(key, target)) {
        return Ok(report);
    }
    cache.count_miss();
    let report = match walked {
        // The same walk a scan of the path makes, so it is not walked twice.
        Some(walked) => ctx.scanner.scan_walked(target, walked, options),
        None => {
            scan_target(ctx.scanner, target, ctx.registry, options).map_err(|e| e.to_string())?
        }
    };
    if let Some(key) = &key {
        cache.put(std::slice::from_ref(key), &report);
    }
    Ok(report)
}

/// The sha256 of an archive file's bytes; `None` when it cannot be read (the scan says why).
fn archive_digest(path: &Path) -> Option<String> {
    let mut hasher = Sha256::new();
    let mut file = File::open(path).ok()?;
    std::io::copy(&mut file, &mut hasher).ok()?;
    Some(format!("archive sha256:{}", hex(&hasher.finalize())))
}
