/**
 * Passwords never appear in output. Connection code registers every secret it
 * learns; Output scrubs them from all text as a last line of defence, and the
 * helpers below keep them out of messages in the first place.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string | undefined | null): void {
  // Very short secrets would blank out ordinary words; they are still kept out
  // of messages by redactUrl, which never prints the password field at all.
  if (secret && secret.length >= 4) {
    // Every form a message can carry it in: as is, URL-encoded, JSON-escaped, and in either case.
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
      secrets.add(form);
      secrets.add(form.toLowerCase());
      secrets.add(form.toUpperCase());
    }
  }
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('****');
  }
  return out;
}

/** `postgres://ada:secret@db:5432/app?sslmode=require` → `postgres://ada:****@db:5432/app?sslmode=require` */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|sslkey/i.test(key)) parsed.searchParams.set(key, '****');
    }
    return parsed.toString();
  } catch {
    // Not a URL we can parse: drop anything between "://user:" and "@".
    return url.replace(/(:\/\/[^:/@\s]*:)[^@\s]*@/, '$1****@').replace(/(password=)[^&\s]*/gi, '$1****');
  }
}

/** Test hook: forget registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
}
