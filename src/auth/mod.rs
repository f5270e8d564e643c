//! Credentials: password hashing, random tokens, and the counters that rate
//! limit guessing.

pub mod hashing_pool;
pub mod passwords;
pub mod rate_limit;
pub mod tokens;
