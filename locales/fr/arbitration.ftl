decision-choose = — choisir —
error-decision-required = Choisissez une décision.
arbitration-diff-hint = Modifications proposées par rapport au texte actuel de l'article :
arbitration-to-refused = Aller à l'élément n° { $id }
diff-before = Avant :
diff-after = Après :

# Confirmations
confirm-what = Ce qui va se passer
confirm-cancel = Annuler
confirm-irreversible = On ne pourra pas revenir en arrière.
confirm-publish-title = Publier la synthèse
confirm-publish-effect = Les décisions sur les amendements et propositions ({ $count }), le texte final et la synthèse seront publiés ensemble et deviendront publics ; la consultation sera close pour de bon.
confirm-publish-mail = { $authors ->
        [0] Aucun auteur n'a de courriel à recevoir.
        [one] L'auteur recevra un courriel avec la décision et sa justification pour chacune de ses contributions.
       *[other] Chacun des { $authors } auteurs recevra un courriel avec la décision et sa justification pour chacune de ses contributions.
    }
confirm-publish-changed = Articles modifiés
confirm-publish-deleted = Articles supprimés
confirm-publish-added = Articles ajoutés depuis des propositions
confirm-publish-button = Confirmer la publication
confirm-close-title = Clore la consultation
confirm-close-effect = La participation s'arrête : plus personne ne pourra contribuer, voter, modifier ni retirer une contribution.
confirm-close-figures = À ce jour : { $contributions } { $c ->
        [one] contribution
       *[other] contributions
    } de { $participants } { $p ->
        [one] participant
       *[other] participants
    }, { $votes } { $v ->
        [one] vote
       *[other] votes
    }.
confirm-close-next = Vous pourrez ensuite arbitrer chaque amendement et chaque proposition, puis publier la synthèse.
confirm-open-title = Ouvrir la consultation
confirm-open-effect = Le texte devient public : chacun pourra le lire, voter, argumenter, amender et proposer des articles.
confirm-open-until = La consultation se terminera le { $date }.
confirm-withdraw-title = Retirer ma contribution
confirm-withdraw-what = Votre contribution { $what } sera retirée : son texte ne sera plus affiché ni exporté.
confirm-withdraw-votes = Les { $votes } votes qu'elle a reçus ne compteront plus.
confirm-withdraw-button = Confirmer le retrait
confirm-ban-title = Suspendre { $name }
confirm-ban-who = Suspendre le compte de { $name } :
confirm-ban-until = Le compte de { $name } sera suspendu jusqu'au { $until } ; la suspension prendra fin d'elle-même à cette date.
confirm-ban-permanent = Le compte de { $name } sera suspendu définitivement, jusqu'à ce qu'un modérateur lève la suspension.
confirm-ban-effect = Pendant la suspension, la personne peut lire et gérer son compte, mais ne peut plus contribuer, voter ni signaler.
confirm-ban-reason = Motif : { $reason }
confirm-ban-button = Confirmer la suspension
field-ban-duration = Durée de la suspension
ban-duration-7d = 7 jours
ban-duration-30d = 30 jours
ban-duration-permanent = Définitive
error-ban-duration-required = Choisissez une durée : 7 jours, 30 jours ou définitive.
error-ban-duration-invalid = Durée inconnue : 7 jours, 30 jours ou définitive.

# Emails
email-decisions-subject = Les décisions sur vos contributions — { $bill }
email-decisions-intro = La synthèse de la consultation « { $bill } » est publiée. Voici la décision du porteur du texte sur { $count ->
        [one] votre contribution
       *[other] chacune de vos { $count } contributions
    } :
email-decisions-decision = Décision :
email-decisions-justification = Justification :
email-decisions-report = La synthèse complète, avec le texte final :
email-decisions-thanks = Merci pour votre participation.
email-report-subject-moderated = Votre signalement a été suivi — { $bill }
email-report-subject-kept = Votre signalement a été examiné — { $bill }
email-report-about = Vous avez signalé la contribution n° { $id } dans la consultation « { $bill } ».
email-report-about-titled = Vous avez signalé la contribution « { $title } » dans la consultation « { $bill } ».
email-report-body-moderated = Après examen, les modérateurs l'ont retirée de la vue publique.
email-report-body-kept = Après examen, les modérateurs l'ont laissée en ligne : elle ne leur a pas paru contraire à la charte.
email-report-thanks = Merci de votre vigilance.

# Open data
open-data-status-published = Publiée
open-data-status-withdrawn = Retirée
open-data-target-article = Article
open-data-target-contribution = Contribution
open-data-in-short = En bref
open-data-summary-dated = Du { $from } au { $to }, { $participants } { $count ->
        [one] personne a participé
       *[other] personnes ont participé
    } à la consultation.
open-data-summary = { $participants } { $count ->
        [one] personne a participé
       *[other] personnes ont participé
    } à la consultation.
open-data-summary-contributions = Elles ont déposé { $contributions } contributions ({ $kinds }) et exprimé { $votes } votes.
open-data-summary-peak = La journée la plus active a été le { $day }, avec { $count } contributions.
open-data-summary-decisions = Le porteur du texte a rendu { $total } décisions sur les amendements et propositions, dont { $retained } retenus en tout ou partie.
open-data-count-argument = { $shown } { $count ->
        [one] argument
       *[other] arguments
    }
open-data-count-amendment = { $shown } { $count ->
        [one] amendement
       *[other] amendements
    }
open-data-count-proposal = { $shown } { $count ->
        [one] proposition d'article
       *[other] propositions d'articles
    }
open-data-count-source = { $shown } { $count ->
        [one] source
       *[other] sources
    }
open-data-charts = En graphiques
open-data-chart-data = Les chiffres du graphique
open-data-chart-days = Contributions déposées chaque jour
open-data-chart-days-desc = Nombre de contributions publiques déposées chaque jour, sur { $days } jours ; les chiffres suivent le graphique.
open-data-chart-votes = Votes par article
open-data-chart-votes-row = { $article } : { $agree } d'accord, { $mixed } mitigés, { $disagree } pas d'accord
open-data-chart-kinds = Contributions par nature
open-data-chart-decisions = Décisions par issue
open-data-col-day = Jour
open-data-col-contributions = Contributions
open-data-col-article = Article
open-data-col-count = Nombre
open-data-col-kind = Nature
open-data-col-decision = Décision
open-data-files = Les fichiers
open-data-datapackage = la description des fichiers CSV pour les machines (Frictionless Data Package : colonnes, types, licence, sources)
open-data-dictionary = Le dictionnaire des données
open-data-dictionary-intro = Chaque colonne des fichiers CSV, ce qu'elle contient et son type. Les colonnes en « _fr » donnent en français le code de la colonne voisine ; les codes restent pour les programmes. Les dates sont en temps universel (UTC), au format ISO 8601.
open-data-col-column = Colonne
open-data-col-type = Type
open-data-col-meaning = Signification
open-data-type-integer = nombre entier
open-data-type-string = texte
open-data-type-boolean = vrai ou faux
open-data-type-datetime = date et heure
open-data-spreadsheets = Pour un tableur
open-data-spreadsheets-intro = Les mêmes tableaux au format Excel (.xlsx), avec des en-têtes de colonnes en français.
confirm-close-button = Confirmer la clôture
confirm-open-button = Confirmer l'ouverture
