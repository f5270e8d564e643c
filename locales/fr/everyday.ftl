time-zone-name = heure de { $city }
error-date-skipped = { $time } n'existe pas ce jour-là à l'heure de { $city } : les horloges avancent d'une heure. Choisissez une autre heure.
error-date-ambiguous = { $time } a lieu deux fois ce jour-là à l'heure de { $city } : les horloges reculent d'une heure. Choisissez une heure hors de ce créneau.
error-closing-date-required = Une consultation ne s'ouvre pas sans date de clôture : fixez-en une d'abord.
