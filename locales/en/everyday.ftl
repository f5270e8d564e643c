time-zone-name = { $city } time
error-date-skipped = { $time } does not exist that day in { $city } time: the clocks go forward an hour. Choose another time.
error-date-ambiguous = { $time } happens twice that day in { $city } time: the clocks go back an hour. Choose a time outside that hour.
error-closing-date-required = A consultation does not open without a closing date: set one first.
