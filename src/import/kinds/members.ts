/**
 * 党员名册 members (FORMATS.md): 姓名, 登录名 required; 所属组织 (the branch's 组织代码; required once
 * there is more than one branch, else the only one), 手机号, 角色 (default 党员), 干部级别, 责任区
 * (looked up within the branch), 挂钩线路, 科室, 入党日期, 登记日期. The branch membership
 * (OrgMembership) starts on the 登记日期. Each new account gets a one-time password (shown once
 * after the import, stored only as its hash) that must be changed at first login.
 *
 * `登记日期` (default: the day of the import; not in the future, not in a closed year) starts the
 * person's role term, zone, line and department assignments, and so the rules. Only 党员干部 and
 * 支部书记 take a 干部级别, 挂钩线路 or 科室; a 党员干部 without a 干部级别 or without a 挂钩线路/科室 needs a
 * 不适用原因 (src/domain/members/cadre-duties.ts, issue 15). Natural key: 登录名 (stored lower-case). A login name
 * already stored under the same 姓名 records a change from its 登记日期 when its role, level,
 * zone, line or department differ (member-changes.ts; audited as member.role / member.zone / …,
 * `Member.role` / `cadreLevel` then hold the new values, in force today), and is a duplicate
 * (skipped) when nothing differs; under another 姓名 it is an error; twice in one file it is an
 * error. Audited per account (member.create).
 */
import { CADRE_LEVEL_LABELS, ROLE_LABELS } from "../../core/labels.ts";
import type { KindSpec } from "../types.ts";
import { branchAt, unitAt, zoneAt } from "./common.ts";
import { applyChanges, changesFor, type Change } from "./member-changes.ts";
import { cadreGaps } from "../../domain/members/cadre-duties.ts";
import { insertMany } from "../lookups.ts";

interface MemberRow {
  branchId: number;
  username: string;
  name: string;
  phone: string | null;
  role: keyof typeof ROLE_LABELS;
  cadreLevel: keyof typeof CADRE_LEVEL_LABELS | null;
  zoneId: number | null;
  lineId: number | null;
  departmentId: number | null;
  joinedPartyOn: string | null;
  registeredOn: string;
  /** An existing account: its id and the changes the row records from `registeredOn`. */
  existing?: { id: number; changes: Change[] };
  notApplicableReason: string | null;
}

const USERNAME = /^[a-z0-9_.-]{2,32}$/;
const leads = (role: string) => role === "CADRE" || role === "SECRETARY";

