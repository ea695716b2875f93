//! What a matcher reports: a span of the file, and what a native detector found out about it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// What a native detector found out beyond the span (decoded text, the source of a flow).
    pub detail: Option<Box<HitDetail>>,
}

impl Hit {
    pub fn span(start: usize, end: usize) -> Hit {
        Hit {
            start,
            end,
            detail: None,
        }
    }
}

/// A native hit's own message and the other places that explain it, as file offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitDetail {
    pub message: String,
    pub related: Vec<(usize, String)>,
}
