// Any other path: say so and offer the way back.
import { Link } from "react-router";
import { useLang } from "../../lib/i18n.tsx";
import { appText } from "../i18n.ts";

export function NotFoundRoute() {
  const { lang } = useLang();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6">
      <p className="text-lg">{appText[lang].notFound}</p>
      <Link
        to="/scan"
        className="min-h-12 rounded-xl bg-neutral-900 px-5 py-3 text-lg font-medium text-white"
      >
        {appText[lang].backToScan}
      </Link>
    </main>
  );
}
