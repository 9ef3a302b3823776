//! The command line and the app agree: the due dates the app stored for the
//! demo matters are the ones `docket deadline` prints for the same inputs.

use app::server::entities::{deadline, event, matter};
use e2e::{both, spawn_app};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::cli::deadline::{DeadlineArgs, run};

fn cli_due(rule: &str, trigger: &str, extension: bool, agency: Option<&str>) -> anyhow::Result<String> {
    let args = DeadlineArgs {
        rule: Some(rule.into()),
        trigger: Some(trigger.into()),
        extension,
        agency: agency.map(String::from),
        calendar: "federal".into(),
        ..Default::default()
    };
    let mut out = Vec::new();
    run(&args, &mut out)?;
    Ok(String::from_utf8(out)?.lines().next().unwrap_or_default().to_string())
}

both!(stored_due_dates_match_the_command_line, |engine| async move {
    let app = spawn_app(engine).await?;
    // (matter, rule, CLI flags) from REFERENCE.md section 8's worked examples.
    let cases = [
        ("clinic-ice-holiday-request", "foia.response", false, None, "2026-01-23"),
        ("clinic-tvs-request", "foia.response", true, None, "2026-02-18"),
        ("clinic-tvs-request", "foia.appeal_window", false, Some("CBP"), "2026-06-11"),
        ("clinic-tvs-appeal", "foia.appeal_response", false, None, "2026-03-30"),
        ("aclu-nyclu-request", "foia.response", false, None, "2020-02-07"),
    ];
    for (slug, rule, extension, agency, expected) in cases {
        let m = matter::Entity::find().filter(matter::Column::Slug.eq(slug)).one(&app.db).await?.expect(slug);
        let d = deadline::Entity::find()
            .filter(deadline::Column::MatterId.eq(m.id))
            .filter(deadline::Column::RuleId.eq(rule))
            .one(&app.db)
            .await?
            .unwrap_or_else(|| panic!("{slug} has a {rule} deadline"));
        let trigger =
            event::Entity::find_by_id(d.trigger_event_id.expect("computed")).one(&app.db).await?.expect("event");
        let printed = cli_due(rule, &trigger.date.to_string(), extension, agency)?;
        assert_eq!(printed, d.due_date.to_string(), "{slug} {rule}: CLI and app agree");
        assert_eq!(printed, expected, "{slug} {rule}: REFERENCE.md's date");
    }
    app.cleanup().await;
    anyhow::Ok(())
});
