//! Kept by hand: only types both backends share (BigInt ids, Text, Integer,
//! Bool, Timestamp holding UTC).

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        role -> Text,
        category -> Text,
        locale -> Text,
        email_confirmed_at -> Nullable<Timestamp>,
        session_generation -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        notify -> Text,
        last_digest_at -> Nullable<Timestamp>,
        name_public -> Bool,
        banned_at -> Nullable<Timestamp>,
        ban_reason -> Nullable<Text>,
        name_key -> Nullable<Text>,
        category_verified -> Bool,
        banned_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        label -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        scope -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        message_id -> Text,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        body_html -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    bills (id) {
        id -> BigInt,
        slug -> Text,
        title -> Text,
        summary -> Text,
        status -> Text,
        opens_at -> Nullable<Timestamp>,
        closes_at -> Nullable<Timestamp>,
        source -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        contributions_count -> Integer,
        proposals_count -> Integer,
        votes_count -> Integer,
        participants_count -> Integer,
        reminder_sent_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    bill_sponsors (bill_id, user_id) {
        bill_id -> BigInt,
        user_id -> BigInt,
        added_at -> Timestamp,
    }
}

diesel::table! {
    bill_sections (id) {
        id -> BigInt,
        bill_id -> BigInt,
        position -> Integer,
        level -> Integer,
        kind -> Text,
        label -> Text,
        heading -> Text,
    }
}

diesel::table! {
    articles (id) {
        id -> BigInt,
        bill_id -> BigInt,
        section_id -> Nullable<BigInt>,
        position -> Integer,
        label -> Text,
        heading -> Nullable<Text>,
        body -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        votes_agree -> Integer,
        votes_mixed -> Integer,
        votes_disagree -> Integer,
        arguments_count -> Integer,
        amendments_count -> Integer,
        sources_count -> Integer,
        search_terms -> Text,
        fate -> Nullable<Text>,
        origin_id -> Nullable<BigInt>,
        explanation -> Nullable<Text>,
    }
}

