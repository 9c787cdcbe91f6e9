/** Money as the plan prints it. Amounts are whole cents; USD values in the report are cents / 100. */

/** "$1,234.56" from whole cents. */
export const usdCents = (cents: number): string => {
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString("en-US");
  return `${cents < 0 ? "-" : ""}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
};

/** "$74.00" from a USD amount that is a whole number of cents. */
export const usd = (n: number): string => usdCents(Math.round(n * 100));
