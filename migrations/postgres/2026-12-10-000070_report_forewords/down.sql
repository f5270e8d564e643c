DROP TABLE report_forewords;
