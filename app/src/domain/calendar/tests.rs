use chrono::{Duration, NaiveDate};

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn observed(year: i32) -> Vec<(String, String)> {
    federal_holidays(year).into_iter().map(|h| (h.date.to_string(), h.name)).collect()
}

#[test]
fn every_2026_holiday_with_its_observed_date() {
    let got: Vec<String> = federal_holidays(2026).iter().map(|h| h.date.to_string()).collect();
    let want = [
        "2026-01-01",
        "2026-01-19",
        "2026-02-16",
        "2026-05-25",
        "2026-06-19",
        "2026-07-03",
        "2026-09-07",
        "2026-10-12",
        "2026-11-11",
        "2026-11-26",
        "2026-12-25",
    ];
    assert_eq!(got, want);
    let july = &federal_holidays(2026)[5];
    assert_eq!(july.actual, d("2026-07-04"));
    assert!(july.source.contains("6103(b)"), "{}", july.source);
}

#[test]
fn weekend_observance_table() {
    // (year, holiday name prefix, observed date): Saturday -> Friday before
    // (5 U.S.C. 6103(b)); Sunday -> Monday after (EO 11582 § 3(a)).
    let cases = [
        (2022, "New Year", "2021-12-31"),
        (2023, "New Year", "2023-01-02"),
        (2020, "Independence", "2020-07-03"),
        (2021, "Independence", "2021-07-05"),
        (2021, "Juneteenth", "2021-06-18"),
        (2022, "Juneteenth", "2022-06-20"),
        (2027, "Juneteenth", "2027-06-18"),
        (2023, "Veterans", "2023-11-10"),
        (2018, "Veterans", "2018-11-12"),
        (2021, "Christmas", "2021-12-24"),
        (2022, "Christmas", "2022-12-26"),
        (2033, "New Year", "2032-12-31"),
    ];
    for (year, name, want) in cases {
        let hit = observed(year).into_iter().find(|(_, n)| n.starts_with(name)).unwrap();
        assert_eq!(hit.0, want, "{year} {name}");
    }
    let sunday = federal_holidays(2021).into_iter().find(|h| h.name.starts_with("Indep")).unwrap();
    assert!(sunday.source.contains("Executive Order 11582"), "{}", sunday.source);
}

#[test]
fn juneteenth_only_from_2021() {
    assert!(observed(2020).iter().all(|(_, n)| !n.starts_with("Juneteenth")));
    assert_eq!(federal_holidays(2020).len(), 10);
    assert_eq!(federal_holidays(2021).len(), 11);
    let cal = Calendar::federal();
    assert!(cal.is_business_day(d("2020-06-19"), Reading::WithClosures));
    assert!(!cal.is_business_day(d("2021-06-18"), Reading::StatuteOnly));
}

