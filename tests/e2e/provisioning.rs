//! A production database from nothing, as the README's deployment section
//! does it: reference data without demo data, an organisation, its first
//! admin; bad input names the field and changes nothing.

use crate::support::count;
use e2e::{TestDb, both};
use server::cli::{
    org::{OrgAction, execute},
    user::input_problem,
};

both!(reference_data_then_an_organisation_then_its_admin, |engine| async move {
    let test_db = TestDb::create(engine).await?;
    let db = test_db.connect().await?;
    server::db::migrate(&db).await?;
    let dir = std::path::Path::new(seed::DEFAULT_DIR);
    seed::load_reference(&db, dir).await?;
    seed::load_reference(&db, dir).await?;
    for table in ["agencies", "provisions", "legal_theories", "rule_provisions", "calendar_closures"] {
        assert!(count(&db, table).await? > 0, "{table} is loaded");
    }
    for table in ["organizations", "users", "matters", "events", "deadlines"] {
        assert_eq!(count(&db, table).await?, 0, "no demo {table}");
    }
    let agencies = count(&db, "agencies").await?;
    let provisions = count(&db, "provisions").await?;

    let mut out = Vec::new();
    let add =
        |slug: &str, name: &str| OrgAction::Add { slug: slug.into(), name: name.into(), description: String::new() };
    execute(&db, add("east-clinic", "East Clinic"), &mut out).await?;
    for (slug, name, field) in
        [("East Clinic", "x", "slug"), ("-east", "x", "slug"), ("east-clinic", "Again", "slug"), ("west", " ", "name")]
    {
        let err = execute(&db, add(slug, name), &mut out).await.expect_err("refused");
        let problem = input_problem(&err).expect("an input problem");
        assert!(problem.starts_with(&format!("{field}:")), "{slug:?}/{name:?}: {problem}");
    }
    assert_eq!(count(&db, "organizations").await?, 1);
    execute(&db, OrgAction::List, &mut out).await?;
    assert!(String::from_utf8(out)?.contains("east-clinic\tEast Clinic"));

    let new = app::server::services::users::NewAccount {
        username: "boss".into(),
        name: "Boss".into(),
        email: String::new(),
        role: app::domain::vocab::Role::Admin,
        organization_slug: "east-clinic".into(),
        password: Some("a long passphrase here".into()),
    };
    app::server::services::users::add_user(&db, None, new).await?;
    assert_eq!(count(&db, "users").await?, 1);
    assert_eq!(
        (count(&db, "agencies").await?, count(&db, "provisions").await?),
        (agencies, provisions),
        "loading twice changed nothing"
    );
    let _ = db.close().await;
    test_db.cleanup().await;
    Ok(())
});
