"""The load and the checks of bench/cluster.sh (standard library only).

Environment: PROXY (nginx), DIRECT_A, DIRECT_B (the two instances), PSQL
(a psql command line), KILL_PID_FILE and RESTART (how to kill instance B
and start it again), PASSWORD, CITIZENS, SECONDS, THREADS, MAIL_LOG.
Prints the figures; exits 1 if a check fails.
"""
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict

ENV = os.environ
PROXY, A, B = ENV["PROXY"], ENV["DIRECT_A"], ENV["DIRECT_B"]
PASSWORD = ENV["PASSWORD"]
CITIZENS = int(ENV.get("CITIZENS", "16"))
SECONDS = float(ENV.get("SECONDS", "24"))
THREADS = int(ENV.get("THREADS", "8"))
MAX_REQUESTS = int(ENV.get("MAX_REQUESTS", "20000"))

LOG = []  # (end, method, what, status, start)
LOG_LOCK = threading.Lock()
FAILED = []


def psql(sql):
    out = subprocess.run(ENV["PSQL"].split() + ["-At", "-F", "|", "-c", sql],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.strip().splitlines() if line]


def outbox_rows():
    """The outbox as the check reads it, times in seconds since the epoch."""
    rows = psql("SELECT message_id, sent_at IS NOT NULL, failed_at IS NOT NULL, attempts, "
                "EXTRACT(EPOCH FROM claimed_until), EXTRACT(EPOCH FROM created_at), "
                "EXTRACT(EPOCH FROM next_attempt_at), COALESCE(last_error, '') FROM outbox")
    return [{"message_id": r[0].strip("<>"), "sent": r[1] == "t", "failed": r[2] == "t",
             "attempts": int(r[3]), "claimed_until": float(r[4]) if r[4] else None,
             "created": float(r[5]), "next_attempt": float(r[6]), "last_error": r[7]}
            for r in rows]


# A lease lasts this long (src/mail/worker.rs): a lease taken before the kill
# ends this many seconds after it was taken.
LEASE_SECS = 300


def held_by_the_dead(row, kill):
    """Under a lease the killed instance took before it died."""
    if row["claimed_until"] is None or "at" not in kill:
        return False
    return row["claimed_until"] > time.time() and row["claimed_until"] - LEASE_SECS <= kill["at"] + 0.5


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        FAILED.append(what)


class Http:
    """One keep-alive connection, a cookie jar of one session, a token."""

    def __init__(self, base, token=None):
        self.base = urllib.parse.urlparse(base)
        self.token, self.cookie, self.csrf, self.conn = token, None, None, None

    def send(self, method, path, body=None, what=None, record=True):
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        if method == "GET" and path.startswith("/bills/"):
            headers["Accept"] = "text/html"
        started = time.time()
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=30)
            try:
                self.conn.request(method, path, data, headers)
                res = self.conn.getresponse()
                raw = res.read()
                status = res.status
                break
            except Exception:  # noqa: BLE001 (any failure of the connection)
                self.conn.close()
                self.conn = None
                # A stale keep-alive connection: once more on a fresh one.
                if attempt == 1:
                    status, raw, res = 0, b"", None
        if res is not None:
            for k, v in res.getheaders():
                if k.lower() == "set-cookie" and v.startswith("codraft"):
                    self.cookie = v.split(";", 1)[0]
        if record:
            with LOG_LOCK:
                LOG.append((time.time(), method, what or path, status, started))
        try:
            payload = json.loads(raw) if raw and raw[:1] in (b"{", b"[") else None
        except ValueError:
            payload = None
        return status, payload


def token_for(email):
    s, body = Http(PROXY).send("POST", "/api/v1/tokens", {
        "email": email, "password": PASSWORD, "label": "cluster", "scope": "read-write"},
        what="POST /api/v1/tokens")
    assert s == 201, (s, body)
    return body["token"]


