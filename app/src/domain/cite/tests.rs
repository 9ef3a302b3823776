//! The citation forms Docket recognises, and those it must not.

use super::*;

/// The single citation in `text`, checked to cover exactly `matched`.
fn one(text: &str, matched: &str) -> Citation {
    let found = find_citations(text);
    assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
    assert_eq!(&text[found[0].start..found[0].end], matched, "in {text:?}");
    found[0].clone()
}

fn slug(text: &str) -> String {
    find_citations(text).first().map(|c| c.slugs()[0].clone()).unwrap_or_default()
}

#[test]
fn usc_forms() {
    let c = one("5 U.S.C. 552(a)(6)(A)(i)", "5 U.S.C. 552(a)(6)(A)(i)");
    assert_eq!((c.kind, c.volume.as_str(), c.section.as_str()), (CiteKind::Usc, "5", "552"));
    assert_eq!(c.subdivisions, ["a", "6", "A", "i"]);
    assert_eq!(c.slugs(), ["usc-5-552-a-6-a-i", "usc-5-552-a-6-a", "usc-5-552-a-6", "usc-5-552-a", "usc-5-552"]);
    assert_eq!(slug("5 U.S.C. § 552(a)(6)(A)(i)"), "usc-5-552-a-6-a-i");
    assert_eq!(slug("5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)"), "usc-5-552-a-6-a-i-iii-aa");
    assert_eq!(
        one("x 5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)", "5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)").subdivisions[4..],
        ["III", "aa"]
    );
    one("5 USC 552 applies", "5 USC 552");
    one("5 U.S.C. §552", "5 U.S.C. §552");
    one("5 U.S.C. sec. 552", "5 U.S.C. sec. 552");
    one("5 U. S. C. 552", "5 U. S. C. 552");
    one("5\u{a0}U.S.C.\u{a0}§\u{a0}552", "5\u{a0}U.S.C.\u{a0}§\u{a0}552");
    assert_eq!(slug("5 U.S.C. § 552a(g)(1)"), "usc-5-552a-g-1");
    assert_eq!(slug("5 U.S.C. 6103"), "usc-5-6103");
    assert_eq!(slug("28 U.S.C. § 2401(a)"), "usc-28-2401-a");
    assert_eq!(one("8 U.S.C. 1365b", "8 U.S.C. 1365b").section, "1365b");
    assert_eq!(one("5 U.S.C. § 552a(e)(4)", "5 U.S.C. § 552a(e)(4)").subdivisions, ["e", "4"]);
    assert_eq!(
        one("5 U.S.C. § 552a", "5 U.S.C. § 552a").official_url(),
        "https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title5-section552a&num=0&edition=prelim"
    );
}

#[test]
fn usc_ranges_trailing_punctuation_and_years() {
    assert_eq!(one("5 U.S.C. §§ 552-552a", "5 U.S.C. §§ 552").section, "552");
    one("see 5 U.S.C. 552.", "5 U.S.C. 552");
    one("see 5 U.S.C. 552(b)(5), and", "5 U.S.C. 552(b)(5)");
    assert_eq!(one("5 U.S.C. 552(a)(6) (2018)", "5 U.S.C. 552(a)(6)").subdivisions, ["a", "6"]);
    one("5 U.S.C. 552(a)(toolong)", "5 U.S.C. 552(a)");
    one("(5 U.S.C. 552)", "5 U.S.C. 552");
}

#[test]
fn cfr_forms() {
    let c = one("6 CFR 5.8(a)(1)", "6 CFR 5.8(a)(1)");
    assert_eq!((c.kind, c.volume.as_str(), c.section.as_str()), (CiteKind::Cfr, "6", "5.8"));
    assert_eq!(c.slugs(), ["cfr-6-5-8-a-1", "cfr-6-5-8-a", "cfr-6-5-8"]);
    assert_eq!(c.official_url(), "https://www.ecfr.gov/current/title-6/section-5.8");
    assert_eq!(slug("6 C.F.R. § 5.8"), "cfr-6-5-8");
    one("under 6 C.F.R. 5.8.", "6 C.F.R. 5.8");
    assert_eq!(slug("19 CFR § 103.2"), "cfr-19-103-2");
    let part = one("8 CFR part 235", "8 CFR part 235");
    assert_eq!((part.section.as_str(), part.slugs()), ("235", vec!["cfr-8-235".to_owned()]));
    assert_eq!(part.official_url(), "https://www.ecfr.gov/current/title-8/part-235");
}

#[test]
fn register_law_and_statute_forms() {
    let fr = one("90 FR 48604", "90 FR 48604");
    assert_eq!((fr.kind, fr.slugs()), (CiteKind::FedReg, vec!["fr-90-48604".to_owned()]));
    assert_eq!(fr.official_url(), "https://www.federalregister.gov/citation/90-FR-48604");
    assert_eq!(slug("90 Fed. Reg. 48604"), "fr-90-48604");
    assert_eq!(one("85 FR 74,162, 74,170", "85 FR 74,162").section, "74162");
    for text in ["Pub. L. 117-263", "Pub. L. No. 117-263", "Public Law 117\u{2013}263", "P.L. 117-263"] {
        let pl = one(text, text);
        assert_eq!((pl.kind, pl.slugs()), (CiteKind::PublicLaw, vec!["pl-117-263".to_owned()]));
        assert_eq!(pl.official_url(), "https://www.govinfo.gov/link/plaw/117/public/263");
    }
    let stat = one("136 Stat. 2395.", "136 Stat. 2395");
    assert_eq!((stat.kind, stat.slugs()), (CiteKind::Stat, vec!["stat-136-2395".to_owned()]));
    assert_eq!(stat.official_url(), "https://www.govinfo.gov/link/statute/136/2395");
}

