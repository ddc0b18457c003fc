import { describe, expect, it } from "vitest";
import { idCheckChar, joinTags, maskAddress, maskIdNumber, maskPhone, normalizeIdNumber, normalizeMobile, splitTags } from "../../src/domain/residents/mask.ts";

const validId = (first17: string) => first17 + idCheckChar(first17);

describe("masking residents' personal data", () => {
  it("a mobile number keeps its first 3 and last 4 digits", () => {
    expect(maskPhone("13812341234")).toBe("138****1234");
  });

  it("an ID number keeps its first 4 and last 4 characters", () => {
    expect(maskIdNumber("510104199001011234")).toBe("5101**********1234");
    expect(maskIdNumber("51010419900101123X")).toBe("5101**********123X");
  });

  it("values too short to keep anything are starred whole, and missing ones stay empty", () => {
    expect(maskPhone("1234")).toBe("****");
    expect(maskIdNumber("12345678")).toBe("********");
    expect(maskPhone(null)).toBe("");
    expect(maskIdNumber("")).toBe("");
  });

  it("an address keeps only its district-level part, up to the first 区/县/市/镇/乡/街道", () => {
    expect(maskAddress("成华区建设路街道12号")).toBe("成华区****");
    expect(maskAddress("双流县东升镇白家村3组")).toBe("双流县****");
    expect(maskAddress("青龙镇幸福村5组12号")).toBe("青龙镇****");
    expect(maskAddress("建设路街道二仙桥东三路8号")).toBe("建设路街道****");
    expect(maskAddress("某市某路1号")).toBe("某市****");
  });

  it("a 小区 or 社区 is not a district, and without a marker only 2 characters are kept", () => {
    expect(maskAddress("幸福小区3栋2单元101")).toBe("幸福****");
    expect(maskAddress("光明社区12号")).toBe("光明****");
    expect(maskAddress("幸福村")).toBe("幸福****");
    expect(maskAddress("某街 1 号")).toBe("某街****");
    expect(maskAddress("一二三四五六七八九十甲乙丙区")).toBe("一二****"); // a marker too far in reveals too much
    expect(maskAddress("村")).toBe("****");
    expect(maskAddress(null)).toBe("");
  });
});

describe("normalising what is typed", () => {
  it("a mobile number drops spaces, dashes and +86 and folds full-width digits", () => {
    expect(normalizeMobile("+86 138-1234-1234")).toBe("13812341234");
    expect(normalizeMobile("１３８１２３４１２３４")).toBe("13812341234");
    expect(normalizeMobile("028-12345678")).toBeNull();
    expect(normalizeMobile("2381234123")).toBeNull();
  });

  it("an ID number needs a real birth date and the right check character", () => {
    const good = validId("51010419900101123");
    expect(normalizeIdNumber(good.toLowerCase())).toBe(good);
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expect(normalizeIdNumber(wrong)).toBeNull();
    expect(normalizeIdNumber(validId("51010419900230123"))).toBeNull(); // 30 February
    expect(normalizeIdNumber("5101041990")).toBeNull();
  });

  it("tags are split on 、 and commas, kept in order without duplicates, and stored joined with 、", () => {
    expect(splitTags("困难户、驾驶员,低保户，困难户")).toEqual(["困难户", "驾驶员", "低保户"]);
    expect(joinTags(["困难户", " 留守儿童 ", "困难户"])).toBe("困难户、留守儿童");
    expect(splitTags("")).toEqual([]);
  });
});
