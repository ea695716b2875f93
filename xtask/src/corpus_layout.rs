//! How a training source's repository maps to targets (`xtask/training-sources.tsv`, column `layout`) and
//! which folder name of each target the train / held-out split is applied to (see `corpus.rs`).

/// How a repository's files map to targets and to the names the split is applied to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// `name/…/archive`: the first path component is the package name; each archive below it is one
    /// target, and loose files below it one more.
    NameArchives,
    /// Every folder holding a `SKILL.md` is one target, named by that folder.
    Skills,
    /// `dirs:PREFIX`: every folder directly below `PREFIX` is one target (an MCP server, an SDK example),
    /// named by that folder.
    Dirs(String),
    /// `paths:A;B`: each listed folder is one target, named by its last component (`.` is the whole
    /// repository, named by the repository) — for collections whose other folders are not labelled.
    Paths(Vec<String>),
}

impl Layout {
    pub(crate) fn parse(text: &str) -> Option<Layout> {
        let clean = |p: &str| {
            let p = p.trim_matches('/');
            (!p.is_empty() && !p.split('/').any(|c| c == ".." || c.is_empty()))
                .then(|| p.to_string())
        };
        match text.split_once(':') {
            None if text == "name-archives" => Some(Layout::NameArchives),
            None if text == "skills" => Some(Layout::Skills),
            Some(("dirs", prefix)) => clean(prefix).filter(|p| p != ".").map(Layout::Dirs),
            Some(("paths", list)) => list
                .split(';')
                .map(clean)
                .collect::<Option<Vec<_>>>()
                .filter(|l| !l.is_empty())
                .map(Layout::Paths),
            _ => None,
        }
    }

    /// For a path of the repository: the target name (the key the split is applied to) and the path below
    /// the target, or `None` when the path belongs to no target. `repo_name` names a `.` path.
    pub(crate) fn folder_target<'a>(
        &self,
        path: &'a str,
        repo_name: &'a str,
    ) -> Option<(&'a str, &'a str)> {
        match self {
            Layout::Dirs(prefix) => {
                let rest = path.strip_prefix(prefix.as_str())?.strip_prefix('/')?;
                let (name, below) = rest.split_once('/')?;
                Some((name, below))
            }
            Layout::Paths(list) => list.iter().find_map(|p| {
                if p == "." {
                    return Some((repo_name, path));
                }
                let below = path.strip_prefix(p.as_str())?.strip_prefix('/')?;
                let name = p.rsplit('/').next().unwrap_or(p);
                // `name` borrows from the layout, not from `path`: look it up again in `path`.
                let start = path.len() - below.len() - 1 - name.len();
                Some((&path[start..start + name.len()], below))
            }),
            Layout::NameArchives | Layout::Skills => None,
        }
    }
}