#[test]
fn new_year_observed_in_the_previous_year_is_not_a_business_day() {
    let cal = Calendar::federal();
    for reading in Reading::BOTH {
        assert!(!cal.is_business_day(d("2021-12-31"), reading));
        match cal.day(d("2021-12-31"), reading) {
            DayKind::Holiday { name, source } => {
                assert_eq!(name, "New Year's Day");
                assert!(source.contains("6103(b)"));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn floating_holidays_land_on_their_weekdays() {
    for year in 1990..=2100 {
        for h in federal_holidays(year) {
            let wd = h.date.weekday();
            assert!(!matches!(wd, Weekday::Sat | Weekday::Sun), "{h:?}");
        }
        let memorial = federal_holidays(year)[3].date;
        assert_eq!(memorial.weekday(), Weekday::Mon);
        assert!(memorial + Duration::days(7) > NaiveDate::from_ymd_opt(year, 5, 31).unwrap());
    }
}

#[test]
fn every_closure_is_skipped_only_under_the_closure_reading() {
    let cal = Calendar::federal();
    let dates = [
        "2014-12-26",
        "2018-12-05",
        "2018-12-24",
        "2019-12-24",
        "2020-12-24",
        "2024-12-24",
        "2025-01-09",
        "2025-12-24",
        "2025-12-26",
    ];
    assert_eq!(cal.closures().len(), dates.len());
    for s in dates {
        assert!(cal.is_closure(d(s)), "{s}");
        assert!(cal.is_business_day(d(s), Reading::StatuteOnly), "{s}");
        assert!(!cal.is_business_day(d(s), Reading::WithClosures), "{s}");
        assert!(matches!(cal.day(d(s), Reading::WithClosures), DayKind::Closure { .. }), "{s}");
        assert_eq!(cal.day(d(s), Reading::StatuteOnly), DayKind::Business, "{s}");
    }
    let eo = cal.closures().iter().find(|c| c.date == d("2025-12-26")).unwrap();
    assert!(eo.source.contains("14371") && eo.verification.contains("UNVERIFIED"));
}

#[test]
fn inauguration_day_is_optional_and_moves_off_sunday() {
    assert_eq!(inauguration_day(2013).unwrap().date, d("2013-01-21"));
    assert_eq!(inauguration_day(1993).unwrap().date, d("1993-01-20"));
    assert_eq!(inauguration_day(2029).unwrap().date, d("2029-01-22") - Duration::days(2));
    assert!(inauguration_day(2024).is_none() && inauguration_day(1989).is_none());
    let plain = Calendar::federal();
    let dc = Calendar::new("federal-inauguration", executive_order_closures(), true);
    assert!(plain.is_business_day(d("2017-01-20"), Reading::WithClosures));
    assert!(!dc.is_business_day(d("2017-01-20"), Reading::StatuteOnly));
    assert_eq!(dc.day(d("2017-01-20"), Reading::StatuteOnly), DayKind::Inauguration);
    // 2025-01-20 was also MLK Day: the nationwide holiday is the reason shown.
    assert!(matches!(dc.day(d("2025-01-20"), Reading::StatuteOnly), DayKind::Holiday { .. }));
}

#[test]
fn calendar_history_and_agency_scope() {
    let cal = Calendar::federal();
    let before = cal.closures_known_on(d("2025-12-17"));
    assert!(before.is_business_day(d("2025-12-24"), Reading::WithClosures));
    assert_eq!(before.version(), "2024-12-30");
    assert_eq!(cal.version(), "2025-12-18");
    let cbp_only = Closure {
        date: d("2026-03-04"),
        name: "Emergency closure".into(),
        source: "CBP notice".into(),
        verification: "PLACEHOLDER".into(),
        known_from: d("2026-03-03"),
        scope: Some("CBP".into()),
    };
    let cal = cal.with_closure(cbp_only);
    assert!(cal.is_business_day(d("2026-03-04"), Reading::WithClosures));
    let cbp = cal.clone().with_agency("cbp");
    assert!(!cbp.is_business_day(d("2026-03-04"), Reading::WithClosures));
    assert!(cal.with_agency("ICE").is_business_day(d("2026-03-04"), Reading::WithClosures));
}

#[test]
fn table_agrees_with_a_day_by_day_walk() {
    let cal = Calendar::federal();
    let mut day = d("1990-01-01");
    while day < d("2100-01-01") {
        for reading in Reading::BOTH {
            let mut walk = day;
            for _ in 0..3 {
                walk = walk.succ_opt().unwrap();
                while !cal.is_business_day(walk, reading) {
                    walk = walk.succ_opt().unwrap();
                }
            }
            assert_eq!(cal.add_business_days(day, 3, reading), Some(walk), "{day}");
        }
        day += Duration::days(37);
    }
}

#[test]
fn outside_the_table_days_are_still_classified_and_offsets_are_none() {
    let cal = Calendar::federal();
    assert!(!cal.is_business_day(d("2105-12-25"), Reading::StatuteOnly));
    assert!(cal.is_business_day(d("1985-12-24"), Reading::WithClosures));
    assert_eq!(cal.add_business_days(d("2102-12-30"), 5, Reading::StatuteOnly), None);
    assert_eq!(cal.busday_offset_forward(d("1980-01-01"), 1, Reading::StatuteOnly), None);
    assert_eq!(cal.busday_offset_forward(d("2026-01-03"), 0, Reading::StatuteOnly), Some(d("2026-01-05")));
}
