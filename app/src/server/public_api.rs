//! The read layer of the JSON API (and, later, the public dashboard).
//!
//! Every query here takes the principal and is built from an explicit list
//! of columns read into a row struct that has only the fields the API shows:
//! nothing selects a whole matter, a note or a user, so a private column
//! cannot reach a response by accident. Rows are restricted with
//! `policy::visible_matters`, and a matter's events and deadlines with
//! [`row_visible`]: the public sees public rows of published matters,
//! members of a matter's organisation see all of its rows. Deleted events
//! are never listed. Lists are ordered by id and paged by keyset (the
//! opaque cursor carries the last id seen), so pages neither repeat nor
//! skip rows while data changes.

pub mod dto;
pub mod matters;
pub mod open_web;
pub mod params;
pub mod reference;
pub mod timeline;

use crate::error::{AppError, AppResult};

pub use params::{PageRequest, Params};

/// How many rows a page holds unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u64 = 50;
/// The largest `limit` accepted.
pub const MAX_LIMIT: u64 = 500;

const CURSOR_VERSION: &str = "v1:";

/// The opaque cursor that resumes a list after the row with `id`.
pub fn encode_cursor(id: i32) -> String {
    format!("{CURSOR_VERSION}{id}").bytes().map(|b| format!("{b:02x}")).collect()
}

/// The id a cursor resumes after.
///
/// # Errors
/// `Validation` naming `cursor` when it was not made by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> AppResult<i32> {
    let bad = || AppError::invalid("cursor", "not a cursor from this API; pass `next_cursor` from the previous page");
    let cursor = cursor.trim();
    if !cursor.len().is_multiple_of(2) || !cursor.is_ascii() {
        return Err(bad());
    }
    let bytes = (0..cursor.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&cursor[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| bad())?;
    String::from_utf8(bytes)
        .ok()
        .and_then(|s| s.strip_prefix(CURSOR_VERSION).and_then(|id| id.parse::<i32>().ok()))
        .filter(|id| *id >= 0)
        .ok_or_else(bad)
}

/// Cuts the extra row fetched to learn whether another page follows, and
/// returns the cursor for that page.
pub fn finish_page<R>(mut rows: Vec<R>, page: PageRequest, id: impl Fn(&R) -> i32) -> (Vec<R>, Option<String>) {
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let next = rows.last().map(|r| encode_cursor(id(r)));
    (rows, next)
}

/// A row of a matter's child table (events, deadlines) that `who` may see
/// once the matter itself is visible (the rule lives in `policy`).
pub use super::policy::child_rows_visible as row_visible;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        for id in [0, 1, 42, i32::MAX] {
            assert_eq!(decode_cursor(&encode_cursor(id)), Ok(id));
        }
        for bad in ["", "zz", "123", "7631", &"x".repeat(3), "76313a2d31", "76323a31"] {
            let err = decode_cursor(bad).expect_err(bad);
            assert!(err.about("cursor").is_some(), "{bad}");
        }
    }

    #[test]
    fn a_full_page_gets_a_cursor_to_the_next() {
        let page = PageRequest { limit: 2, after: None };
        let (rows, next) = finish_page(vec![1, 2, 3], page, |r| *r);
        assert_eq!((rows, next.map(|c| decode_cursor(&c))), (vec![1, 2], Some(Ok(2))));
        let (rows, next) = finish_page(vec![1, 2], page, |r| *r);
        assert_eq!((rows, next), (vec![1, 2], None));
    }
}
