/**
 * Which service the next request is for. The choice is remembered on this device (a counter usually does one kind
 * of work); a remembered service that no longer exists falls back to the first one.
 *
 * @example
 * const [service, setService] = useState<Service | null>(null);
 * <ServicePicker lang="uk" onChange={setService} />
 */
import { useEffect, useId } from "react";
import { readPref, writePref } from "../../../lib/device-prefs.ts";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { type Service, useServices } from "../api/get-services.ts";
import { servicesText } from "../i18n.ts";

export function ServicePicker({
  lang,
  value,
  onChange,
}: {
  lang: Lang;
  value: Service | null;
  onChange: (service: Service) => void;
}) {
  const t = servicesText[lang];
  const id = useId();
  const { data: services, error, isPending } = useServices();

  useEffect(() => {
    if (!services || services.length === 0 || value) return;
    const remembered = readPref("serviceId");
    const first = services.find((s) => s.id === remembered) ?? services[0];
    if (first) onChange(first);
  }, [services, value, onChange]);

  if (isPending) return <p className="text-neutral-600">{t.loading}</p>;
  if (error)
    return (
      <p role="alert" className="font-medium text-red-800">
        {errorText(error, lang)}
      </p>
    );
  if (services.length === 0)
    return (
      <p role="alert" className="font-medium text-red-800">
        {t.none}
      </p>
    );

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-base font-medium text-neutral-800">
        {t.label}
      </label>
      <select
        id={id}
        data-testid="service-picker"
        value={value?.id ?? ""}
        onChange={(e) => {
          const next = services.find((s) => s.id === e.target.value);
          if (!next) return;
          writePref("serviceId", next.id);
          onChange(next);
        }}
        className="min-h-12 rounded-xl border-2 border-neutral-300 bg-white px-3 text-lg focus:border-blue-600 focus:outline-none"
      >
        {services.map((s) => (
          <option key={s.id} value={s.id}>
            {s.checkOnly ? `${s.name} (${t.checkOnly})` : s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
