//! One test binary (faster to link): migrations, demo data, pages and access
//! over HTTP, each on SQLite and on PostgreSQL.

mod access;
mod calendar;
mod canary;
mod concurrency;
mod deadlines;
mod matrix;
mod migrations;
mod pages;
mod seed_data;
mod sessions;
mod support;
mod users;
mod workspace;
