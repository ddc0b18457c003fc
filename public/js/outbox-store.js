/*
 * The offline outbox, shared by the pages and the service worker (loaded after /vendor/idb.umd.js;
 * defines self.LedgerOutbox). IndexedDB "ledger-outbox":
 *   entries  key "<userId>:<_once token>" → { key, userId, token, action, path, kind, title, fields:[[name,value]…],
 *            recordedAt (ISO, the phone's clock when saved), order, status: pending|refused|expired, message }
 *   meta     "currentUser" → the id of the user whose pages this phone shows now (null after logout)
 *   log      the last answers, per user: { userId, title, summary, at, message }
 * Entries are sent in `order`, each with a fresh CSRF token from GET /outbox/token, only for the user
 * the server says is logged in. The form's single-use token (_once) makes a retry after a lost
 * answer a no-op on the server, which answers it like a save (303).
 */
(function (g) {
  "use strict";
  var idb = g.idb;
  var SYNC_TAG = "ledger-outbox";
  var EXPIRED = "登录已过期：请重新登录，登录后自动发送";
  var dbPromise;

  function db() {
    dbPromise = dbPromise || idb.openDB("ledger-outbox", 1, {
      upgrade: function (d) {
        d.createObjectStore("entries", { keyPath: "key" }).createIndex("byUser", "userId");
        d.createObjectStore("meta");
        d.createObjectStore("log", { keyPath: "id", autoIncrement: true }).createIndex("byUser", "userId");
      },
    });
    return dbPromise;
  }

  function channel() {
    try { return new BroadcastChannel("ledger-outbox"); } catch (e) { return null; }
  }
  var bc = channel();
  function changed() { if (bc) bc.postMessage("changed"); }

  /** 24 random bytes, base64url: the same shape as the server's single-use tokens. */
  function newToken() {
    var b = new Uint8Array(24);
    g.crypto.getRandomValues(b);
    var s = "";
    for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return g.btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function currentUser() {
    return db().then(function (d) { return d.get("meta", "currentUser"); }).then(function (v) { return typeof v === "number" ? v : null; });
  }

  /** Sets the phone's current user; resolves to the previous one. An open /outbox redraws when it changes. */
  function setCurrentUser(id) {
    return db().then(function (d) {
      return d.get("meta", "currentUser").then(function (prev) {
        return d.put("meta", id, "currentUser").then(function () { return typeof prev === "number" ? prev : null; });
      });
    }).then(function (prev) {
      if (prev !== id) changed();
      return prev;
    });
  }

  function list(userId) {
    if (userId === null || userId === undefined) return Promise.resolve([]);
    return db().then(function (d) { return d.getAllFromIndex("entries", "byUser", userId); })
      .then(function (rows) { return rows.sort(function (a, b) { return a.order - b.order; }); });
  }

  function get(userId, token) {
    return db().then(function (d) { return d.get("entries", userId + ":" + token); });
  }

  /** Stores an entry (a new one, or the same token edited: it keeps its place in the order). */
  function put(entry) {
    entry.key = entry.userId + ":" + entry.token;
    return db().then(function (d) {
      return d.get("entries", entry.key).then(function (old) {
        entry.order = old ? old.order : Date.now();
        return d.put("entries", entry);
      });
    }).then(function () { changed(); return entry; });
  }

  function remove(userId, token) {
    return db().then(function (d) { return d.delete("entries", userId + ":" + token); }).then(changed);
  }

  function recent(userId) {
    return db().then(function (d) { return d.getAllFromIndex("log", "byUser", userId); })
      .then(function (rows) { return rows.reverse().slice(0, 10); });
  }

  function logAnswer(entry, message) {
    return db().then(function (d) {
      return d.add("log", { userId: entry.userId, title: entry.title, summary: summaryOf(entry), at: new Date().toISOString(), message: message })
        .then(function () { return d.getAllKeysFromIndex("log", "byUser", entry.userId); })
        .then(function (keys) { return Promise.all(keys.slice(0, Math.max(0, keys.length - 20)).map(function (k) { return d.delete("log", k); })); });
    }).then(changed); // an open /outbox shows the answer: the entry's removal may have been drawn before it was logged
  }

  /** A line to recognise an entry by: its date and its first text field. */
  function summaryOf(entry) {
    var f = {};
    entry.fields.forEach(function (p) { if (!(p[0] in f)) f[p[0]] = p[1]; });
    var date = f.occurredOn || f.visitedOn || f.heldOn || f.raisedOn || f.givenOn || "";
    var time = f.visitedTime ? " " + f.visitedTime : "";
    var text = f.counterpartName || f.residentName || f.purpose || f.topics || f.description || f.content || "";
    if (text.length > 40) text = text.slice(0, 40) + "…";
    return (date + time + " " + text).trim();
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'", "#x27": "'" };
  function decode(s) {
    return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, function (m, e) {
      if (ENTITIES[e.toLowerCase()]) return ENTITIES[e.toLowerCase()];
      if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return m;
    }).replace(/\s+/g, " ").trim();
  }

  /**
   * The server's Chinese message in a refusal page (no DOM in a service worker: read by pattern):
   * the error summary's lines, the field errors (<p class="error">) and form-level errors (.flash-error) of a 422 form, or the
   * first paragraph of an error page (403, 404).
   */
  function messageOf(html) {
    var main = (/<main[\s\S]*?<\/main>/.exec(html) || [html])[0];
    var found = [];
    // The error summary at the top of a refused form (views/partials/_error-summary.ejs): one <li> a message.
    var summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html);
    var li = /<li>([\s\S]*?)<\/li>/g;
    var m;
    while (summary && (m = li.exec(summary[0]))) {
      var s = decode(m[1].replace(/<[^>]*>/g, ""));
      if (s && found.indexOf(s) < 0) found.push(s);
    }
    var re = /<(p|div) class="(?:error|flash flash-error)"[^>]*>([\s\S]*?)<\/\1>/g;
    while ((m = re.exec(main))) {
      var t = decode(m[2].replace(/<[^>]*>/g, ""));
      if (t && found.indexOf(t) < 0) found.push(t);
    }
    if (found.length) return found.join("；");
    var p = /<h1[^>]*>([\s\S]*?)<\/h1>\s*<p>([\s\S]*?)<\/p>/.exec(main);
    if (p) return decode((p[1] + "：" + p[2]).replace(/<[^>]*>/g, ""));
    return "服务器未接受该记录";
  }

  /** { ok, csrfToken, userId } | { ok:false, expired:true } | { ok:false, offline:true } */
  function freshToken() {
    var ctrl = typeof AbortController === "function" ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, 8000) : null;
    return g.fetch("/outbox/token", { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" }, signal: ctrl ? ctrl.signal : undefined })
      .then(function (res) {
        if (res.status === 401) return { ok: false, expired: true };
        if (!res.ok) return { ok: false, offline: true };
        return res.json().then(function (j) { return { ok: true, csrfToken: j.csrfToken, userId: j.userId }; });
      })
      .catch(function () { return { ok: false, offline: true }; })
      .then(function (r) { if (timer) clearTimeout(timer); return r; });
  }

  function bodyOf(entry, csrfToken) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (p) { if (p[0] !== "_csrf" && p[0] !== "recordedAt") body.append(p[0], p[1]); });
    body.set("_once", entry.token);
    body.set("recordedAt", entry.recordedAt);
    body.set("_csrf", csrfToken);
    return body;
  }

  /**
   * Sends one entry. Resolves to "saved" | "refused" | "expired" | "retry" (network or server
   * trouble: kept as it is, tried again later).
   */
  function sendOne(entry) {
    return freshToken().then(function (t) {
      if (!t.ok) return t.expired ? mark(entry, "expired", EXPIRED).then(function () { return "expired"; }) : "retry";
      if (t.userId !== entry.userId) return "retry"; // someone else is logged in: never send it as them
      return g.fetch(entry.action, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" },
        body: bodyOf(entry, t.csrfToken).toString(),
      }).then(function (res) {
        // A 303 is the server's "saved" (also "already saved": the retry of an entry whose answer was lost).
        if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
          return remove(entry.userId, entry.token).then(function () { return logAnswer(entry, "已保存"); }).then(function () { return "saved"; });
        }
        if (res.status === 401) return mark(entry, "expired", EXPIRED).then(function () { return "expired"; });
        if (res.status === 429 || res.status >= 500) return mark(entry, "pending", "服务器暂时无法处理，稍后自动重试").then(function () { return "retry"; });
        return res.text().then(function (html) {
          return mark(entry, "refused", messageOf(html)).then(function () { return "refused"; });
        });
      }, function () { return "retry"; });
    });
  }

  function mark(entry, status, message) {
    entry.status = status;
    entry.message = message;
    return put(entry);
  }

  function withLock(fn) {
    var locks = g.navigator && g.navigator.locks;
    return locks ? locks.request("ledger-outbox-send", fn) : fn();
  }

  /**
   * Sends, in order, every waiting entry of the user logged in on the server. Entries refused
   * wait for the user to correct them; an expired session or a lost network stops the round.
   * Resolves to { saved, refused, left }.
   */
  function sendAll() {
    return withLock(function () {
      var result = { saved: 0, refused: 0, left: 0 };
      return freshToken().then(function (t) {
        if (!t.ok) {
          if (!t.expired) return result;
          return currentUser().then(list).then(function (rows) {
            return Promise.all(rows.filter(function (e) { return e.status !== "refused"; }).map(function (e) { return mark(e, "expired", EXPIRED); }));
          }).then(function () { return result; });
        }
        return list(t.userId).then(function (rows) {
          var todo = rows.filter(function (e) { return e.status !== "refused"; });
          var stop = false;
          return todo.reduce(function (p, e) {
            return p.then(function () {
              if (stop) { result.left++; return; }
              return sendOne(e).then(function (r) {
                if (r === "saved") result.saved++;
                else if (r === "refused") result.refused++;
                else { result.left++; stop = true; }
              });
            });
          }, Promise.resolve());
        }).then(function () { return result; });
      });
    });
  }

  g.LedgerOutbox = {
    SYNC_TAG: SYNC_TAG,
    newToken: newToken,
    currentUser: currentUser,
    setCurrentUser: setCurrentUser,
    list: list,
    get: get,
    put: put,
    remove: remove,
    recent: recent,
    summaryOf: summaryOf,
    messageOf: messageOf,
    freshToken: freshToken,
    sendAll: sendAll,
  };
})(self);
