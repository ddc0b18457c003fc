/**
 * Generated names, contact data and texts for the demo county (src/seed/seed.ts).
 *
 * Nobody here is real: a person's name is a common surname and one or two given-name characters
 * drawn by the seeded generator; phone numbers have the mainland format (11 digits starting with 1)
 * but are visibly fake (`139 0000 0001`, mostly zeros); ID numbers have 18 characters and a correct
 * GB 11643-1999 check digit but a birth-region code from the made-up range 990000–990999, which
 * no real region uses. Place names are combinations of common characters.
 */
import type { Rng } from "./random.ts";

const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
  "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
  "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
  "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
  "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",
  "毛", "郝", "龚", "邵", "万", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
] as const;

/** The first surnames are much more common: weight them so names look like a real roster. */
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => (i < 5 ? 6 : i < 20 ? 3 : i < 50 ? 1.5 : 1));

const GIVEN_MALE = [
  "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "飞", "宇", "浩",
  "俊", "峰", "斌", "波", "建", "国", "志", "文", "华", "林", "龙", "成", "东", "海", "亮", "新",
  "春", "松", "德", "荣", "兴", "贵", "福", "永", "忠", "良", "安", "清", "中", "昌", "泽", "航",
] as const;
const GIVEN_FEMALE = [
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玉", "兰", "萍", "红", "桂", "英", "梅",
  "燕", "雪", "婷", "欣", "怡", "佳", "琪", "莉", "琳", "晶", "慧", "颖", "洁", "丹", "倩", "云",
  "凤", "琴", "月", "翠", "珍", "莲", "雯", "悦", "思", "雨", "露", "蓉", "妍", "彩", "菊", "淑",
] as const;

export type Gender = "M" | "F";

/** A generated Chinese name: surname + one or two given-name characters. */
export function personName(rng: Rng, gender: Gender): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  const chars = gender === "M" ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.pick(chars);
  if (rng.chance(0.3)) return surname + first;
  let second = rng.pick(chars);
  if (second === first && rng.chance(0.7)) second = rng.pick(chars);
  return surname + first + second;
}

/** A name as it is often written in a ledger without the given name: 王大爷, 李师傅, 小张. */
export function informalName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  return rng.pick([`${surname}大爷`, `${surname}大妈`, `${surname}师傅`, `小${surname}`, `老${surname}`, `${surname}阿姨`]);
}

/** A passenger named as drivers report them: 乘客王先生. */
export function passengerName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES, SURNAME_WEIGHTS);
  return `乘客${surname}${rng.chance(0.5) ? "先生" : "女士"}`;
}

/** Fake mobile number no. `n` of a series: `139` + 8 digits (`13900000001`, mostly zeros). */
export function fakePhone(series: "139" | "138" | "137", n: number): string {
  return series + String(n % 100_000_000).padStart(8, "0");
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** The GB 11643-1999 check character of the first 17 digits of an ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/**
 * A fake 18-character resident ID: region 990000–990999 (made up), a birth date, a sequence whose
 * last digit is odd for men and even for women, and a correct check character.
 */
export function fakeIdNumber(rng: Rng, birth: string /* YYYY-MM-DD */, gender: Gender): string {
  const region = `990${String(rng.int(0, 999)).padStart(3, "0")}`;
  let seq = rng.int(0, 99) * 10 + rng.int(0, 4) * 2 + (gender === "M" ? 1 : 0);
  seq = Math.min(seq, 999);
  const first17 = region + birth.replaceAll("-", "") + String(seq).padStart(3, "0");
  return first17 + idCheckDigit(first17);
}

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** A number in Chinese numerals as used in names (1–9999): 一, 十二, 二十, 一百零五, 三百. */
export function chineseNumber(n: number): string {
  if (n <= 0 || n >= 10000 || !Number.isInteger(n)) throw new RangeError(`chineseNumber: ${n}`);
  if (n < 10) return DIGITS[n];
  if (n < 20) return "十" + (n % 10 ? DIGITS[n % 10] : "");
  const units = ["", "十", "百", "千"];
  const digits = String(n).split("").map(Number);
  let out = "";
  let zero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i];
    if (d === 0) zero = true;
    else {
      if (zero && out) out += "零";
      zero = false;
      out += DIGITS[d] + unit;
    }
  });
  return out;
}

/** 第一责任区 … 第三百责任区. */
export function zoneName(index: number): string {
  return `第${chineseNumber(index + 1)}责任区`;
}

