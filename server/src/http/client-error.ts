import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { AppError } from "../errors.ts";

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers or URL over 16 KB, broken framing) get
 * the same `{"error": {code, message}}` body as every other refusal, instead of Node's bare status line: 431 for
 * headers too large (code PAYLOAD_TOO_LARGE), 400 BAD_REQUEST otherwise. Then the connection closes, as Node's
 * default does.
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const e = new AppError(tooLarge ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST");
    const body = JSON.stringify({ error: { code: e.code, message: e.message } });
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
