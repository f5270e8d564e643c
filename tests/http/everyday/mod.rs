//! The everyday pages: local time, accounts, search, the pages people
//! expect.

mod accounts;
mod search;
mod time;
