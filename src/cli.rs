//! Command line: `codraft [serve [--demo]] | migrate | backup | export | user create …`.

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "codraft", version, about = "Legislative co-drafting platform")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply migrations, then serve (the default).
    Serve {
        /// Seed demo accounts (and consultations) when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import a bill file (text, Markdown, La Fabrique de la Loi JSON or
    /// Akoma Ntoso XML) as a draft of the given sponsor.
    Import {
        file: std::path::PathBuf,
        /// The sponsor's email (a sponsor or admin account).
        #[arg(long)]
        sponsor: String,
        /// Replaces the title found in the file.
        #[arg(long)]
        title: Option<String>,
        /// Only show what the file holds, and where the import had to guess
        /// (also said on stderr when importing); save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Load a synthetic consultation of N participants (for measuring).
    Demo {
        /// Number of participants.
        #[arg(long)]
        scale: usize,
        /// Write personal API tokens of this many participants, one per line,
        /// to --tokens-file (for a load test of the vote endpoint).
        #[arg(long, default_value_t = 0)]
        tokens: usize,
        #[arg(long, default_value = "load-tokens.txt")]
        tokens_file: std::path::PathBuf,
    },
    /// Copy the database while the platform serves: SQLite with VACUUM INTO
    /// (restore: stop, put the copy in place of the database file, start);
    /// for PostgreSQL, prints the pg_dump command to use.
    Backup {
        /// A new file to write the copy to.
        path: std::path::PathBuf,
    },
    /// Write one of a bill's exports to a file: the same bytes as its
    /// public address (synthesis.md, synthesis.docx, synthesis.json,
    /// comparative-table.csv, contributions.csv, votes.json, bill.akn.xml…).
    Export {
        /// The bill's address (the end of /bills/SLUG).
        slug: String,
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a confirmed account. The password comes from
    /// CODRAFT_PASSWORD or a prompt, never from an argument.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// citizen, moderator, sponsor or admin
        #[arg(long, default_value = "citizen")]
        role: String,
        /// citizen, association, company, public_institution or elected_official
        #[arg(long, default_value = "citizen")]
        category: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the whole hash chain; name the first broken entry (exit 1).
    Verify {
        /// A head kept earlier (from /api/v1/audit/head or an open-data
        /// manifest): fail unless the chain still holds that entry with
        /// that hash.
        #[arg(long, value_name = "SEQ:HASH")]
        head: Option<crate::domain::audit::Head>,
    },
}
