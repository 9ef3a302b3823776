//! "Sue on this request": one click turns a FOIA request (or appeal) into a
//! lawsuit that enforces it. The lawsuit is created through the same path
//! as the matter form (so a student's is a draft, and its audit entries and
//! deadlines are the same), pre-filled from the request, linked to it as
//! "lawsuit enforcing", and relies on the FOIA theory, all in one transaction.

use super::{
    matter_edit::{Saved, editable, save_in},
    matters,
};
use crate::{
    domain::vocab::{ClaimStatus, LinkKind, MatterKind},
    error::{AppError, AppResult},
    server::{
        auth::{CurrentUser, Principal},
        entities::{agency, legal_theory, matter, matter_link},
        policy,
        repo::{common::stored, workspace::new_form},
        tx::begin_write,
    },
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

/// The court a new FOIA suit starts with: the District of Columbia is
/// always a proper venue (5 U.S.C. 552(a)(4)(B)); the edit page changes it.
pub const DEFAULT_COURT: &str = "D.D.C.";

/// The slug of the legal theory every FOIA suit relies on.
pub const FOIA_THEORY: &str = "foia";

/// The longest matter title the form accepts.
const TITLE_MAX: usize = 300;

/// The new lawsuit's title: the request's, marked as its lawsuit.
pub fn lawsuit_title(request_title: &str) -> String {
    const SUFFIX: &str = " — lawsuit";
    let room = TITLE_MAX - SUFFIX.chars().count();
    let base: String = request_title.trim().chars().take(room).collect();
    format!("{}{SUFFIX}", base.trim_end())
}

/// A lawsuit `who` may see that already enforces matter `request_id`.
async fn enforced_by(
    db: &impl ConnectionTrait,
    who: &CurrentUser,
    request_id: i32,
) -> AppResult<Option<matter::Model>> {
    let suits = matter_link::Entity::find()
        .select_only()
        .column(matter_link::Column::FromMatterId)
        .filter(matter_link::Column::ToMatterId.eq(request_id))
        .filter(matter_link::Column::Kind.eq(LinkKind::LawsuitEnforcing.code()))
        .into_query();
    Ok(matter::Entity::find()
        .filter(matter::Column::Id.in_subquery(suits))
        .filter(policy::visible_matters(&Principal::User(who.clone())))
        .one(db)
        .await?)
}

/// Creates the lawsuit enforcing request (or appeal) `slug`, as `who`;
/// returns what was saved (the lawsuit's slug).
///
/// # Errors
/// `NotFound`/`Forbidden` unless `who` may edit the request; `Validation`
/// naming `slug` when it is not a FOIA request or an appeal, or a lawsuit
/// already enforces it.
pub async fn sue(db: &DatabaseConnection, who: &CurrentUser, slug: &str, today: NaiveDate) -> AppResult<Saved> {
    let txn = begin_write(db).await?;
    let request = editable(&txn, who, slug).await?;
    if !matches!(stored(&request.kind, MatterKind::parse)?, MatterKind::FoiaRequest | MatterKind::Appeal) {
        return Err(AppError::invalid("slug", "only a FOIA request or an appeal can be enforced by a lawsuit"));
    }
    if let Some(suit) = enforced_by(&txn, who, request.id).await? {
        let message = format!("“{}” already enforces this request; open it from the linked matters", suit.title);
        return Err(AppError::invalid("slug", message));
    }
    let ag = agency::Entity::find_by_id(request.agency_id).one(&txn).await?.ok_or(AppError::Internal)?;
    let mut form = new_form(MatterKind::Lawsuit.code(), Some((&request, &ag)));
    form.title = lawsuit_title(&request.title);
    form.court = DEFAULT_COURT.into();
    let saved = save_in(&txn, who, &form, today).await?;
    let suit = matter::Entity::find()
        .filter(matter::Column::Slug.eq(saved.slug.as_str()))
        .one(&txn)
        .await?
        .ok_or(AppError::Internal)?;
    let foia = legal_theory::Entity::find().filter(legal_theory::Column::Slug.eq(FOIA_THEORY)).one(&txn).await?;
    match foia {
        Some(t) => matters::add_theory(&txn, Some(who.id), suit.id, t.id, ClaimStatus::Contemplated, "").await?,
        None => tracing::warn!("no `{FOIA_THEORY}` legal theory to link the new lawsuit to"),
    }
    txn.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::lawsuit_title;

    #[test]
    fn titles_name_the_request_and_fit_the_form() {
        assert_eq!(lawsuit_title(" TVS records "), "TVS records — lawsuit");
        let long = lawsuit_title(&"x".repeat(400));
        assert_eq!(long.chars().count(), 300);
        assert!(long.ends_with(" — lawsuit"));
    }
}
