//! No lost updates: many clients editing the same matter at once each get
//! their edit saved or a conflict, and the saved edits are all there.

use crate::support::summary_edit;
use app::server::entities::{audit_entry, matter};
use e2e::{TestApp, both, spawn_app};
use reqwest::{Client, StatusCode, redirect::Policy};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::Arc;

const CLIENTS: usize = 16;
const EDITS: usize = 500;
const SLUG: &str = "clinic-tvs-request";

/// One client: reads the version, edits the summary, and counts outcomes.
async fn editor(app: Arc<TestApp>, n: usize) -> anyhow::Result<(usize, usize)> {
    let client = Client::builder().redirect(Policy::none()).cookie_store(true).build()?;
    let res = client
        .post(format!("{}/login", app.base))
        .form(&[("username", "attorney"), ("password", "attorney-demo")])
        .send()
        .await?;
    anyhow::ensure!(res.status() == StatusCode::SEE_OTHER);
    let (mut saved, mut conflicts) = (0, 0);
    for i in 0..EDITS {
        let current = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(&app.db).await?.expect("matter");
        let form = summary_edit(&current, current.version, &format!("edit {n}-{i}"));
        let res = client
            .post(format!("{}/api/matters/save", app.base))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await?;
        match res.status() {
            s if s.is_success() || s.is_redirection() => saved += 1,
            StatusCode::CONFLICT => conflicts += 1,
            other => anyhow::bail!("edit {n}-{i} answered {other}: {}", res.text().await?),
        }
    }
    Ok((saved, conflicts))
}

both!(concurrent_edits_land_or_conflict_and_none_is_lost, |engine| async move {
    let app = Arc::new(spawn_app(engine).await?);
    let before = matter::Entity::find().filter(matter::Column::Slug.eq(SLUG)).one(&app.db).await?.expect("matter");
    let tasks: Vec<_> = (0..CLIENTS).map(|n| tokio::spawn(editor(app.clone(), n))).collect();
    let (mut saved, mut conflicts) = (0, 0);
    for t in tasks {
        let (s, c) = t.await??;
        saved += s;
        conflicts += c;
    }
    assert_eq!(saved + conflicts, CLIENTS * EDITS, "every edit is answered");
    let after = matter::Entity::find_by_id(before.id).one(&app.db).await?.expect("matter");
    assert_eq!(after.version as usize, before.version as usize + saved, "each saved edit made exactly one version");
    let updates = audit_entry::Entity::find()
        .filter(audit_entry::Column::Entity.eq("matter"))
        .filter(audit_entry::Column::EntityId.eq(before.id))
        .filter(audit_entry::Column::Action.eq("update"))
        .all(&app.db)
        .await?;
    assert_eq!(updates.len(), saved, "each saved edit is in the history, none silently lost");
    println!("{engine:?}: {saved} saved, {conflicts} conflicts of {} edits", CLIENTS * EDITS);
    if let Ok(app) = Arc::try_unwrap(app) {
        app.cleanup().await;
    }
    Ok(())
});
