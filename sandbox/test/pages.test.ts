// The human-facing pages: the landing page, the control page and the mounted citizen phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLBACK_FAULT_KINDS, SIGNING_CALLBACK_FORMS, SIGNING_FAULT_KINDS } from "../src/state/faults.ts";
import { startSandbox, type TestSandbox } from "./helpers.ts";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const get = async (path: string) => {
  const response = await fetch(`${sandbox.url}${path}`);
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
};

describe("pages", () => {
  it("GET / links to the phone and the control page", async () => {
    const page = await get("/");
    expect(page.type).toContain("text/html");
    expect(page.text).toContain('href="/phone/"');
    expect(page.text).toContain('href="/control/"');
  });

  it("serves the control page with its script, which talks to the control API", async () => {
    const page = await get("/control/");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script src="control.js" type="module">');
    const script = await get("/control/control.js");
    expect(script.type).toContain("javascript");
    expect(script.text).toContain("/control/api");
    expect((await get("/control/control.css")).status).toBe(200);
  });

  it("the control page offers exactly the fault kinds and signing callback forms the control API accepts", async () => {
    const page = (await get("/control/")).text;
    const boxes = (fieldset: string) => {
      const html = new RegExp(`<fieldset class="${fieldset}">([\\s\\S]*?)</fieldset>`).exec(page)?.[1] ?? "";
      return [...html.matchAll(/type="checkbox" name="([^"]+)"/g)].map((m) => m[1]);
    };
    expect(boxes("callbacks")).toEqual([...CALLBACK_FAULT_KINDS]);
    expect(boxes("signing")).toEqual(SIGNING_FAULT_KINDS.map((k) => `sign-${k}`));
    const select = /<select name="signingCallbackForm">([\s\S]*?)<\/select>/.exec(page)?.[1] ?? "";
    expect([...select.matchAll(/value="([^"]+)"/g)].map((m) => m[1])).toEqual([...SIGNING_CALLBACK_FORMS]);
  });

  it("the phone's script signs through the control API's sign route, in the photo and PIN steps", async () => {
    const script = (await get("/phone/phone.js")).text;
    expect(script).toContain("/sign`");
    expect(script).toContain("Підтвердіть фото та PIN-кодом Дія.Підпису");
    expect(script).toContain("Зробити фото");
  });

  it("mounts the citizen phone at /phone/", async () => {
    const page = await get("/phone/");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="uk">');
  });

  it("answers unknown control and partner routes with Diia-shaped 404s", async () => {
    for (const path of ["/control/api/nothing", "/api/v9/nothing"]) {
      const reply = await get(path);
      expect(reply.status).toBe(404);
      expect(JSON.parse(reply.text)).toMatchObject({ code: 404, name: "NotFoundError" });
    }
  });
});
