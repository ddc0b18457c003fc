import { describe, expect, it } from "vitest";
import { formatFen, yuanToFen } from "../../src/domain/pairings/money.ts";

describe("assistance amounts in yuan, stored in fen", () => {
  it("takes up to two decimals exactly", () => {
    expect(yuanToFen("500")).toBe(50_000);
    expect(yuanToFen("0.1")).toBe(10);
    expect(yuanToFen("0.05")).toBe(5);
    expect(yuanToFen("1,234.56")).toBe(123_456);
    expect(yuanToFen("１２３")).toBe(12_300);
    expect(yuanToFen("¥8.8元")).toBe(880);
  });

  it("an empty amount is none; a bad one is refused", () => {
    expect(yuanToFen("")).toBeNull();
    expect(yuanToFen("1.234")).toBeUndefined();
    expect(yuanToFen("-5")).toBeUndefined();
    expect(yuanToFen("abc")).toBeUndefined();
    expect(yuanToFen("1000000000")).toBeUndefined();
  });

  it("prints fen as yuan with two decimals", () => {
    expect(formatFen(123_456)).toBe("1,234.56");
    expect(formatFen(5)).toBe("0.05");
    expect(formatFen(0)).toBe("0.00");
  });
});
