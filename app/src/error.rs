//! The one error type of the application, shared by server functions, pages
//! and the server. It crosses the wire as JSON, so it never carries database
//! messages: the server logs those and sends `Internal`.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// What went wrong, in terms a page can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or the viewer may not know that it exists.
    #[error("not found: {0}")]
    NotFound(String),
    /// The viewer must sign in first.
    #[error("please sign in")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("you are not allowed to do that")]
    Forbidden,
    /// Bad input, naming the field.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// Several fields need attention (each named).
    #[error("{}", .0.iter().map(|i| format!("{}: {}", i.field, i.message)).collect::<Vec<_>>().join("; "))]
    Fields(Vec<crate::forms::FieldIssue>),
    /// Someone else changed the record first.
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something failed on the server; details are in the server log.
    #[error("something went wrong on the server; it has been logged")]
    Internal,
    /// The request could not reach the server function or be decoded.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation { field: field.into(), message: message.into() }
    }

    /// What is wrong with `field`, if this error is about it.
    pub fn about(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation { field: f, message } if f == field => Some(message.clone()),
            AppError::Fields(issues) => issues.iter().find(|i| i.field == field).map(|i| i.message.clone()),
            _ => None,
        }
    }

    /// The error as a sentence for a person reading a page: a capital
    /// first letter, a full stop, and for a thing not found the two reasons
    /// it may be so (it is gone, or it is not theirs to see). A field's
    /// error starts with the field's name, as it is.
    pub fn sentence(&self) -> String {
        let text = match self {
            AppError::NotFound(what) => {
                format!("{what} was not found: it may have been deleted, or you may not see it")
            }
            AppError::Conflict(message) => message.clone(),
            AppError::Validation { .. } | AppError::Fields(_) => {
                return format!("{}.", self.to_string().trim_end_matches('.'));
            }
            other => other.to_string(),
        };
        let mut chars = text.trim_end_matches('.').chars();
        match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => String::new(),
        }
    }

    /// The HTTP status this error answers with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound(_) => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Validation { .. } | AppError::Fields(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments that do not decode are the caller's mistake: a 422 naming
    /// the field (serde's "missing field `q`", "invalid type … for `date`"),
    /// not a server failure.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(message) => AppError::invalid(field_named(&message), message),
            ServerFnErrorErr::MissingArg(field) => AppError::invalid(field, "is missing"),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// The field a decoding error names in backquotes, or `request`.
fn field_named(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || "_[]".contains(c)))
        .unwrap_or("request")
        .to_string()
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

/// Results across the app.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_that_do_not_decode_name_their_field() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `q`".into()));
        assert_eq!(e.about("q").as_deref(), Some("missing field `q`"));
        assert_eq!(e.status_code(), 422);
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("expected a form".into()));
        assert_eq!(e.about("request").as_deref(), Some("expected a form"));
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Request("offline".into()));
        assert_eq!(e.status_code(), 500, "a transport failure stays one");
    }

    #[test]
    fn a_page_says_an_error_as_a_sentence() {
        let gone = AppError::NotFound("event 1 on `clinic-tvs-request`".into());
        assert_eq!(
            gone.sentence(),
            "Event 1 on `clinic-tvs-request` was not found: it may have been deleted, or you may not see it."
        );
        let taken = AppError::Conflict("this file has been imported already".into());
        assert_eq!(taken.sentence(), "This file has been imported already.");
        assert_eq!(AppError::invalid("date", "is not a date.").sentence(), "date: is not a date.");
        assert_eq!(AppError::Forbidden.sentence(), "You are not allowed to do that.");
    }
}
