/**
 * Names are folded once, the same way everywhere (issue 11, item 10): NFKC and whitespace, in the
 * shared helpers the forms (cleanName, f.name) and the imports (Row.name) use.
 */
import { describe, expect, it } from "vitest";
import { foldName } from "../../src/core/names.ts";
import { cleanName } from "../../src/domain/forms.ts";
import { accountEditForm } from "../../src/domain/members/schema.ts";
import { zoneForm } from "../../src/domain/zones/schema.ts";
import { residentFields } from "../../src/domain/residents/schema.ts";

describe("folding names", () => {
  it("an ideographic space inside a Chinese name is dropped: 第一　责任区 is 第一责任区", () => {
    expect(foldName("第一　责任区")).toBe("第一责任区");
    expect(foldName(" 张 三 ")).toBe("张三");
  });

  it("full-width digits and letters become half-width: ９号 is 9号, Ａ栋 is A栋", () => {
    expect(foldName("９号")).toBe("9号");
    expect(foldName("Ａ栋")).toBe("A栋");
  });

  it("a space between Latin words stays, runs of spaces collapse", () => {
    expect(foldName("  Li \u00A0  Ming ")).toBe("Li Ming");
  });

  it("the form helper also drops control and zero-width characters", () => {
    expect(cleanName("李\u200B　明\u0000")).toBe("李明");
  });
});

describe("names are folded where forms are parsed", () => {
  it("a zone, a resident and an account's display name come out folded", () => {
    expect(zoneForm.parse({ name: "第一　责任区", establishedOn: "2026-01-01" }).name).toBe("第一责任区");
    expect(residentFields.parse({ name: "９号楼　王伯" }).name).toBe("9号楼王伯");
    expect(accountEditForm.parse({ name: "李　明", registeredOn: "2020-01-01" }).name).toBe("李明");
  });

  it("a name made only of spaces is still refused as empty", () => {
    expect(zoneForm.safeParse({ name: "　 　", establishedOn: "2026-01-01" }).success).toBe(false);
  });
});

describe("foldName's fast path", () => {
  it("takes only characters that the full folding leaves unchanged", () => {
    // foldName returns CJK Unified Ideographs and ASCII letters and digits as they are: each must be NFKC-stable and no space
    const ranges: [number, number][] = [[0x4e00, 0x9fff], [0x41, 0x5a], [0x61, 0x7a], [0x30, 0x39]];
    const changed: string[] = [];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const c = String.fromCodePoint(cp);
        if (c.normalize("NFKC") !== c || /\s/u.test(c)) changed.push(cp.toString(16));
      }
    }
    expect(changed).toEqual([]);
    expect(foldName("王小明")).toBe("王小明");
    expect(foldName("Ａ栋９号")).toBe("A栋9号");
    expect(foldName(" 王 小明 ")).toBe("王小明");
  });
});
