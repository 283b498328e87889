/** Calendar arithmetic on YYYY-MM-DD dates (JST calendar dates, computed in UTC so no offset can shift them). */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}

export function weekBefore(date: string): string {
  return addDays(date, -7);
}

/** The JST calendar date of an instant. */
export function jstDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
