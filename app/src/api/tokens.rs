//! A signed-in user's personal tokens: API tokens for `/api/v1` and the
//! secret of their private calendar feed. Every function acts only on the
//! caller's own tokens.
//!
//! A new secret is shown once. With JavaScript the page shows the action's
//! answer; a plain form post is redirected back to the page, so the secret
//! rides along in a short-lived HttpOnly cookie scoped to `/account/tokens`,
//! which the next render of that page reads and clears.

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One live token, as the page lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenEntry {
    pub id: i32,
    pub name: String,
    /// The secret's first characters, to tell tokens apart.
    pub prefix: String,
    pub created: DateTime<Utc>,
    pub last_used: Option<DateTime<Utc>>,
}

/// A secret just issued, shown only once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Issued {
    /// An API token: send it as `Authorization: Bearer <secret>`.
    Api { secret: String },
    /// The address of the private feed: `…/feeds/<secret>.ics`.
    Feed { url: String },
}

/// What the tokens page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensView {
    pub api: Vec<TokenEntry>,
    /// The live feed secret, if any (its URL cannot be shown again).
    pub feed: Option<TokenEntry>,
    /// A secret issued by the form post that led here (no JavaScript).
    pub issued: Option<Issued>,
}

/// The caller's live API tokens and feed, and a secret waiting to be shown.
#[server(endpoint = "tokens/list")]
pub async fn list_tokens() -> Result<TokensView, AppError> {
    use crate::server::{
        auth::require_user,
        context::ctx,
        tokens::{self, Purpose},
    };
    let me = require_user().await?;
    let db = ctx()?.db;
    let api = tokens::live(&db, me.id, Purpose::Api).await?.into_iter().map(entry).collect();
    let feed = tokens::live(&db, me.id, Purpose::Feed).await?.into_iter().map(entry).next();
    Ok(TokensView { api, feed, issued: flash::take() })
}

/// Creates an API token named `name`; its secret is returned once.
#[server(endpoint = "tokens/create")]
pub async fn create_token(#[server(default)] name: String) -> Result<Issued, AppError> {
    use crate::server::{
        auth::require_user,
        context::ctx,
        tokens::{self, Purpose},
    };
    let me = require_user().await?;
    if name.trim().is_empty() {
        return Err(AppError::invalid("name", "is required: say where the token will be used"));
    }
    let issued = tokens::issue(&ctx()?.db, me.id, Purpose::Api, &name).await?;
    let issued = Issued::Api { secret: issued.secret };
    flash::keep(&issued);
    Ok(issued)
}

/// Revokes the caller's API token `id`.
#[server(endpoint = "tokens/revoke")]
pub async fn revoke_token(#[server(default)] id: String) -> Result<(), AppError> {
    use crate::server::{
        auth::require_user,
        context::ctx,
        tokens::{self, Purpose},
    };
    let me = require_user().await?;
    let id = id.trim().parse::<i32>().map_err(|_| AppError::invalid("id", "is not a token id"))?;
    tokens::revoke(&ctx()?.db, me.id, Purpose::Api, id).await
}

/// Creates the caller's private feed secret, replacing (revoking) any
/// earlier one; its URL is returned once.
#[server(endpoint = "tokens/feed")]
pub async fn create_feed() -> Result<Issued, AppError> {
    use crate::server::{
        auth::require_user,
        context::ctx,
        tokens::{self, Purpose},
    };
    let me = require_user().await?;
    let issued = tokens::issue(&ctx()?.db, me.id, Purpose::Feed, "Calendar feed").await?;
    let issued = Issued::Feed { url: format!("{}/feeds/{}.ics", flash::site_base(), issued.secret) };
    flash::keep(&issued);
    Ok(issued)
}

/// Revokes the caller's private feed, if they have one.
#[server(endpoint = "tokens/revoke_feed")]
pub async fn revoke_feed() -> Result<(), AppError> {
    use crate::server::{
        auth::require_user,
        context::ctx,
        tokens::{self, Purpose},
    };
    let me = require_user().await?;
    tokens::revoke_all(&ctx()?.db, me.id, Purpose::Feed).await.map(|_| ())
}

#[cfg(feature = "ssr")]
fn entry(t: crate::server::entities::personal_token::Model) -> TokenEntry {
    TokenEntry { id: t.id, name: t.name, prefix: t.prefix, created: t.created_at, last_used: t.last_used_at }
}

/// The one-time secret cookie for form posts without JavaScript.
#[cfg(feature = "ssr")]
mod flash {
    use super::Issued;
    use crate::server::request::{self, OneTimeCookie};
    use leptos::prelude::use_context;

    const COOKIE: OneTimeCookie = OneTimeCookie { name: "docket_token_once", path: "/account/tokens" };

    /// Keeps `issued` for the page a plain form post is sent back to.
    pub fn keep(issued: &Issued) {
        COOKIE.keep(&match issued {
            Issued::Api { secret } => format!("api:{secret}"),
            Issued::Feed { url } => format!("feed:{url}"),
        });
    }

    /// Where this request was sent (`https://host`), for the feed's address.
    pub fn site_base() -> String {
        let headers = use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default();
        request::site(&headers).base_url
    }

    /// The kept secret, if this request carries one; clears it.
    pub fn take() -> Option<Issued> {
        let value = COOKIE.take()?;
        match value.split_once(':')? {
            ("api", secret) => Some(Issued::Api { secret: secret.into() }),
            ("feed", url) if url.contains("/feeds/") => Some(Issued::Feed { url: url.into() }),
            _ => None,
        }
    }
}
