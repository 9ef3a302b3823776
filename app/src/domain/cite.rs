//! Recognises statute, regulation and court-rule citations in free text so the
//! UI can turn them into links, in the spirit of eyecite but for the sources
//! Docket tracks:
//!
//! - U.S. Code: `5 U.S.C. § 552(a)(6)(A)(i)`, `5 USC 552`, `5 U.S.C. sec. 552a`;
//! - Code of Federal Regulations: `6 C.F.R. § 5.8(a)(1)`, `8 CFR part 235`;
//! - Federal Register: `90 FR 48604`, `85 Fed. Reg. 74,162`;
//! - Public Laws and the Statutes at Large: `Pub. L. No. 117-263`, `136 Stat. 2395`;
//! - Federal Rules of Civil and Appellate Procedure: `Fed. R. Civ. P. 6(a)`, `FRAP 26(a)`.
//!
//! Abbreviations are matched case-sensitively, with or without periods and
//! with ordinary or non-breaking spaces between their letters. Pincite
//! parentheticals such as `(a)(6)(A)` must follow the section directly. A
//! section range (`§§ 552-552a`) is matched only up to its first section.
//! Hyphenated U.S.C. sections (`1320a-7b`) are not supported.
//!
//! Pure: no I/O and no external crates, so it compiles natively and to wasm.

/// The source a citation points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiteKind {
    /// United States Code.
    Usc,
    /// Code of Federal Regulations.
    Cfr,
    /// Federal Register.
    FedReg,
    /// Public Law.
    PublicLaw,
    /// United States Statutes at Large.
    Stat,
    /// Federal Rules of Civil Procedure.
    Frcp,
    /// Federal Rules of Appellate Procedure.
    Frap,
}

/// One citation found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// What the citation points into.
    pub kind: CiteKind,
    /// Byte offset of the first byte of the matched text.
    pub start: usize,
    /// Byte offset just past the matched text.
    pub end: usize,
    /// U.S.C./C.F.R. title, FR/Stat. volume or Public Law congress; empty for rules.
    pub volume: String,
    /// Section (`552a`, `5.8`, or a C.F.R. part), page, Public Law number or rule number.
    pub section: String,
    /// Pincite parentheticals as written: `(a)(6)(A)` gives `["a", "6", "A"]`.
    pub subdivisions: Vec<String>,
}

/// A run of linkified text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Plain text, copied unchanged from the input.
    Text(String),
    /// A citation and where it links to.
    Cite {
        /// The citation exactly as written in the input.
        text: String,
        /// `/provisions/{slug}` when internal, else the official text's URL.
        href: String,
        /// Whether `href` is a Docket provision page.
        internal: bool,
    },
}

/// A scanning position in the input; every method leaves `i` on a char boundary.
struct Cur<'a> {
    s: &'a str,
    i: usize,
}

