"""Registers and confirms N accounts against a running server, through the
JSON API, with a few threads: the confirmation link is read from the email
the server wrote to its outbox directory. Prints what it did.

    python3 bench/registrations.py BASE_URL OUTBOX_DIR N
"""
import email
import email.policy
import json
import os
import re
import sys
import threading
import time
import urllib.request

BASE, OUTBOX, N = sys.argv[1], sys.argv[2], int(sys.argv[3])
THREADS = 8


def post(path, body):
    req = urllib.request.Request(
        BASE + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def register(worker, out):
    for i in range(worker, N, THREADS):
        out.append(post("/api/v1/accounts", {
            "email": f"peak-{i}@example.org", "display_name": f"Peak {i}",
            "password": f"un mot de passe de pointe {i}"}))


def tokens():
    found = {}
    for name in os.listdir(OUTBOX):
        path = os.path.join(OUTBOX, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        to = str(msg["To"] or "")
        if "peak-" not in to:
            continue
        body = msg.get_body(preferencelist=("plain",))
        text = body.get_content() if body else ""
        m = re.search(r"/account/confirm\?token=([A-Za-z0-9_\-]+)", text)
        if m:
            found[to] = m.group(1)
    return list(found.values())


def confirm(items, worker, out):
    for t in items[worker::THREADS]:
        out.append(post("/api/v1/accounts/confirm", {"token": t}))


start = time.time()
statuses = []
threads = [threading.Thread(target=register, args=(w, statuses)) for w in range(THREADS)]
[t.start() for t in threads]
[t.join() for t in threads]
registered = time.time() - start
deadline = time.time() + 60
found = tokens()
while len(found) < statuses.count(201) + statuses.count(202) and time.time() < deadline:
    time.sleep(1)
    found = tokens()
confirmed = []
threads = [threading.Thread(target=confirm, args=(found, w, confirmed)) for w in range(THREADS)]
[t.start() for t in threads]
[t.join() for t in threads]
codes = {c: statuses.count(c) for c in set(statuses)}
ok = {c: confirmed.count(c) for c in set(confirmed)}
print(f"registrations {N} in {registered:.1f} s {codes}; confirmations {len(found)} {ok}")
