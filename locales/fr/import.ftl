## Importing a bill from a file

import-not-utf8 = Le fichier n'est pas encodé en UTF-8 (octet { $byte } inattendu) : enregistrez-le en UTF-8 puis importez-le de nouveau.
import-no-articles = { $format ->
    [fabrique_json] Aucun article trouvé : le fichier doit contenir une liste « articles » dont chaque élément a un « titre » (comme « 1er ») et des « alineas ».
    [akoma_ntoso] Aucun article trouvé : le corps du projet (« body ») doit contenir des éléments « article » numérotés par un « num ».
   *[other] Aucun titre d'article trouvé : le texte doit contenir des lignes comme « Article 1er », « Article 2 » ou « Article unique », chacune seule sur sa ligne.
}
import-duplicate-label = L'{ $label } apparaît deux fois (la première fois : { $first }) : chaque article doit avoir un numéro différent.
import-empty-article = L'{ $label } n'a aucun texte : chaque article doit comporter au moins un alinéa.
import-bad-label = « { $label } » n'est pas un numéro d'article : attendu une forme comme « Article 1er », « Art. 2 », « 3 bis » ou « Article unique ».
import-missing-label = Cet article n'a pas de numéro : attendu un élément « num » comme « Article 1er ».
import-bad-section = « { $label } » n'est pas un intitulé de division : attendu une forme comme « Titre Ier », « Chapitre II » ou « Section 1 ».
import-json-syntax = Le fichier n'est pas un JSON valide ({ $detail }).
import-json-shape = Structure JSON inattendue : attendu { $expected ->
    [object] un objet { "{" }…{ "}" }
    [array] une liste […]
   *[string] une chaîne de caractères
} à cet endroit.
import-xml-syntax = Le fichier n'est pas un XML bien formé ({ $detail }).
import-wrong-root = L'élément racine est « { $found } » : un document Akoma Ntoso commence par « { $expected } ».
import-not-a-bill = Ce document Akoma Ntoso est de type « { $found } » : seul un projet ou une proposition de loi (« bill ») ou une loi (« act ») peut être importé.
import-too-deep = Les éléments de ce fichier sont imbriqués sur plus de { $limit } niveaux : aucun texte de loi n'en demande autant, le fichier est refusé.

## Where the import had to guess (shown before anything is saved)

import-warning-quote-ends-at-article = { $article ->
    [none] Les guillemets « ouverts ligne { $opened } ne sont pas fermés par » ; l'{ $label } est lu comme un nouvel article.
   *[other] Les guillemets « ouverts dans l'{ $article } (ligne { $opened }) ne sont pas fermés par » ; l'{ $label } est lu comme un nouvel article.
}
import-warning-quote-ended = { $article ->
    [none] Les guillemets « ouverts ligne { $opened } ne sont pas fermés par » ; ce paragraphe ne s'ouvrant pas par «, la citation est tenue pour finie avant lui.
   *[other] Les guillemets « ouverts dans l'{ $article } (ligne { $opened }) ne sont pas fermés par » ; ce paragraphe ne s'ouvrant pas par «, la citation est tenue pour finie avant lui.
}
import-warning-quote-open-at-end = { $article ->
    [none] Les guillemets « ouverts ici ne sont jamais fermés par » : il en manque un avant la fin du texte.
   *[other] Les guillemets « ouverts ici, dans l'{ $article }, ne sont jamais fermés par » : il en manque un avant la fin du texte.
}
import-warning-number-skipped = L'{ $label } suit l'{ $previous } : l'{ $expected } manque, ou son titre n'a pas été reconnu.
import-warning-number-backwards = L'{ $label } vient après l'{ $previous } : la numérotation recule ; vérifiez qu'il s'agit bien d'un nouvel article.
import-warning-number-repeated-quoted = « { $label } » reprend un numéro déjà employé (ligne { $first }) alors que les guillemets ouverts { $article ->
    [none] ligne { $opened }
   *[other] dans l'{ $article } (ligne { $opened })
} ne sont pas fermés : la ligne est lue comme une citation, pas comme un nouvel article.
import-warning-number-backwards-quoted = « { $label } » fait reculer la numérotation alors que les guillemets ouverts { $article ->
    [none] ligne { $opened }
   *[other] dans l'{ $article } (ligne { $opened })
} ne sont pas fermés : la ligne est lue comme une citation, pas comme un nouvel article.
import-warning-more = Et { $count } autres points à vérifier plus loin.