const PLACE_FIRST = ["青", "柳", "石", "桃", "杏", "松", "枫", "竹", "梨", "柏", "金", "银", "清", "长", "安", "和", "新", "兴", "太", "永", "龙", "凤", "花", "白", "红", "东", "西", "南", "北", "中"];
const PLACE_SECOND = ["山", "河", "溪", "湾", "坪", "坝", "岭", "桥", "塘", "沟", "林", "园", "湖", "泉", "坡", "场", "田", "丰", "平", "宁"];
const PLACE_KIND = ["村", "村", "村", "社区", "社区"];

/** A made-up village or community name, distinct for each index (青山村, 柳河社区, …). */
export function placeName(index: number): string {
  // i = 30q + r: the first character is a bijection of r, the second of q for each r, so the
  // first 600 names are distinct while neighbours differ in both characters.
  const q = Math.floor(index / PLACE_FIRST.length);
  const a = PLACE_FIRST[(index * 7) % PLACE_FIRST.length];
  const b = PLACE_SECOND[(q * 11 + index * 13) % PLACE_SECOND.length];
  const kind = PLACE_KIND[(index * 3) % PLACE_KIND.length];
  const round = Math.floor(index / (PLACE_FIRST.length * PLACE_SECOND.length));
  return `${a}${b}${round ? chineseNumber(round + 1) : ""}${kind}`;
}

/** A street address in a place: 青山村三组12号 or 柳河社区4栋2单元301. */
export function address(rng: Rng, place: string): string {
  if (place.endsWith("村")) return `${place}${chineseNumber(rng.int(1, 12))}组${rng.int(1, 80)}号`;
  return `${place}${rng.int(1, 30)}栋${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}`;
}

/** Bus line names: 1路 … and express lines K1路 …; the demo county uses a short mix. */
export function lineName(index: number, demo: boolean): string {
  if (demo) return ["1路", "3路", "7路", "12路", "K3路", "游2路"][index] ?? `${index + 1}路`;
  return index < 50 ? `${index + 1}路` : `K${index - 49}路`;
}

const BUS_DEPARTMENTS = [
  "调度科", "安全科", "运营科", "服务质量科", "机务科", "票务科", "财务科", "人事科", "办公室", "保卫科",
  "技术科", "信息科", "宣传科", "工会办公室", "团委", "纪检室", "物资科", "培训科", "稽查队", "客服中心",
  "场站管理科", "车辆维修厂", "线路规划科", "审计科",
];
const COUNTY_DEPARTMENTS = [
  "县委办公室", "县政府办公室", "县委组织部", "县委宣传部", "县委统战部", "县委政法委", "县纪委监委", "县发改局",
  "县教育局", "县科技局", "县公安局", "县民政局", "县司法局", "县财政局", "县人社局", "县自然资源局",
  "县生态环境局", "县住建局", "县交通运输局", "县水务局", "县农业农村局", "县商务局", "县文旅局", "县卫健委",
  "县退役军人事务局", "县应急管理局", "县审计局", "县市场监管局", "县统计局", "县医保局", "县乡村振兴局", "县林业局",
  "县信访局", "县总工会", "团县委", "县妇联", "县残联", "县科协", "县工商联", "县供销社",
];

/** Department names: the first four are a bus company's offices (调度科, 安全科, …). */
export function departmentName(index: number): string {
  const all = [...BUS_DEPARTMENTS, ...COUNTY_DEPARTMENTS];
  return all[index] ?? `第${chineseNumber(index + 1)}科室`;
}

// ---------------------------------------------------------------------------------------------
// Texts: each is a few template sentences combined at random, so a ledger reads naturally.

export type TalkReason = "OUTSTANDING" | "SETBACK" | "HARDSHIP" | "CONFLICT" | "WARNING_SIGN" | "ROUTINE";

