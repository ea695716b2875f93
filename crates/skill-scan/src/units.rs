//! Sizes and durations on the command line, read by the crates everyone else uses: `bytesize` (`8MB` is
//! 8,000,000 bytes, `8MiB` is 8 × 2²⁰; a bare `K`, `M`, `G` is decimal like `KB`) and `humantime`
//! (`1500ms`, `90s`, `1m30s`, `2h`); a bare number is bytes or seconds.

use std::time::Duration;

pub(crate) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    text.parse::<bytesize::ByteSize>()
        .map(|size| size.as_u64())
        .map_err(|e| format!("{text:?} is not a size like 8MiB, 8MB or 500000 ({e})"))
}

/// `1500ms`, `3s`, `1m30s`, `1h`, or a bare number of seconds (`0.5`).
pub(crate) fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds)
            .map_err(|_| format!("{text:?} is out of range"));
    }
    humantime::parse_duration(text)
        .map_err(|e| format!("{text:?} is not a duration like 1500ms, 60s or 1m30s ({e})"))
}

/// A per-target time budget: a duration, or none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Budget(pub Option<Duration>);

pub(crate) fn parse_budget(text: &str) -> Result<Budget, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "none" | "off" | "unlimited" => Ok(Budget(None)),
        _ => parse_duration(text).map(|d| Budget(Some(d))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_decimal_with_kb_and_binary_with_kib() {
        assert_eq!(parse_size("8MB"), Ok(8_000_000));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("8M"), Ok(8_000_000));
        assert_eq!(parse_size("500000"), Ok(500_000));
        assert_eq!(parse_size("2 KiB"), Ok(2048));
        assert_eq!(parse_size("1.5 KB"), Ok(1500));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5X").is_err());
    }

    #[test]
    fn durations_accept_compound_units() {
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("0.5"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5y5").is_err());
        assert!(parse_duration("1e400").is_err());
        assert_eq!(parse_budget("none"), Ok(Budget(None)));
        assert_eq!(parse_budget("0s"), Ok(Budget(Some(Duration::ZERO))));
    }
}