impl Cur<'_> {
    fn rest(&self) -> &str {
        self.s.get(self.i..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Whether the next char cannot continue a word.
    fn boundary(&self) -> bool {
        !self.peek().is_some_and(char::is_alphanumeric)
    }

    /// Skips whitespace (including U+00A0); reports whether any was skipped.
    fn ws(&mut self) -> bool {
        let start = self.i;
        while let Some(ch) = self.peek().filter(|ch| ch.is_whitespace()) {
            self.i += ch.len_utf8();
        }
        self.i > start
    }

    fn lit(&mut self, l: &str) -> bool {
        let hit = self.rest().starts_with(l);
        if hit {
            self.i += l.len();
        }
        hit
    }

    /// A literal word that is not the prefix of a longer word.
    fn word(&mut self, w: &str) -> bool {
        let save = self.i;
        if self.lit(w) && self.boundary() {
            return true;
        }
        self.i = save;
        false
    }

    /// 1 to `max` ASCII digits, not followed by another digit.
    fn digits(&mut self, max: usize) -> Option<String> {
        let run: String = self.rest().chars().take_while(char::is_ascii_digit).collect();
        if run.is_empty() || run.len() > max {
            return None;
        }
        self.i += run.len();
        Some(run)
    }

    /// An abbreviation given by its parts, each optionally followed by a period
    /// and whitespace: `["U", "S", "C"]` matches `USC`, `U.S.C.` and `U. S. C.`.
    fn abbrev(&mut self, parts: &[&str]) -> bool {
        let save = self.i;
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                self.ws();
            }
            if !self.lit(part) || (n + 1 == parts.len() && !self.boundary()) {
                self.i = save;
                return false;
            }
            self.lit(".");
        }
        true
    }

    fn any_abbrev(&mut self, forms: &[&[&str]]) -> bool {
        forms.iter().any(|parts| self.abbrev(parts))
    }

    /// An optional `§`, `§§`, `sec.`, `secs.` or `section` (or capitalised), with surrounding whitespace.
    fn section_sign(&mut self) {
        self.ws();
        let sign = self.lit("§§") || self.lit("§");
        if !sign && ["sec", "Sec", "secs", "Secs", "section", "Section"].iter().any(|w| self.word(w)) {
            self.lit(".");
        }
        self.ws();
    }

    /// Digits, an optional `.digits` when `dotted`, up to three lowercase letters, then a word boundary.
    fn section(&mut self, dotted: bool) -> Option<String> {
        let save = self.i;
        let mut out = self.digits(5)?;
        if dotted && self.rest().starts_with('.') && self.rest()[1..].starts_with(|c: char| c.is_ascii_digit()) {
            self.i += 1;
            out.push('.');
            out.push_str(&self.digits(5)?);
        }
        let letters: String = self.rest().chars().take_while(char::is_ascii_lowercase).take(3).collect();
        self.i += letters.len();
        out.push_str(&letters);
        if !self.boundary() {
            self.i = save;
            return None;
        }
        Some(out)
    }

    /// A page number; thousands separators (`74,162`) are dropped.
    fn page(&mut self) -> Option<String> {
        let mut out = self.digits(6)?;
        while self.rest().starts_with(',') {
            let group: String = self.rest()[1..].chars().take_while(char::is_ascii_digit).collect();
            if group.len() != 3 {
                break;
            }
            self.i += 4;
            out.push_str(&group);
        }
        self.boundary().then_some(out)
    }

    /// Directly attached `(x)` groups of 1 to 4 ASCII alphanumerics.
    fn subdivisions(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(body) = self.rest().strip_prefix('(') {
            let inner: String = body.chars().take_while(char::is_ascii_alphanumeric).collect();
            if inner.is_empty() || inner.len() > 4 || !body[inner.len()..].starts_with(')') {
                break;
            }
            self.i += inner.len() + 2;
            out.push(inner);
        }
        out
    }

    fn finish(&mut self, start: usize, kind: CiteKind, volume: String, section: String) -> Citation {
        let subdivisions = match kind {
            CiteKind::Usc | CiteKind::Cfr | CiteKind::Frcp | CiteKind::Frap => self.subdivisions(),
            CiteKind::FedReg | CiteKind::PublicLaw | CiteKind::Stat => Vec::new(),
        };
        Citation { kind, start, end: self.i, volume, section, subdivisions }
    }
}

/// `{volume} {abbrev} {section}` forms: U.S.C., C.F.R., FR and Stat. The abbreviations start
/// differently, so once one matches no other form can.
fn parse_numbered(text: &str, start: usize) -> Option<Citation> {
    let mut c = Cur { s: text, i: start };
    let volume = c.digits(3)?;
    if !c.ws() {
        return None;
    }
    let (kind, section) = if c.abbrev(&["U", "S", "C"]) {
        c.section_sign();
        (CiteKind::Usc, c.section(false)?)
    } else if c.abbrev(&["C", "F", "R"]) {
        c.ws();
        if c.word("part") || c.word("Part") {
            c.ws();
        } else {
            c.section_sign();
        }
        (CiteKind::Cfr, c.section(true)?)
    } else if c.any_abbrev(&[&["F", "R"], &["Fed", "Reg"]]) {
        c.ws();
        (CiteKind::FedReg, c.page()?)
    } else if c.abbrev(&["Stat"]) {
        c.ws();
        (CiteKind::Stat, c.page()?)
    } else {
        return None;
    };
    Some(c.finish(start, kind, volume, section))
}

/// `Pub. L. No. 117-263` and its variants.
fn parse_public_law(text: &str, start: usize) -> Option<Citation> {
    let mut c = Cur { s: text, i: start };
    if !c.any_abbrev(&[&["Pub", "L"], &["Public", "Law"], &["P", "L"]]) {
        return None;
    }
    c.ws();
    if c.word("No") {
        c.lit(".");
        c.ws();
    }
    let congress = c.digits(3)?;
    if !["-", "\u{2010}", "\u{2011}", "\u{2013}"].iter().any(|d| c.lit(d)) {
        return None;
    }
    let number = c.digits(4)?;
    c.boundary().then(|| c.finish(start, CiteKind::PublicLaw, congress, number))
}

/// `Fed. R. Civ. P. 6(a)`, `FRAP 4(a)(1)(B)` and their variants.
fn parse_rule(text: &str, start: usize) -> Option<Citation> {
    let mut c = Cur { s: text, i: start };
    let kind = if c.any_abbrev(&[&["Fed", "R", "Civ", "P"], &["F", "R", "C", "P"]]) {
        CiteKind::Frcp
    } else if c.any_abbrev(&[&["Fed", "R", "App", "P"], &["F", "R", "A", "P"]]) {
        CiteKind::Frap
    } else {
        return None;
    };
    c.ws();
    let rule = c.section(true)?;
    Some(c.finish(start, kind, String::new(), rule))
}