const TALK_OPEN: Record<TalkReason, string[]> = {
  OUTSTANDING: [
    "{n}在本月线路安全运营中表现突出，",
    "{n}近期在服务群众工作中受到乘客来信表扬，",
    "{n}在防汛保通工作中带头冲在一线，",
    "{n}主动帮助困难群众解决实际问题，成绩突出，",
  ],
  SETBACK: [
    "{n}近期工作中出现失误，",
    "{n}本季度考核排名靠后，",
    "{n}在一次投诉处理中方法欠妥，",
    "{n}因操作不规范受到通报，",
  ],
  HARDSHIP: [
    "{n}家中老人生病住院，生活较为困难，",
    "{n}家庭收入下降，孩子上学开支较大，",
    "{n}家中房屋漏雨需要维修，",
    "{n}本人身体不好，家务负担重，",
  ],
  CONFLICT: [
    "{n}与同事因排班问题产生矛盾，",
    "{n}与邻居因宅基地界线发生争执，",
    "{n}对近期分配方案有意见，情绪较大，",
    "{n}与家人之间存在摩擦，",
  ],
  WARNING_SIGN: [
    "{n}近期思想波动较大，工作积极性不高，",
    "{n}有迟到早退苗头，",
    "{n}对组织生活参与不够主动，",
    "{n}在朋友圈发表不当言论的苗头需要引导，",
  ],
  ROUTINE: [
    "与{n}就近期工作和生活情况进行了交流，",
    "走访{n}，了解家庭生产生活情况，",
    "与{n}谈心，听取其对支部工作的意见建议，",
    "与{n}拉家常，了解其所思所盼，",
  ],
};

const TALK_BODY: Record<TalkReason, string[]> = {
  OUTSTANDING: ["肯定了其成绩，", "对其先进事迹给予表扬，", "鼓励其总结经验、带动身边同志，"],
  SETBACK: ["帮助其分析原因、查找不足，", "指出问题并提出改进要求，", "耐心开导，帮助其放下包袱，"],
  HARDSHIP: ["详细了解了困难情况，", "宣讲了相关帮扶政策，", "帮助其梳理可申请的救助项目，"],
  CONFLICT: ["分别听取了双方意见，", "讲清政策和道理，做好疏导，", "引导其换位思考、理性表达，"],
  WARNING_SIGN: ["及时提醒、敲响警钟，", "讲明纪律要求，", "了解其思想根源，"],
  ROUTINE: ["宣传了党的惠民政策，", "听取了意见建议，", "介绍了责任区近期工作安排，"],
};

const TALK_CLOSE: Record<TalkReason, string[]> = {
  OUTSTANDING: ["勉励其继续发挥先锋模范作用。", "建议支部予以表扬。"],
  SETBACK: ["其表示将认真改正。", "约定一个月后再次跟进。"],
  HARDSHIP: ["已将情况报支部研究帮扶措施。", "约定下周协助办理相关手续。"],
  CONFLICT: ["双方达成初步谅解。", "矛盾已基本化解，将持续关注。"],
  WARNING_SIGN: ["其表示认识到问题，愿意改进。", "将持续关注其思想动态。"],
  ROUTINE: ["群众对支部工作表示满意。", "对方提出的问题已记录在案。", "气氛融洽，效果良好。"],
};

function fill(t: string, name: string): string {
  return t.replace("{n}", name);
}

/** The content of a talk of this reason with this counterpart. */
export function talkContent(rng: Rng, reason: TalkReason, counterpart: string): string {
  return fill(rng.pick(TALK_OPEN[reason]), counterpart) + rng.pick(TALK_BODY[reason]) + rng.pick(TALK_CLOSE[reason]);
}

const VISIT_PURPOSE = [
  "跟车检查服务质量", "走访驾驶员了解工作生活情况", "检查站台设施", "高峰时段现场督导", "安全行车宣传",
  "听取乘客意见", "检查车辆消防设施", "了解线路客流变化",
];
const VISIT_PROBLEMS = [
  "", "", "", "站台候车亭顶棚破损", "部分车辆报站器故障", "高峰时段发车间隔偏长", "驾驶员反映午餐时间紧张",
  "乘客反映车内空调温度偏高", "终点站如厕不便", "个别驾驶员进站不规范",
];
const VISIT_HANDLING = [
  "已现场整改", "已报调度科调整班次", "已联系机务科维修", "已向驾驶员提醒纠正", "已记录，待科室研究",
];

/** Purpose, problems found and handling of a visit (problems and handling may be empty). */
export function visitTexts(rng: Rng): { purpose: string; problemsFound: string; handling: string } {
  const purpose = rng.pick(VISIT_PURPOSE);
  const problemsFound = rng.pick(VISIT_PROBLEMS);
  return { purpose, problemsFound, handling: problemsFound ? rng.pick(VISIT_HANDLING) : "" };
}

