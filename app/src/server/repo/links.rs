//! The choices of the matter page's link forms, for those who may edit it.

use crate::{
    domain::vocab::MatterKind,
    error::AppResult,
    model::{Choice, LinkChoices},
    server::{
        auth::Principal,
        entities::{legal_theory, matter, matter_provision, matter_theory, provision},
        policy,
    },
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

/// The most other matters the link form lists; past it the form takes a
/// slug and suggests these, the most recently updated (a select of 100,000
/// matters after a log import made the page 11 MB).
pub const MATTER_CHOICES: u64 = 200;

/// What matter `m` may be linked to by `who`: the other matters `who` may
/// see, and the legal theories and provisions it does not rely on yet.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn choices(db: &impl ConnectionTrait, who: &Principal, m: &matter::Model) -> AppResult<LinkChoices> {
    let mut recent = matter::Entity::find()
        .filter(policy::visible_matters(who))
        .filter(matter::Column::Id.ne(m.id))
        .order_by_desc(matter::Column::UpdatedAt)
        .order_by_desc(matter::Column::Id)
        .limit(MATTER_CHOICES + 1)
        .all(db)
        .await?;
    let more_matters = recent.len() as u64 > MATTER_CHOICES;
    recent.truncate(MATTER_CHOICES as usize);
    recent.sort_by(|a, b| (&a.title, a.id).cmp(&(&b.title, b.id)));
    let matters = recent
        .into_iter()
        .map(|o| {
            let kind = MatterKind::parse(&o.kind).map(MatterKind::label).unwrap_or("Matter");
            Choice { label: format!("{} ({kind})", o.title), value: o.slug }
        })
        .collect();
    let theories = legal_theory::Entity::find()
        .filter(
            legal_theory::Column::Id.not_in_subquery(
                matter_theory::Entity::find()
                    .select_only()
                    .column(matter_theory::Column::TheoryId)
                    .filter(matter_theory::Column::MatterId.eq(m.id))
                    .into_query(),
            ),
        )
        .order_by_asc(legal_theory::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|t| Choice { value: t.slug, label: t.name })
        .collect();
    let provisions = provision::Entity::find()
        .filter(
            provision::Column::Id.not_in_subquery(
                matter_provision::Entity::find()
                    .select_only()
                    .column(matter_provision::Column::ProvisionId)
                    .filter(matter_provision::Column::MatterId.eq(m.id))
                    .into_query(),
            ),
        )
        .order_by_asc(provision::Column::Citation)
        .all(db)
        .await?
        .into_iter()
        .map(|p| Choice { label: format!("{}: {}", p.citation, p.title), value: p.slug })
        .collect();
    Ok(LinkChoices { matters, more_matters, theories, provisions })
}
