//! Query parameters: what each list accepts (documented once, as `IntoParams`
//! structs the OpenAPI document is generated from) and their checking. An
//! unknown, repeated or malformed parameter is refused, naming it.

use super::{DEFAULT_LIMIT, MAX_LIMIT, decode_cursor};
use crate::{
    domain::vocab::UnknownCode,
    error::{AppError, AppResult},
};
use chrono::NaiveDate;
use utoipa::IntoParams;

/// Paging, accepted by every list.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page: 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page; omit for the first page.
    pub cursor: Option<String>,
}

/// Filters of `/api/v1/matters`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MattersQuery {
    /// Kind code: `foia_request`, `appeal`, `lawsuit` or `other`.
    pub kind: Option<String>,
    /// Status code, such as `submitted`, `processing`, `in_litigation`, `closed`.
    pub status: Option<String>,
    /// Agency slug; a parent agency includes its components (`dhs` includes `cbp`).
    pub agency: Option<String>,
    /// Legal theory slug, such as `foia` or `apa`: matters that plead it.
    pub theory: Option<String>,
}

/// Filters of `/api/v1/events`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Matter slug.
    pub matter: Option<String>,
    /// Event kind code, such as `submitted`, `determination`, `production`.
    pub kind: Option<String>,
    /// Earliest event date (YYYY-MM-DD), inclusive.
    pub from: Option<NaiveDate>,
    /// Latest event date (YYYY-MM-DD), inclusive.
    pub to: Option<NaiveDate>,
}

/// Filters of `/api/v1/deadlines`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlinesQuery {
    /// Matter slug.
    pub matter: Option<String>,
    /// Status as of today: `open`, `met`, `missed` (an open deadline whose day has passed), `tolled`, `vacated`.
    pub status: Option<String>,
    /// Rule id, such as `foia.response`.
    pub rule: Option<String>,
    /// Earliest due date (YYYY-MM-DD), inclusive.
    pub from: Option<NaiveDate>,
    /// Latest due date (YYYY-MM-DD), inclusive.
    pub to: Option<NaiveDate>,
}

/// Filters of `/api/v1/agencies`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AgenciesQuery {
    /// Parent agency slug: its components.
    pub parent: Option<String>,
}

/// Filters of `/api/v1/provisions`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvisionsQuery {
    /// Kind code: `statute`, `regulation`, `federal_register`, `court_rule`, `constitution`, `case`, …
    pub kind: Option<String>,
    /// Legal theory slug: the provisions it rests on.
    pub theory: Option<String>,
}

/// The names a `T` documents.
fn names<T: IntoParams>() -> Vec<String> {
    T::into_params(|| None).into_iter().map(|p| p.name).collect()
}

/// Where a list starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u64,
    /// The last id of the previous page.
    pub after: Option<i32>,
}

/// The query parameters of one request, checked against those its
/// endpoint documents.
#[derive(Debug, Clone)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Checks `pairs` against the filters `T` documents, plus paging.
    ///
    /// # Errors
    /// `Validation` naming an unknown or repeated parameter.
    pub fn parse<T: IntoParams>(pairs: Vec<(String, String)>) -> AppResult<Params> {
        let known: Vec<String> = names::<T>().into_iter().chain(names::<PageQuery>()).collect();
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !known.contains(name) {
                return Err(AppError::invalid(
                    name.clone(),
                    format!("unknown parameter; this list accepts {}", known.join(", ")),
                ));
            }
            if pairs[..i].iter().any(|(earlier, _)| earlier == name) {
                return Err(AppError::invalid(name.clone(), "given more than once"));
            }
        }
        Ok(Params { pairs })
    }

    /// The trimmed value of `name`, if given and not empty.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// A vocabulary code.
    ///
    /// # Errors
    /// `Validation` naming `name` with the accepted codes.
    pub fn code<T>(&self, name: &str, parse: fn(&str) -> Result<T, UnknownCode>) -> AppResult<Option<T>> {
        self.text(name)
            .map(|v| {
                parse(v)
                    .map_err(|e| AppError::invalid(name, format!("unknown value `{}`; use {}", e.value, e.expected)))
            })
            .transpose()
    }

    /// A `YYYY-MM-DD` date.
    ///
    /// # Errors
    /// `Validation` naming `name`.
    pub fn date(&self, name: &str) -> AppResult<Option<NaiveDate>> {
        self.text(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| AppError::invalid(name, format!("`{v}` is not a date (YYYY-MM-DD)")))
            })
            .transpose()
    }

    /// `from` and `to`, with `from` not after `to`.
    ///
    /// # Errors
    /// `Validation` naming `from` or `to`.
    pub fn date_range(&self) -> AppResult<(Option<NaiveDate>, Option<NaiveDate>)> {
        let (from, to) = (self.date("from")?, self.date("to")?);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(AppError::invalid("to", format!("{t} is before `from` ({f})")));
        }
        Ok((from, to))
    }

    /// `limit` and `cursor`.
    ///
    /// # Errors
    /// `Validation` naming `limit` or `cursor`.
    pub fn page(&self) -> AppResult<PageRequest> {
        let limit =
            match self.text("limit") {
                None => DEFAULT_LIMIT,
                Some(v) => v.parse::<u64>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                    AppError::invalid("limit", format!("`{v}` is not a number from 1 to {MAX_LIMIT}"))
                })?,
            };
        let after = self.text("cursor").map(decode_cursor).transpose()?;
        Ok(PageRequest { limit, after })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::vocab::MatterKind;

    fn params(pairs: &[(&str, &str)]) -> AppResult<Params> {
        Params::parse::<MattersQuery>(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn unknown_and_repeated_parameters_are_named() {
        assert!(params(&[("kidn", "x")]).expect_err("unknown").about("kidn").is_some());
        let twice = params(&[("kind", "appeal"), ("kind", "lawsuit")]).expect_err("twice");
        assert_eq!(twice.about("kind"), Some("given more than once".into()));
        assert!(params(&[("kind", "appeal"), ("limit", "5"), ("cursor", "")]).is_ok());
    }

    #[test]
    fn values_are_checked_naming_the_parameter() -> AppResult<()> {
        let p = params(&[("kind", "appeal"), ("status", " ")])?;
        assert_eq!(p.code("kind", MatterKind::parse)?, Some(MatterKind::Appeal));
        assert_eq!(p.text("status"), None);
        assert!(params(&[("kind", "memo")])?.code("kind", MatterKind::parse).expect_err("bad").about("kind").is_some());
        for limit in ["0", "501", "-1", "ten"] {
            assert!(params(&[("limit", limit)])?.page().expect_err(limit).about("limit").is_some());
        }
        assert_eq!(params(&[("limit", "500")])?.page()?, PageRequest { limit: 500, after: None });
        assert_eq!(params(&[])?.page()?.limit, DEFAULT_LIMIT);
        Ok(())
    }
}
