'use client';

import { useEffect, useState } from 'react';
import { formatTimeLeft, timeLeft } from '@/lib/group-buy';

/**
 * Time left until `deadline` (hh:mm:ss), ticking each second once hydrated. The server renders the value
 * at its render time; the first tick replaces it, hence the suppressed hydration warning.
 */
export function Countdown({ deadline, endedLabel, testId = 'countdown' }: { deadline: string; endedLabel: string; testId?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = timeLeft(deadline, now);
  return (
    <time dateTime={deadline} className="countdown" data-testid={testId} data-ms-left={left.ms} suppressHydrationWarning>
      {left.ms > 0 ? formatTimeLeft(left) : endedLabel}
    </time>
  );
}