def main():
    t0 = time.time()
    sponsor = Http(PROXY, token_for("sponsor@cluster.invalid"))
    moderator = Http(PROXY, token_for("moderator@cluster.invalid"))
    emails = [f"citizen{i}@cluster.invalid" for i in range(CITIZENS)]
    citizens = [Http(PROXY, token_for(e)) for e in emails]
    ids = {}
    for e, c in zip(emails, citizens):
        ids[e] = c.send("GET", "/api/v1/me", what="GET /api/v1/me")[1]["id"]

    def bill(title, opens=None, closes=None, open_now=True):
        body = {"title": title, "articles": [
            {"label": f"Article {n}", "body": f"Texte de l'article {n} du {title}."} for n in (1, 2, 3)]}
        if opens:
            body["opens_at"] = opens
        if closes is None and open_now:
            # A consultation opens only with a closing date ahead.
            closes = iso(time.time() + 30 * 86400)
        if closes:
            body["closes_at"] = closes
        s, b = sponsor.send("POST", "/api/v1/bills", body, what="POST /api/v1/bills")
        assert s == 201, (s, b)
        if open_now:
            s, _ = sponsor.send("POST", f"/api/v1/bills/{b['slug']}/transitions", {"to": "open"},
                                what="POST transitions")
            assert s == 200, s
        return b["slug"], [a["id"] for a in b["articles"]]

    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
    main_slug, articles = bill("Projet de loi sous charge")
    # Closes 48 h and 20 s from now: its closing reminder falls due during the run.
    remind_slug, _ = bill("Projet de loi à rappel", closes=iso(time.time() + 48 * 3600 + 20))
    # Opened and closed by the calendar alone.
    cal_slug, _ = bill("Projet de loi du calendrier", opens=iso(time.time() + 4),
                       closes=iso(time.time() + 16), open_now=False)
    followers = emails[: CITIZENS // 2]
    for e, c in zip(emails, citizens):
        if e in followers:
            s, _ = c.send("POST", f"/api/v1/bills/{remind_slug}/follow", {}, what="POST follow")
            assert s in (200, 201, 204), s

    acked_contributions, acked_votes, acked_moderation = [], {}, []
    acked_lock = threading.Lock()
    stop_at = time.time() + SECONDS
    sent = [0]

    def citizen_loop(k):
        rnd = random.Random(k)
        # Connections are not shared between threads.
        mine = [Http(PROXY, c.token) for c in citizens]
        while time.time() < stop_at and sent[0] < MAX_REQUESTS:
            # Each citizen belongs to one thread: a person's votes are in order.
            i = rnd.randrange(k, CITIZENS, THREADS)
            c, email = mine[i], emails[i]
            roll = rnd.random()
            sent[0] += 1
            if roll < 0.35:
                c.send("GET", f"/bills/{main_slug}", what="GET /bills/{slug}")
            elif roll < 0.5:
                c.send("GET", f"/api/v1/bills/{main_slug}/contributions", what="GET contributions")
            elif roll < 0.75:
                art, value = rnd.choice(articles), rnd.choice(["agree", "mixed", "disagree"])
                s, _ = c.send("PUT", f"/api/v1/articles/{art}/vote", {"value": value},
                              what="PUT /api/v1/articles/{id}/vote")
                if 200 <= s < 300:
                    with acked_lock:
                        acked_votes[(ids[email], art)] = value
            elif roll < 0.92:
                s, b = c.send("POST", f"/api/v1/bills/{main_slug}/contributions", {
                    "kind": "argument", "article_id": rnd.choice(articles),
                    "stance": rnd.choice(["for", "against"]),
                    "body": f"Argument {k}-{sent[0]} : la transparence exige des données ouvertes."},
                    what="POST /api/v1/bills/{slug}/contributions")
                if 200 <= s < 300:
                    with acked_lock:
                        acked_contributions.append(b["id"])
            else:
                # A browser sign-in through the proxy, then a page as that person.
                browser = Http(PROXY)
                s, b = browser.send("POST", "/api/v1/session",
                                    {"email": email, "password": PASSWORD},
                                    what="POST /api/v1/session")
                if s == 200:
                    browser.csrf = b.get("csrf_token")
                    browser.send("GET", "/api/v1/me", what="GET /api/v1/me (session)")

    def moderator_loop():
        while time.time() < stop_at:
            time.sleep(1.5)
            with acked_lock:
                pool = [i for i in acked_contributions if i not in acked_moderation]
            if pool:
                cid = random.choice(pool)
                s, _ = moderator.send("POST", f"/api/v1/contributions/{cid}/moderation",
                                      {"action": "hide", "reason": "Hors sujet (test de charge)"},
                                      what="POST moderation")
                if 200 <= s < 300:
                    with acked_lock:
                        acked_moderation.append(cid)

    kill = {}

    def killer():
        time.sleep(SECONDS * 0.4)
        pid = int(open(ENV["KILL_PID_FILE"]).read())
        kill["at"] = time.time()
        os.kill(pid, signal.SIGKILL)
        time.sleep(3)
        kill["restart"] = time.time()
        subprocess.run(["bash", "-c", ENV["RESTART"]], check=True)
        kill["ready"] = time.time()

    threads = [threading.Thread(target=citizen_loop, args=(k,)) for k in range(THREADS)]
    threads += [threading.Thread(target=moderator_loop), threading.Thread(target=killer)]
    load_start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load_secs = time.time() - load_start

    # The publication, once the consultation is closed.
    s1, _ = sponsor.send("POST", f"/api/v1/bills/{main_slug}/transitions", {"to": "closed"},
                         what="POST transitions")
    s2, _ = sponsor.send("POST", f"/api/v1/bills/{main_slug}/publication", {},
                         what="POST publication")
    published = s1 == 200 and s2 == 200

    # Let the calendar, the reminder and the outbox finish (bounded). An
    # email is settled once sent, given up, or under the lease the killed
    # instance took before it died (that lease outlives the check). A live
    # instance's lease, or a retry after a failed attempt, is still on its
    # way: wait for it. Jobs may queue more (digests run every second), so
    # the outbox must stay settled over two looks a second and a half apart.
    deadline = time.time() + 90
    settled_since = None
    while time.time() < deadline:
        unsettled = [r for r in outbox_rows() if not r["sent"] and not r["failed"]
                     and not held_by_the_dead(r, kill)]
        cal = psql(f"SELECT status FROM bills WHERE slug = '{cal_slug}'")[0][0]
        rem = psql(f"SELECT reminder_sent_at IS NOT NULL FROM bills WHERE slug = '{remind_slug}'")[0][0]
        if not unsettled and cal == "closed" and rem == "t":
            settled_since = settled_since or time.time()
            if time.time() - settled_since >= 1.5:
                break
        else:
            settled_since = None
        time.sleep(0.5)

    print(f"\n== Load: {load_secs:.1f} s, {THREADS} threads, {CITIZENS} citizens, through nginx")
    by_status = Counter(x[3] for x in LOG)
    print("   requests by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_status.items())))
    by_kind = defaultdict(Counter)
    for _, m, what, s, _ in LOG:
        by_kind[f"{m} {what}" if not what.startswith(m) else what][s] += 1
    for what, counts in sorted(by_kind.items()):
        print(f"     {what:<48} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))

    print("\n== The kill")
    k_at = kill.get("at", 0)
    print(f"   instance B SIGKILLed at +{k_at - load_start:.1f} s, restarted at "
          f"+{kill.get('restart', 0) - load_start:.1f} s, ready after "
          f"{kill.get('ready', 0) - kill.get('restart', 0):.1f} s")
    bad = [x for x in LOG if x[3] >= 500 or x[3] == 0]
    # In flight at the kill: sent before it (or in the few milliseconds the
    # kernel takes to close the dead process's sockets, over a keep-alive
    # connection nginx already held to it), answered after it.
    near = [x for x in bad if x[4] <= k_at + 0.25 and k_at <= x[0] <= k_at + 1]
    print(f"   5xx (or no answer): {len(bad)} in all, {len(near)} of them requests in flight as B died "
          f"({dict(Counter(x[3] for x in near))})")
    for t, m, w, s, st in bad[:8]:
        print(f"     sent {st - k_at:+6.2f} s, answered {t - k_at:+6.2f} s from the kill: {s} {w}")
    check(len(bad) == len(near), "no 5xx other than those of the instance at the moment it died")
    slow = sorted(x[0] - x[4] for x in LOG)[-3:]
    print(f"   slowest requests: {', '.join(f'{d:.2f} s' for d in slow)}")

    print("\n== Writes")
    found = set()
    if acked_contributions:
        rows = psql("SELECT id FROM contributions WHERE id IN (%s)" % ",".join(map(str, acked_contributions)))
        found = {int(r[0]) for r in rows}
    print(f"   contributions acknowledged {len(acked_contributions)}, found {len(found)}")
    check(len(found) == len(acked_contributions), "every acknowledged contribution is in the database")
    votes = {(int(u), int(t)): v for u, t, v in psql(
        "SELECT user_id, target_id, value FROM votes WHERE target_kind = 'article'")}
    vote_ok = sum(1 for key, v in acked_votes.items() if votes.get(key) == v)
    print(f"   article votes acknowledged (last value per person and article) {len(acked_votes)}, "
          f"found with that value {vote_ok}")
    check(vote_ok == len(acked_votes), "every acknowledged vote is in the database with its value")
    hidden = set()
    if acked_moderation:
        hidden = {int(r[0]) for r in psql(
            "SELECT id FROM contributions WHERE moderation = 'hidden' AND id IN (%s)"
            % ",".join(map(str, acked_moderation)))}
    print(f"   moderation acts acknowledged {len(acked_moderation)}, found {len(hidden)}")
    check(len(hidden) == len(acked_moderation), "every acknowledged moderation act is in the database")
    status = psql(f"SELECT status FROM bills WHERE slug = '{main_slug}'")[0][0]
    check(published and status == "published", f"the publication was acknowledged and the bill is {status}")

    print("\n== Counters against a recount")
    visible = "c.status = 'published' AND (c.moderation IS NULL OR c.moderation <> 'hidden')"
    bill_id = f"(SELECT id FROM bills WHERE slug = '{main_slug}')"
    rows = psql(
        f"SELECT 'bill contributions_count', b.contributions_count, (SELECT COUNT(*) FROM contributions c "
        f"WHERE c.bill_id = b.id AND {visible}) FROM bills b WHERE b.id = {bill_id} UNION ALL "
        f"SELECT 'bill votes_count', b.votes_count, (SELECT COUNT(*) FROM votes v WHERE v.bill_id = b.id) "
        f"FROM bills b WHERE b.id = {bill_id} UNION ALL "
        f"SELECT 'bill participants_count', b.participants_count, (SELECT COUNT(*) FROM bill_participants p "
        f"WHERE p.bill_id = b.id) FROM bills b WHERE b.id = {bill_id} UNION ALL "
        + " UNION ALL ".join(
            f"SELECT a.label || ' votes_{v}', a.votes_{v}, (SELECT COUNT(*) FROM votes v WHERE "
            f"v.target_kind = 'article' AND v.target_id = a.id AND v.value = '{v}') FROM articles a "
            f"WHERE a.bill_id = {bill_id}" for v in ("agree", "mixed", "disagree"))
        + " UNION ALL SELECT a.label || ' arguments_count', a.arguments_count, (SELECT COUNT(*) FROM "
        f"contributions c WHERE c.article_id = a.id AND c.parent_id IS NULL AND c.kind = 'argument' "
        f"AND {visible}) FROM articles a WHERE a.bill_id = {bill_id}")
    wrong = [r for r in rows if r[1] != r[2]]
    for r in rows[:3]:
        print(f"   {r[0]}: stored {r[1]}, recount {r[2]}")
    check(not wrong, f"{len(rows)} counters equal their recount" + (f" (wrong: {wrong})" if wrong else ""))

    print("\n== Sessions across instances")
    browser = Http(A)
    s, b = browser.send("POST", "/api/v1/session", {"email": emails[0], "password": PASSWORD}, record=False)
    other = Http(B)
    other.cookie = browser.cookie
    s2, me = other.send("GET", "/api/v1/me", record=False)
    check(s == 200 and s2 == 200 and me and me.get("email") == emails[0],
          "a session made on instance A works on instance B")

    print("\n== Calendar and reminders")
    moves = psql(f"SELECT to_status, COUNT(*) FROM bill_transitions WHERE bill_id = "
                 f"(SELECT id FROM bills WHERE slug = '{cal_slug}') GROUP BY to_status ORDER BY 1")
    print(f"   calendar bill transitions: {moves}")
    check(moves == [["closed", "1"], ["open", "1"]], "the calendar opened and closed the bill once each")
    reminders = int(psql(f"SELECT COUNT(*) FROM notifications WHERE kind = 'closing_soon' AND bill_id = "
                         f"(SELECT id FROM bills WHERE slug = '{remind_slug}')")[0][0])
    print(f"   closing reminders: {reminders} for {len(followers)} followers")
    check(reminders == len(followers), "one closing reminder per follower")

    print("\n== Email")
    sink = [json.loads(line) for line in open(ENV["MAIL_LOG"])]
    received = Counter(m["message_id"] for m in sink)
    rows = outbox_rows()
    queued = {r["message_id"]: r for r in rows}
    sent_rows = [k for k, r in queued.items() if r["sent"]]
    leased = [k for k, r in queued.items() if not r["sent"] and held_by_the_dead(r, kill)]
    dupes = [k for k, n in received.items() if n > 1]
    missing = [k for k in sent_rows if k not in received]
    print(f"   queued {len(queued)}, marked sent {len(sent_rows)}, received by the sink "
          f"{sum(received.values())} ({len(received)} distinct), duplicates {len(dupes)}, "
          f"still under the killed instance's lease {len(leased)}")
    retried = [r for r in rows if r["attempts"] > 1]
    if retried:
        print(f"   sent after more than one attempt: {len(retried)} "
              f"(last errors: {sorted({r['last_error'] for r in retried if r['last_error']})})")
    check(not dupes, "no email received twice")
    check(not missing, "every email marked sent was received")
    unsent = [r for k, r in queued.items() if not r["sent"] and k not in leased]
    for r in unsent:
        print(f"     unsent: created +{r['created'] - load_start:.1f} s, attempts {r['attempts']}, "
              f"failed {r['failed']}, lease until +{(r['claimed_until'] or load_start) - load_start:.1f} s, "
              f"next attempt +{r['next_attempt'] - load_start:.1f} s, last error {r['last_error']!r}")
    check(not unsent, "every email queued was sent (except any claimed by the killed instance)")

    print("\n== Limits across instances (5 failed sign-ins per account and address)")
    statuses = []
    for n in range(7):
        base = A if n % 2 == 0 else B
        s, _ = Http(base).send("POST", "/api/v1/session",
                               {"email": emails[-1], "password": "not the password"}, record=False)
        statuses.append(("A" if base == A else "B", s))
    print("   attempts alternating A, B: " + " ".join(f"{i}:{s}" for i, s in statuses))
    check([s for _, s in statuses] == [401] * 5 + [429] * 2, "the two instances enforce one limit")
    print(f"\n   (whole run {time.time() - t0:.0f} s)")
    print("RESULT: " + ("all checks passed" if not FAILED else f"{len(FAILED)} checks failed"))
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
