//! A precomputed day table: every day from 1989-01-01 to 2102-12-31 with its
//! kind, and per reading a cumulative business-day count plus the list of
//! business days, so "the nth business day after D" is two array lookups.

use chrono::{Datelike, NaiveDate};

use super::Reading;

/// Bit flags describing one day.
pub(crate) const WEEKEND: u8 = 1;
pub(crate) const HOLIDAY: u8 = 2;
pub(crate) const CLOSURE: u8 = 4;
pub(crate) const INAUGURATION: u8 = 8;

/// First day of the table.
pub const TABLE_START: NaiveDate = NaiveDate::from_ymd_opt(1989, 1, 1).expect("valid");
/// Last day of the table.
pub const TABLE_END: NaiveDate = NaiveDate::from_ymd_opt(2102, 12, 31).expect("valid");

/// Business-day counts for one reading. Indices fit in `u16`: the table has
/// about 41,600 days, fewer than 65,536.
#[derive(Clone)]
struct Counts {
    /// `cum[i]` = number of business days strictly before day `i`.
    cum: Vec<u16>,
    /// `bdays[k]` = index of the `k`th business day (0-based).
    bdays: Vec<u16>,
}

/// The table for one calendar; built once per calendar, lazily.
#[derive(Clone)]
pub(crate) struct Table {
    kinds: Vec<u8>,
    statute: Counts,
    with_closures: Counts,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({} days {TABLE_START}..={TABLE_END})", self.kinds.len())
    }
}

/// Day number of `TABLE_START` counted from 0001-01-01.
fn base() -> i32 {
    TABLE_START.num_days_from_ce()
}

/// Table index of a date, or `None` outside the table.
pub(crate) fn index(d: NaiveDate) -> Option<usize> {
    let i = d.num_days_from_ce() - base();
    let len = TABLE_END.num_days_from_ce() - base() + 1;
    (0..len).contains(&i).then_some(i as usize)
}

/// The date at a table index.
pub(crate) fn date(i: usize) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(base() + i as i32).expect("index inside the table")
}

/// Whether a day with these flags is a business day under `reading`.
pub(crate) fn is_business(bits: u8, reading: Reading) -> bool {
    match reading {
        Reading::StatuteOnly => bits & !CLOSURE == 0,
        Reading::WithClosures => bits == 0,
    }
}

impl Counts {
    fn build(kinds: &[u8], reading: Reading) -> Counts {
        let mut cum = Vec::with_capacity(kinds.len() + 1);
        let mut bdays = Vec::with_capacity(kinds.len() * 5 / 7);
        cum.push(0u16);
        for (i, &bits) in kinds.iter().enumerate() {
            if is_business(bits, reading) {
                bdays.push(i as u16);
            }
            cum.push(bdays.len() as u16);
        }
        Counts { cum, bdays }
    }
}

impl Table {
    /// Builds the table from the weekend rule and the given non-business days
    /// (each a date and its flag). Days outside the table are ignored.
    pub(crate) fn build(days: impl IntoIterator<Item = (NaiveDate, u8)>) -> Table {
        let len = index(TABLE_END).expect("end inside") + 1;
        // 1989-01-01 was a Sunday; weekday index 0 = Monday.
        let first = TABLE_START.weekday().num_days_from_monday() as usize;
        let mut kinds: Vec<u8> = (0..len).map(|i| if (first + i) % 7 >= 5 { WEEKEND } else { 0 }).collect();
        for (d, bit) in days {
            if let Some(i) = index(d) {
                kinds[i] |= bit;
            }
        }
        let statute = Counts::build(&kinds, Reading::StatuteOnly);
        let with_closures = Counts::build(&kinds, Reading::WithClosures);
        Table { kinds, statute, with_closures }
    }

    fn counts(&self, reading: Reading) -> &Counts {
        match reading {
            Reading::StatuteOnly => &self.statute,
            Reading::WithClosures => &self.with_closures,
        }
    }

    /// The flags of the day at `i`.
    pub(crate) fn bits(&self, i: usize) -> u8 {
        self.kinds[i]
    }

    /// The `n`th business day (n >= 1) strictly after day `i`, if inside the table.
    pub(crate) fn nth_business_after(&self, i: usize, n: u32, reading: Reading) -> Option<usize> {
        let c = self.counts(reading);
        let k = usize::from(c.cum[i + 1]) + n as usize;
        c.bdays.get(k.checked_sub(1)?).map(|&j| usize::from(j))
    }

    /// The first business day on or after day `i`, if inside the table.
    pub(crate) fn business_on_or_after(&self, i: usize, reading: Reading) -> Option<usize> {
        let c = self.counts(reading);
        c.bdays.get(usize::from(c.cum[i])).map(|&j| usize::from(j))
    }

    /// Number of business days strictly between days `a` and `b` (a < b).
    pub(crate) fn business_between(&self, a: usize, b: usize, reading: Reading) -> u32 {
        let c = self.counts(reading);
        u32::from(c.cum[b]).saturating_sub(u32::from(c.cum[a + 1]))
    }
}
