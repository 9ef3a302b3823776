//! The business-day calendar: holidays, closures, and adding a closure.

use crate::{
    error::AppError,
    model::{CalendarView, ClosureAdded},
};
use leptos::prelude::*;

/// Holidays of this year and next, and every closure on the calendar.
#[server(endpoint = "calendar/get")]
pub async fn get_calendar() -> Result<CalendarView, AppError> {
    use crate::{
        domain::{calendar::federal_holidays, vocab::Role},
        model::CalendarDay,
        server::{
            auth::{Principal, principal},
            context::ctx,
            services::deadlines::load_calendar,
        },
    };
    use chrono::Datelike;
    let ctx = ctx()?;
    let who = principal().await?;
    let year = ctx.today().year();
    let holidays = (year..=year + 1)
        .flat_map(federal_holidays)
        .map(|h| CalendarDay {
            date: h.date,
            name: h.name,
            source: h.source,
            verification: "verified".into(),
            known_from: None,
            scope: String::new(),
        })
        .collect();
    let closures = load_calendar(&ctx.db)
        .await?
        .closures()
        .iter()
        .rev()
        .map(|c| CalendarDay {
            date: c.date,
            name: c.name.clone(),
            source: c.source.clone(),
            verification: c.verification.clone(),
            known_from: Some(c.known_from),
            scope: c.scope.clone().unwrap_or_default(),
        })
        .collect();
    let can_edit = matches!(who, Principal::User(ref u) if u.role == Role::Admin);
    Ok(CalendarView { holidays, closures, can_edit })
}

/// Adds a closure day (admins only) and recomputes every open deadline.
#[server(endpoint = "calendar/add_closure")]
pub async fn add_closure(date: String, name: String, source: String, scope: String) -> Result<ClosureAdded, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{auth::require_role, context::ctx, services::calendar},
    };
    let ctx = ctx()?;
    let admin = require_role(&[Role::Admin]).await?;
    let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", "use a date like 2026-12-24"))?;
    let scope = Some(scope.trim().to_string()).filter(|s| !s.is_empty());
    let new = calendar::NewClosure { date, name, source, scope };
    let report = calendar::add_closure(&ctx.db, &admin, new, ctx.today()).await?;
    Ok(ClosureAdded { date, matters: report.matters, moved: report.moved })
}
