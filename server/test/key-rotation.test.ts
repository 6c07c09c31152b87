// Data-key rotation on a database filled through the real stand (sandbox Diia → signed, encrypted callback →
// stored sealed): afterwards every sealed value opens with the new key only, the blind index finds the client
// under the new key, the audit chain verifies under the new key and not the old, and a server with the new key
// serves the copy while one with the old key is refused.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { AppError } from "../src/errors.ts";
import { defaultKeyFile, readKeyFile, writeKeyFileAtomic } from "../src/lib/data-key.ts";
import { createLogger } from "../src/lib/logger.ts";
import { keyId, open } from "../src/lib/seal.ts";
import { start } from "../src/server.ts";
import { verifyAuditChain } from "../src/services/audit.ts";
import { RotationRefused, rotateDataKey, SEALED } from "../src/services/key-rotation.ts";
import { openStore } from "../src/store/open.ts";
import { DRIVERS, freshDatabase, openTestStore } from "./helpers.ts";
import { Client } from "./server-helpers.ts";
import { CitizenPki, encodeData, jkSign, postSigning } from "./signing-helpers.ts";
import { PASSWORD, Stand, waitForStatus } from "./stand.ts";

const OLD = Buffer.alloc(32, 0xa1);
const NEW = Buffer.alloc(32, 0xb2);

interface Sealed {
  where: string;
  rowId: string;
  kind: string;
  bytes: Buffer;
}

/** Every sealed value in the database, with the row id and kind its seal is bound to. */
async function allSealed(stand: Stand): Promise<Sealed[]> {
  const q = async (sql: string, kinds: [string, string][], where: string) => {
    const rows = (await stand.store.query<Record<string, string>>(sql)).rows;
    return rows.flatMap((r) =>
      kinds
        .filter(([col]) => r[col] !== null)
        .map(([col, kind]) => ({
          where,
          rowId: r.id as string,
          kind,
          bytes: Buffer.from(r[col] as string, "base64"),
        })),
    );
  };
  return [
    ...(await q(
      "SELECT id, encode(pdf_sealed, 'base64') AS pdf, encode(envelope_sealed, 'base64') AS envelope, encode(metadata_sealed, 'base64') AS metadata FROM documents",
      [
        ["pdf", "pdf"],
        ["envelope", "envelope"],
        ["metadata", "metadata"],
      ],
      "documents",
    )),
    ...(await q(
      "SELECT request_id AS id, encode(fields_sealed, 'base64') AS f FROM questionnaires",
      [["f", "questionnaire"]],
      "questionnaires",
    )),
    ...(await q(
      "SELECT id, encode(parts_sealed, 'base64') AS p FROM deliveries",
      [["p", "parts"]],
      "deliveries",
    )),
    ...(await q(
      "SELECT id, encode(parts_sealed, 'base64') AS p FROM callback_samples",
      [["p", "parts"]],
      "callback_samples",
    )),
    ...(await q(
      "SELECT id, encode(pdf_sealed, 'base64') AS pdf, encode(signature_sealed, 'base64') AS sig, encode(signer_sealed, 'base64') AS signer FROM signings ORDER BY id",
      [
        ["pdf", "pdf"],
        ["sig", "signature"],
        ["signer", "signer"],
      ],
      "signings",
    )),
  ];
}

const searchRows = async (stand: Stand) =>
  (
    await stand.store.query<{ token_hmac: string }>(
      "SELECT token_hmac FROM document_search ORDER BY token_hmac",
    )
  ).rows.map((r) => r.token_hmac);

