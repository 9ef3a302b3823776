//! Which hits `who` may see, as SQL conditions over the hit's own row and
//! its matter (joined as `matters`). They restate, per row, what the matter
//! page shows (`repo::matter_detail`, the public layer) and what
//! [`policy`] decides: the matter must be visible
//! ([`policy::visible_matters`]); an event public or of the viewer's
//! organisation, and not deleted; a privileged note only for those who may
//! read privileged notes ([`policy::may_read_privileged`]); a document for
//! members, or released (public, its event public and not deleted) on a
//! published matter ([`policy::may_read_document`]).

use crate::{
    domain::vocab::Role,
    server::{
        auth::Principal,
        entities::{document, event, matter, matter_assignment, note},
        policy,
    },
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

/// The matter of the hit is visible.
pub fn matter(who: &Principal) -> Condition {
    policy::visible_matters(who)
}

/// The hit's matter belongs to the viewer's organisation.
fn member(who: &Principal) -> Option<Condition> {
    match who {
        Principal::Public => None,
        Principal::User(user) => Some(Condition::all().add(matter::Column::OrganizationId.eq(user.organization_id))),
    }
}

/// An event: not deleted, and public or of the viewer's organisation.
pub fn event(who: &Principal) -> Condition {
    Condition::all().add(event::Column::DeletedAt.is_null()).add(policy::child_rows_visible(
        who,
        event::Column::Public,
        event::Column::MatterId,
    ))
}

/// A note: not privileged, or the viewer is an attorney or admin of the
/// matter's organisation or a student assigned to the matter.
pub fn note(who: &Principal) -> Condition {
    let plain = Condition::any().add(note::Column::Privileged.eq(false));
    let (Principal::User(user), Some(member)) = (who, member(who)) else { return plain };
    let privileged_ok = match user.role {
        Role::Attorney | Role::Admin => member,
        Role::Student => member.add(
            note::Column::MatterId.in_subquery(
                matter_assignment::Entity::find()
                    .select_only()
                    .column(matter_assignment::Column::MatterId)
                    .filter(matter_assignment::Column::UserId.eq(user.id))
                    .into_query(),
            ),
        ),
    };
    plain.add(privileged_ok)
}

/// A document: not deleted, and the viewer is a member, or it is released.
pub fn document(who: &Principal) -> Condition {
    let released_events = event::Entity::find()
        .select_only()
        .column(event::Column::Id)
        .filter(event::Column::Public.eq(true))
        .filter(event::Column::DeletedAt.is_null())
        .into_query();
    let released = Condition::all().add(document::Column::Public.eq(true)).add(
        Condition::any()
            .add(document::Column::EventId.is_null())
            .add(document::Column::EventId.in_subquery(released_events)),
    );
    let readable = match member(who) {
        Some(member) => Condition::any().add(member).add(released),
        None => Condition::any().add(released),
    };
    Condition::all().add(document::Column::DeletedAt.is_null()).add(readable)
}
