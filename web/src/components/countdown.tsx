/**
 * Time left until `expiresAt` as m:ss, ticking each second; calls `onExpire` once when it reaches zero. A `timer`
 * role, which screen readers do not announce on every tick.
 *
 * @example
 * <Countdown expiresAt={request.expiresAt} label="Код дійсний ще" data-testid="request-countdown" />
 */
import { useEffect, useRef, useState } from "react";
import { formatCountdown } from "../utils/format.ts";

export function Countdown({
  expiresAt,
  label,
  onExpire,
  className = "",
  "data-testid": testId,
}: {
  expiresAt: string;
  label: string;
  onExpire?: () => void;
  className?: string;
  "data-testid"?: string;
}) {
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  const expired = useRef(false);
  const left = end - now;

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left <= 0 && !expired.current) {
      expired.current = true;
      onExpire?.();
    }
  }, [left, onExpire]);

  const urgent = left < 30_000;
  return (
    <p role="timer" className={`flex items-baseline gap-2 ${className}`} data-testid={testId}>
      <span className="text-neutral-700">{label}</span>
      <time
        dateTime={expiresAt}
        className={`font-mono text-2xl font-semibold tabular-nums ${urgent ? "text-red-700" : "text-neutral-900"}`}
      >
        {formatCountdown(left)}
      </time>
    </p>
  );
}