/// Finds every citation in `text`, in order and non-overlapping.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    let mut prev: Option<char> = None;
    let mut i = 0;
    while let Some(ch) = text.get(i..).and_then(|r| r.chars().next()) {
        let found = if prev.is_some_and(char::is_alphanumeric) {
            None
        } else if ch.is_ascii_digit() {
            parse_numbered(text, i)
        } else if ch.is_ascii_uppercase() {
            parse_public_law(text, i).or_else(|| parse_rule(text, i))
        } else {
            None
        };
        if let Some(cite) = found {
            i = cite.end;
            prev = text.get(..i).and_then(|r| r.chars().next_back());
            out.push(cite);
        } else {
            i += ch.len_utf8();
            prev = Some(ch);
        }
    }
    out
}

/// The tail of every uscode.house.gov link Docket uses.
const USC_QUERY: &str = "&num=0&edition=prelim";

impl Citation {
    /// The slug parts before any subdivision, e.g. `["cfr", "6", "5", "8"]`.
    fn base(&self) -> Vec<&str> {
        let dotted = self.section.split('.');
        match self.kind {
            CiteKind::Usc => vec!["usc", &self.volume, &self.section],
            CiteKind::Cfr => ["cfr", self.volume.as_str()].into_iter().chain(dotted).collect(),
            CiteKind::FedReg => vec!["fr", &self.volume, &self.section],
            CiteKind::PublicLaw => vec!["pl", &self.volume, &self.section],
            CiteKind::Stat => vec!["stat", &self.volume, &self.section],
            CiteKind::Frcp => std::iter::once("frcp").chain(dotted).collect(),
            CiteKind::Frap => std::iter::once("frap").chain(dotted).collect(),
        }
    }

    /// Docket provision slugs, most specific first, down to the bare section:
    /// `5 U.S.C. 552(a)(6)` gives `usc-5-552-a-6`, `usc-5-552-a`, `usc-5-552`.
    #[must_use]
    pub fn slugs(&self) -> Vec<String> {
        let base = self.base();
        (0..=self.subdivisions.len())
            .rev()
            .map(|n| {
                let parts: Vec<&str> =
                    base.iter().copied().chain(self.subdivisions[..n].iter().map(String::as_str)).collect();
                parts.join("-").to_lowercase()
            })
            .collect()
    }

    /// The official text of the cited section, page or rule.
    #[must_use]
    pub fn official_url(&self) -> String {
        let (v, s) = (&self.volume, &self.section);
        match self.kind {
            CiteKind::Usc => {
                format!("https://uscode.house.gov/view.xhtml?req=granuleid:USC-prelim-title{v}-section{s}{USC_QUERY}")
            }
            CiteKind::Cfr if s.contains('.') => format!("https://www.ecfr.gov/current/title-{v}/section-{s}"),
            CiteKind::Cfr => format!("https://www.ecfr.gov/current/title-{v}/part-{s}"),
            CiteKind::FedReg => format!("https://www.federalregister.gov/citation/{v}-FR-{s}"),
            CiteKind::PublicLaw => format!("https://www.govinfo.gov/link/plaw/{v}/public/{s}"),
            CiteKind::Stat => format!("https://www.govinfo.gov/link/statute/{v}/{s}"),
            CiteKind::Frcp => format!("https://www.law.cornell.edu/rules/frcp/rule_{s}"),
            CiteKind::Frap => format!("https://www.law.cornell.edu/rules/frap/rule_{s}"),
        }
    }
}

/// Splits text into plain runs and citations; a citation links to `/provisions/{slug}` for the most
/// specific slug `known(slug)` accepts (internal = true), else to `official_url()` (internal = false).
/// Concatenating the texts of all segments gives back `text`.
pub fn linkify(text: &str, known: impl Fn(&str) -> bool) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = 0;
    for cite in find_citations(text) {
        if cite.start > at {
            out.push(Segment::Text(text[at..cite.start].to_owned()));
        }
        let (href, internal) = match cite.slugs().into_iter().find(|slug| known(slug)) {
            Some(slug) => (format!("/provisions/{slug}"), true),
            None => (cite.official_url(), false),
        };
        out.push(Segment::Cite { text: text[cite.start..cite.end].to_owned(), href, internal });
        at = cite.end;
    }
    if at < text.len() {
        out.push(Segment::Text(text[at..].to_owned()));
    }
    out
}

#[cfg(test)]
mod tests;
