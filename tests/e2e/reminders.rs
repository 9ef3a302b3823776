//! The daily job: it runs once per day however many servers race for it,
//! marks past-due court-ordered deadlines missed, writes each user a digest
//! of only their matters, and e-mails each digest exactly once (to a small
//! SMTP sink that speaks the protocol).

use app::server::entities::{deadline, matter, matter_assignment, notification, user};
use chrono::NaiveDate;
use e2e::{both, spawn_app};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use server::jobs::{Mailer, run_daily, send_pending};
use std::sync::{Arc, Mutex};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// A minimal SMTP server that accepts every message and keeps its recipients.
async fn smtp_sink() -> anyhow::Result<(String, Arc<Mutex<Vec<String>>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("smtp://{}", listener.local_addr()?);
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                let (mut rcpt, mut in_data) = (String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line != "." {
                            continue;
                        }
                        in_data = false;
                        sink.lock().expect("sink").push(std::mem::take(&mut rcpt));
                        b"250 queued\r\n"
                    } else {
                        match line.get(..4).unwrap_or_default().to_ascii_uppercase().as_str() {
                            "EHLO" | "HELO" => b"250-sink\r\n250 8BITMIME\r\n",
                            "RCPT" => {
                                rcpt = line.clone();
                                b"250 ok\r\n"
                            }
                            "DATA" => {
                                in_data = true;
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        }
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    Ok((url, got))
}

both!(daily_job_runs_once_writes_own_digests_and_mails_each_once, |engine| async move {
    let app = spawn_app(engine).await?;
    let db = &app.db;
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");

    // A court-ordered deadline that passed while open becomes missed.
    let m = matter::Entity::find().filter(matter::Column::Slug.eq("clinic-tvs-request")).one(db).await?.expect("demo");
    let ordered = deadline::ActiveModel {
        matter_id: Set(m.id),
        rule_id: Set(Some("court.ordered".into())),
        title: Set("Joint status report".into()),
        due_date: Set(NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")),
        status: Set("open".into()),
        owed_by: Set("us".into()),
        explanation: Set(String::new()),
        unsettled: Set(false),
        public: Set(false),
        source: Set("entered".into()),
        verification: Set("verified".into()),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;

    // Two servers race for the day: exactly one runs it.
    let (a, b) = tokio::join!(
        run_daily(db, today, "https://docket.example", false),
        run_daily(db, today, "https://docket.example", false)
    );
    let reports: Vec<_> = [a?, b?].into_iter().flatten().collect();
    assert_eq!(reports.len(), 1, "the day's job ran once, not once per server");
    assert!(reports[0].digests > 0, "the demo data has deadlines due or late: {}", reports[0]);
    let status = deadline::Entity::find_by_id(ordered.id).one(db).await?.expect("row").status;
    assert_eq!(status, "missed");
    assert!(run_daily(db, today, "https://docket.example", false).await?.is_none(), "a third call finds it done");
    let again = run_daily(db, today, "https://docket.example", true).await?.expect("forced");
    assert_eq!(again.digests, 0, "a forced rerun writes no second digest for the day");

    // Each digest holds only the user's own matters.
    let digests = notification::Entity::find().filter(notification::Column::Day.eq(today)).all(db).await?;
    assert_eq!(digests.len(), reports[0].digests);
    let users = user::Entity::find().all(db).await?;
    let assigned: Vec<i32> =
        matter_assignment::Entity::find().all(db).await?.into_iter().map(|a| a.matter_id).collect();
    for d in &digests {
        let u = users.iter().find(|u| u.id == d.user_id).expect("user");
        for slug in
            serde_json::from_str::<Vec<serde_json::Value>>(&d.items)?.iter().filter_map(|i| i["matter_slug"].as_str())
        {
            let m = matter::Entity::find().filter(matter::Column::Slug.eq(slug)).one(db).await?.expect("matter");
            assert_eq!(m.organization_id, u.organization_id, "{} sees only their organization's matters", u.username);
            if u.role == "student" {
                assert!(assigned.contains(&m.id), "a student's digest holds only assigned matters");
            }
        }
        assert!(d.body.contains("https://docket.example/matters/"), "the e-mail links each matter");
    }

    // Two servers sending at once: every digest goes out exactly once.
    let (url, got) = smtp_sink().await?;
    let mailer = Mailer::new(&url, "Docket <docket@example.org>")?;
    let (x, y) = tokio::join!(send_pending(db, &mailer), send_pending(db, &mailer));
    assert_eq!(x? + y?, digests.len());
    assert_eq!(send_pending(db, &mailer).await?, 0, "nothing is sent twice");
    let mut rcpts = got.lock().expect("sink").clone();
    rcpts.sort();
    rcpts.dedup();
    assert_eq!(rcpts.len(), digests.len(), "one message per recipient, none duplicated");

    // The page shows the user's digest, and only to them.
    app.login("attorney", "attorney-demo").await?;
    let page = app.page("/notifications").await?;
    assert!(page.contains("Overdue") || page.contains("Due within 5 business days"), "the digest is on the page");
    app.cleanup().await;
    Ok(())
});
