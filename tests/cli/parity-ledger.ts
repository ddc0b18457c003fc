/**
 * A generated county ledger for the engines' parity check (tests/cli/engines-parity.test.ts),
 * written as the import files of FORMATS.md ("Import files"), in the order they must be imported.
 *
 * Year 2020 around its edges: records from 2019-12-30 (the first day of 2020-W01) to 2021-01-03
 * (the last of 2020-W53), the leap day, both year ends, late-night visits (23:59 Shanghai, the
 * previous day in UTC), a member registered on the leap day, a promotion mid-week, a demotion, two
 * transfers between branches, a zone set up mid-year, a member registered after the reports' as-of
 * dates, two members of the same name, a repeated talk row. Each person has a diligence drawn by a
 * seeded generator, so some meet their quotas and some do not. Generated names only (src/seed/names.ts).
 * Also 三进三同 stays, writings, 驻村 stationing and 三项教育 training, for the roll-up's other measures.
 * Pairings have no import file: `pairings` lists them for the test to write on both engines.
 */
import { Rng } from "../../src/seed/random.ts";
import { fakeIdNumber, fakePhone, personName, zoneName } from "../../src/seed/names.ts";

export interface ImportFile {
  kind: string;
  name: string;
  headers: string[];
  rows: string[][];
}

export interface Pairing {
  cadre: string;
  resident: string;
  startedOn: string;
  endedOn: string | null;
}

