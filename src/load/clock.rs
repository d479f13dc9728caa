//! The build's moment: `SOURCE_DATE_EPOCH` fixes it, so that builds are reproducible and tests
//! see the same day. Read by the stages that date things (calendars, review dates, feeds).

/// The build's date in Europe/Amsterdam. `SOURCE_DATE_EPOCH` (seconds) fixes it, for
/// reproducible builds and tests.
pub fn today() -> jiff::civil::Date {
    build_time().date()
}

/// The build's moment in Europe/Amsterdam (`SOURCE_DATE_EPOCH` fixes it).
pub fn build_time() -> jiff::ZonedDateTime {
    let tz = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap_or(jiff::tz::TimeZone::UTC);
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(tz)
}
