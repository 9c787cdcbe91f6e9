/** Money as the plan prints it. Amounts are whole cents; USD values in the report are cents / 100. */

/** "$1,234.56" from whole cents. */
export const usdCents = (cents: number): string => {
  const abs = Math.abs(cents);
  // Grouped by hand: the first toLocaleString loads ICU's locale data, most of a second of every plan run.
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${cents < 0 ? "-" : ""}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
};

/** "$74.00" from a USD amount that is a whole number of cents. */
export const usd = (n: number): string => usdCents(Math.round(n * 100));
