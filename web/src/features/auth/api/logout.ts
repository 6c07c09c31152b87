/**
 * `POST /api/auth/logout`: ends the server session. Failing to reach the server still forgets the token here.
 *
 * @example
 * await logout(); // then clear the query cache and show the login screen
 */
import { z } from "zod";
import { apiRequest, setCsrfToken } from "../../../lib/api-client.ts";

export async function logout(): Promise<void> {
  try {
    await apiRequest("/api/auth/logout", { method: "POST", schema: z.unknown() });
  } finally {
    setCsrfToken(null);
  }
}
