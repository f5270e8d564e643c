DROP TABLE pending_scans;
DROP TABLE job_locks;