export const MEETING_TOPICS: Record<string, string[]> = {
  COURTYARD: ["通报村务财务公开情况", "宣讲惠民政策", "征求道路硬化意见", "安排防汛工作", "讨论人居环境整治", "听取群众诉求"],
  FORUM: ["征求党员群众对支部工作的意见", "座谈乡村振兴工作思路"],
  TEA_PARTY: ["老党员迎新春茶话会", "重阳节老年人茶话会"],
  DIALOGUE: ["就线路调整与沿线群众恳谈", "就拆迁安置与群众恳谈"],
  SURVEY: ["调研困难群众帮扶需求", "调研公交出行满意度"],
};

/** The minutes of a meeting, from its topic. */
export function meetingMinutes(rng: Rng, topic: string, residents: number): string {
  return `会议围绕“${topic}”展开，${residents}名群众参加。` +
    rng.pick(["与会群众踊跃发言，", "群众提出意见建议若干条，", "现场解答群众疑问，"]) +
    rng.pick(["会后逐条梳理形成台账。", "能当场解决的已当场解决。", "需上级解决的已上报。"]);
}

const REQUEST_CONTENT = [
  "反映村道路灯损坏，夜间出行不便", "希望增开早班车", "申请办理低保", "反映自来水水压不足", "咨询医保报销政策",
  "希望协助修缮危房", "反映垃圾清运不及时", "孩子上学交通不便", "申请临时救助", "反映邻里噪音纠纷",
  "咨询养老保险缴费", "希望提供就业培训", "反映公交站台缺少座椅", "反映沟渠堵塞",
];
const REQUEST_HANDLING = [
  "已转交相关部门办理", "已协调解决", "已上门核实情况", "已纳入下月工作计划", "已联系供电所维修",
];
export const FEEDBACK_HOW = ["电话", "上门", "院坝会通报", "短信"] as const;

export function requestContent(rng: Rng): string {
  return rng.pick(REQUEST_CONTENT);
}
export function requestHandling(rng: Rng): string {
  return rng.pick(REQUEST_HANDLING);
}
export function feedbackContent(rng: Rng, escalated: boolean): string {
  if (escalated) return "问题已上报上级部门，告知群众办理进度，将持续跟踪。";
  return rng.pick(["问题已解决，群众表示满意。", "已办结并告知群众，群众表示认可。", "已按政策办理，向群众解释清楚。"]);
}
export const ESCALATED_TO = ["县交通运输局", "县民政局", "镇政府", "县住建局", "县人社局"] as const;

const ASSIST_TEXT: Record<string, string[]> = {
  FUNDS: ["送去慰问金", "资助生活费用"],
  MATERIALS: ["送去米面油等生活物资", "送去过冬棉被", "送去化肥种子"],
  PROJECT: ["协调发展养殖项目", "帮助申请产业扶持项目"],
  EMPLOYMENT: ["推荐到公交公司保洁岗位就业", "联系就业培训"],
  MEDICAL: ["协助办理大病医疗救助", "陪同就医并协调报销"],
  EDUCATION: ["资助子女学费", "联系助学贷款"],
  OTHER: ["帮助修缮房屋", "协助办理户籍手续"],
};

export function assistanceText(rng: Rng, kind: string): string {
  return rng.pick(ASSIST_TEXT[kind] ?? ASSIST_TEXT.OTHER);
}

export function activistNote(rng: Rng, name: string): string {
  return rng.pick([
    `与${name}谈话，了解其近期学习党章情况，`,
    `${name}提交了思想汇报，`,
    `${name}参加了责任区志愿服务活动，`,
    `听取群众对${name}的评价，`,
  ]) + rng.pick(["表现积极。", "进步明显。", "需加强理论学习。", "群众反映良好。"]);
}

const REPORT_TEXT: Record<string, string[]> = {
  NEW_THINKING: ["部分驾驶员对新排班制度有顾虑", "青年党员希望多开展志愿服务", "部分群众对征地补偿有想法"],
  NEW_SITUATION: ["辖区新增外来务工人员较多", "雨季山体滑坡隐患增加", "新小区入住率上升，公交需求增加"],
  SUGGESTION: ["建议增设夜班公交线路", "建议在村口增设公交候车亭", "建议院坝会固定每月第一个周末召开"],
};

export function situationReportText(rng: Rng, kind: string): string {
  return rng.pick(REPORT_TEXT[kind]) + "。";
}
