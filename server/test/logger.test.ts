import { describe, expect, it } from "vitest";
import { createLogger, type LogFormat } from "../src/lib/logger.ts";

function capture(format: LogFormat) {
  const lines: string[] = [];
  return {
    log: createLogger("info", { write: (l: string) => void lines.push(l) }, format),
    text: () => lines.join(""),
  };
}

describe("logger", () => {
  it("when no format is chosen, then each entry is one JSON line (production, log collectors)", () => {
    const lines: string[] = [];
    createLogger("info", { write: (l: string) => void lines.push(l) }).info({ port: 8080 }, "listening");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: 30, msg: "listening", port: 8080 });
  });

  it("when the pretty format is chosen (npm start at a terminal), then each entry is one readable line", () => {
    const { log, text } = capture("pretty");
    log.info({ port: 8080 }, "listening");
    const out = text();
    expect(() => JSON.parse(out)).toThrow();
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: listening \{"port":8080\}\n$/);
  });

  it.each(["json", "pretty"] as const)(
    "when personal data or secrets are logged at any depth (%s), then only [redacted] reaches the output",
    (format) => {
      const { log, text } = capture(format);
      log.info(
        {
          login: "olena.k",
          password: "S3cret-Pa55word",
          req: {
            headers: {
              cookie: "stiika_session=abc123tok",
              authorization: "Bearer eyJtoken",
              "x-csrf-token": "csrf-xyz",
            },
          },
          res: { headers: { "set-cookie": "stiika_session=def456" } },
          client: {
            lastNameUA: "ШЕВЧЕНКО",
            firstNameUA: "ОЛЕНА",
            taxpayerNumber: "3012345678",
            birthday: "24.01.1980",
          },
          metadata: {
            data: {
              residenceUA: "М. КИЇВ ВУЛ. ХРЕЩАТИК 1",
              docNumber: "FA123456",
              address: { actual: "Львів" },
            },
          },
          barcode: "2858364170864",
          phone: "+380501234567",
          requestId: "5f0c3a1e-8b2d-4c6f-9a7e-1d2c3b4a5f60",
        },
        "something happened",
      );
      const out = text();
      for (const secret of [
        "olena.k",
        "S3cret-Pa55word",
        "abc123tok",
        "eyJtoken",
        "csrf-xyz",
        "def456",
        "ШЕВЧЕНКО",
        "ОЛЕНА",
        "3012345678",
        "24.01.1980",
        "ХРЕЩАТИК",
        "FA123456",
        "Львів",
        "2858364170864",
        "+380501234567",
      ]) {
        expect(out).not.toContain(secret);
      }
      expect(out).toContain("[redacted]");
      // Ids are not personal data and stay, so support can follow a request.
      expect(out).toContain("5f0c3a1e-8b2d-4c6f-9a7e-1d2c3b4a5f60");
      expect(out).toContain("something happened");
    },
  );
});
