import type { Metadata } from 'next';
import { getI18n } from '@/i18n/server';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.guardianConfirm.title };
}

/**
 * The guardian's way in when they typed the portal's address from the SMS: the member number it names
 * leads to /guardian/<memberId>. No sign-in.
 */
export default async function GuardianStartPage() {
  const { t } = await getI18n();
  const g = t.guardianConfirm;
  return (
    <div className="page guardian-page" data-testid="guardian-start">
      <h1 className="page-title">{g.title}</h1>
      <p className="small muted">{g.intro}</p>
      <form method="get" action="/guardian/go" className="panel stack-form">
        <label>
          {g.memberNumber}
          <input name="member" required maxLength={64} pattern="[A-Za-z0-9_\-]{1,64}" autoComplete="off" />
        </label>
        <button type="submit" className="button">
          {g.next}
        </button>
      </form>
    </div>
  );
}
