// The worker-thread pool on real Diia test material: IIT Key-6.dat with our certificate added (as
// DIIA_KEY_CERT_FILES does), the signer pinned; and the refusals that pinning and a bad envelope give.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createUnwrapPool, type UnwrapPool } from "../src/lib/unwrap-pool.ts";

const FIXTURES = fileURLToPath(new URL("../../../shared/fixtures/diia-iit-test/", import.meta.url));
const read = (f: string) => new Uint8Array(readFileSync(path.join(FIXTURES, f)));

// Without ../shared these fail (the read names the missing file): they never skip.
describe("unwrap pool on the IIT test material", () => {
  const pools: UnwrapPool[] = [];
  const pool = (trusted: string) => {
    const p = createUnwrapPool({
      size: 1,
      maxQueue: 1,
      init: {
        keyFile: read("Key-6.dat"),
        keyPassword: "12345677",
        ownCerts: [read("EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer")],
        trustedCerts: [read(trusted)],
        senderCerts: [],
      },
    });
    pools.push(p);
    return p;
  };
  afterAll(async () => {
    for (const p of pools) await p.close();
  });
  const envelope = () => readFileSync(path.join(FIXTURES, "encodedData.json.p7s.p7e"), "utf8").trim();

  it("opens real encodeData in a worker with the signer pinned, content byte-exact, signer reported", async () => {
    const p = pool("EU-5B63D88375D9201804000000E0BA0500B4810D00.cer");
    await p.ready;
    const [part] = await p.unwrap([envelope()]);
    if (!part?.ok) throw new Error(`unwrap failed: ${JSON.stringify(part)}`);
    const expected = readFileSync(path.join(FIXTURES, "encodedData.expected.json"));
    expect(Buffer.from(part.content).equals(expected)).toBe(true);
    expect(part.signer.keyId?.startsWith("6c1ae746")).toBe(true);
    expect(part.signingTime?.startsWith("2024-10-24")).toBe(true);
  });

  it("refuses a signer that is not pinned, and garbage, part by part; a full queue is BUSY", async () => {
    const p = pool("DiiaKey1.cer");
    const parts = await p.unwrap([envelope(), "bm90IGFuIGVudmVsb3Bl"]);
    expect(parts).toEqual([
      { ok: false, code: "UNTRUSTED_SIGNER" },
      { ok: false, code: "MALFORMED" },
    ]);
    const jobs = [p.unwrap([envelope()]), p.unwrap([envelope()])];
    const third = await p.unwrap([envelope()]).catch((e: { code?: string }) => e.code);
    expect(third).toBe("BUSY");
    await Promise.all(jobs);
  });

  it("a wrong key password makes `ready` reject, so the server never pretends it can open deliveries", async () => {
    const p = createUnwrapPool({
      size: 1,
      maxQueue: 1,
      init: {
        keyFile: read("Key-6.dat"),
        keyPassword: "zq91-not-it",
        ownCerts: [],
        trustedCerts: [],
        senderCerts: [],
      },
    });
    const error = await p.ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("wrong password for the key container");
    expect((error as Error).message).not.toContain("zq91-not-it");
    await p.close();
  });
});