interface Person {
  username: string;
  name: string;
  branch: string;
  role: "党员" | "党员干部" | "支部书记" | "管理员";
  level: string;
  zone: string;
  line: string;
  department: string;
  registeredOn: string;
  diligence: number;
}

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
/** Every date from `from` to `to`, both included. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = ms(from); t <= ms(to); t += DAY) out.push(toDate(t));
  return out;
}

const FIRST = "2019-12-30"; // Monday: 2020-W01 begins
const LAST = "2021-01-03"; // Sunday: 2020-W53 ends
const INDICATORS = ["家庭收入", "医疗社保", "就业创业", "子女教育", "住房安居", "道路交通", "饮水用电", "社会治安", "环境卫生", "办事效率", "干部作风", "矛盾调处", "政策落实"];

/** The ledger: import files in import order (a later members file records changes) and the pairings. */
export function parityLedger(seed = 2020): { files: ImportFile[]; pairings: Pairing[]; usernames: string[] } {
  const rng = new Rng(seed);
  const orgs: string[][] = [
    ["XZ01-01", "青山村党支部", "党支部", "XZ01", "2019-01-01", ""],
    ["QX", "示范县委", "县委", "", "2019-01-01", ""],
    ["XZ01", "东山镇党委", "乡镇党委", "QX", "2019-01-01", "12000"],
    ["XZ01-02", "柳河社区党支部", "党支部", "XZ01", "2019-01-01", ""],
    ["XZ02", "西河镇党委", "乡镇党委", "QX", "2019-01-01", "8000"],
    ["XZ02-01", "石桥村党支部", "党支部", "XZ02", "2019-01-01", ""],
    ["JG", "县直机关工委", "机关工委", "QX", "2019-01-01", ""],
    ["BM01", "县交通局党委", "党委", "JG", "2019-01-01", ""],
    ["BM01-01", "县交通局机关党支部", "党支部", "BM01", "2019-01-01", ""],
  ];
  const branches = ["XZ01-01", "XZ01-02", "XZ02-01", "BM01-01"];
  const lines = ["1路", "2路", "3路", "5路", "8路"];
  const departments = ["办公室", "运输管理科"];

  // Zones: the first zone's name repeats in every branch (files then name the branch too).
  const zones: string[][] = [];
  const zonesOf = new Map<string, string[]>();
  for (const [b, branch] of branches.entries()) {
    const names = [zoneName(0), zoneName(1 + b * 2), zoneName(2 + b * 2)];
    zonesOf.set(branch, names);
    for (const [i, z] of names.entries()) zones.push([z, branch, `${z}，${branch} 所辖`, i === 2 && b === 1 ? "2020-03-15" : "2019-06-01"]);
  }

  const people: Person[] = [];
  const used = new Set<string>();
  const name = (): string => {
    for (;;) {
      const n = personName(rng, rng.chance(0.5) ? "M" : "F");
      if (!used.has(n)) return used.add(n), n;
    }
  };
  let seq = 0;
  const person = (p: Partial<Person> & { branch: string; role: Person["role"] }): Person => {
    const zs = zonesOf.get(p.branch)!;
    const out: Person = { username: `u${String(++seq).padStart(3, "0")}`, name: name(), level: "", zone: rng.pick(zs), line: "", department: "", registeredOn: "2019-01-01", diligence: rng.next(), ...p };
    people.push(out);
    return out;
  };
  person({ branch: "XZ01-01", role: "管理员", username: "admin01", diligence: 0.9 });
  for (const [b, branch] of branches.entries()) {
    person({ branch, role: "支部书记", level: "中层干部", line: lines[b], diligence: b === 0 ? 1 : rng.next() });
    const cadres = branch === "BM01-01" ? 2 : 3;
    for (let i = 0; i < cadres; i++) {
      const dept = branch === "BM01-01" && i === 1;
      person({ branch, role: "党员干部", level: rng.pick(["县管领导干部", "中层干部", "一般干部", "大学生村官"]), line: dept ? "" : rng.pick(lines), department: dept ? rng.pick(departments) : "" });
    }
    for (let i = 0; i < 6; i++) person({ branch, role: "党员" });
  }
  // Edge registrations: on the leap day, mid-year, and after every as-of the test uses.
  person({ branch: "XZ01-02", role: "党员", registeredOn: "2020-02-29", diligence: 0.95 });
  person({ branch: "XZ02-01", role: "党员干部", level: "一般干部", line: "3路", registeredOn: "2020-07-15", diligence: 0.8 });
  const late = person({ branch: "XZ01-01", role: "党员", registeredOn: "2021-02-01", diligence: 0.9 });
  // Two members of the same name: a talk naming them is kept as written, linked to neither.
  const twinName = people[6].name;
  const twin = person({ branch: "XZ02-01", role: "党员", diligence: 0.5 });
  twin.name = twinName;

  const memberRow = (p: Person, over: Partial<Person> = {}) => {
    const q = { ...p, ...over };
    return [q.name, q.username, q.branch, fakePhone("139", people.indexOf(p) + 1), q.role, q.level, q.zone, q.line, q.department, "2005-07-01", q.registeredOn, q.role === "党员干部" && !q.level ? "临时抽调" : ""];
  };

  // Changes and transfers during 2020 (standing is dated: the report judges each day by its own).
  const promoted = people.find((p) => p.branch === "XZ01-02" && p.role === "党员")!;
  const demoted = people.find((p) => p.branch === "XZ02-01" && p.role === "党员干部")!;
  const movedCadre = people.find((p) => p.branch === "XZ01-01" && p.role === "党员干部")!;
  const movedMember = people.find((p) => p.branch === "XZ02-01" && p.role === "党员" && p !== twin)!;
  const changes = [
    memberRow(promoted, { role: "党员干部", level: "一般干部", line: "2路", registeredOn: "2020-05-13" }),
    memberRow(demoted, { role: "党员", level: "", line: "", registeredOn: "2020-09-01" }),
  ];
  const transfers = [
    [movedCadre.username, "XZ02-01", "2020-07-01", "工作调动"],
    [movedMember.username, "BM01-01", "2020-10-15", "组织关系转入机关"],
  ];
  /** The standing of a person on a day, after the changes above. */
  const standing = (p: Person, d: string) => {
    let role = p.role;
    let line = p.line || p.department;
    if (p === promoted && d >= "2020-05-13") [role, line] = ["党员干部", "2路"];
    if (p === demoted && d >= "2020-09-01") [role, line] = ["党员", ""];
    return { role, line, active: d >= p.registeredOn };
  };

  // Residents: a few per zone, some in hardship (for pairings); one name shared by two residents.
  const residents: string[][] = [];
  const hardship: string[] = [];
  let nRes = 0;
  for (const branch of branches)
    for (const z of zonesOf.get(branch)!)
      for (let i = 0; i < 4; i++) {
        const n = nRes === 5 ? residents[0][0] : name();
        const poor = rng.chance(0.4);
        if (poor && nRes !== 5) hardship.push(n);
        residents.push([n, z, branch, fakePhone("138", ++nRes), fakeIdNumber(rng, `19${rng.int(40, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`, "M"), `${z}${rng.int(1, 60)}号`, poor ? "生活困难、空巢老人" : "", String(rng.int(1, 6))]);
      }
  const residentNames = residents.map((r) => r[0]);

  // Talks: each active day, with a chance that follows the person's diligence.
  const talks: string[][] = [];
  const memberNames = people.map((p) => p.name);
  for (const p of people) {
    for (const d of days(FIRST, LAST)) {
      const s = standing(p, d);
      if (!s.active) continue;
      const leader = s.role === "党员干部" || s.role === "支部书记";
      const rate = (leader ? 0.2 : 0.04) * (0.3 + p.diligence);
      const edge = d === "2020-02-29" || d === "2020-12-31" || d === "2020-01-01";
      if (!rng.chance(rate) && !(edge && p.diligence > 0.7)) continue;
      const toMember = rng.chance(0.3);
      const counterpart = toMember ? rng.pick(memberNames.filter((n) => n !== p.name)) : rng.pick(residentNames);
      const reason = rng.chance(0.2) ? rng.pick(["成绩突出", "失误落后", "生活困难", "矛盾摩擦", "苗头倾向"]) : rng.chance(0.5) ? "日常谈心" : "";
      talks.push([d.replaceAll("-", rng.chance(0.8) ? "-" : "/"), p.username, counterpart, toMember ? "党员" : "群众", reason, `与${counterpart}谈心，了解近况`]);
    }
  }
  talks.push([...talks[3]]); // a repeated row: a duplicate, imported once
  talks.push(["2020-06-01", people[1].username, twinName, "党员", "日常谈心", "同名党员"]);

  // Line visits: cadres with a line, by ISO week; late-night ones at the edges.
  const visits: string[][] = [];
  for (const p of people) {
    for (const d of days(FIRST, LAST)) {
      const s = standing(p, d);
      if (!s.active || !s.line || (s.role !== "党员干部" && s.role !== "支部书记")) continue;
      if (!rng.chance(0.55 * (0.2 + p.diligence))) continue;
      const time = `${String(rng.int(6, 22)).padStart(2, "0")}:${String(rng.int(0, 59)).padStart(2, "0")}`;
      visits.push([`${d} ${time}`, p.username, s.line, "随车了解乘客意见", rng.chance(0.3) ? "早高峰车次不足" : "", ""]);
    }
  }
  const sec = people.find((p) => p.role === "支部书记")!;
  for (const at of ["2019-12-30 00:05", "2020-12-31 23:59", "2021-01-03 23:58", "2020-02-29 23:30", "2020-03-01 00:00"]) visits.push([at, sec.username, sec.line, "节点走访", "", ""]);

  // Meetings: a courtyard meeting in most zone-months, a few other kinds per half-year.
  const meetings: string[][] = [];
  for (const branch of branches) {
    const host = people.find((p) => p.branch === branch && p.role === "支部书记")!;
    const attendees = people.filter((p) => p.branch === branch && p.registeredOn <= "2019-12-31").map((p) => p.username);
    for (const [zi, z] of zonesOf.get(branch)!.entries()) {
      const from = zones.find((r) => r[0] === z && r[1] === branch)![3];
      for (let m = 0; m < 13; m++) {
        const month = m === 12 ? "2021-01" : `2020-${String(m + 1).padStart(2, "0")}`;
        if (`${month}-28` < from) continue;
        if (!rng.chance(zi === 0 ? 0.95 : 0.75)) continue;
        const day = m === 1 && zi === 0 ? "29" : String(rng.int(1, 28)).padStart(2, "0");
        meetings.push([`${month}-${day}`, "院坝会", z, branch, host.username, `${z}院坝`, attendees.filter(() => rng.chance(0.5)).join("、"), String(rng.int(8, 40)), "政策宣讲", "群众反映道路问题"]);
      }
    }
    for (const d of ["2020-04-10", "2020-11-20"]) if (rng.chance(0.7)) meetings.push([d, rng.pick(["座谈会", "茶话会", "恳谈会", "调研会"]), zonesOf.get(branch)![0], branch, host.username, "党群服务中心", attendees.slice(0, 3).join(","), "12", "听取意见", ""]);
  }
  meetings.push(["2020-12-31", "院坝会", zonesOf.get("XZ01-01")![1], "XZ01-01", people.find((p) => p.branch === "XZ01-01" && p.role === "支部书记")!.username, "", "", "20", "年终总结", ""]);

  // Assessment: ballots and survey answers for the assessed units (townships, the 机关工委's 党委).
  const ballots: string[][] = [];
  const survey: string[][] = [];
  for (const unit of ["XZ01", "XZ02", "BM01"]) {
    for (let i = 0; i < 12; i++) ballots.push(["2020", unit, rng.pick(["上级", "下级", "平级"]), rng.pick(["优秀", "称职", "称职", "基本称职", "不称职"]), i % 3 === 0 ? `评议人${i}` : ""]);
    if (unit === "BM01") continue; // a unit with no survey: null, ranked after the others
    for (let i = 1; i <= 20; i++) survey.push(["2020", unit, rng.pick(["电话问卷", "入户访谈", "会议调查"]), String(i), ...INDICATORS.map(() => rng.pick(["满意", "满意", "基本满意", "不满意", ""]))]);
  }

  // The county's other measures: 三进三同 stays, writings, 驻村 stationing, 三项教育 training.
  const leaders = people.filter((p) => (p.role === "党员干部" || p.role === "支部书记") && p.registeredOn <= "2019-12-31" && ![promoted, demoted, movedCadre].includes(p));
  const stays: string[][] = [];
  const writings: string[][] = [];
  for (const [i, p] of leaders.entries()) {
    const res = residents.find((r) => r[2] === p.branch && hardship.includes(r[0]) && r[0] !== residents[0][0]);
    if (res && i % 2 === 0) stays.push([i % 4 === 0 ? "2020-02-28" : "2020-12-30", i % 4 === 0 ? "2020-03-01" : "2021-01-02", p.username, res[0], res[1], res[2], i % 3 ? "同吃、同住、同劳动" : "同吃,同劳动", "了解到家中缺劳力", ""]);
    if (i % 3 !== 2) writings.push([rng.pick(["2020-01-01", "2020-02-29", "2020-07-20", "2020-12-31"]), p.username, rng.pick(["调研报告", "党性分析", "民情日记", "发展规划"]), `${p.branch}工作材料${i}`, "正文"]);
  }
  const bm = people.filter((p) => p.branch === "BM01-01" && p.role === "党员干部");
  const stationing = [
    [bm[0].username, "XZ01-01", "2020-03-01", "2020-12-31", "书记助理", "驻村干部", ""],
    [bm[1].username, "XZ02-01", "2020-11-16", "", "", "驻村干部", "脱贫攻坚"],
  ];
  const training: string[][] = [];
  for (const p of people.filter((q) => q.registeredOn <= "2020-05-20" && q.role !== "管理员"))
    if (rng.chance(0.5)) training.push(["2020-05-20", "县委党校", "党史学习", "QX", p.username]);
  for (const p of people.filter((q) => q.branch.startsWith("XZ01") && q.registeredOn <= "2020-02-29" && q !== movedCadre))
    if (rng.chance(0.6)) training.push(["2020-02-29", "乡镇党校", "政策宣讲", "XZ01", p.username]);

  const pairings: Pairing[] = [];
  for (const p of people.filter((q) => q.level && q.registeredOn <= "2020-12-31")) {
    const n = rng.int(0, 4);
    for (let i = 0; i < n && hardship.length; i++) {
      const resident = hardship[(pairings.length * 7 + i) % hardship.length];
      const startedOn = rng.pick(["2019-11-01", "2020-02-29", "2020-06-15", "2020-12-31"]);
      pairings.push({ cadre: p.username, resident, startedOn, endedOn: rng.chance(0.2) ? "2020-08-31" : null });
    }
  }

  const MEMBER_HEADERS = ["姓名", "登录名", "所属组织", "手机号", "角色", "干部级别", "责任区", "挂钩线路", "科室", "入党日期", "登记日期", "不适用原因"];
  const files: ImportFile[] = [
    { kind: "orgs", name: "组织.csv", headers: ["组织代码", "名称", "类型", "上级组织代码", "设立日期", "常住人口"], rows: orgs },
    { kind: "units", name: "线路与科室.csv", headers: ["名称", "类型", "说明"], rows: [...lines.map((l) => [l, "线路", `${l}公交`]), ...departments.map((d) => [d, "科室", ""])] },
    { kind: "zones", name: "责任区.csv", headers: ["名称", "所属组织", "说明", "设立日期"], rows: zones },
    { kind: "members", name: "党员名册.csv", headers: MEMBER_HEADERS, rows: people.map((p) => memberRow(p)) },
    { kind: "members", name: "党员名册-变动.csv", headers: MEMBER_HEADERS, rows: changes },
    { kind: "transfers", name: "组织关系转接.csv", headers: ["登录名", "转入组织", "转接日期", "说明"], rows: transfers },
    { kind: "residents", name: "群众.csv", headers: ["姓名", "责任区", "所属组织", "手机号", "身份证号", "住址", "标签", "家庭人口"], rows: residents },
    { kind: "talks", name: "谈心记录.csv", headers: ["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"], rows: talks },
    { kind: "visits", name: "走访记录.csv", headers: ["日期", "干部", "线路", "事由", "发现问题", "处理情况"], rows: visits },
    { kind: "meetings", name: "会议记录.csv", headers: ["日期", "类型", "责任区", "所属组织", "主持人", "地点", "参会党员", "参会群众人数", "议题", "纪要"], rows: meetings },
    { kind: "stays", name: "三进三同.csv", headers: ["开始日期", "结束日期", "干部", "住户", "责任区", "所属组织", "方式", "民情日记", "发现问题"], rows: stays },
    { kind: "writings", name: "调研报告.csv", headers: ["日期", "作者", "类型", "标题", "正文"], rows: writings },
    { kind: "stationing", name: "驻村.csv", headers: ["登录名", "驻村组织", "开始日期", "结束日期", "职务", "类别", "说明"], rows: stationing },
    { kind: "training", name: "三项教育.csv", headers: ["日期", "层级", "主题", "组织单位", "参训人"], rows: training },
    { kind: "ballots", name: "民主测评票.csv", headers: ["年度", "被测评单位", "测评层面", "评价", "测评人"], rows: ballots },
    { kind: "survey", name: "民意调查.csv", headers: ["年度", "单位", "调查方式", "受访编号", ...INDICATORS], rows: survey },
  ];
  return { files, pairings, usernames: people.filter((p) => p !== late && p.role !== "管理员").map((p) => p.username) };
}