diesel::table! {
    article_versions (id) {
        id -> BigInt,
        article_id -> BigInt,
        version -> Integer,
        label -> Text,
        heading -> Nullable<Text>,
        body -> Text,
        reason -> Nullable<Text>,
        author_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    bill_transitions (id) {
        id -> BigInt,
        bill_id -> BigInt,
        from_status -> Text,
        to_status -> Text,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    contributions (id) {
        id -> BigInt,
        bill_id -> BigInt,
        article_id -> Nullable<BigInt>,
        parent_id -> Nullable<BigInt>,
        kind -> Text,
        stance -> Nullable<Text>,
        title -> Nullable<Text>,
        body -> Text,
        proposed_text -> Nullable<Text>,
        deletes_article -> Bool,
        url -> Nullable<Text>,
        after_article_id -> Nullable<BigInt>,
        article_version -> Nullable<Integer>,
        author_id -> BigInt,
        status -> Text,
        idempotency_key -> Nullable<Text>,
        votes_agree -> Integer,
        votes_mixed -> Integer,
        votes_disagree -> Integer,
        votes_support -> Integer,
        arguments_count -> Integer,
        sources_count -> Integer,
        support_score -> Integer,
        controversy_score -> Integer,
        random_key -> BigInt,
        search_terms -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        edited_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        reports_count -> Integer,
        moderation -> Nullable<Text>,
    }
}

diesel::table! {
    contribution_versions (id) {
        id -> BigInt,
        contribution_id -> BigInt,
        title -> Nullable<Text>,
        body -> Text,
        proposed_text -> Nullable<Text>,
        url -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    votes (user_id, target_kind, target_id) {
        user_id -> BigInt,
        target_kind -> Text,
        target_id -> BigInt,
        bill_id -> BigInt,
        value -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    bill_participants (bill_id, user_id) {
        bill_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    follows (user_id, bill_id) {
        user_id -> BigInt,
        bill_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        bill_id -> BigInt,
        contribution_id -> Nullable<BigInt>,
        kind -> Text,
        created_at -> Timestamp,
        emailed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        target_kind -> Text,
        target_id -> Nullable<BigInt>,
        bill_id -> Nullable<BigInt>,
        reason -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
        keyed -> Bool,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        contribution_id -> BigInt,
        reporter_id -> BigInt,
        reason -> Text,
        details -> Nullable<Text>,
        created_at -> Timestamp,
        outcome_sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(bill_sponsors -> bills (bill_id));
diesel::joinable!(bill_sponsors -> users (user_id));
diesel::joinable!(articles -> bills (bill_id));
diesel::joinable!(article_versions -> articles (article_id));
diesel::joinable!(bill_transitions -> bills (bill_id));
diesel::joinable!(contributions -> users (author_id));
diesel::joinable!(contributions -> bills (bill_id));
diesel::joinable!(follows -> users (user_id));
diesel::joinable!(follows -> bills (bill_id));
diesel::joinable!(notifications -> bills (bill_id));
diesel::table! {
    moderation_cases (contribution_id) {
        contribution_id -> BigInt,
        bill_id -> BigInt,
        reason -> Nullable<Text>,
        moderated_at -> Nullable<Timestamp>,
        moderated_by -> Nullable<BigInt>,
        original_title -> Nullable<Text>,
        original_body -> Nullable<Text>,
        original_proposed_text -> Nullable<Text>,
        original_url -> Nullable<Text>,
        contested_at -> Nullable<Timestamp>,
        contest_text -> Nullable<Text>,
        in_queue -> Bool,
        urgency -> Integer,
        queued_at -> Nullable<Timestamp>,
        personal_data -> Nullable<Text>,
        minhash -> Nullable<Text>,
        duplicate_of -> Nullable<BigInt>,
        duplicates_count -> Integer,
    }
}

diesel::table! {
    contribution_bands (bill_id, band, hash, contribution_id) {
        bill_id -> BigInt,
        band -> Integer,
        hash -> BigInt,
        contribution_id -> BigInt,
    }
}

diesel::table! {
    themes (id) {
        id -> BigInt,
        bill_id -> BigInt,
        article_id -> Nullable<BigInt>,
        title -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contribution_themes (contribution_id, theme_id) {
        contribution_id -> BigInt,
        theme_id -> BigInt,
    }
}

diesel::table! {
    synthesis_notes (article_id) {
        article_id -> BigInt,
        bill_id -> BigInt,
        body -> Text,
        author_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    report_forewords (bill_id) {
        bill_id -> BigInt,
        body -> Text,
        author_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    decisions (contribution_id) {
        contribution_id -> BigInt,
        bill_id -> BigInt,
        decision -> Text,
        justification -> Nullable<Text>,
        wording -> Nullable<Text>,
        decided_by -> BigInt,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    final_wordings (article_id) {
        article_id -> BigInt,
        bill_id -> BigInt,
        body -> Text,
        author_id -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(moderation_cases -> contributions (contribution_id));
diesel::joinable!(contribution_themes -> themes (theme_id));
diesel::joinable!(contribution_themes -> contributions (contribution_id));
diesel::joinable!(decisions -> contributions (contribution_id));
diesel::joinable!(contribution_versions -> contributions (contribution_id));
diesel::table! {
    revoked_sessions (session_id) {
        session_id -> Text,
        user_id -> BigInt,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_counts (kind, key, bucket) {
        kind -> Text,
        key -> Text,
        bucket -> BigInt,
        hits -> Integer,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    site_pages (slug, locale) {
        slug -> Text,
        locale -> Text,
        body -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<BigInt>,
    }
}

diesel::table! {
    contribution_html (contribution_id) {
        contribution_id -> BigInt,
        render_version -> Integer,
        body_html -> Text,
        proposed_text_html -> Nullable<Text>,
    }
}

diesel::table! {
    page_generations (bill_id) {
        bill_id -> BigInt,
        generation -> BigInt,
        tally -> BigInt,
    }
}

diesel::table! {
    pending_scans (contribution_id) {
        contribution_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_locks (name) {
        name -> Text,
        runs -> BigInt,
    }
}

diesel::joinable!(contribution_html -> contributions (contribution_id));
diesel::joinable!(pending_scans -> contributions (contribution_id));
diesel::joinable!(page_generations -> bills (bill_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    email_tokens,
    api_tokens,
    outbox,
    bills,
    bill_sponsors,
    bill_sections,
    articles,
    article_versions,
    bill_transitions,
    contributions,
    contribution_versions,
    votes,
    bill_participants,
    follows,
    notifications,
    audit_log,
    reports,
    moderation_cases,
    contribution_bands,
    themes,
    contribution_themes,
    synthesis_notes,
    report_forewords,
    decisions,
    final_wordings,
    contribution_html,
    page_generations,
    pending_scans,
);

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    contribution_themes::theme_id,
    contributions::kind,
    contributions::stance,
);
