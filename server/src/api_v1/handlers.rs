//! The handlers, each documented for the OpenAPI document. Lists are ordered
//! by id and paged with `limit` and the opaque `cursor`.

use super::{ApiError, Pairs, list_request, principal, reply};
use app::server::{
    context::AppContext,
    public_api::{
        dto::{AgencyPage, DeadlinePage, EventPage, MatterDetail, MatterPage, ProvisionPage, TheoryPage},
        matters,
        params::{AgenciesQuery, DeadlinesQuery, EventsQuery, MattersQuery, PageQuery, ProvisionsQuery},
        reference, timeline,
    },
};
use axum::{
    extract::{Path, Query, State, rejection::QueryRejection},
    http::HeaderMap,
    response::Response,
};

type QueryResult = Result<Query<Pairs>, QueryRejection>;

/// Matters: published ones without a token; with one, also the user's organisation's.
#[utoipa::path(
    get, path = "/api/v1/matters", tag = "matters",
    params(MattersQuery, PageQuery),
    responses(
        (status = 200, description = "A page of matters", body = MatterPage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_matters(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (who, params) = list_request::<MattersQuery>(&ctx, &headers, query).await?;
            matters::list(&ctx.db, &who, &params).await
        }
        .await,
    )
}

/// One matter with its theories, provisions and links to the matters the caller may see.
#[utoipa::path(
    get, path = "/api/v1/matters/{slug}", tag = "matters",
    params(("slug" = String, Path, description = "The matter's slug")),
    responses(
        (status = 200, description = "The matter", body = MatterDetail),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
        (status = 404, description = "No such matter, or not one the caller may see", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn get_matter(State(ctx): State<AppContext>, headers: HeaderMap, Path(slug): Path<String>) -> Response {
    reply(
        async {
            let who = principal(&ctx, &headers).await?;
            matters::get(&ctx.db, &who, &slug).await
        }
        .await,
    )
}

/// Events of the visible matters: public ones, and with a token all of the user's organisation's.
#[utoipa::path(
    get, path = "/api/v1/events", tag = "timeline",
    params(EventsQuery, PageQuery),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_events(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (who, params) = list_request::<EventsQuery>(&ctx, &headers, query).await?;
            timeline::events(&ctx.db, &who, &params).await
        }
        .await,
    )
}

/// Deadlines of the visible matters, with their status as of today.
#[utoipa::path(
    get, path = "/api/v1/deadlines", tag = "timeline",
    params(DeadlinesQuery, PageQuery),
    responses(
        (status = 200, description = "A page of deadlines", body = DeadlinePage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_deadlines(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (who, params) = list_request::<DeadlinesQuery>(&ctx, &headers, query).await?;
            timeline::deadlines(&ctx.db, &who, &params, ctx.today()).await
        }
        .await,
    )
}

/// Agencies and their components.
#[utoipa::path(
    get, path = "/api/v1/agencies", tag = "reference",
    params(AgenciesQuery, PageQuery),
    responses(
        (status = 200, description = "A page of agencies", body = AgencyPage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_agencies(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (_, params) = list_request::<AgenciesQuery>(&ctx, &headers, query).await?;
            reference::agencies(&ctx.db, &params).await
        }
        .await,
    )
}

/// Legal theories.
#[utoipa::path(
    get, path = "/api/v1/theories", tag = "reference",
    params(PageQuery),
    responses(
        (status = 200, description = "A page of legal theories", body = TheoryPage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_theories(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (_, params) = list_request::<PageQuery>(&ctx, &headers, query).await?;
            reference::theories(&ctx.db, &params).await
        }
        .await,
    )
}

/// Provisions: statutes, regulations, rules and other legal texts.
#[utoipa::path(
    get, path = "/api/v1/provisions", tag = "reference",
    params(ProvisionsQuery, PageQuery),
    responses(
        (status = 200, description = "A page of provisions", body = ProvisionPage),
        (status = 400, description = "A bad parameter, named in `error.field`", body = ApiError),
        (status = 401, description = "A malformed, unknown or revoked token", body = ApiError),
    ),
    security((), ("bearer" = []))
)]
pub async fn list_provisions(State(ctx): State<AppContext>, headers: HeaderMap, query: QueryResult) -> Response {
    reply(
        async {
            let (_, params) = list_request::<ProvisionsQuery>(&ctx, &headers, query).await?;
            reference::provisions(&ctx.db, &params).await
        }
        .await,
    )
}
