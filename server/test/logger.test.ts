import { describe, expect, it } from "vitest";
import { createLogger } from "../src/lib/logger.ts";

function capture() {
  const lines: string[] = [];
  return {
    log: createLogger("info", { write: (l: string) => void lines.push(l) }),
    text: () => lines.join(""),
  };
}

describe("logger redaction", () => {
  it("when personal data or secrets are logged at any depth, then only [redacted] reaches the output", () => {
    const { log, text } = capture();
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
  });
});
