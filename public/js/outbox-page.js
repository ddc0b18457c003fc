/*
 * /outbox (public/outbox.html): the current user's waiting entries, read from IndexedDB, with
 * 修改 (reopen the form filled), 放弃 (delete, after asking) and 立即发送; the last answers below.
 * Text only through textContent: entries hold what users typed.
 */
(function () {
  "use strict";
  var O = window.LedgerOutbox;
  var state = document.querySelector("[data-outbox-state]");
  if (!O || !window.indexedDB) {
    state.textContent = "此浏览器不支持本机保存，无法离线记录。";
    return;
  }
  var list = document.querySelector("[data-outbox-list]");
  var sendButton = document.querySelector("[data-outbox-send]");
  var recentBox = document.querySelector("[data-outbox-recent]");
  var logList = document.querySelector("[data-outbox-log]");
  var STATUS = {
    pending: "等待联网后自动发送",
    expired: "登录已过期：请重新登录，登录后自动发送",
  };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function when(iso) {
    return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  }

  function item(entry) {
    var li = el("li", "outbox-item is-" + entry.status);
    li.setAttribute("data-outbox-entry", entry.token);
    li.appendChild(el("h3", "", entry.title + "：" + O.summaryOf(entry)));
    li.appendChild(el("p", "muted", "本机保存于 " + when(entry.recordedAt)));
    var status = entry.status === "refused" ? "被退回：" + entry.message : entry.message && entry.status === "pending" ? entry.message : STATUS[entry.status];
    li.appendChild(el("p", "outbox-status", status));
    var actions = el("div", "actions");
    var edit = el("a", "button", "修改");
    edit.href = entry.path + "?outbox=" + encodeURIComponent(entry.token);
    edit.setAttribute("data-outbox-edit", "");
    var drop = el("button", "danger", "放弃");
    drop.type = "button";
    drop.setAttribute("data-outbox-discard", "");
    drop.addEventListener("click", function () {
      if (!window.confirm("放弃后这条记录将从本机删除，无法恢复。确定放弃吗？")) return;
      O.remove(entry.userId, entry.token).then(render);
    });
    actions.appendChild(edit);
    actions.appendChild(drop);
    li.appendChild(actions);
    return li;
  }

  function render() {
    // After outbox.js has stored whose page this is (the cookie ledger.user), never before.
    return (O.pageUser || Promise.resolve()).then(O.currentUser).then(function (me) {
      list.textContent = "";
      if (me === null) {
        state.textContent = "请先登录：本机保存的记录只向记录人本人显示，登录后自动发送。";
        sendButton.hidden = true;
        return;
      }
      return Promise.all([O.list(me), O.recent(me)]).then(function (r) {
        var rows = r[0];
        state.textContent = rows.length ? "待同步 " + rows.length + " 条" : "没有待同步的记录。";
        sendButton.hidden = rows.length === 0;
        rows.forEach(function (e) { list.appendChild(item(e)); });
        logList.textContent = "";
        recentBox.hidden = r[1].length === 0;
        r[1].forEach(function (l) {
          logList.appendChild(el("li", "outbox-item", when(l.at) + " " + l.title + "：" + l.summary + " — " + l.message));
        });
      });
    });
  }

  sendButton.addEventListener("click", function () {
    sendButton.disabled = true;
    O.sendAll().then(function (r) {
      if (r.left && navigator.onLine === false) window.alert("当前无网络，联网后会自动发送。");
    }).catch(function () {}).then(function () { sendButton.disabled = false; render(); });
  });
  try {
    new BroadcastChannel("ledger-outbox").onmessage = render;
  } catch (e) { /* re-rendered on the next visit */ }
  window.addEventListener("pageshow", function (e) { if (e.persisted) render(); });
  render();
})();
