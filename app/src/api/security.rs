//! The account's sign-in security: the optional second factor (TOTP) for
//! attorneys and admins. Each function acts on the caller's own account.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A secret being set up, shown to its owner until confirmed or cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    /// Base32, for typing into an app by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub url: String,
    /// The QR code, as SVG markup made on the server.
    pub qr_svg: String,
}

/// What the security page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityView {
    pub enabled: bool,
    /// Whether the caller's role may turn it on (attorneys and admins).
    pub allowed: bool,
    pub setup: Option<SetupView>,
}

/// The caller's second-factor state.
#[server(endpoint = "security/status")]
pub async fn security_status() -> Result<SecurityView, AppError> {
    use crate::server::{auth::require_user, context::ctx, services::second_factor};
    let me = require_user().await?;
    let s = second_factor::status(&ctx()?.db, &me).await?;
    Ok(SecurityView {
        enabled: s.enabled,
        allowed: s.allowed,
        setup: s.setup.map(|x| SetupView { secret: x.secret, url: x.url, qr_svg: x.qr_svg }),
    })
}

/// Starts setting up the second factor: a new secret to scan.
#[server(endpoint = "security/begin")]
pub async fn begin_two_factor() -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::second_factor};
    let me = require_user().await?;
    second_factor::begin(&ctx()?.db, &me).await
}

/// Turns the second factor on, given the first code from the app.
#[server(endpoint = "security/confirm")]
pub async fn confirm_two_factor(#[server(default)] code: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::second_factor};
    let me = require_user().await?;
    second_factor::confirm(&ctx()?.db, &me, &code).await
}

/// Abandons a set-up that was not confirmed.
#[server(endpoint = "security/cancel")]
pub async fn cancel_two_factor() -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::second_factor};
    let me = require_user().await?;
    second_factor::cancel(&ctx()?.db, &me).await
}

/// Turns the second factor off, given a current code.
#[server(endpoint = "security/disable")]
pub async fn disable_two_factor(#[server(default)] code: String) -> Result<(), AppError> {
    use crate::server::{auth::require_user, context::ctx, services::second_factor};
    let me = require_user().await?;
    second_factor::disable(&ctx()?.db, &me, &code).await
}
