/**
 * The settings of the session that runs the plan, whether perfctl (apply)
 * or a DBA (`plan --sql` in psql) runs it: a role's or database's
 * statement_timeout, transaction_timeout (17+) or idle_session_timeout (14+)
 * would otherwise kill a build that takes hours, or the session between
 * steps. The timeouts of each step (lock_timeout, statement_timeout) come
 * with the step.
 */
export function ddlSessionSettings(versionNum: number): Array<[string, string]> {
  const settings: Array<[string, string]> = [
    ['jit', 'off'],
    ['standard_conforming_strings', 'on'],
    ['idle_in_transaction_session_timeout', '0'],
  ];
  if (versionNum >= 140000) settings.push(['idle_session_timeout', '0']);
  if (versionNum >= 170000) settings.push(['transaction_timeout', '0']);
  return settings;
}
