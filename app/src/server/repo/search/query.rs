//! What the user typed, as search terms: words, `"quoted phrases"`, and the
//! last word as a prefix. Operators of either engine's query language are
//! never passed through: each term becomes a quoted FTS5 string or a
//! `phraseto_tsquery` argument, so `OR`, `NEAR(`, `*`, `-` and stray quotes
//! are only text.

use crate::error::{AppError, AppResult};

/// The longest query, in characters.
pub const MAX_CHARS: usize = 200;
/// The most words and phrases in one query.
pub const MAX_TERMS: usize = 12;
/// The shortest last word that is searched as a prefix.
const MIN_PREFIX: usize = 2;

/// One word or phrase to find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text, with no control characters and no quotes.
    pub text: String,
    /// Typed in quotes: its words must be found together, in order.
    pub phrase: bool,
    /// The last word: words that begin with it match too.
    pub prefix: bool,
}

/// Splits `q` into terms.
///
/// # Errors
/// `Validation` naming `q` when it is blank, longer than [`MAX_CHARS`]
/// characters, or has more than [`MAX_TERMS`] terms. A query with no
/// letters or digits at all (such as `*`) is not an error: it has no terms.
pub fn parse(q: &str) -> AppResult<Vec<Term>> {
    let q = q.trim();
    if q.is_empty() {
        return Err(AppError::invalid("q", "type a word, a number or a \"quoted phrase\" to search for"));
    }
    if q.chars().count() > MAX_CHARS {
        return Err(AppError::invalid("q", format!("a search may be at most {MAX_CHARS} characters long")));
    }
    let mut terms: Vec<Term> = split(q).into_iter().filter_map(|(raw, phrase)| term(&raw, phrase)).collect();
    if terms.len() > MAX_TERMS {
        return Err(AppError::invalid("q", format!("a search may have at most {MAX_TERMS} words or phrases")));
    }
    if let Some(last) = terms.last_mut() {
        last.prefix =
            !last.phrase && last.text.chars().count() >= MIN_PREFIX && last.text.chars().all(char::is_alphanumeric);
    }
    Ok(terms)
}

/// The raw pieces of `q`: runs of non-space text, and quoted phrases (an
/// unclosed quote runs to the end).
fn split(q: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_phrase = false;
    for c in q.chars() {
        if c == '"' {
            out.push((std::mem::take(&mut current), in_phrase));
            in_phrase = !in_phrase;
        } else if (c.is_whitespace() || c.is_control()) && !in_phrase {
            out.push((std::mem::take(&mut current), false));
        } else if c.is_control() {
            current.push(' ');
        } else {
            current.push(c);
        }
    }
    out.push((current, in_phrase));
    out
}

/// A term from a raw piece, or `None` when it has no letter or digit. A
/// word loses the punctuation around it (`-x`, `x*`, `NEAR(`); a phrase
/// keeps its inner punctuation, which both engines read as word breaks.
fn term(raw: &str, phrase: bool) -> Option<Term> {
    let text = if phrase {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        raw.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
    };
    text.chars().any(char::is_alphanumeric).then_some(Term { text, phrase, prefix: false })
}

/// The FTS5 query: every term as a quoted string (a phrase of its words),
/// all required, the last one a prefix when it is one.
pub fn fts5(terms: &[Term]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"{}", t.text.replace('"', "\"\""), if t.prefix { " *" } else { "" }))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The argument of PostgreSQL's `to_tsquery` for a prefix term: the word
/// in quotes with `:*`. Only letters and digits reach here (see [`parse`]).
pub fn tsquery_prefix(t: &Term) -> String {
    debug_assert!(t.prefix && t.text.chars().all(char::is_alphanumeric));
    format!("'{}':*", t.text.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<(String, bool, bool)> {
        parse(q).expect("parses").into_iter().map(|t| (t.text, t.phrase, t.prefix)).collect()
    }

    #[test]
    fn words_phrases_and_the_last_word_as_prefix() {
        assert_eq!(
            texts(r#"facial "entry exit" biom"#),
            vec![("facial".into(), false, false), ("entry exit".into(), true, false), ("biom".into(), false, true)]
        );
        assert_eq!(texts(r#""exit rule""#), vec![("exit rule".into(), true, false)]);
        assert_eq!(texts("2025-HQFO-00123"), vec![("2025-HQFO-00123".into(), false, false)]);
    }

    #[test]
    fn operators_and_stray_punctuation_are_text_or_nothing() {
        assert_eq!(parse("\"").expect("no error"), vec![]);
        assert_eq!(parse("*").expect("no error"), vec![]);
        assert_eq!(parse("-").expect("no error"), vec![]);
        assert_eq!(texts("NEAR("), vec![("NEAR".into(), false, true)]);
        assert_eq!(
            texts("a OR b"),
            vec![("a".into(), false, false), ("OR".into(), false, false), ("b".into(), false, false)]
        );
        assert_eq!(fts5(&parse(r#"x" OR "NEAR(y*"#).expect("parses")), r#""x" "OR" "NEAR(y""#);
        assert_eq!(fts5(&parse("cbp -ice").expect("parses")), r#""cbp" "ice" *"#);
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(texts(r#"cbp "one photo"#), vec![("cbp".into(), false, false), ("one photo".into(), true, false)]);
    }

    #[test]
    fn blank_long_and_wordy_queries_name_the_field() {
        for bad in ["", "   ", &"x".repeat(MAX_CHARS + 1), &"w ".repeat(MAX_TERMS + 1)] {
            let err = parse(bad).expect_err("refused");
            assert!(err.about("q").is_some(), "{bad:?}: {err}");
        }
        assert!(parse(&"x".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn prefix_needs_a_plain_word_of_two_letters() {
        assert_eq!(texts("a"), vec![("a".into(), false, false)]);
        assert_eq!(texts("x-ray"), vec![("x-ray".into(), false, false)]);
        let t = &parse("Biom").expect("parses")[0];
        assert_eq!(tsquery_prefix(t), "'biom':*");
    }
}
