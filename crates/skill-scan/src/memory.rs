//! Peak memory of a package with several large bundles.
//!
//! A large file's scan holds its syntax tree (tens of bytes of tree per byte of JavaScript: 110 MB for
//! one of @babel/standalone's bundles) while every detector runs. glibc's allocator gives each thread an
//! arena of its own and keeps what a thread freed there for that thread; so after a bundle the scanning
//! thread held 150 MB it no longer used while another thread parsed the next bundle, and the package
//! passes parsed the entry file again in a third arena: @babel/standalone (a 4.1 MB and a 2.3 MB
//! bundle) peaked at 424 MB resident for a heap that never held more than 300 MB, and one at a time
//! (`--jobs 1`) at 297 MB for 157 MB. Two things keep the peak near one large file's heap plus the
//! small files':
//! - [`release_freed_memory`] after each file of [`LARGE_FILE_BYTES`] or more;
//! - files of [`HEAVY_FILE_BYTES`] or more are scanned one after another on one thread (the others scan
//!   the rest), so two trees of that size are never held at once (`crate::feed`).

/// Files at least this large hand what their scan freed back to the system afterwards.
pub(crate) const LARGE_FILE_BYTES: u64 = 1 << 20;

/// Files at least this large are scanned one at a time.
pub(crate) const HEAVY_FILE_BYTES: u64 = 2 << 20;

/// Returns the free memory of every thread's arena to the system (glibc's `malloc_trim`); elsewhere
/// nothing to do (other allocators return large frees themselves, or keep them for the process).
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` takes no pointer and only walks the allocator's own free lists, under its
    // locks; any thread may call it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
