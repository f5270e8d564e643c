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
import-unclosed-quote = Les guillemets « ouverts ici ne sont jamais fermés par », si bien que le titre d'article de la ligne { $heading_line } serait lu comme une citation : fermez la citation.
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
