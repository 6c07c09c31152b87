import { describe, expect, it } from "vitest";
import { cleanCodeInput, groupEan13, manualCodeSchema } from "../src/features/scan/lib/code-input.ts";

describe("cleanCodeInput", () => {
  it("drops spaces, tabs, hyphens and dashes from a paste", () => {
    expect(cleanCodeInput(" 2 858364\t170864 ")).toEqual({ code: "2858364170864", otherChars: [] });
    expect(cleanCodeInput("2-858364–170864")).toEqual({ code: "2858364170864", otherChars: [] });
  });
  it("keeps a letter where it was typed and names it, instead of dropping it", () => {
    expect(cleanCodeInput("28a58")).toEqual({ code: "28a58", otherChars: ["a"] });
    // 13 digits once the "o" goes: dropping it would have made a valid-looking code
    expect(cleanCodeInput("285836417086o4")).toEqual({ code: "285836417086o4", otherChars: ["o"] });
    expect(manualCodeSchema.safeParse({ code: "285836417086o4" }).success).toBe(false);
  });
  it("keeps at most 13 digits", () => {
    expect(cleanCodeInput("28583641708649999").code).toBe("2858364170864");
  });
});

describe("groupEan13", () => {
  it("groups 1 + 6 + 6 as EAN-13 prints it", () => {
    expect(groupEan13("2858364170864")).toBe("2 858364 170864");
  });
  it("groups partial input as far as it goes", () => {
    expect(groupEan13("")).toBe("");
    expect(groupEan13("2")).toBe("2");
    expect(groupEan13("2858")).toBe("2 858");
    expect(groupEan13("28583641")).toBe("2 858364 1");
  });
  it("round-trips through cleanCodeInput", () => {
    expect(cleanCodeInput(groupEan13("4006381333931")).code).toBe("4006381333931");
  });
});

describe("manualCodeSchema", () => {
  const issue = (code: string) => {
    const r = manualCodeSchema.safeParse({ code });
    return r.success ? null : r.error.issues[0]?.message;
  };
  it("accepts a valid EAN-13", () => {
    expect(manualCodeSchema.parse({ code: "2858364170864" })).toEqual({ code: "2858364170864" });
  });
  it("rejects a wrong check digit with the checksum key", () => {
    expect(issue("2858364170865")).toBe("checksum");
  });
  it("rejects short input with the length key", () => {
    expect(issue("285836417086")).toBe("length");
  });
});
