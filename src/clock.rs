//! Today's date and the time now, where the user is.
//!
//! `crate::clock::now()` finds the system time zone through jiff's time zone database, which reads
//! the name of every zone under `/usr/share/zoneinfo` on first use: about 2.9 million
//! instructions and some six hundred system calls, more than the rest of `thinkkit status`. A
//! command only needs the offset of the zone it runs in, which `/etc/localtime` holds, so that
//! file is read directly; with `TZ` set, or without that file, jiff finds the zone as usual.

use std::sync::OnceLock;

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned, civil::Date};

/// The system's time zone, found once per process.
fn zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_none()
            && let Ok(bytes) = std::fs::read("/etc/localtime")
            && let Ok(zone) = TimeZone::tzif("localtime", &bytes)
        {
            return zone;
        }
        TimeZone::system()
    })
}

/// The time now, in the system's time zone.
pub fn now() -> Zoned {
    Timestamp::now().to_zoned(zone().clone())
}

/// Today's date, in the system's time zone.
pub fn today() -> Date {
    now().date()
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_the_date_jiff_gives() {
        // Either side of midnight the two calls may differ by a day; not otherwise.
        let jiff = crate::clock::today();
        let ours = super::today();
        assert!((ours - jiff).get_days().abs() <= 1, "{ours} against {jiff}");
        assert_eq!(super::now().offset(), crate::clock::now().offset());
    }
}
