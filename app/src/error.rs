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

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
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
