//! The public home, the agency scorecards, and the statement of purpose an
//! admin sets.

use crate::{
    error::AppError,
    model::{AgencyScorecard, Home, PublicHome, Scorecard},
};
use leptos::prelude::*;

/// What `/` shows: the dashboard to a signed-in user, else the public home.
#[server(endpoint = "home")]
pub async fn get_home() -> Result<Home, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        public,
        repo::dashboard,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => Ok(Home::Public(public::public_home(&ctx.db, ctx.today(), false).await?)),
        user => Ok(Home::Dashboard(dashboard::dashboard(&ctx.db, &user, ctx.today()).await?)),
    }
}

/// The public home as anyone sees it (`/public`).
#[server(endpoint = "site/public")]
pub async fn get_public_home() -> Result<PublicHome, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{
            auth::{Principal, principal},
            context::ctx,
            public,
        },
    };
    let ctx = ctx()?;
    let admin = matches!(principal().await?, Principal::User(u) if u.role == Role::Admin);
    public::public_home(&ctx.db, ctx.today(), admin).await
}

/// The scorecard of every agency with requests the viewer may see.
#[server(endpoint = "agencies/scorecards")]
pub async fn list_scorecards() -> Result<Vec<Scorecard>, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        public,
        repo::scorecards,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => public::scorecards(&ctx.db, ctx.today()).await,
        user => scorecards::scorecards(&ctx.db, &user, ctx.today()).await,
    }
}

/// One agency's scorecard and its days late by quarter, as the viewer may
/// see them.
#[server(endpoint = "agencies/scorecard")]
pub async fn get_agency_scorecard(slug: String) -> Result<AgencyScorecard, AppError> {
    use crate::server::{
        auth::{Principal, principal},
        context::ctx,
        public,
        repo::scorecards,
    };
    let ctx = ctx()?;
    match principal().await? {
        Principal::Public => public::agency_scorecard(&ctx.db, &slug, ctx.today()).await,
        user => scorecards::agency_scorecard(&ctx.db, &user, &slug, ctx.today()).await,
    }
}

/// Sets the statement of purpose on the public home (admins only); returns
/// the text saved.
#[server(endpoint = "settings/purpose")]
pub async fn set_purpose(#[server(default)] purpose: String) -> Result<String, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{auth::require_role, context::ctx, services::site_settings},
    };
    let admin = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    site_settings::set_purpose(&ctx.db, Some(admin.id), &purpose).await
}