#[test]
fn rule_forms() {
    let c = one("Fed. R. Civ. P. 6(a)", "Fed. R. Civ. P. 6(a)");
    assert_eq!((c.kind, c.volume.as_str(), c.section.as_str()), (CiteKind::Frcp, "", "6"));
    assert_eq!(c.official_url(), "https://www.law.cornell.edu/rules/frcp/rule_6");
    assert_eq!(slug("Fed.R.Civ.P. 6(a)"), "frcp-6-a");
    assert_eq!(slug("FRCP 6(a)"), "frcp-6-a");
    assert_eq!(
        one("Fed. R. Civ. P. 12(a)(2).", "Fed. R. Civ. P. 12(a)(2)").slugs(),
        ["frcp-12-a-2", "frcp-12-a", "frcp-12"]
    );
    let ap = one("Fed. R. App. P. 4(a)(1)(B)", "Fed. R. App. P. 4(a)(1)(B)");
    assert_eq!((ap.kind, ap.slugs()[0].as_str()), (CiteKind::Frap, "frap-4-a-1-b"));
    assert_eq!(ap.official_url(), "https://www.law.cornell.edu/rules/frap/rule_4");
    assert_eq!(slug("FRAP 26(a)"), "frap-26-a");
}

#[test]
fn non_citations() {
    let texts = "5 USD|on page 90 for|in 2025 FR|Rule 6|12 CFR|12 CFR with no section|A5 U.S.C. 552|\
        FR 48604|5 U.S.C.|5 USC552|5 U.S.C. 552xyzw|1234 U.S.C. 5|FRCPs 6|Fed. R. Civ. P.|Pub. L. 117|5 fr 3";
    for text in texts.split('|') {
        assert_eq!(find_citations(text), vec![], "{text:?}");
        assert_eq!(linkify(text, |_| true), [Segment::Text(text.to_owned())]);
    }
}

#[test]
fn other_spellings() {
    one("5 U.S.C. Sec. 552", "5 U.S.C. Sec. 552");
    one("5 U.S.C. section 552(b)", "5 U.S.C. section 552(b)");
    one("5 USC sec 552", "5 USC sec 552");
    one("5 U.S.C.\n§ 552", "5 U.S.C.\n§ 552");
    assert_eq!(slug("42 U.S.C. 2000ee(a)"), "usc-42-2000ee-a");
    let part = one("6 CFR 5; ", "6 CFR 5");
    assert_eq!(
        (part.slugs()[0].as_str(), part.official_url()),
        ("cfr-6-5", "https://www.ecfr.gov/current/title-6/part-5".into())
    );
    let rule = one("F.R.C.P. 4.1(a)", "F.R.C.P. 4.1(a)");
    assert_eq!(rule.slugs(), ["frcp-4-1-a", "frcp-4-1"]);
    assert_eq!(rule.official_url(), "https://www.law.cornell.edu/rules/frcp/rule_4.1");
    assert_eq!(slug("Pub.L.No.117-263"), "pl-117-263");
    assert_eq!(slug("PL 117\u{2011}263"), "pl-117-263");
}

#[test]
fn several_citations_with_unicode_offsets() {
    let text = "Café — “5 U.S.C. § 552(b)(5)” and 6 CFR 5.8; see 90 FR 48604 — Pub. L. 117–263, FRAP 26(a).";
    let found: Vec<&str> = find_citations(text).iter().map(|c| &text[c.start..c.end]).collect();
    assert_eq!(found, ["5 U.S.C. § 552(b)(5)", "6 CFR 5.8", "90 FR 48604", "Pub. L. 117–263", "FRAP 26(a)"]);
}

#[test]
fn linkify_links_known_and_official() {
    let text = "Per 5 U.S.C. 552(a)(6)(A)(i)(III), é 6 CFR 5.8.";
    let segments = linkify(text, |s| s == "usc-5-552-a-6-a-i");
    assert_eq!(
        segments,
        [
            Segment::Text("Per ".into()),
            Segment::Cite {
                text: "5 U.S.C. 552(a)(6)(A)(i)(III)".into(),
                href: "/provisions/usc-5-552-a-6-a-i".into(),
                internal: true,
            },
            Segment::Text(", é ".into()),
            Segment::Cite {
                text: "6 CFR 5.8".into(),
                href: "https://www.ecfr.gov/current/title-6/section-5.8".into(),
                internal: false,
            },
            Segment::Text(".".into()),
        ]
    );
    let joined: String = segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) | Segment::Cite { text: t, .. } => t.as_str(),
        })
        .collect();
    assert_eq!(joined, text);
    assert_eq!(linkify("", |_| true), []);
    assert_eq!(linkify("no cites", |_| true), [Segment::Text("no cites".into())]);
    assert!(matches!(&linkify("FRCP 6", |_| false)[0], Segment::Cite { internal: false, .. }));
}
