/*
 * The offline side of every page (after /vendor/idb.umd.js and /js/outbox-store.js):
 * - registers the service worker (/sw.js);
 * - remembers whose pages this phone shows (<meta name="ledger-user">; on a static page such as
 *   /outbox, the cookie ledger.user); another user, logging
 *   out or the login page clear the cached pages, so nobody sees someone else's;
 * - a capture form (talk, visit, meeting, request, assistance) saved with no network, or with the
 *   session expired, goes to the outbox instead of being lost; online, the form is sent as
 *   before, with a fresh CSRF token;
 * - shows "待同步 N 条" ([data-outbox-badge]) and sends the outbox on load, when the network
 *   comes back, every 15 s while entries wait, and by Background Sync where the browser has it;
 * - /talks/new?outbox=TOKEN reopens an outbox entry filled, to correct it;
 * - logging out with entries waiting asks first.
 */
(function () {
  "use strict";
  var O = window.LedgerOutbox;
  if (!O || !window.indexedDB) return;
  var CAPTURE = /^\/(talks|visits|meetings|requests)$|^\/pairings\/\d+\/assistance$/;
  var KINDS = { talks: "谈心", visits: "走访", meetings: "会议", requests: "群众诉求", pairings: "帮扶记录" };
  var meta = document.querySelector('meta[name="ledger-user"]');
  var onLogin = location.pathname === "/login";
  var me = meta ? Number(meta.content) : null; // settled by whoIsHere below for a static page

  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(function () {});

  function clearPageCaches() {
    if (!window.caches) return Promise.resolve();
    return Promise.all(["ledger-pages", "ledger-data"].map(function (n) { return caches.delete(n); })).catch(function () {});
  }

  function badge() {
    return O.list(me).then(function (rows) {
      document.querySelectorAll("[data-outbox-badge]").forEach(function (b) {
        b.hidden = rows.length === 0;
        var n = b.querySelector("[data-outbox-count]");
        if (n) n.textContent = String(rows.length);
        b.classList.toggle("outbox-refused", rows.some(function (e) { return e.status !== "pending"; }));
      });
      return rows;
    });
  }

  function send() {
    if (me === null || navigator.onLine === false) return Promise.resolve();
    return O.sendAll().then(badge, badge);
  }

  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    // getRegistration, not ready: ready never settles when no worker is installed.
    return navigator.serviceWorker.getRegistration()
      .then(function (reg) { return reg && reg.sync ? reg.sync.register(O.SYNC_TAG) : null; })
      .catch(function () {});
  }

  // ---- capture forms ----

  function isCapture(form) {
    if (!form || form.nodeName !== "FORM" || (form.method || "").toLowerCase() !== "post" || !form.elements._once) return false;
    return CAPTURE.test(new URL(form.action, location.href).pathname);
  }

  function shanghaiNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function entryOf(form) {
    var action = new URL(form.action, location.href).pathname;
    var fields = [];
    new FormData(form).forEach(function (v, k) { if (typeof v === "string" && k !== "_csrf" && k !== "recordedAt") fields.push([k, v]); });
    var h1 = document.querySelector("main h1");
    var kind = KINDS[action.split("/")[1]] || "记录";
    return {
      userId: me,
      token: form.elements._once.value,
      action: action,
      path: location.pathname,
      kind: kind,
      title: action.indexOf("/pairings/") === 0 && h1 ? kind + " · " + h1.textContent.trim() : kind,
      fields: fields,
      recordedAt: new Date().toISOString(),
      status: "pending",
      message: null,
    };
  }

  function queue(entry, status, message) {
    entry.status = status || "pending";
    entry.message = message || null;
    return O.put(entry).then(askBackgroundSync).then(function () { location.assign("/outbox"); });
  }

  function stamp(form) {
    var r = form.querySelector('input[name="recordedAt"]');
    if (!r) {
      r = document.createElement("input");
      r.type = "hidden";
      r.name = "recordedAt";
      form.appendChild(r);
    }
    r.value = new Date().toISOString();
  }

  var busy = false;
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || me === null || !isCapture(form) || form.getAttribute("data-outbox-pass")) return;
    e.preventDefault();
    if (busy) return;
    busy = true;
    stamp(form);
    var entry = entryOf(form);
    // A reopened outbox entry is saved back to the outbox and sent from there, so its answer is shown with the others.
    if (form.getAttribute("data-outbox-editing")) return queue(entry).then(send);
    if (navigator.onLine === false) return queue(entry);
    O.freshToken().then(function (t) {
      if (t.ok && t.userId === me) {
        form.elements._csrf.value = t.csrfToken;
        form.setAttribute("data-outbox-pass", "1");
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      if (t.ok) return queue(entry, "expired", "当前登录的不是本人账号：请本人重新登录后发送");
      return queue(entry, t.expired ? "expired" : "pending", t.expired ? "登录已过期：请重新登录，登录后自动发送" : null);
    }).catch(function () { busy = false; });
  });

  /** Puts an entry's values back into its form (repeated names in order; checkboxes by value). */
  function fill(form, entry) {
    var byName = {};
    entry.fields.forEach(function (p) { (byName[p[0]] = byName[p[0]] || []).push(p[1]); });
    Object.keys(byName).forEach(function (name) {
      if (name === "_once") return;
      var els = Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
      var values = byName[name];
      var i = 0;
      els.forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = values.indexOf(el.value) >= 0;
        else if (i < values.length) el.value = values[i++];
      });
    });
    // Boxes with no value sent were unticked.
    Array.prototype.forEach.call(form.elements, function (el) {
      if ((el.type === "checkbox" || el.type === "radio") && !byName[el.name]) el.checked = false;
    });
    form.elements._once.value = entry.token;
    form.setAttribute("data-outbox-editing", "1");
    var note = document.createElement("p");
    note.className = "flash " + (entry.status === "refused" ? "flash-error" : "flash-info");
    note.setAttribute("data-outbox-note", "");
    note.textContent = entry.status === "refused"
      ? "被退回：" + entry.message + "。修改后保存，将重新发送。"
      : "正在修改待同步的记录（" + O.summaryOf(entry) + "）。保存后替换原记录。";
    form.parentNode.insertBefore(note, form);
  }

  /**
   * A cached copy opened days later: the new form's date and time start at now (phone,
   * Asia/Shanghai). Only a field still holding the date the page was cached with: a value the
   * user has already typed is theirs (CI once saw a typed 2025-06-10 replaced by today's date).
   */
  function freshDefaults(form) {
    var now = shanghaiNow();
    function renew(el, value) { if (el.value && el.value === el.defaultValue) el.value = value; }
    form.querySelectorAll('input[type="date"]').forEach(function (el) { renew(el, now.date); });
    form.querySelectorAll('input[type="time"]').forEach(function (el) { renew(el, now.time); });
    var note = document.createElement("p");
    note.className = "flash flash-info";
    note.textContent = "当前无网络，这是本机保存的表单：保存后存入本机，联网后自动发送。";
    form.parentNode.insertBefore(note, form);
  }

  function prepareForms() {
    var forms = Array.prototype.filter.call(document.forms, isCapture);
    var reopen = new URLSearchParams(location.search).get("outbox");
    forms.forEach(function (form) {
      if (reopen) {
        O.get(me, reopen).then(function (entry) { if (entry && entry.action === new URL(form.action, location.href).pathname) fill(form, entry); });
      } else if (document.documentElement.hasAttribute("data-offline-copy")) {
        freshDefaults(form);
      }
    });
  }

  // Back to a page kept in the browser's memory: its forms can be sent again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    busy = false;
    document.querySelectorAll("form[data-outbox-pass]").forEach(function (f) { f.removeAttribute("data-outbox-pass"); });
  });

  // ---- logout ----
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || form.nodeName !== "FORM" || new URL(form.action, location.href).pathname !== "/logout" || form.getAttribute("data-outbox-pass")) return;
    e.preventDefault();
    O.list(me).then(function (rows) {
      if (rows.length && !window.confirm("还有 " + rows.length + " 条记录待同步，尚未发送到服务器。退出后它们保留在本机，您再次登录时才会发送。确定退出吗？")) return;
      return Promise.all([O.setCurrentUser(null), clearPageCaches()]).then(function () {
        form.setAttribute("data-outbox-pass", "1");
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  });

  // ---- start ----

  /**
   * Whose entries this page shows and sends: { id (null: nobody), known (stored as the phone's
   * current user) }. A page the server rendered names its user (<meta name="ledger-user">); the
   * login page nobody. A static page (/outbox, /offline.html) reads the cookie ledger.user, set by
   * the login's response and cleared by the logout's (src/auth/phone-user.ts): the user the page
   * before stored in IndexedDB may be the one before that, when the page was left before its write
   * committed (leaving a page aborts its open transactions), and would be shown someone else's
   * entries or none. No cookie (a phone from before it): the stored user.
   */
  function whoIsHere() {
    if (meta) return Promise.resolve({ id: Number(meta.content), known: true });
    if (onLogin) return Promise.resolve({ id: null, known: true });
    var c = /(?:^|;\s*)ledger\.user=(\d+)(?:;|$)/.exec(document.cookie);
    if (c) return Promise.resolve({ id: Number(c[1]), known: true });
    return O.currentUser().then(function (id) { return { id: id, known: false }; });
  }

  // Resolves once this page's user is stored; /outbox (outbox-page.js) draws after it.
  O.pageUser = whoIsHere().then(function (w) {
    me = w.id;
    if (!w.known) return null;
    return O.setCurrentUser(w.id).then(function (prev) {
      // Logged out (login page) or another user: the pages cached for the previous one go.
      if (prev !== w.id && (w.id === null || prev !== null)) return clearPageCaches();
    });
  });
  // A page the server rendered knows its user now: its forms are set up at once, not after
  // IndexedDB answers (slow on a cheap phone), so nothing is changed under the user's fingers.
  if (meta) prepareForms();
  O.pageUser.then(function () {
    if (me === null) return;
    if ("serviceWorker" in navigator && navigator.onLine !== false && meta) {
      navigator.serviceWorker.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ type: "warm" }); }).catch(function () {});
    }
    badge().then(function (rows) { if (rows.length) send(); });
    window.addEventListener("online", send);
    // A phone can say it is online while no answer comes back (weak signal, a server restarting):
    // while entries wait, try again every 15 s and whenever the page is shown again.
    setInterval(function () {
      O.list(me).then(function (rows) { if (rows.some(function (e) { return e.status === "pending"; })) send(); });
    }, 15000);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") badge().then(function (rows) { if (rows.length) send(); }); });
    try {
      new BroadcastChannel("ledger-outbox").onmessage = function () { badge(); };
    } catch (e) { /* no BroadcastChannel: the badge updates at the next page */ }
  });
})();
