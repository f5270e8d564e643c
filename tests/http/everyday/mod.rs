//! The everyday pages: local time, accounts, search, the pages people
//! expect.

mod accounts;
mod pages;
mod search;
mod time;