it("rotation knows every sealed column of the schema (each bytea column of every migration)", async () => {
  const { store, cleanup } = await openTestStore("pglite");
  try {
    const bytea = await store.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1, 2`,
    );
    const rotated = Object.entries(SEALED).flatMap(([t, { columns }]) =>
      columns.map(({ column }) => `${t}.${column}`),
    );
    expect(bytea.rows.map((r) => `${r.t}.${r.c}`)).toEqual(rotated.sort());
  } finally {
    await cleanup();
  }
});

describe.each(DRIVERS)("data-key rotation on %s", (driver) => {
  let stand: Stand;
  let requestId: string;
  let lastName: string;
  let rnokpp: string;
  let before: { sealed: Sealed[]; plain: Buffer[]; search: string[] };
  let pki: CitizenPki;

  beforeAll(async () => {
    pki = await new CitizenPki(() => new Date()).start();
    stand = await new Stand(driver, {
      STIIKA_DATA_KEY: OLD.toString("base64"),
      DIIA_SIGNING_CA_FILES: path.join(pki.dir, "ca.cer"),
    }).start();
    const teller = await stand.employee("teller", "teller-r");
    await stand.employee("manager", "manager-r");
    // A sharing flow: barcode request, the citizen approves in Diia, the documents arrive sealed.
    const serviceId = await stand.serviceId(teller);
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    requestId = created.body.request.id;
    await stand.approve(requestId);
    expect((await waitForStatus(teller, requestId)).status).toBe("received");
    const docs = await teller.request("GET", `/api/requests/${requestId}/documents`);
    lastName = docs.body.documents[0].normalised.person.lastName.uk;
    rnokpp = docs.body.documents[0].normalised.person.taxpayerNumber;
    // The questionnaire the teller fills from them.
    const saved = await teller.request("PUT", `/api/requests/${requestId}/questionnaire`, {
      template: "bank-account",
      fields: { lastName, phone: "+380501234567" },
    });
    expect(saved.body).toEqual({ saved: true });
    // Two Дія.Підпис signings: one signed (PDF, signature and signer sealed), one waiting (its PDF only).
    const signed = (await teller.request("POST", `/api/requests/${requestId}/signings`, {})).body.signing;
    const pdf = await fetch(`${stand.url}/api/signings/${signed.id}/pdf`, {
      headers: { cookie: teller.cookie ?? "" },
    });
    const trace = (
      await stand.store.query<{ t: string }>("SELECT diia_request_id AS t FROM signings WHERE id = $1", [
        signed.id,
      ])
    ).rows[0]?.t;
    const signature = jkSign(
      pki.citizen({ rnokpp }),
      new Uint8Array(await pdf.arrayBuffer()),
      stand.clock.now(),
    );
    const answer = await postSigning(stand.url, encodeData([{ name: signed.fileName, signature }]), {
      traceId: trace,
    });
    expect(answer.status).toBe(200);
    expect((await teller.request("POST", `/api/requests/${requestId}/signings`, {})).status).toBe(201);
    // Garbage posted with a waiting request's trace id: a rejected sample, its parts kept sealed for support.
    const waiting = await teller.request("POST", "/api/requests", { serviceId, kind: "deeplink" });
    const form = new FormData();
    form.append("encodeData", "TUlJ".repeat(100));
    const posted = await fetch(`${stand.url}/api/diia/callback`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": waiting.body.request.id },
      body: form,
    });
    expect(posted.status).toBe(400);

    const sealed = await allSealed(stand);
    before = {
      sealed,
      plain: sealed.map((v) => open([OLD], { rowId: v.rowId, kind: v.kind }, v.bytes)),
      search: await searchRows(stand),
    };
    // Every kind of sealed value is there to rotate.
    expect(new Set(sealed.map((v) => `${v.where}.${v.kind}`))).toEqual(
      new Set([
        "documents.pdf",
        "documents.envelope",
        "documents.metadata",
        "questionnaires.questionnaire",
        "deliveries.parts",
        "callback_samples.parts",
        "signings.pdf",
        "signings.signature",
        "signings.signer",
      ]),
    );
    // Rotation runs with every server stopped.
    for (const s of stand.servers.splice(0)) await s.stop();
  }, 120_000);
  afterAll(async () => {
    await stand.close();
    await pki.close();
  });

  it("re-seals every value, rebuilds the index and re-MACs the chain in one go", async () => {
    const result = await rotateDataKey(stand.store, OLD, NEW, stand.clock.now());
    const sealed = await allSealed(stand);
    const count = (where: string) =>
      new Set(sealed.filter((v) => v.where === where).map((v) => v.rowId)).size;
    expect(result).toEqual({
      state: "rotated",
      documents: count("documents"),
      questionnaires: 1,
      deliveries: count("deliveries"),
      samples: count("callback_samples"),
      signings: 2,
      searchRows: before.search.length,
      auditRows: expect.any(Number),
    });
    expect(sealed.map((v) => `${v.where}/${v.rowId}/${v.kind}`)).toEqual(
      before.sealed.map((v) => `${v.where}/${v.rowId}/${v.kind}`),
    );
    for (const [i, v] of sealed.entries()) {
      const ctx = { rowId: v.rowId, kind: v.kind };
      expect(v.bytes.subarray(1, 9).equals(keyId(NEW)), `${v.where} ${v.kind}`).toBe(true);
      expect(open([NEW], ctx, v.bytes).equals(before.plain[i] as Buffer)).toBe(true);
      expect(() => open([OLD], ctx, v.bytes)).toThrow(AppError);
    }
    // The same number of index rows, none of them the old key's.
    const search = await searchRows(stand);
    expect(search).toHaveLength(before.search.length);
    expect(search.filter((h) => before.search.includes(h))).toEqual([]);

    // The rows rotated, and the rotation's own entry after them.
    const rotated = result.state === "rotated" ? result.auditRows : -1;
    expect(await verifyAuditChain(stand.store, NEW)).toEqual({ ok: true, rows: rotated + 1, unkeyed: 0 });
    expect(await verifyAuditChain(stand.store, OLD)).toEqual({
      ok: false,
      rows: 0,
      seq: 1,
      reason: "hash mismatch",
    });
    const last = await stand.store.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1",
    );
    expect(last.rows[0]).toMatchObject({
      action: "data_key.rotated",
      details: { oldKeyId: keyId(OLD).toString("hex"), newKeyId: keyId(NEW).toString("hex") },
    });
    // Run again (a crash after the commit): nothing more to do.
    expect(await rotateDataKey(stand.store, OLD, NEW, stand.clock.now())).toEqual({ state: "already" });
  });

  it("a server with the old key is refused; one with the new key finds the client and serves the copy", async () => {
    stand.env.STIIKA_DATA_KEY = OLD.toString("base64");
    await expect(stand.addServer({ port: stand.callbackPort, store: stand.store })).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    stand.env.STIIKA_DATA_KEY = NEW.toString("base64");
    const server = await stand.addServer({ port: stand.callbackPort, store: stand.store });
    const manager = new Client(server.url);
    expect((await manager.login("manager-r", PASSWORD)).status).toBe(200);
    for (const q of [lastName.slice(0, 4), lastName.toUpperCase(), rnokpp]) {
      const found = await manager.request("GET", `/api/manage/copies?q=${encodeURIComponent(q)}`);
      expect(
        found.body.items.map((i: { id: string }) => i.id),
        q,
      ).toEqual([requestId]);
    }
    const copy = (await manager.request("GET", `/api/manage/copies/${requestId}`)).body.copy;
    expect(copy.questionnaire.fields.lastName).toBe(lastName);
    const pdf = await fetch(
      `${server.url}/api/manage/copies/${requestId}/documents/${copy.documents[0].id}/pdf`,
      {
        headers: { cookie: manager.cookie ?? "" },
      },
    );
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // A new delivery after the rotation is sealed under the new key.
    const teller = new Client(server.url);
    expect((await teller.login("teller-r", PASSWORD)).status).toBe(200);
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await teller.request("POST", "/api/requests", {
      serviceId: await stand.serviceId(teller),
      kind: "barcode",
      barcode: code.barcode,
    });
    await stand.approve(created.body.request.id);
    expect((await waitForStatus(teller, created.body.request.id)).status).toBe("received");
    const fresh = await stand.store.query<{ pdf: string }>(
      "SELECT encode(pdf_sealed, 'base64') AS pdf FROM documents WHERE request_id = $1",
      [created.body.request.id],
    );
    expect(
      Buffer.from(fresh.rows[0]?.pdf ?? "", "base64")
        .subarray(1, 9)
        .equals(keyId(NEW)),
    ).toBe(true);
    expect(await verifyAuditChain(stand.store, NEW)).toMatchObject({ ok: true });
    for (const s of stand.servers.splice(0)) await s.stop();
  }, 60_000);

  it("a broken audit chain refuses the rotation and changes nothing", async () => {
    await stand.store.transaction(async (tx) => {
      await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
      await tx.query("UPDATE audit_log SET subject_id = 'someone-else' WHERE seq = 2");
      await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
    });
    const sealed = await allSealed(stand);
    const search = await searchRows(stand);
    const other = Buffer.alloc(32, 0xc3);
    await expect(rotateDataKey(stand.store, NEW, other, stand.clock.now())).rejects.toThrow(RotationRefused);
    await expect(rotateDataKey(stand.store, NEW, other, stand.clock.now())).rejects.toThrow(
      "the audit chain is broken at seq 2 (hash mismatch), nothing was changed",
    );
    expect(await allSealed(stand)).toEqual(sealed);
    expect(await searchRows(stand)).toEqual(search);
    // The triggers are on again (the refusal rolled back the ALTER TABLE too).
    await expect(stand.store.query("DELETE FROM audit_log WHERE seq = 1")).rejects.toThrow(/append-only/);
  });
});

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs one of the server's commands as a process, the way an operator would. */
async function command(script: string, env: Record<string, string | undefined>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: SERVER_DIR,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const rotate = (env: Record<string, string | undefined>) => command("src/cli/key-rotate.ts", env);
const verify = (env: Record<string, string | undefined>) => command("src/cli/audit-verify.ts", env);

/** A server without Diia on the given configuration: started, an admin signs in, stopped. */
async function serveOnce(env: Record<string, string | undefined>, password: string): Promise<void> {
  const server = await start({ config: loadConfig(env), logger: createLogger("silent"), print: () => {} });
  try {
    expect((await new Client(server.url).login("admin", password)).status).toBe(200);
  } finally {
    await server.stop();
  }
}

describe("the key:rotate command", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-rotate-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const PASSWORD_ADMIN = "an operator-chosen password";
  const base = (name: string) => ({
    PORT: "0",
    HOST: "127.0.0.1",
    STIIKA_DATA_DIR: path.join(dir, name, "data"),
    STIIKA_KEY_DIR: path.join(dir, name, "keys"),
    STIIKA_WEB_DIST: path.join(dir, "no-web"),
    STIIKA_ADMIN_PASSWORD: PASSWORD_ADMIN,
    STIIKA_DIIA_WAIT_SECONDS: "0",
    SANDBOX_DATA_DIR: path.join(dir, "no-sandbox"),
  });

  it("embedded: replaces the key file atomically, keeps the old key aside, and finishes after a crash", async () => {
    const env = base("embedded");
    await serveOnce(env, PASSWORD_ADMIN); // generates the key file and writes keyed audit rows
    const file = defaultKeyFile(env.STIIKA_KEY_DIR, env.STIIKA_DATA_DIR);
    const oldKey = readKeyFile(file);

    const first = await rotate(env);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/data key rotated: re-sealed 0 documents, .* re-MACed \d+ audit rows/);
    const newKey = readKeyFile(file);
    expect(newKey.equals(oldKey)).toBe(false);
    const retired = `${file}.old-${keyId(oldKey).toString("hex")}`;
    expect(readKeyFile(retired).equals(oldKey)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(
      [path.basename(file), path.basename(retired)].sort(),
    );

    expect(await verify(env)).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^audit chain intact/),
    });
    expect(await verify({ ...env, STIIKA_DATA_KEY: oldKey.toString("base64") })).toMatchObject({
      code: 1,
      stdout: expect.stringContaining("BROKEN at seq 1 (hash mismatch)"),
    });
    await serveOnce(env, PASSWORD_ADMIN);

    // A crash after the commit, before the key file was replaced: the database is under the pending key.
    const third = randomBytes(32);
    writeKeyFileAtomic(`${file}.new`, third);
    const store = await openStore(loadConfig(env), createLogger("silent"));
    try {
      expect((await rotateDataKey(store, newKey, third, new Date())).state).toBe("rotated");
    } finally {
      await store.close();
    }
    const finished = await rotate(env);
    expect(finished).toMatchObject({ code: 0, stdout: expect.stringContaining("already under the new key") });
    expect(readKeyFile(file).equals(third)).toBe(true);
    expect(existsSync(`${file}.new`)).toBe(false);

    // A crash before the commit: the pending key is used, not a fresh one.
    const fourth = randomBytes(32);
    writeKeyFileAtomic(`${file}.new`, fourth);
    expect((await rotate(env)).stdout).toContain("data key rotated");
    expect(readKeyFile(file).equals(fourth)).toBe(true);
    expect(await verify(env)).toMatchObject({ code: 0 });
    await serveOnce(env, PASSWORD_ADMIN);
    // The other commands read the rotated key too: the reset's audit entry is keyed under it.
    const reset = await command("src/cli/admin-reset-password.ts", env);
    expect(reset).toMatchObject({ code: 0, stdout: expect.stringContaining("one-time password for admin") });
    expect(await verify(env)).toMatchObject({ code: 0 });
  }, 120_000);

  it.runIf(DRIVERS.includes("pg"))(
    "PostgreSQL with the key from the environment: needs the new key from there too, then says to update the secret",
    async () => {
      const db = await freshDatabase("pg");
      try {
        const env = { ...base("pg"), DATABASE_URL: db.url, STIIKA_DATA_KEY: OLD.toString("base64") };
        await serveOnce(env, PASSWORD_ADMIN);
        const missing = await rotate(env);
        expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("STIIKA_NEW_DATA_KEY") });
        const withNew = { ...env, STIIKA_NEW_DATA_KEY: NEW.toString("base64") };
        const done = await rotate(withNew);
        expect(done).toMatchObject({ code: 0, stderr: "" });
        expect(done.stdout).toContain("now put the new key into STIIKA_DATA_KEY");
        expect((await rotate(withNew)).stdout).toContain("already under the new key");
        expect(await verify({ ...env, STIIKA_DATA_KEY: NEW.toString("base64") })).toMatchObject({ code: 0 });
        await expect(serveOnce(env, PASSWORD_ADMIN)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
        await serveOnce({ ...env, STIIKA_DATA_KEY: NEW.toString("base64") }, PASSWORD_ADMIN);
        // Nothing was ever written to a key folder.
        expect(existsSync(env.STIIKA_KEY_DIR)).toBe(false);
      } finally {
        await db.drop();
      }
    },
    120_000,
  );
});
