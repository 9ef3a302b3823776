//! One test binary (faster to link): migrations, demo data, pages and access
//! over HTTP, each on SQLite and on PostgreSQL.

mod access;
mod api_v1;
mod backup;
mod calendar;
mod canary;
mod concurrency;
mod crash;
mod deadlines;
mod documents;
mod export;
mod feeds;
mod import;
mod import_web;
mod links;
mod matrix;
mod migrations;
mod observability;
mod page_cache;
mod pages;
mod portfolio;
mod provisioning;
mod public_home;
mod public_layer;
mod public_web;
mod reminders;
mod scale_out;
mod search;
mod seed_data;
mod sessions;
mod shutdown;
mod support;
mod two_factor;
mod typed_input;
mod users;
mod workspace;
