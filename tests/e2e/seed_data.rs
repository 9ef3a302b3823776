//! The demo data loads completely, and loading it again changes nothing.

use crate::support::{TABLES, count};
use e2e::{TestDb, both};
use std::path::Path;

both!(seed_is_idempotent, |engine| async move {
    let tdb = TestDb::create(engine).await?;
    let db = tdb.connect().await?;
    server::db::migrate(&db).await?;
    let dir = Path::new(seed::DEFAULT_DIR);
    let first = seed::load_dir(&db, dir).await?;
    assert!(first.matters_created >= 10, "at least ten demo matters: {first}");
    assert_eq!(first.users_created, 4, "one demo user per role plus another organisation's attorney");
    let mut before = Vec::new();
    for t in TABLES {
        before.push((t, count(&db, t).await?));
    }
    assert!(count(&db, "deadlines").await? > 0, "computed deadlines were stored");
    let second = seed::load_dir(&db, dir).await?;
    assert_eq!(second.matters_created, 0);
    assert_eq!(second.users_created, 0);
    for (t, n) in before {
        assert_eq!(count(&db, t).await?, n, "{t} unchanged by a second load");
    }
    db.close().await?;
    tdb.cleanup().await;
    anyhow::Ok(())
});

#[tokio::test]
async fn a_bad_file_names_the_file_and_writes_nothing() -> anyhow::Result<()> {
    let tdb = TestDb::create(e2e::Engine::Sqlite).await?;
    let db = tdb.connect().await?;
    server::db::migrate(&db).await?;
    let dir = std::env::temp_dir().join(format!("docket-seed-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("matters"))?;
    for f in ["organizations.toml", "users.toml", "agencies.toml", "provisions.toml", "theories.toml"] {
        std::fs::copy(Path::new(seed::DEFAULT_DIR).join(f), dir.join(f))?;
    }
    std::fs::write(
        dir.join("matters/01-bad.toml"),
        "slug = \"bad\"\nkind = \"subpoena\"\ntitle = \"Bad\"\nagency = \"cbp\"\nstatus = \"draft\"\npublic = false\norganization = \"border-privacy-clinic\"\nverification = \"placeholder\"\n",
    )?;
    let err = seed::load_dir(&db, &dir).await.expect_err("an unknown kind is refused").to_string();
    assert!(err.contains("01-bad.toml") && err.contains("kind") && err.contains("subpoena"), "{err}");
    assert_eq!(count(&db, "users").await?, 0, "nothing half-saved");
    assert_eq!(count(&db, "provisions").await?, 0, "nothing half-saved");
    std::fs::write(dir.join("matters/01-bad.toml"), "slug = \"bad\"\nkind = = 1\n")?;
    let err = seed::load_dir(&db, &dir).await.expect_err("a syntax error is refused").to_string();
    assert!(err.contains("01-bad.toml") && err.contains("line 2"), "{err}");
    std::fs::remove_dir_all(dir)?;
    db.close().await?;
    tdb.cleanup().await;
    Ok(())
}
