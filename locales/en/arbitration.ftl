decision-choose = — choose —
error-decision-required = Choose a decision.
arbitration-diff-hint = Changes proposed to the article's current text:
arbitration-to-refused = Go to item no. { $id }
diff-before = Before:
diff-after = After:

# Confirmations
confirm-what = What will happen
confirm-cancel = Cancel
confirm-irreversible = This cannot be undone.
confirm-publish-title = Publish the synthesis
confirm-publish-effect = The decisions on the amendments and proposals ({ $count }), the final text and the synthesis will be published together and become public; the consultation closes for good.
confirm-publish-mail = { $authors ->
        [0] No author has an email to receive.
        [one] The author will get an email with the decision and its justification for each of their contributions.
       *[other] Each of the { $authors } authors will get an email with the decision and its justification for each of their contributions.
    }
confirm-publish-changed = Articles changed
confirm-publish-deleted = Articles deleted
confirm-publish-added = Articles added from proposals
confirm-publish-button = Confirm publication
confirm-close-title = Close the consultation
confirm-close-effect = Participation stops: nobody will be able to contribute, vote, edit or withdraw a contribution any more.
confirm-close-figures = So far: { $contributions } { $c ->
        [one] contribution
       *[other] contributions
    } from { $participants } { $p ->
        [one] participant
       *[other] participants
    }, { $votes } { $v ->
        [one] vote
       *[other] votes
    }.
confirm-close-next = You can then decide on every amendment and proposal, and publish the synthesis.
confirm-open-title = Open the consultation
confirm-open-effect = The text becomes public: everyone can read it, vote, argue, amend and propose articles.
confirm-open-until = The consultation will end on { $date }.
confirm-withdraw-title = Withdraw my contribution
confirm-withdraw-what = Your contribution { $what } will be withdrawn: its text will no longer be shown or exported.
confirm-withdraw-votes = The { $votes } votes it received will no longer count.
confirm-withdraw-button = Confirm withdrawal
confirm-ban-title = Suspend { $name }
confirm-ban-who = Suspend the account of { $name }:
confirm-ban-until = The account of { $name } will be suspended until { $until }; the suspension ends by itself then.
confirm-ban-permanent = The account of { $name } will be suspended for good, until a moderator lifts the suspension.
confirm-ban-effect = While suspended, the person can read and manage their account, but can no longer contribute, vote or report.
confirm-ban-reason = Reason: { $reason }
confirm-ban-button = Confirm suspension
field-ban-duration = Length of the suspension
ban-duration-7d = 7 days
ban-duration-30d = 30 days
ban-duration-permanent = Permanent
error-ban-duration-required = Choose a length: 7 days, 30 days or permanent.
error-ban-duration-invalid = Unknown length: 7 days, 30 days or permanent.

# Emails
email-decisions-subject = The decisions on your contributions — { $bill }
email-decisions-intro = The synthesis of the consultation "{ $bill }" is published. Here is the sponsor's decision on { $count ->
        [one] your contribution
       *[other] each of your { $count } contributions
    }:
email-decisions-decision = Decision:
email-decisions-justification = Justification:
email-decisions-report = The full synthesis, with the final text:
email-decisions-thanks = Thank you for taking part.
email-report-subject-moderated = Your report was acted on — { $bill }
email-report-subject-kept = Your report was reviewed — { $bill }
email-report-about = You reported contribution no. { $id } in the consultation "{ $bill }".
email-report-about-titled = You reported the contribution "{ $title }" in the consultation "{ $bill }".
email-report-body-moderated = After review, the moderators removed it from public view.
email-report-body-kept = After review, the moderators left it online: they did not find it against the charter.
email-report-thanks = Thank you for your vigilance.

# Open data
open-data-status-published = Published
open-data-status-withdrawn = Withdrawn
open-data-target-article = Article
open-data-target-contribution = Contribution
open-data-in-short = In short
open-data-summary-dated = From { $from } to { $to }, { $participants } { $count ->
        [one] person
       *[other] people
    } took part in the consultation.
open-data-summary = { $participants } { $count ->
        [one] person
       *[other] people
    } took part in the consultation.
open-data-summary-contributions = They submitted { $contributions } contributions ({ $kinds }) and cast { $votes } votes.
open-data-summary-peak = The busiest day was { $day }, with { $count } contributions.
open-data-summary-decisions = The sponsor gave { $total } decisions on amendments and proposals, { $retained } of them accepted in whole or in part.
open-data-count-argument = { $shown } { $count ->
        [one] argument
       *[other] arguments
    }
open-data-count-amendment = { $shown } { $count ->
        [one] amendment
       *[other] amendments
    }
open-data-count-proposal = { $shown } { $count ->
        [one] proposed article
       *[other] proposed articles
    }
open-data-count-source = { $shown } { $count ->
        [one] source
       *[other] sources
    }
open-data-charts = In charts
open-data-chart-data = The chart's figures
open-data-chart-days = Contributions submitted each day
open-data-chart-days-desc = Number of public contributions submitted each day, over { $days } days; the figures follow the chart.
open-data-chart-votes = Votes per article
open-data-chart-votes-row = { $article }: { $agree } agree, { $mixed } mixed, { $disagree } disagree
open-data-chart-kinds = Contributions by kind
open-data-chart-decisions = Decisions by outcome
open-data-col-day = Day
open-data-col-contributions = Contributions
open-data-col-article = Article
open-data-col-count = Count
open-data-col-kind = Kind
open-data-col-decision = Decision
open-data-files = The files
open-data-datapackage = the CSV files described for machines (Frictionless Data Package: columns, types, licence, sources)
open-data-dictionary = The data dictionary
open-data-dictionary-intro = Every column of the CSV files, what it holds and its type. Columns ending in "_fr" give the neighbouring column's code in French; the codes stay for programs. Dates are in universal time (UTC), ISO 8601.
open-data-col-column = Column
open-data-col-type = Type
open-data-col-meaning = Meaning
open-data-type-integer = whole number
open-data-type-string = text
open-data-type-boolean = true or false
open-data-type-datetime = date and time
open-data-spreadsheets = For a spreadsheet
open-data-spreadsheets-intro = The same tables as Excel files (.xlsx), with French column headers.
confirm-close-button = Confirm closing
confirm-open-button = Confirm opening
