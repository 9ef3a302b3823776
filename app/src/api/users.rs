//! User management for admins: list, add, change a role, reset a password.
//! Every function checks first that an admin is asking.
//!
//! A generated password is shown once. With JavaScript the page shows the
//! action's answer; a plain form post (no JavaScript) is redirected back to
//! the page, so the password rides along in a short-lived HttpOnly cookie
//! scoped to `/admin/users`, which the next render of that page reads and
//! clears.

use crate::{domain::vocab::Role, error::AppError};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One account, as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntry {
    pub username: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub organization: String,
}

/// A password to hand over, shown only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordIssued {
    pub username: String,
    pub password: String,
    /// Whether the account was just added (else its password was reset).
    pub added: bool,
}

/// A role change that was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSet {
    pub username: String,
    pub role: Role,
}

/// What the admin page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersAdmin {
    pub users: Vec<UserEntry>,
    /// Every organisation, as `(slug, name)`.
    pub organizations: Vec<(String, String)>,
    /// The admin looking (their own password is reset on the command line).
    pub me: String,
    /// A password issued by the form post that led here (no JavaScript).
    pub issued: Option<PasswordIssued>,
}

/// Every user, the organisations, and a password waiting to be shown.
#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<UsersAdmin, AppError> {
    use crate::server::{auth::require_role, context::ctx, services::users};
    let me = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    let users = users::list_users(&ctx.db)
        .await?
        .into_iter()
        .map(|u| UserEntry {
            username: u.username,
            name: u.name,
            email: u.email,
            role: u.role,
            organization: u.organization,
        })
        .collect();
    let organizations = users::organizations(&ctx.db).await?;
    Ok(UsersAdmin { users, organizations, me: me.username, issued: flash::take() })
}

/// Adds a user with a generated password (returned once).
#[server(endpoint = "users/add")]
pub async fn add_user(
    #[server(default)] username: String,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] role: String,
    #[server(default)] organization: String,
) -> Result<PasswordIssued, AppError> {
    use crate::server::{auth::require_role, context::ctx, services::users};
    let admin = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    let role = parse_role(&role)?;
    let new = users::NewAccount { username, name, email, role, organization_slug: organization, password: None };
    let username = new.username.trim().to_string();
    let (_, password) = users::add_user(&ctx.db, Some(admin.id), new).await?;
    let issued = PasswordIssued { username, password, added: true };
    flash::keep(&issued);
    Ok(issued)
}

/// Changes a user's role.
#[server(endpoint = "users/set_role")]
pub async fn set_role(
    #[server(default)] username: String,
    #[server(default)] role: String,
) -> Result<RoleSet, AppError> {
    use crate::server::{auth::require_role, context::ctx, services::users};
    let admin = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    let username = required_username(&username)?;
    let role = parse_role(&role)?;
    users::set_role(&ctx.db, Some(admin.id), &username, role).await?;
    Ok(RoleSet { username, role })
}

/// Gives a user a new generated password (returned once) and ends their
/// sessions. Admins reset their own on the command line, since this would
/// sign them out before they saw it.
#[server(endpoint = "users/reset_password")]
pub async fn reset_password(#[server(default)] username: String) -> Result<PasswordIssued, AppError> {
    use crate::server::{auth::require_role, context::ctx, services::users};
    let admin = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    let username = required_username(&username)?;
    if username == admin.username {
        return Err(AppError::invalid(
            "username",
            "this is your own account; use `docket user reset-password` or ask another admin",
        ));
    }
    let password = users::reset_password(&ctx.db, Some(admin.id), &username).await?;
    let issued = PasswordIssued { username, password, added: false };
    flash::keep(&issued);
    Ok(issued)
}

#[cfg(feature = "ssr")]
fn parse_role(code: &str) -> Result<Role, AppError> {
    Role::parse(code).map_err(|e| AppError::invalid("role", format!("unknown value `{}`; use {}", e.value, e.expected)))
}

#[cfg(feature = "ssr")]
fn required_username(username: &str) -> Result<String, AppError> {
    let username = username.trim();
    if username.is_empty() { Err(AppError::invalid("username", "is required")) } else { Ok(username.to_string()) }
}

/// The one-time password cookie for form posts without JavaScript.
#[cfg(feature = "ssr")]
mod flash {
    use super::PasswordIssued;
    use crate::server::request::OneTimeCookie;

    const COOKIE: OneTimeCookie = OneTimeCookie { name: "docket_password_once", path: "/admin/users" };

    /// Keeps `issued` for the page a plain form post is sent back to.
    pub fn keep(issued: &PasswordIssued) {
        let kind = if issued.added { "added" } else { "reset" };
        COOKIE.keep(&format!("{kind}:{}:{}", issued.username, issued.password));
    }

    /// The kept password, if this request carries one; clears it.
    pub fn take() -> Option<PasswordIssued> {
        let value = COOKIE.take()?;
        let mut fields = value.splitn(3, ':');
        let added = fields.next()? == "added";
        let username = fields.next()?.to_string();
        let password = fields.next()?.to_string();
        Some(PasswordIssued { username, password, added })
    }
}