export const membersSpec: KindSpec<MemberRow> = {
  kind: "members",
  label: "党员名册",
  columns: [
    { key: "name", header: "姓名", required: true, note: "姓名" },
    { key: "username", header: "登录名", required: true, note: "2–32 位字母、数字、_ . -，不可重复" },
    { key: "branch", header: "所属组织", note: "党支部的组织代码；只有一个支部时可不填" },
    { key: "phone", header: "手机号", note: "11 位手机号" },
    { key: "role", header: "角色", note: "党员 / 党员干部 / 支部书记 / 管理员；不填为党员" },
    { key: "cadreLevel", header: "干部级别", note: Object.values(CADRE_LEVEL_LABELS).join(" / ") },
    { key: "zone", header: "责任区", note: "责任区名称（须已存在）" },
    { key: "line", header: "挂钩线路", note: "线路名称（须已存在）" },
    { key: "department", header: "科室", note: "科室名称（须已存在）" },
    { key: "joinedPartyOn", header: "入党日期", note: "仅作记录" },
    { key: "registeredOn", header: "登记日期", note: "角色、责任区、线路自该日起生效；不填为导入当天" },
    { key: "notApplicableReason", header: "不适用原因", note: "党员干部无干部级别或未挂钩线路、科室时必填" },
  ],
  example: [
    { name: "王示例", username: "wangsl", branch: "", phone: "13900000001", role: "党员干部", cadreLevel: "中层干部", zone: "第一责任区", line: "1路", department: "", joinedPartyOn: "2010-07-01", registeredOn: "2026-01-01", notApplicableReason: "" },
    { name: "李示例", username: "lisl", branch: "", phone: "", role: "党员", cadreLevel: "", zone: "第一责任区", line: "", department: "", joinedPartyOn: "", registeredOn: "2026-01-01", notApplicableReason: "" },
  ],
  lookups: ["orgs", "members", "histories", "zonesByName", "lines", "departments", "memberships", "branchToday"],
  inFileDuplicate: "error",
  check(row, look) {
    const name = row.name("name", { required: true, max: 50 });
    const username = row.text("username", { required: true, max: 32 }).toLowerCase();
    row.shown.set("username", username); // stored lower-case: the preview says so
    if (username !== "" && !USERNAME.test(username)) row.fail("username", "登录名只能用 2–32 位字母、数字、_ . -");
    const existing = username ? look.members.get(username) : undefined;
    if (existing && name !== "" && existing.name !== name) row.fail("username", `登录名已被「${existing.name}」使用`);
    const phone = row.mobile("phone");
    const role = row.choice("role", ROLE_LABELS, "MEMBER");
    const cadreLevel = row.cell("cadreLevel") === null ? null : row.choice("cadreLevel", CADRE_LEVEL_LABELS);
    const joinedPartyOn = row.notFuture("joinedPartyOn", row.date("joinedPartyOn"), look.today);
    // A listed member stays in their branch: an empty 所属组织 means theirs, another one is a
    // transfer (组织关系转接), which has its own import and page with the date it takes effect.
    const branch = existing && row.text("branch", { max: 32 }) === "" ? look.orgById(existing.branchId) : branchAt(row, "branch", look, { defaultOnly: true });
    if (existing && branch && branch.id !== existing.branchId) {
      const now = look.orgById(existing.branchId);
      row.fail("branch", `该党员现属「${now?.name ?? "其他支部"}」，调整所属组织请用组织关系转接`);
    }
    const dated = row.notFuture("registeredOn", row.date("registeredOn"), look.today);
    // The owner on that date: an existing member's branch then, else the branch of the row.
    const owner = dated && existing ? (look.branchOn(existing.id, dated) ?? branch?.id ?? null) : (branch?.id ?? null);
    const registeredOn = row.open("registeredOn", dated, owner) ?? look.today;
    const zone = branch ? zoneAt(row, "zone", look, registeredOn, { branch }) : null;
    const line = unitAt(row, "line", look, registeredOn, "line");
    const dept = unitAt(row, "department", look, registeredOn, "department");
    if (role !== null && !leads(role)) {
      if (cadreLevel) row.fail("cadreLevel", "只有党员干部、支部书记可填干部级别");
      if (line) row.fail("line", "只有党员干部、支部书记可挂钩线路");
      if (dept) row.fail("department", "只有党员干部、支部书记可挂钩科室");
    }
    const notApplicableReason = row.text("notApplicableReason", { max: 200 }) || null;
    if (role !== null && !notApplicableReason) {
      for (const gap of cadreGaps(role, cadreLevel, Boolean(line || dept))) {
        if (gap === "cadreLevel") row.fail("cadreLevel", "党员干部须填干部级别，确不适用的请填不适用原因");
        else row.fail("line", "党员干部须挂钩线路或科室，确不适用的请填不适用原因");
      }
    }
    if (!row.ok || role === null || !branch) return null;
    let change: MemberRow["existing"];
    if (existing) {
      if (registeredOn < existing.registeredOn) return row.fail("registeredOn", `登记日期不能早于该党员的登记日期 ${existing.registeredOn}`);
      const wanted = { role, cadreLevel, zoneId: zone?.id ?? null, lineId: line?.id ?? null, departmentId: dept?.id ?? null };
      const found = changesFor(look.histories, existing.id, wanted, registeredOn);
      if ("error" in found) return row.fail("registeredOn", found.error);
      change = { id: existing.id, changes: found.changes };
    }
    return {
      existing: change,
      branchId: branch.id,
      username,
      name,
      phone,
      role,
      cadreLevel,
      zoneId: zone?.id ?? null,
      lineId: line?.id ?? null,
      departmentId: dept?.id ?? null,
      joinedPartyOn,
      registeredOn,
      notApplicableReason,
    };
  },
  key: (r) => r.username,
  keyColumn: "username",
  keyLabel: (r) => `${r.username}（${r.name}）`,
  // A stored login name is a duplicate only when its row changes nothing.
  existingKeys: (look, recs) => new Set(recs.filter((r) => look.members.has(r.username) && (r.existing?.changes.length ?? 0) === 0).map((r) => r.username)),
  async write(look, recs) {
    const kx = look.kx;
    const stamp = look.stamp;
    // Rows of the new accounts' histories, written in multi-row INSERTs: flushed before an existing
    // account's change writes to the same tables, so every table's rows keep the file's order.
    type Buffered = "OrgMembership" | "Grant" | "RoleTerm" | "ZoneAssignment" | "LineAssignment" | "DepartmentAssignment";
    const buffers: Record<Buffered, Record<string, unknown>[]> = { OrgMembership: [], Grant: [], RoleTerm: [], ZoneAssignment: [], LineAssignment: [], DepartmentAssignment: [] };
    const flush = async () => {
      for (const [table, rows] of Object.entries(buffers) as [Buffered, Record<string, unknown>[]][]) {
        await insertMany(kx, table, rows);
        buffers[table] = [];
      }
    };
    let rootId: number | null | undefined;
    const passwords: { username: string; name: string; password: string }[] = [];
    let changed = 0;
    for (const { rec } of recs) {
      if (rec.existing) {
        const { id, changes } = rec.existing;
        await flush();
        await applyChanges(kx, look.histories, id, changes, rec.registeredOn);
        for (const c of changes) {
          if (c.kind === "role") await kx.updateTable("Member").set({ role: c.values![0] as string, cadreLevel: c.values![1] as string | null, updatedAt: stamp }).where("id", "=", id).execute();
          look.audit(`member.${c.kind}`, "Member", id, { before: c.before, after: c.values, fromOn: rec.registeredOn }, "导入党员名册");
        }
        changed++;
        continue;
      }
      const pw = look.passwords.get(rec.username);
      if (!pw) throw new Error("名册在确认前已被修改，请重新上传");
      const { id } = await kx
        .insertInto("Member")
        .values({
          branchId: rec.branchId, username: rec.username, name: rec.name, phone: rec.phone, passwordHash: pw.hash, mustChangePassword: 1, role: rec.role, cadreLevel: rec.cadreLevel,
          joinedPartyOn: rec.joinedPartyOn, registeredOn: rec.registeredOn, notApplicableReason: rec.notApplicableReason, active: 1, createdAt: stamp, updatedAt: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      buffers.OrgMembership.push({ memberId: id, orgId: rec.branchId, fromOn: rec.registeredOn });
      if (rec.role === "ADMIN") {
        if (rootId === undefined) rootId = (await kx.selectFrom("Org").select("id").where("parentId", "is", null).orderBy("id").limit(1).executeTakeFirst())?.id ?? null;
        if (rootId !== null) buffers.Grant.push({ memberId: id, orgId: rootId, role: "ADMIN", createdAt: stamp });
      }
      buffers.RoleTerm.push({ memberId: id, role: rec.role, cadreLevel: rec.cadreLevel, fromOn: rec.registeredOn });
      if (rec.zoneId !== null) buffers.ZoneAssignment.push({ memberId: id, zoneId: rec.zoneId, fromOn: rec.registeredOn });
      if (rec.lineId !== null) buffers.LineAssignment.push({ memberId: id, lineId: rec.lineId, fromOn: rec.registeredOn });
      if (rec.departmentId !== null) buffers.DepartmentAssignment.push({ memberId: id, departmentId: rec.departmentId, fromOn: rec.registeredOn });
      const { branchId, username, name, phone, role, cadreLevel, zoneId, lineId, departmentId, joinedPartyOn, registeredOn, notApplicableReason } = rec;
      look.audit("member.create", "Member", id, { branchId, username, name, phone, role, cadreLevel, zoneId, lineId, departmentId, joinedPartyOn, registeredOn, notApplicableReason, mustChangePassword: true }, "导入党员名册");
      passwords.push({ username: rec.username, name: rec.name, password: pw.password });
    }
    await flush();
    return { added: recs.length - changed, changed, passwords };
  },
};
